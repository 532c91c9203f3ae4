/**
 * What a handler of either API receives and returns, and what a security check is. Handlers are
 * plain async functions of (input, ctx), testable without Fastify; operations.ts binds them to
 * the routes their spec declares. Each API types its own map from its generated types
 * (tiledesk/handlers/types.ts, emulator/control.ts).
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyRequest } from 'fastify';

/** Who called, as the operation's security check established it. */
export interface Caller {
  /** The verified payload, as it is: no decoration, no lookup. */
  claims: Record<string, unknown>;
  /** The Authorization header as sent. */
  authorization: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller: Caller | null;
  }
}

export interface Input<
  Body = unknown,
  Query = Record<string, unknown>,
  Params = Record<string, string>,
> {
  body: Body;
  /** The query string as validated against the operation's declared parameters. */
  query: Query;
  /** Path parameters, as validated against their declarations. */
  params: Params;
  /** The request path, without the query string. */
  path: string;
  headers: IncomingHttpHeaders;
  /** Set by the operation's security check; null for public operations. */
  caller: Caller | null;
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

/** A security scheme's check, run as a preHandler; throws the API's error to refuse. */
export type Check<C> = (request: FastifyRequest, ctx: C) => Promise<void>;
