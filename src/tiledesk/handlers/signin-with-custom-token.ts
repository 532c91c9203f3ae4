import { msgError, serverError } from '../../errors.js';
import type { Caller } from '../../handler.js';
import { DuplicateKeyError } from '../../store/index.js';
import type { UserRecord } from '../../store/records.js';
import { parseAudience } from '../audience.js';
import { CastFailure, castPath } from '../casts.js';
import { isObjectId } from '../ids.js';
import { buildProjectUser, USER_CREATING_ROLES } from './project-users.js';
import type { Ctx, Input, Reply } from './types.js';
import { ACTIVE, buildUser, publicUser } from './users.js';

/** The server adds `JWT ` only when the string does not contain `JWT` anywhere (case-sensitive). */
function withScheme(token: string): string {
  return token.includes('JWT') ? token : `JWT ${token}`;
}

function echo(caller: Caller, diagnostic?: string): Reply {
  return {
    body: { success: true, token: caller.authorization, user: caller.claims },
    ...(diagnostic && { diagnostic }),
  };
}

/** A new server token (`sub: user`) for a real user, and the user without its hash. */
function asServerUser(user: UserRecord, ctx: Ctx): Reply {
  const document = publicUser(user);
  return {
    body: {
      success: true,
      token: withScheme(ctx.tokens.sign(document, 'user')),
      user: document,
    },
  };
}

/**
 * A claim as the server's string: `{"toString":0}` or an array nested thousands deep cannot be
 * converted, and the real server then fails inside a callback and never answers. The emulator
 * answers 500 instead (conformance divergence real-server-never-answers).
 */
function claimString(value: unknown, claim: string): string {
  try {
    return String(value);
  } catch (error) {
    throw serverError(
      'CLAIM_NOT_A_STRING',
      `the ${claim} claim cannot be converted to a string (${(error as Error).message}); the real server fails on it and never answers`,
    );
  }
}

/**
 * A name claim as mongoose casts it to the new user's String path: a scalar becomes a string,
 * null stays, an object stands for its string `_id`. Anything else fails the save, and the real
 * server then never answers (nothing saved); the emulator answers 500 instead (conformance
 * divergence real-server-never-answers).
 */
function nameClaim(value: unknown, claim: string): unknown {
  if (value === undefined) return undefined;
  try {
    return castPath('string', value, claim);
  } catch (error) {
    if (!(error instanceof CastFailure)) throw error;
    throw serverError(
      'CLAIM_NOT_A_STRING',
      `the ${claim} claim cannot be saved as the user's ${claim} (${error.message}); the real server's save fails and it never answers`,
    );
  }
}

/** The external user's id: `_id`, or `_doc._id` in the old token format (as passport reads it). */
function externalId(caller: Caller): string {
  const doc = caller.claims._doc as { _id?: unknown } | undefined;
  return caller.claims._id !== undefined && caller.claims._id !== null
    ? claimString(caller.claims._id, '_id')
    : claimString(doc?._id, '_doc._id');
}

/** The project the token is for: from `aud`, else from the body; undefined means "echo". */
function projectOf(
  caller: Caller,
  body: Input<'signinWithCustomToken'>['body'],
): string | undefined {
  const { type, id } = parseAudience(caller.claims.aud);
  if (type === 'projects' || type === 'subscriptions') {
    // Unreachable in practice: the key lookup already failed (401) for an audience without an id.
    if (!id) {
      throw msgError(
        400,
        'AUDIENCE_ID_REQUIRED',
        `JWT Aud.AudienceId field is required for AudienceType ${type}`,
      );
    }
    return id;
  }
  return body.id_project ? String(body.id_project) : undefined;
}

function emailOf(caller: Caller): string {
  const email = caller.claims.email;
  if (typeof email !== 'string') {
    // The real server throws here (`req.user.email.toLowerCase()`) and never answers.
    throw serverError(
      'CUSTOM_TOKEN_WITHOUT_EMAIL',
      'an owner, admin or agent custom token needs an email claim; the real server crashes without one',
    );
  }
  return email.toLowerCase();
}

function activeUser(email: string, ctx: Ctx): UserRecord {
  const user = ctx.store.findUserByEmail(email);
  if (!user || user.status !== ACTIVE) {
    // Where the real server dereferences a missing user (and never answers), this is its intended reply.
    throw msgError(
      401,
      'USER_NOT_FOUND',
      'User not found.',
      `no active user has the e-mail ${email}`,
    );
  }
  return user;
}

/**
 * The owner/admin/agent branch without a project_user: sign up a user with the token's e-mail
 * and a random password; if the e-mail is taken, use that user, and answer at once when it
 * already belongs to the project.
 */
async function agentUser(caller: Caller, projectId: string, ctx: Ctx): Promise<UserRecord | Reply> {
  const email = emailOf(caller);
  const fields = {
    email,
    password: ctx.config.ids.uuid(),
    firstname: nameClaim(caller.claims.firstname, 'firstname'),
    lastname: nameClaim(caller.claims.lastname, 'lastname'),
  };
  const created = await buildUser(fields, ctx);
  try {
    await ctx.store.insertUser(created);
    return created;
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
  }
  const existing = activeUser(email, ctx);
  const membership = ctx.store.findProjectUser({ id_project: projectId, id_user: existing._id });
  if (membership?.status === 'active') return asServerUser(existing, ctx);
  return existing;
}

async function firstSignin(
  caller: Caller,
  projectId: string,
  role: string,
  ctx: Ctx,
): Promise<Reply> {
  let user: UserRecord | undefined;
  if (USER_CREATING_ROLES.has(role)) {
    const result = await agentUser(caller, projectId, ctx);
    if (!('_id' in result)) return result;
    user = result;
  }
  const claimed = caller.claims.role;
  if (typeof claimed === 'object' && claimed !== null) {
    // Mongoose cannot cast it to the role's String path: the save fails, and the server answers
    // all the same.
    return echo(caller, 'the role claim is an array or object: no project_user was saved');
  }
  await ctx.store.insertProjectUser(
    buildProjectUser(
      {
        id_project: projectId,
        uuid_user: externalId(caller),
        role,
        ...(user && { id_user: user._id }),
      },
      ctx.config,
    ),
  );
  if (user) return asServerUser(user, ctx);
  return { body: { success: true, token: withScheme(caller.authorization), user: caller.claims } };
}

/** POST /auth/signinWithCustomToken (the real server's routes/auth.js), after the jwtHeader security check. */
export async function signinWithCustomToken(
  input: Input<'signinWithCustomToken'>,
  ctx: Ctx,
): Promise<Reply> {
  const caller = input.caller as Caller;
  if (!caller.claims.aud) {
    throw msgError(
      400,
      'AUDIENCE_REQUIRED',
      'JWT Aud field is required',
      'the token has no aud claim',
    );
  }
  const projectId = projectOf(caller, input.body);
  if (projectId === undefined) {
    return echo(
      caller,
      'generic aud and no id_project in the body: the header and claims are echoed',
    );
  }
  if (!isObjectId(projectId)) {
    // The project_user lookup fails to cast the id; the server then echoes, as here.
    return echo(
      caller,
      `id_project ${projectId} is not an ObjectId: no project_user was looked up or saved`,
    );
  }
  // Mongo casts ObjectIds case-insensitively; the store keeps them lower-case.
  return signinToProject(caller, projectId.toLowerCase(), ctx);
}

async function signinToProject(caller: Caller, projectId: string, ctx: Ctx): Promise<Reply> {
  const role = caller.claims.role ? claimString(caller.claims.role, 'role') : 'user';
  const membership = ctx.store.findProjectUser({
    id_project: projectId,
    uuid_user: externalId(caller),
  });
  if (!membership) return firstSignin(caller, projectId, role, ctx);
  if (membership.status !== 'active') {
    throw msgError(
      401,
      'PROJECT_USER_NOT_ACTIVE',
      'Authentication failed. Project_user not active.',
      `the project_user of ${externalId(caller)} in project ${projectId} is ${membership.status}`,
    );
  }
  if (USER_CREATING_ROLES.has(caller.claims.role))
    return asServerUser(activeUser(emailOf(caller), ctx), ctx);
  return echo(caller);
}
