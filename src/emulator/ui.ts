/**
 * The emulator's web UI: GET /__emulator/ui serves the page in ui/ (plain HTML, JS and CSS
 * shipped in the package: no CDN, no build step), which works through the control API (the
 * operations only the page needed are live-journal.ts and token-inspector.ts).
 *
 * Access: without a control token, the control API's rule (a loopback bind and a local Host).
 * With one, the page's files are served without it, as a browser cannot send a header when it
 * navigates; they hold no data, and the page sends the token the user pastes as
 * `Authorization: Bearer` on every call it makes.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Context } from './context.js';
import { controlSecurity } from './control-access.js';
import { controlNotFound } from './control-errors.js';

export const UI_PREFIX = '/__emulator/ui';

const UI_DIR = new URL('../../ui/', import.meta.url);

/** The page's files, by name, and their types: nothing else in ui/ is served. */
const JS = 'text/javascript; charset=utf-8';
const FILES: Record<string, string> = {
  'index.html': 'text/html; charset=utf-8',
  'app.js': JS,
  'lib.js': JS,
  'data.js': JS,
  'journal.js': JS,
  'tokens.js': JS,
  'tools.js': JS,
  'app.css': 'text/css; charset=utf-8',
  'favicon.svg': 'image/svg+xml',
};

/** Self only: no inline script or style, no other origin, no framing. */
export const UI_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export function registerUi(app: FastifyInstance, ctx: Context): void {
  const cache = new Map<string, Promise<Buffer>>();
  const load = (name: string) => {
    let file = cache.get(name);
    if (!file) {
      file = readFile(fileURLToPath(new URL(name, UI_DIR)));
      // A failed read is not kept: the next request tries again.
      file.catch(() => cache.delete(name));
      cache.set(name, file);
    }
    return file;
  };
  const check = controlSecurity.controlToken as NonNullable<typeof controlSecurity.controlToken>;
  const preHandler = async (request: FastifyRequest) => {
    if (ctx.config.controlToken === undefined) await check(request, ctx);
  };
  const serve = async (name: string, reply: FastifyReply) =>
    reply
      .type(FILES[name] as string)
      .header('content-security-policy', UI_CSP)
      .header('x-content-type-options', 'nosniff')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-cache')
      .send(await load(name));
  // api: 'control', so a refusal is the control API's error body.
  const config = { api: 'control' as const };
  app.get(UI_PREFIX, { config, preHandler }, (_request, reply) => serve('index.html', reply));
  app.get<{ Params: { file: string } }>(
    `${UI_PREFIX}/:file`,
    { config, preHandler },
    (request, reply) => {
      const name = request.params.file || 'index.html';
      if (Object.hasOwn(FILES, name)) return serve(name, reply);
      throw controlNotFound(request.method, request.url);
    },
  );
}
