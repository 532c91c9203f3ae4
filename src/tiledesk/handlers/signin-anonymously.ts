import { msgError } from '../../errors.js';
import { StoreError } from '../../store/index.js';
import { castObjectId } from '../ids.js';
import { buildProjectUser } from './project-users.js';
import type { Ctx, Input, Reply } from './types.js';

function cannotSave(diagnostic: string) {
  return msgError(500, 'PROJECT_USER_NOT_SAVED', 'Error saving object.', diagnostic);
}

/**
 * POST /auth/signinAnonymously (the real server's routes/auth.js): a guest with a fresh UUID, no user document,
 * no e-mail generated, and a guest project_user for a project that is never checked to exist.
 */
export async function signinAnonymously(
  { body }: Input<'signinAnonymously'>,
  ctx: Ctx,
): Promise<Reply> {
  const id = ctx.config.ids.uuid();
  // Keys whose value is undefined vanish from the JSON, as on the real server.
  const user: Record<string, unknown> = {
    _id: id,
    firstname: body.firstname || `guest#${id.slice(0, 4)}`,
    lastname: body.lastname,
    email: body.email,
    attributes: body.attributes,
  };
  // UserUtil.decorateUser: `id` and `fullName`, trailing space included when there is no lastname.
  user.id = id;
  user.fullName = `${user.firstname} ${body.lastname || ''}`;

  const projectId = castObjectId(body.id_project);
  if (projectId === undefined) {
    throw cannotSave(
      `id_project ${JSON.stringify(body.id_project)} is not an ObjectId (24 hexadecimal characters or 12 characters)`,
    );
  }
  try {
    await ctx.store.insertProjectUser(
      buildProjectUser({ id_project: projectId, uuid_user: id, role: 'guest' }, ctx.config),
    );
  } catch (error) {
    if (error instanceof StoreError) throw cannotSave(error.message);
    throw error;
  }
  const known = ctx.store.findProject(projectId);
  return {
    body: { success: true, token: ctx.tokens.issue(user, 'guest'), user },
    ...(!known && {
      diagnostic: `project ${projectId} does not exist; the real server does not check and answers 200 too`,
    }),
  };
}
