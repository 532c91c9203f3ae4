/**
 * What a handler receives and returns. Handlers are plain async functions of (input, ctx),
 * testable without Fastify; operations.ts binds them to the routes the spec declares.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { operations } from '../../api-types.js';
import type { Config } from '../../config.js';
import type { Store } from '../../store/index.js';
import type { SendMail } from '../mail.js';
import type { Caller } from '../security.js';
import type { Tokens } from '../tokens.js';

export type OperationId = keyof operations;

type JsonBody<Op extends OperationId> = operations[Op] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/**
 * The body as validated against the spec. Validation enforces the required fields; the rest may
 * be absent, and a body sent with an unparsed media type arrives as `{}`.
 */
export type Body<Op extends OperationId> = Partial<JsonBody<Op>>;

export interface Input<Op extends OperationId> {
  body: Body<Op>;
  query: Record<string, unknown>;
  /** Path parameters (the control API's `{name}`). */
  params: Record<string, string>;
  /** The request path, without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Set by the operation's security check; null for public operations. */
  caller: Caller | null;
}

export interface Ctx {
  store: Store;
  config: Config;
  tokens: Tokens;
  now(): Date;
  /** Hands an e-mail to the outbox (and SMTP, when configured); returns at once. */
  sendMail: SendMail;
}

export interface Reply {
  /** Default 200. */
  status?: number;
  body: unknown;
  /** A note for the developer, sent as `x-emulator-diagnostic` and logged; never in the body. */
  diagnostic?: string;
  /** More response headers (the control API's paging). */
  headers?: Record<string, string>;
}

export type Handler<Op extends OperationId> = (input: Input<Op>, ctx: Ctx) => Promise<Reply>;

export type Handlers = { [Op in OperationId]: Handler<Op> };
