/**
 * The Tiledesk handlers' types: their input typed from the generated api-types, and what they
 * see of the emulator's one context object (Ctx, a part of emulator/context.ts's Context).
 */
import type { operations } from '../../api-types.js';
import type { Config } from '../../config.js';
import type { Input as AnyInput, Reply } from '../../handler.js';
import type { Store } from '../../store/index.js';
import type { Tokens } from '../tokens.js';

export type { Reply } from '../../handler.js';

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

export type Input<Op extends OperationId> = AnyInput<Body<Op>>;

/**
 * What a Tiledesk handler or security check sees of the request's namespace's context (the one
 * Context, emulator/context.ts, built in app.ts). A member added here (the outbox's
 * `sendMail: SendMail`, tiledesk/mail.ts) is set where app.ts builds the Context.
 */
export interface Ctx {
  store: Store;
  config: Config;
  tokens: Tokens;
  now(): Date;
}

export type Handler<Op extends OperationId> = (input: Input<Op>, ctx: Ctx) => Promise<Reply>;

export type Handlers = { [Op in OperationId]: Handler<Op> };
