/**
 * The emulator's own tools for a test's process: one typed call per operation of the control
 * API (spec/control.yaml), sent in-process (Fastify's inject: no socket) through the same
 * routes, validation, access rule and errors as over HTTP. `tools.listUsers({ query: { limit:
 * 10 } })` answers what `GET /__emulator/users?limit=10` does; a refusal throws ToolError.
 */
import type { FastifyInstance } from 'fastify';
import type { operations } from './control-types.js';
import type { Operation } from './openapi.js';

type ControlOperationId = keyof operations;
/** The live journal is a stream that stays open: it is read over HTTP, not through a tool. */
export type ToolName = Exclude<ControlOperationId, 'streamRequests'>;

type Part<Op extends ToolName, In extends string> = operations[Op]['parameters'] extends {
  [K in In]?: infer P;
}
  ? NonNullable<P>
  : never;

type Body<Op extends ToolName> = operations[Op] extends {
  requestBody: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** What a tool takes: the operation's body, query and path parameters, as the spec types them. */
export type ToolInput<Op extends ToolName> = ([Body<Op>] extends [never]
  ? unknown
  : { body: Body<Op> }) &
  ([Part<Op, 'query'>] extends [never] ? unknown : { query?: Part<Op, 'query'> }) &
  ([Part<Op, 'path'>] extends [never] ? unknown : { params: Part<Op, 'path'> });

type Success<R> = R extends { 200: { content: { 'application/json': infer B } } }
  ? B
  : R extends { 201: { content: { 'application/json': infer B } } }
    ? B
    : undefined;

/** What a tool answers: the body of the operation's success answer (undefined for a 204). */
export type ToolResult<Op extends ToolName> = Success<operations[Op]['responses']>;

export type EmulatorTools = {
  [Op in ToolName]: (
    ...input: Record<never, never> extends ToolInput<Op>
      ? [input?: ToolInput<Op>]
      : [input: ToolInput<Op>]
  ) => Promise<ToolResult<Op>>;
};

/** A tool the control API refused: its status and its error body (`{ error, message, field? }`). */
export class ToolError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(operationId: string, status: number, body: unknown) {
    const message = (body as { message?: unknown } | undefined)?.message;
    super(`${operationId}: ${status} ${typeof message === 'string' ? message : ''}`.trim());
    this.name = 'ToolError';
    this.status = status;
    this.body = body;
  }
}

interface Sent {
  body?: unknown;
  query?: Record<string, unknown>;
  params?: Record<string, unknown>;
}

function pathOf(op: Operation, params: Record<string, unknown> = {}): string {
  return op.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(params[name] ?? '')),
  );
}

const CHANGES_STATE = new Set(['POST', 'PUT', 'PATCH']);

/** One tool per operation of the control API, bound to an app (and its control token). */
export function createTools(
  app: FastifyInstance,
  operations: readonly Operation[],
  controlToken: string | undefined,
): EmulatorTools {
  const tools: Record<string, (input?: Sent) => Promise<unknown>> = {};
  for (const op of operations) {
    if (op.operationId === 'streamRequests') continue;
    tools[op.operationId] = async (input = {}) => {
      const query = new URLSearchParams(
        Object.entries(input.query ?? {}).map(([name, value]) => [name, String(value)]),
      ).toString();
      // A call that changes state is JSON, as the control API's access rule wants.
      const json = input.body !== undefined || CHANGES_STATE.has(op.method);
      const res = await app.inject({
        method: op.method as 'GET',
        url: `${pathOf(op, input.params)}${query ? `?${query}` : ''}`,
        headers: {
          ...(controlToken !== undefined && { authorization: `Bearer ${controlToken}` }),
          ...(json && { 'content-type': 'application/json' }),
        },
        ...(json && { payload: JSON.stringify(input.body ?? {}) }),
      });
      const body = res.body === '' ? undefined : res.json();
      if (res.statusCode >= 400) throw new ToolError(op.operationId, res.statusCode, body);
      return body;
    };
  }
  return tools as unknown as EmulatorTools;
}
