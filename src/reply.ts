/**
 * How every answer leaves the emulator: sendBody() serializes it, diagnose() adds the diagnostic
 * header and its log line. Used by the operations, steering, docs and the error handlers.
 */
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

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
  reply: FastifyReply,
  status: number,
  body: unknown,
  contentType: string | null = 'application/json; charset=utf-8',
): FastifyReply {
  if (body === undefined) return reply.code(status).send();
  // A stream (the live journal) goes as it is, typed by the headers its handler set.
  if (body instanceof Readable && contentType !== null) return reply.code(status).send(body);
  // As Node's res.end(text) with no type set: a stream has neither Content-Type nor length.
  if (contentType === null) return reply.code(status).send(Readable.from([String(body)]));
  if (typeof body === 'string') return reply.code(status).type(contentType).send(body);
  let text: string;
  try {
    text = JSON.stringify(body);
  } catch (error) {
    diagnose(
      reply,
      `the answer could not be serialized (${(error as Error).message}); the real server fails the same way`,
    );
    return reply.code(500).type('application/json; charset=utf-8').send('{"err":"error"}');
  }
  return reply.code(status).type(contentType).send(text);
}

/** Sets the diagnostic header; the request's log line carries it (app.ts). */
export function diagnose(reply: FastifyReply, diagnostic: string): void {
  reply.header(DIAGNOSTIC_HEADER, headerSafe(diagnostic));
}
