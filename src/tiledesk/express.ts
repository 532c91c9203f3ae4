/**
 * What the real server's Express stack does around the auth routes, which Fastify does not do by
 * itself (checked request by request against the real server, conformance/):
 * - routing: each operation's router is mounted (`/auth`, `/users`, `/chat21/native/auth`: the
 *   spec's `x-express-mount`), matched case-insensitively on the undecoded path, with an optional
 *   trailing slash and one extra slash after the mount (`/auth//signin`); a path parameter is one
 *   segment, percent-decoded, and one that does not decode answers 500;
 * - the `/:projectid` middleware: any other path whose first segment is not an ObjectId answers
 *   `400 {"error":"Invalid project id: <segment>"}`; finalhandler's 404 page for the rest;
 * - express-session's `connect.sid` cookie on every answer after body parsing;
 * - `res.send`'s weak ETag.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Operation } from '../openapi.js';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The sentinel every path outside the emulator's routing goes to: the catch-all answers it. */
export const UNROUTED = '/__unrouted';

/**
 * The sentinel for a path that a route's pattern matches with a parameter that is not valid
 * percent-encoding (`%E0`): Express's decode_param throws while matching, whatever the method,
 * and the app's error handler answers 500.
 */
export const MALFORMED_PARAM = '/__malformed-param';

interface ExpressRoute {
  pattern: RegExp;
  /** The registered URL's pieces: literal text between the parameters. */
  pieces: string[];
}

/**
 * An operation's path as Express matches it under one base path: the mount (`app.use`) then
 * the router's route, both case-insensitive on the undecoded path; the mount may be followed by
 * one extra slash, the route by a trailing one; a parameter is one non-empty segment.
 */
function expressRoute(op: Operation, base: string): ExpressRoute {
  const route = op.path.slice(op.mount.length);
  const parts = route.split(/\{[^}]+\}/);
  const pattern = parts.map(escapeRegExp).join('([^/]+?)');
  return {
    pattern: new RegExp(`^${escapeRegExp(base + op.mount)}/?${pattern}/?$`, 'i'),
    pieces: [base + op.mount + (parts[0] ?? ''), ...parts.slice(1)],
  };
}

function decodes(segment: string): boolean {
  try {
    decodeURIComponent(segment);
    return true;
  } catch {
    return false;
  }
}

/**
 * Rewrites a request URL as Express would route it: an operation's path spelled another way
 * becomes the path the route is registered under, its parameters as sent (Fastify decodes
 * them); any other path that is not the emulator's own (`ownPrefixes`) goes to the catch-all,
 * so that Fastify's own rules (percent-decoding, its slash handling) never route it.
 */
export function expressRouting(
  operations: readonly Operation[],
  basePaths: readonly string[],
  ownPrefixes: readonly string[],
): (url: string) => string {
  const routes = operations.flatMap((op) => basePaths.map((base) => expressRoute(op, base)));
  const exact = new Set(
    routes.filter((route) => route.pieces.length === 1).map((route) => route.pieces[0]),
  );
  return (url) => {
    const question = url.indexOf('?');
    const path = question < 0 ? url : url.slice(0, question);
    if (exact.has(path)) return url;
    const query = question < 0 ? '' : url.slice(question);
    for (const { pattern, pieces } of routes) {
      const match = pattern.exec(path);
      if (!match) continue;
      const params = match.slice(1) as string[];
      if (!params.every(decodes)) return MALFORMED_PARAM + query;
      return pieces.map((piece, i) => (i === 0 ? piece : params[i - 1] + piece)).join('') + query;
    }
    const own = ownPrefixes.some(
      (prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`),
    );
    return own ? url : UNROUTED;
  };
}

/**
 * The operation whose mount authenticates a path Express serves no route for
 * (`x-express-mount-authenticates`): the mount's middleware runs before Express looks further.
 */
export function authenticatingMount(
  operations: readonly Operation[],
  basePaths: readonly string[],
): (path: string) => Operation | undefined {
  const mounts = operations
    .filter((op) => op.mountAuthenticates)
    .flatMap((op) =>
      basePaths.map((base) => ({
        op,
        pattern: new RegExp(`^${escapeRegExp(base + op.mount)}(?:/|$)`, 'i'),
      })),
    );
  return (path) => mounts.find(({ pattern }) => pattern.test(path))?.op;
}

/** mongoose's ObjectId.isValid for a path segment: 24 hex digits or any 12 characters. */
function isValidObjectId(segment: string): boolean {
  return /^[0-9a-f]{24}$/i.test(segment) || segment.length === 12;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The catch-all: the `/:projectid` middleware's 400, or finalhandler's 404 page. */
export function unrouted(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  // An asterisk-form target (`GET *`) stays as it is: no route matches it, as in Express.
  const path = request.originalUrl.split('?')[0] || '/';
  const segment = path.split('/')[1] ?? '';
  if (segment !== '' && !isValidObjectId(safeDecode(segment))) {
    return reply
      .code(400)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify({ error: `Invalid project id: ${safeDecode(segment)}` }));
  }
  return reply
    .code(404)
    .header('content-security-policy', "default-src 'none'")
    .header('x-content-type-options', 'nosniff')
    .type('text/html; charset=utf-8')
    .send(
      `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${escapeHtml(request.method)} ${escapeHtml(path)}</pre>\n</body>\n</html>\n`,
    );
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * A fresh, unsaved express-session cookie, signed with a secret of this process's. The id has
 * the length and alphabet of uid-safe's (32 base64url characters): the hex digits of a random
 * UUID (122 random bits), which Node takes from a buffer of random bytes it refills now and
 * then, instead of one call for 24 new random bytes per request.
 */
const SESSION_SECRET = randomBytes(32);
export function sessionCookie(): string {
  const id = randomUUID().replaceAll('-', '');
  const signature = createHmac('sha256', SESSION_SECRET).update(id).digest('base64');
  const value = encodeURIComponent(`s:${id}.${signature.replace(/=+$/, '')}`);
  return `connect.sid=${value}; Path=/; HttpOnly`;
}

/** The `etag` package's weak ETag of a body, as Express's res.send sets it. */
export function weakEtag(body: string | Buffer): string {
  const length = Buffer.byteLength(body);
  if (length === 0) return 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
  const hash = createHash('sha1').update(body).digest('base64').slice(0, 27);
  return `W/"${length.toString(16)}-${hash}"`;
}
