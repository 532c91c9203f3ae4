/**
 * Binds the spec's operations to handlers: one Fastify route per operation and base path, with
 * the request validator compiled from the operation's request schemas. Answers are sent by
 * sendBody() (reply.ts); the test suite checks each against the spec's response schemas.
 * Mismatches between spec and handlers stop start-up.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { StartupError } from './errors.js';
import type { Check, Input, Reply } from './handler.js';
import type { Operation } from './openapi.js';
import { diagnose, sendBody } from './reply.js';
import { compileRequestValidator, fieldsOf, type ValidatorOptions } from './validation.js';

/** Fails when an operation has no handler or a handler has no operation, naming each. */
export function checkHandlers(operations: readonly Operation[], handlers: object): void {
  const ids = new Set(operations.map((op) => op.operationId));
  const missing = [...ids].filter((id) => !Object.hasOwn(handlers, id));
  const orphans = Object.keys(handlers).filter((id) => !ids.has(id));
  const problems = [
    ...missing.map((id) => `operation "${id}" in the spec has no handler`),
    ...orphans.map((id) => `handler "${id}" matches no operation in the spec`),
  ];
  if (problems.length > 0)
    throw new StartupError(`spec and handlers disagree: ${problems.join('; ')}`);
}

/** Which document an operation comes from: the Tiledesk API or the emulator's control API. */
export type ApiName = 'tiledesk' | 'control';

// biome-ignore lint/suspicious/noExplicitAny: each map's handlers are typed by their own module.
type AnyHandler = (input: any, ctx: any) => Promise<Reply>;

export interface RegisterOptions<C> extends ValidatorOptions {
  api: ApiName;
  basePaths: readonly string[];
  /** What every handler of this API receives: the request's namespace's (namespaces.ts). */
  ctx: (request: FastifyRequest) => Promise<C>;
  /** preHandlers by operationId, for operations with a security requirement. */
  preHandlers: ReadonlyMap<string, (request: FastifyRequest) => Promise<void>>;
  /** Runs before the security check and validation (Prefer steering); may answer itself. */
  faultOrPrefer?: (
    op: Operation,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => Promise<FastifyReply | undefined>;
}

export function registerOperations<C extends object>(
  app: FastifyInstance,
  operations: readonly Operation[],
  handlers: object,
  options: RegisterOptions<C>,
): void {
  checkHandlers(operations, handlers);
  for (const op of operations) {
    const handler = (handlers as Record<string, AnyHandler>)[op.operationId] as AnyHandler;
    const validate = compileRequestValidator(op, options);
    const preHandler = options.preHandlers.get(op.operationId);
    const { faultOrPrefer } = options;
    for (const base of options.basePaths) {
      app.route({
        method: op.method,
        url: `${base}${op.url}`,
        config: { operationId: op.operationId, api: options.api },
        // Steering runs before the security check, so a client can ask for any answer.
        preHandler: [
          ...(faultOrPrefer
            ? [(request: FastifyRequest, reply: FastifyReply) => faultOrPrefer(op, request, reply)]
            : []),
          ...(preHandler ? [preHandler] : []),
        ],
        async handler(request, reply) {
          validate?.({
            body: request.body,
            query: request.query,
            params: request.params,
            contentType: request.headers['content-type'],
            unparsableContentType: request.unparsableContentType,
          });
          const input: Input = {
            body: fieldsOf(request.body),
            query: request.query as Record<string, unknown>,
            params: request.params as Record<string, string>,
            path: request.url.split('?')[0] ?? '',
            headers: request.headers,
            caller: request.caller,
          };
          const result = await handler(input, await options.ctx(request));
          if (result.diagnostic) diagnose(reply, result.diagnostic);
          if (result.headers) reply.headers(result.headers);
          return sendBody(reply, result.status ?? 200, result.body);
        },
      });
    }
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    operationId?: string;
    api?: ApiName;
  }
}

/** One preHandler per secured operation; an operation naming an unknown scheme stops start-up. */
export function securityHandlers<C>(
  operations: readonly Operation[],
  checks: Record<string, Check<C>>,
  ctx: (request: FastifyRequest) => Promise<C>,
): Map<string, (request: FastifyRequest) => Promise<void>> {
  const handlers = new Map<string, (request: FastifyRequest) => Promise<void>>();
  for (const op of operations) {
    if (op.security.length === 0) continue;
    const names = op.security.flatMap((requirement) => Object.keys(requirement));
    const unknown = names.filter((name) => !Object.hasOwn(checks, name));
    if (op.security.length !== 1 || names.length !== 1 || unknown.length > 0) {
      throw new StartupError(
        `operation "${op.operationId}": security must be one of the schemes ${Object.keys(checks).join(', ')}, got ${JSON.stringify(op.security)}`,
      );
    }
    const check = checks[names[0] as string] as Check<C>;
    handlers.set(op.operationId, async (request) => check(request, await ctx(request)));
  }
  return handlers;
}
