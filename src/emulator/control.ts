/**
 * The control API's operationId → handler map (spec/control.yaml). Handlers read and change the
 * emulator's state; none of them returns a password, a hash or a project secret.
 */
import { performance } from 'node:perf_hooks';
import type { Config } from '../config.js';
import type { components } from '../control-types.js';
import { DuplicateKeyError, type Store, StoreError } from '../store/index.js';
import type { ProjectRecord } from '../store/records.js';
import { publicUser } from '../tiledesk/handlers/users.js';
import { isObjectId } from '../tiledesk/ids.js';
import { controlError } from './control-errors.js';
import { mintCustomToken } from './custom-tokens.js';
import type { Journal } from './journal.js';
import { recordsFromSeed } from './seed.js';

export interface EmulatorInfo {
  version: string;
  tiledeskVersion: string;
  startedAt: number;
  specSha256: string;
  fixturesFile: string;
  fixturesSha256: string;
  operations: string[];
}

export interface ControlCtx {
  store: Store;
  config: Config;
  journal: Journal;
  info: EmulatorInfo;
}

interface ControlInput<B = unknown> {
  body: B;
  query: Record<string, unknown>;
}

type Schemas = components['schemas'];

function publicProject(project: ProjectRecord): Schemas['PublicProject'] {
  const { jwtSecret, ...rest } = project;
  return { ...rest, hasJwtSecret: Boolean(jwtSecret) };
}

/** Back to the fixtures, journal emptied: what POST /__emulator/reset and Emulator.reset() do. */
export async function resetEmulator(store: Store, journal: Journal): Promise<void> {
  await store.reset();
  journal.clear();
}

async function resetState(_input: ControlInput, ctx: ControlCtx) {
  const started = performance.now();
  try {
    await resetEmulator(ctx.store, ctx.journal);
  } catch (error) {
    throw controlError('store_failure', error instanceof Error ? error.message : String(error));
  }
  return { body: { reset: true, durationMs: Number((performance.now() - started).toFixed(3)) } };
}

async function seedState({ body }: ControlInput<Schemas['SeedRequest']>, ctx: ControlCtx) {
  const records = await recordsFromSeed(body, ctx.config);
  try {
    await ctx.store.insertMany(records);
  } catch (error) {
    if (error instanceof DuplicateKeyError)
      throw controlError('conflict', `${error.key} already exists`);
    if (error instanceof StoreError) throw controlError('store_failure', error.message);
    throw error;
  }
  return {
    body: {
      users: records.users.map(publicUser),
      projects: records.projects.map(publicProject),
      project_users: records.project_users,
    },
  };
}

async function createCustomToken(
  { body }: ControlInput<Schemas['CustomTokenRequest']>,
  ctx: ControlCtx,
) {
  const project = isObjectId(body.projectId)
    ? ctx.store.findProject(body.projectId.toLowerCase())
    : undefined;
  if (!project)
    throw controlError('not_found', `project ${body.projectId} does not exist`, 'projectId');
  if (!project.jwtSecret)
    throw controlError('not_found', `project ${body.projectId} has no jwtSecret`, 'projectId');
  const token = mintCustomToken({
    secret: project.jwtSecret,
    projectId: project._id,
    claims: body.claims ?? {},
    ...(body.expiresIn !== undefined && { expiresIn: body.expiresIn }),
    now: ctx.config.now(),
  });
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
  return { body: { token: `JWT ${token}`, claims: payload } };
}

export const controlHandlers = {
  async getHealth(_input: ControlInput, ctx: ControlCtx) {
    const { info, store } = ctx;
    return {
      body: {
        status: 'ok',
        version: info.version,
        tiledeskVersion: info.tiledeskVersion,
        uptimeMs: Math.round(performance.now() - info.startedAt),
        spec: { sha256: info.specSha256 },
        fixtures: { file: info.fixturesFile, sha256: info.fixturesSha256 },
        store: store.file === null ? { kind: 'memory' } : { kind: 'file', file: store.file },
        operations: info.operations,
      },
    };
  },
  resetState,
  seedState,
  async listUsers(_input: ControlInput, ctx: ControlCtx) {
    return { body: ctx.store.data.users.map(publicUser) };
  },
  async listProjects(_input: ControlInput, ctx: ControlCtx) {
    return { body: ctx.store.data.projects.map(publicProject) };
  },
  async listProjectUsers({ query }: ControlInput, ctx: ControlCtx) {
    const project =
      typeof query.id_project === 'string' ? query.id_project.toLowerCase() : undefined;
    const all = ctx.store.data.project_users;
    return { body: project === undefined ? all : all.filter((pu) => pu.id_project === project) };
  },
  async listRequests({ query }: ControlInput, ctx: ControlCtx) {
    const operationId = typeof query.operationId === 'string' ? query.operationId : undefined;
    return { body: ctx.journal.list(operationId) };
  },
  async clearRequests(_input: ControlInput, ctx: ControlCtx) {
    ctx.journal.clear();
    return { status: 204, body: undefined };
  },
  createCustomToken,
};
