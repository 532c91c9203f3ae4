/**
 * Binds the spec's operations to handlers: one Fastify route per operation and base path, with
 * the request validator compiled from the operation's request schemas. Answers are sent by
 * sendBody(); the test suite checks each against the spec's response schemas. Mismatches between
 * spec and handlers stop start-up.
 */
import type { Ajv } from 'ajv';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Input, OperationId, Reply } from './handlers/types.js';
import type { Operation } from './openapi.js';
import { compileRequestValidator, fieldsOf, type InvalidBody } from './validation.js';

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

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

/** Header values must be printable ASCII: anything else is escaped, so a diagnosis never throws. */
export function headerSafe(text: string): string {
  const escaped = text.replace(
    /[^\x20-\x7e]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
  return escaped.length > 600 ? `${escaped.slice(0, 597)}...` : escaped;
}

export const DIAGNOSTIC_HEADER = 'x-emulator-diagnostic';

/**
 * Every operation's answer goes out through here, serialized with JSON.stringify rather than
 * Fastify's schema serializer: bodies keep the key order the real server writes
 * (express-validator's `value` first, the user document's field order) and echoed values keep
 * their types; the test suite checks every answer against the spec's response schemas.
 * Serializing here also means that a body JSON cannot represent (a value nested thousands
 * deep, echoed from the request) becomes the real server's `500 {"err":"error"}`: Express's
 * res.json() throws on it the same way, and its error handler answers that.
 */
export function sendBody(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  body: unknown,
  contentType = 'application/json; charset=utf-8',
): FastifyReply {
  if (body === undefined) return reply.code(status).send();
  if (typeof body === 'string') return reply.code(status).type(contentType).send(body);
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    diagnose(
      request,
      reply,
      `the answer could not be serialized (${(error as Error).message}); the real server fails the same way`,
    );
    return reply.code(500).type('application/json; charset=utf-8').send('{"err":"error"}');
  }
  return reply.code(status).type(contentType).send(text);
}

export function diagnose(request: FastifyRequest, reply: FastifyReply, diagnostic: string): void {
  reply.header(DIAGNOSTIC_HEADER, headerSafe(diagnostic));
  request.log.info(
    { operationId: request.routeOptions.config.operationId, diagnostic },
    'emulator diagnostic',
  );
}

let turnEnd: Promise<void> | undefined;
/**
 * The real setImmediate, taken when this module loads: a test that fakes timers afterwards
 * (vi.useFakeTimers(), @sinonjs/fake-timers) must not hold an in-process emulator's answers.
 */
const realSetImmediate = globalThis.setImmediate;

/**
 * Resolves at the end of this turn of the event loop (one setImmediate shared by every caller in
 * the turn). Operation answers wait for it, so the answers of all requests read in one turn are
 * written back to back instead of one per ~100 µs of work. A socket write that wakes a waiting
 * client costs the server tens of µs of kernel time on a virtual machine; written together, the
 * client is woken once. Measured on signin, 50 connections, 5 rounds: 187 → 114 µs of server CPU
 * per answer, 5,500 → 9,100 req/s, p99 17 → 12 ms (bench/README.md). A lone request waits one
 * setImmediate. signinAnonymously already had much of the effect from its group commit.
 */
export function endOfTurn(): Promise<void> {
  turnEnd ??= new Promise((resolve) => {
    realSetImmediate(() => {
      turnEnd = undefined;
      resolve();
    });
  });
  return turnEnd;
}

/** Which document an operation comes from: the Tiledesk API or the emulator's control API. */
export type ApiName = 'tiledesk' | 'control';

// biome-ignore lint/suspicious/noExplicitAny: each map's handlers are typed by their own module.
type AnyHandler = (input: any, ctx: any) => Promise<Reply>;

export interface RegisterOptions<C> {
  api: ApiName;
  basePaths: readonly string[];
  /** The Ajv instance, made on first use. */
  ajv: () => Ajv;
  /** Turns a request validation failure into that API's error. */
  invalid: InvalidBody;
  /** What every handler of this API receives. */
  ctx: C;
  /** preHandlers by operationId, for operations with a security requirement. */
  preHandlers: ReadonlyMap<string, (request: FastifyRequest) => Promise<void>>;
  /**
   * Runs before validation (Prefer steering): false when there is nothing to do, else a promise
   * that resolves true once it has answered.
   */
  intercept?: (
    op: Operation,
    request: FastifyRequest,
    reply: FastifyReply,
  ) => false | Promise<boolean>;
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
    const validate = compileRequestValidator(options.ajv, op, options.invalid);
    const preHandler = options.preHandlers.get(op.operationId);
    const { intercept } = options;
    for (const base of options.basePaths) {
      app.route({
        method: op.method,
        url: `${base}${op.url}`,
        config: { operationId: op.operationId, api: options.api },
        // Steering runs before the security check, so a client can ask for any answer.
        ...(intercept && {
          preValidation: (
            request: FastifyRequest,
            reply: FastifyReply,
            done: (error?: Error) => void,
          ) => {
            // A callback hook: most requests have nothing to intercept and pay no promise.
            const answered = intercept(op, request, reply);
            if (answered === false) return done();
            answered.then(
              (sent) => {
                if (!sent) done();
              },
              (error: Error) => done(error),
            );
          },
        }),
        ...(preHandler && { preHandler }),
        async handler(request, reply) {
          let result: Reply;
          try {
            validate?.(request.body, request.headers['content-type']);
            const input: Input<OperationId> = {
              body: fieldsOf(request.body) as Input<OperationId>['body'],
              query: request.query as Record<string, unknown>,
              headers: request.headers,
              caller: request.caller,
            };
            result = await handler(input, options.ctx);
          } finally {
            // The handler's answer or error waits for the turn's end, then goes out with the
            // turn's others. (Steering, security checks, body and routing errors do not wait.)
            await endOfTurn();
          }
          if (result.diagnostic) diagnose(request, reply, result.diagnostic);
          return sendBody(request, reply, result.status ?? 200, result.body);
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
