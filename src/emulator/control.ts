/**
 * The control API's operationId → handler map (spec/control.yaml). Handlers read and change the
 * emulator's state; none of them returns a password, a hash or a project secret.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenError } from 'fast-jwt';
import type { Config } from '../config.js';
import type { components } from '../control-types.js';
import type { Operation } from '../openapi.js';
import { DuplicateKeyError, type Store, StoreError } from '../store/index.js';
import type { Data, ProjectRecord } from '../store/records.js';
import { publicUser } from '../tiledesk/handlers/users.js';
import { isObjectId } from '../tiledesk/ids.js';
import { controlError } from './control-errors.js';
import type { Coverage } from './coverage.js';
import { mintCustomToken } from './custom-tokens.js';
import type { Faults } from './faults.js';
import type { Journal } from './journal.js';
import type { Namespaces } from './namespaces.js';
import { recordsFromSeed } from './seed.js';
import { uiHandlers } from './ui.js';

export interface EmulatorInfo {
  version: string;
  tiledeskVersion: string;
  startedAt: number;
  specSha256: string;
  fixturesFile: string;
  fixturesSha256: string;
  operations: string[];
}

/** A saved state (POST /__emulator/snapshots): in memory, for this run. */
export interface SavedSnapshot {
  name: string;
  createdAt: string;
  data: Data;
}

/** The emulator's own state beside the store: what the control API drives. */
export interface EmulatorState {
  journal: Journal;
  faults: Faults;
  coverage: Coverage;
  snapshots: Map<string, SavedSnapshot>;
}

export interface ControlCtx extends EmulatorState {
  store: Store;
  config: Config;
  info: EmulatorInfo;
  /** The Tiledesk API's operations (faults and coverage name them). */
  operations: readonly Operation[];
  namespaces: Namespaces;
}

interface ControlInput<B = unknown> {
  body: B;
  params: Record<string, string>;
  query: Record<string, unknown>;
  /** The request path, without the query string. */
  path: string;
}

type Schemas = components['schemas'];

function publicProject(project: ProjectRecord): Schemas['PublicProject'] {
  const { jwtSecret, ...rest } = project;
  return { ...rest, hasJwtSecret: Boolean(jwtSecret) };
}

/**
 * Back to the fixtures, journal emptied, faults cleared: what POST /__emulator/reset and
 * Emulator.reset() do. Snapshots, the clock and the coverage stay.
 */
export async function resetEmulator(store: Store, state: EmulatorState): Promise<void> {
  await store.reset();
  state.journal.clear();
  state.faults.clear();
}

function summary(snapshot: SavedSnapshot): Schemas['Snapshot'] {
  return {
    name: snapshot.name,
    createdAt: snapshot.createdAt,
    users: snapshot.data.users.length,
    projects: snapshot.data.projects.length,
    project_users: snapshot.data.project_users.length,
  };
}

function savedSnapshot(ctx: ControlCtx, name: string): SavedSnapshot {
  const snapshot = ctx.snapshots.get(name);
  if (!snapshot) {
    const names = [...ctx.snapshots.keys()].join(', ') || 'none';
    throw controlError('not_found', `no snapshot named ${name} (saved: ${names})`);
  }
  return snapshot;
}

async function storeFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw controlError('store_failure', error instanceof Error ? error.message : String(error));
  }
}

const emulatorTools = {
  async armFault({ body }: ControlInput<Schemas['FaultRequest']>, ctx: ControlCtx) {
    return { status: 201, body: ctx.faults.arm(body, ctx.operations, ctx.config.now()) };
  },
  async listFaults(_input: ControlInput, ctx: ControlCtx) {
    return { body: ctx.faults.list() };
  },
  async clearFaults(_input: ControlInput, ctx: ControlCtx) {
    ctx.faults.clear();
    return { status: 204, body: undefined };
  },
  async clearFault({ params }: ControlInput, ctx: ControlCtx) {
    if (!ctx.faults.remove(params.id ?? '')) {
      throw controlError('not_found', `no fault ${params.id} is armed`);
    }
    return { status: 204, body: undefined };
  },
  async getClock(_input: ControlInput, ctx: ControlCtx) {
    return { body: ctx.config.clock.state() };
  },
  async setClock({ body }: ControlInput<Schemas['ClockRequest']>, ctx: ControlCtx) {
    const { clock } = ctx.config;
    if (body.now === undefined && body.advanceMs === undefined) {
      throw controlError('invalid_request', 'send now (a date-time), advanceMs, or both');
    }
    if (body.now !== undefined) clock.set(new Date(body.now));
    if (body.advanceMs !== undefined) clock.advance(body.advanceMs);
    return { body: clock.state() };
  },
  async releaseClock(_input: ControlInput, ctx: ControlCtx) {
    ctx.config.clock.release();
    return { body: ctx.config.clock.state() };
  },
  async saveSnapshot({ body }: ControlInput<Schemas['SnapshotRequest']>, ctx: ControlCtx) {
    const snapshot = {
      name: body.name,
      createdAt: ctx.config.now().toISOString(),
      data: structuredClone(ctx.store.data) as Data,
    };
    ctx.snapshots.delete(body.name);
    ctx.snapshots.set(body.name, snapshot);
    return { status: 201, body: summary(snapshot) };
  },
  async listSnapshots(_input: ControlInput, ctx: ControlCtx) {
    return { body: [...ctx.snapshots.values()].map(summary) };
  },
  async dropSnapshot({ params }: ControlInput, ctx: ControlCtx) {
    ctx.snapshots.delete(savedSnapshot(ctx, params.name ?? '').name);
    return { status: 204, body: undefined };
  },
  async restoreSnapshot({ params }: ControlInput, ctx: ControlCtx) {
    const snapshot = savedSnapshot(ctx, params.name ?? '');
    await storeFailure(() => ctx.store.restore(snapshot.data));
    return { body: summary(snapshot) };
  },
  async getCoverage(_input: ControlInput, ctx: ControlCtx) {
    return { body: ctx.coverage.report() };
  },
  async listNamespaces(_input: ControlInput, ctx: ControlCtx) {
    return { body: await ctx.namespaces.list() };
  },
  async dropNamespace({ params }: ControlInput, ctx: ControlCtx) {
    if (!(await ctx.namespaces.drop(params.name ?? ''))) {
      throw controlError('not_found', `no namespace named ${params.name}`);
    }
    return { status: 204, body: undefined };
  },
};

async function resetState(_input: ControlInput, ctx: ControlCtx) {
  const started = performance.now();
  try {
    await resetEmulator(ctx.store, ctx);
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
  let minted: ReturnType<typeof mintCustomToken>;
  try {
    minted = mintCustomToken({
      secret: project.jwtSecret,
      projectId: project._id,
      // The default _id from the emulator's ids, so a seeded run mints the same tokens.
      claims: { _id: ctx.config.ids.uuid(), ...body.claims },
      ...(body.expiresIn !== undefined && { expiresIn: body.expiresIn }),
      now: ctx.config.now(),
    });
  } catch (error) {
    // The signer refuses an `exp` or `nbf` claim that is not a non-negative integer.
    if (!(error instanceof TokenError)) throw error;
    const claim = /The (\w+) claim/.exec(error.message)?.[1];
    throw controlError(
      'invalid_request',
      `claims: ${error.message}`,
      claim ? `claims.${claim}` : 'claims',
    );
  }
  return { body: { token: minted.token, claims: minted.claims } };
}

/** The most records one page of a control list holds. */
export const PAGE_LIMIT = 1000;

function integer(query: Record<string, unknown>, name: string, min: number, max: number) {
  const text = query[name];
  if (text === undefined) return undefined;
  const value = Number(text);
  if (typeof text !== 'string' || !/^\d+$/.test(text) || value < min || value > max) {
    throw controlError('invalid_request', `${name} must be an integer from ${min} to ${max}`, name);
  }
  return value;
}

/**
 * One page of a control list, as json-server pages: `?limit=` (1 to 1,000, default 1,000) and
 * `?offset=`, the total in `X-Total-Count`, the next page in `Link`. Only the page is copied.
 * A query parameter the list does not know is refused, so a misspelt filter cannot pass for an
 * empty result.
 */
function page<T, R>(
  request: ControlInput,
  records: readonly T[],
  toPublic: (record: T) => R,
  filters: readonly string[] = [],
) {
  const known = ['limit', 'offset', ...filters];
  const unknown = Object.keys(request.query).filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw controlError(
      'invalid_request',
      `unknown query parameter ${unknown.join(', ')}; this list takes ${known.join(', ')}`,
      unknown[0],
    );
  }
  const limit = integer(request.query, 'limit', 1, PAGE_LIMIT) ?? PAGE_LIMIT;
  const offset = integer(request.query, 'offset', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const headers: Record<string, string> = { 'x-total-count': String(records.length) };
  if (offset + limit < records.length) {
    const next = new URLSearchParams({ ...(request.query as Record<string, string>) });
    next.set('offset', String(offset + limit));
    next.set('limit', String(limit));
    headers.link = `<${request.path}?${next}>; rel="next"`;
  }
  return { body: records.slice(offset, offset + limit).map(toPublic), headers };
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
        // File names only: the health check is public, absolute paths are not its business.
        fixtures: { file: basename(info.fixturesFile), sha256: info.fixturesSha256 },
        store:
          store.file === null ? { kind: 'memory' } : { kind: 'file', file: basename(store.file) },
        operations: info.operations,
      },
    };
  },
  resetState,
  seedState,
  async listUsers(input: ControlInput, ctx: ControlCtx) {
    return page(input, ctx.store.data.users, publicUser);
  },
  async listProjects(input: ControlInput, ctx: ControlCtx) {
    return page(input, ctx.store.data.projects, publicProject);
  },
  async listProjectUsers(input: ControlInput, ctx: ControlCtx) {
    const { id_project } = input.query;
    const project = typeof id_project === 'string' ? id_project.toLowerCase() : undefined;
    const all = ctx.store.data.project_users;
    const some = project === undefined ? all : all.filter((pu) => pu.id_project === project);
    return page(input, some, (pu) => pu, ['id_project']);
  },
  async listRequests(input: ControlInput, ctx: ControlCtx) {
    const { operationId } = input.query;
    const since = integer(input.query, 'since', 0, Number.MAX_SAFE_INTEGER) ?? 0;
    const entries = ctx.journal.list(
      typeof operationId === 'string' ? operationId : undefined,
      since,
    );
    return page(input, entries, (entry) => entry, ['operationId', 'since']);
  },
  async clearRequests(_input: ControlInput, ctx: ControlCtx) {
    ctx.journal.clear();
    return { status: 204, body: undefined };
  },
  createCustomToken,
  ...emulatorTools,
  // The web UI's own operations (ui.ts): the live journal and the token inspector.
  ...uiHandlers,
};
