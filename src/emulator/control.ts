/**
 * The control API's operationId → handler map (spec/control.yaml). Handlers read and change the
 * emulator's state; none of them returns a password, a hash or a project secret.
 */
import { basename } from 'node:path';
import { performance } from 'node:perf_hooks';
import { TokenError } from 'fast-jwt';
import type { components, operations } from '../control-types.js';
import type { Input, Reply } from '../handler.js';
import { DuplicateKeyError, StoreError } from '../store/index.js';
import type { ProjectRecord } from '../store/records.js';
import { publicUser } from '../tiledesk/handlers/users.js';
import { isObjectId } from '../tiledesk/ids.js';
import type { Context } from './context.js';
import { controlError } from './control-errors.js';
import { mintCustomToken } from './custom-tokens.js';
import { streamRequests } from './live-journal.js';
import { recordsFromSeed } from './seed.js';
import { resetEmulator } from './state.js';
import { inspectToken } from './token-inspector.js';

/** An operation of the control API (spec/control.yaml). */
export type ControlOperationId = keyof operations;

type Parameters<Op extends ControlOperationId, In extends string> = operations[Op] extends {
  parameters: { [K in In]?: infer P };
}
  ? [NonNullable<P>] extends [never]
    ? Record<string, never>
    : NonNullable<P>
  : Record<string, never>;

type JsonBody<Op extends ControlOperationId> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : undefined;

/** A control handler's input: body, query and path parameters as their declarations type them. */
export type ControlInput<Op extends ControlOperationId> = Input<
  JsonBody<Op>,
  Parameters<Op, 'query'>,
  Parameters<Op, 'path'>
>;

export type ControlHandler<Op extends ControlOperationId> = (
  input: ControlInput<Op>,
  ctx: Context,
) => Promise<Reply>;

export type ControlHandlers = { [Op in ControlOperationId]: ControlHandler<Op> };

type Schemas = components['schemas'];

function publicProject(project: ProjectRecord): Schemas['PublicProject'] {
  const { jwtSecret, ...rest } = project;
  return { ...rest, hasJwtSecret: Boolean(jwtSecret) };
}

async function storeFailure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw controlError('store_failure', error instanceof Error ? error.message : String(error));
  }
}

/** The most records one page of a control list holds (the spec's Limit parameter's maximum). */
export const PAGE_LIMIT = 1000;

interface Paging {
  limit?: number;
  offset?: number;
}

/**
 * One page of a control list, as json-server pages: `?limit=` (1 to 1,000, default 1,000) and
 * `?offset=`, the total in `X-Total-Count`, the next page in `Link`. Only the page is copied.
 * The parameters were validated against their declarations (and unknown ones refused, so that
 * a misspelt filter cannot pass for an empty result) before the handler ran.
 */
function page<T, R>(
  input: Input<unknown, Paging, unknown>,
  records: readonly T[],
  toPublic: (record: T) => R,
): Reply {
  const { limit = PAGE_LIMIT, offset = 0 } = input.query;
  const headers: Record<string, string> = { 'x-total-count': String(records.length) };
  if (offset + limit < records.length) {
    const next = new URLSearchParams(
      Object.entries(input.query).map(([name, value]) => [name, String(value)]),
    );
    next.set('offset', String(offset + limit));
    next.set('limit', String(limit));
    headers.link = `<${input.path}?${next}>; rel="next"`;
  }
  return { body: records.slice(offset, offset + limit).map(toPublic), headers };
}

/** The emulator's own tools: faults, the clock, snapshots, coverage, namespaces. */
const toolHandlers = {
  async armFault({ body }, ctx) {
    const { now, maxFaults } = ctx.config;
    return { status: 201, body: ctx.faults.arm(body, ctx.operations, now(), maxFaults) };
  },
  async listFaults(input, ctx) {
    return page(input, ctx.faults.list(), (fault) => ({ ...fault }));
  },
  async clearFaults(_input, ctx) {
    ctx.faults.clear();
    return { status: 204, body: undefined };
  },
  async clearFault({ params }, ctx) {
    if (!ctx.faults.remove(params.id)) {
      throw controlError('not_found', `no fault ${params.id} is armed`);
    }
    return { status: 204, body: undefined };
  },
  async getClock(_input, ctx) {
    return { body: ctx.config.clock.state() };
  },
  async setClock({ body }, ctx) {
    const { clock } = ctx.config;
    if (body.now === undefined && body.advanceMs === undefined) {
      throw controlError('invalid_request', 'send now (a date-time), advanceMs, or both');
    }
    if (body.now !== undefined) clock.set(new Date(body.now));
    if (body.advanceMs !== undefined) clock.advance(body.advanceMs);
    return { body: clock.state() };
  },
  async releaseClock(_input, ctx) {
    ctx.config.clock.release();
    return { body: ctx.config.clock.state() };
  },
  async saveSnapshot({ body }, ctx) {
    const createdAt = ctx.config.now().toISOString();
    return { status: 201, body: ctx.snapshots.save(body.name, createdAt, ctx.store.data) };
  },
  async listSnapshots(_input, ctx) {
    return { body: ctx.snapshots.list() };
  },
  async dropSnapshot({ params }, ctx) {
    ctx.snapshots.load(params.name); // 404 naming those saved
    ctx.snapshots.drop(params.name);
    return { status: 204, body: undefined };
  },
  async restoreSnapshot({ params }, ctx) {
    const { summary, data } = ctx.snapshots.load(params.name);
    await storeFailure(() => ctx.store.restore(data));
    return { body: summary };
  },
  async getCoverage(_input, ctx) {
    return { body: ctx.coverage.report() };
  },
  async listNamespaces(_input, ctx) {
    return { body: await ctx.namespaces.list() };
  },
  async dropNamespace({ params }, ctx) {
    if (!(await ctx.namespaces.drop(params.name))) {
      throw controlError('not_found', `no namespace named ${params.name}`);
    }
    return { status: 204, body: undefined };
  },
} satisfies Partial<ControlHandlers>;

/** The store and the journal: health, reset, seed, the lists, custom tokens. */
const stateHandlers = {
  async getHealth(_input, ctx) {
    const { info, store } = ctx;
    return {
      body: {
        status: 'ok',
        pid: process.pid,
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
  async resetState(_input, ctx) {
    const started = performance.now();
    await storeFailure(() => resetEmulator(ctx.store, ctx));
    return {
      body: { reset: true, durationMs: Number((performance.now() - started).toFixed(3)) },
    };
  },
  async seedState({ body }, ctx) {
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
  },
  async listUsers(input, ctx) {
    return page(input, ctx.store.data.users, publicUser);
  },
  async listProjects(input, ctx) {
    return page(input, ctx.store.data.projects, publicProject);
  },
  async listProjectUsers(input, ctx) {
    const project = input.query.id_project?.toLowerCase();
    const all = ctx.store.data.project_users;
    const some = project === undefined ? all : all.filter((pu) => pu.id_project === project);
    return page(input, some, (pu) => pu);
  },
  async listRequests(input, ctx) {
    const { operationId, since = 0 } = input.query;
    return page(input, ctx.journal.list(operationId, since), (entry) => entry);
  },
  async clearRequests(_input, ctx) {
    ctx.journal.clear();
    return { status: 204, body: undefined };
  },
  async createCustomToken({ body }, ctx) {
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
      if (error instanceof RangeError) {
        throw controlError(
          'invalid_request',
          `claims: nested too deeply to be signed (${error.message})`,
          'claims',
        );
      }
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
  },
} satisfies Partial<ControlHandlers>;

/** GET and DELETE /__emulator/outbox: the e-mails sent, in this namespace. */
const outboxHandlers = {
  async listOutbox({ query }, ctx) {
    const { dropped, limit } = ctx.outbox;
    return {
      body: ctx.outbox.list(query.to),
      ...(dropped > 0 && {
        headers: { 'x-emulator-outbox-dropped': String(dropped) },
        diagnostic: `the outbox keeps the last ${limit} e-mails (--outbox-limit); ${dropped} older ones were dropped`,
      }),
    };
  },
  async clearOutbox(_input, ctx) {
    ctx.outbox.clear();
    return { status: 204, body: undefined };
  },
} satisfies Partial<ControlHandlers>;

/** The control API's operationId → handler map: every operation of spec/control.yaml. */
export const controlHandlers: ControlHandlers = {
  ...stateHandlers,
  ...toolHandlers,
  ...outboxHandlers,
  // The web UI's own operations: the live journal and the token inspector.
  streamRequests,
  inspectToken,
};
