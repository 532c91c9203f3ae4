/**
 * The web UI's routes and its two control operations, over real HTTP: the page and its files
 * (access rule, CSP), POST /__emulator/tokens/inspect (inspectToken) and
 * GET /__emulator/requests/stream (streamRequests).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSigner } from 'fast-jwt';
import t from 'tap';
import { request } from 'undici';
import { UI_CSP } from '../../src/emulator/ui.js';
import {
  emulator,
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  type Response,
  send,
} from '../helpers.js';

const UI_DIR = fileURLToPath(new URL('../../ui/', import.meta.url));
const NOW = new Date('2026-01-01T00:10:00.000Z');
const SECONDS = NOW.getTime() / 1000;
const AUD = `https://tiledesk.com/projects/${PROJECT_ID}`;
const get = (url: string, path: string, headers: Record<string, string> = {}) =>
  send(url, path, undefined, { method: 'GET', headers });
/** HS256 with the fixture project's secret; `iat` only when the claims have one. */
const sign = (claims: Record<string, unknown>, key = PROJECT_SECRET) =>
  typeof claims.iat === 'number'
    ? createSigner({ key, clockTimestamp: claims.iat * 1000 })(claims)
    : createSigner({ key, noTimestamp: true })(claims);

t.test('GET /__emulator/ui: the page and its files', async (t) => {
  const emu = await emulator(t);

  // Every file in ui/, by its type: the page's modules and everything they import among them.
  const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.svg': 'image/svg+xml',
  };
  const files = readdirSync(UI_DIR);
  for (const [path, type] of [
    ['/__emulator/ui', TYPES['.html'] as string],
    ['/__emulator/ui/', TYPES['.html'] as string],
    ...files.map((file) => [`/__emulator/ui/${file}`, TYPES[extname(file)] ?? 'unknown'] as const),
  ] as const) {
    t.test(`${path} answers ${type} with a self-only Content-Security-Policy`, async (t) => {
      const res = await get(emu.url, path);
      t.equal(res.status, 200);
      t.equal(res.contentType, type);
      t.equal(res.headers['content-security-policy'], UI_CSP);
      t.equal(res.headers['x-content-type-options'], 'nosniff');
      t.notMatch(res.text, /https?:\/\/(?!www\.w3\.org)/, 'nothing loaded from another origin');
    });
  }

  t.test('every module the UI imports is one of its files', async (t) => {
    const modules = files.filter((file) => file.endsWith('.js'));
    t.ok(modules.includes('app.js'));
    for (const module of modules) {
      const text = readFileSync(join(UI_DIR, module), 'utf8');
      for (const [, imported] of text.matchAll(/^import [^;]+ from '\.\/([^']+)';$/gm)) {
        t.ok(modules.includes(imported as string), `${module} imports ${imported}`);
      }
      t.notMatch(text, /^import [^;]+ from '(?!\.\/)/m, `${module}: only the UI's own modules`);
    }
  });

  t.test('the CSP allows nothing but the emulator itself, and no inline script', async (t) => {
    t.match(UI_CSP, "default-src 'none'");
    t.match(UI_CSP, "script-src 'self';");
    t.notMatch(UI_CSP, /unsafe|\*|https?:/);
    const page = await get(emu.url, '/__emulator/ui');
    t.notMatch(page.text, /<script>|<style|\son\w+=/, 'no inline script, style or handler');
  });

  t.test('a file not in the UI answers the control API 404', async (t) => {
    for (const path of ['/__emulator/ui/package.json', '/__emulator/ui/..%2Fpackage.json']) {
      const res = await get(emu.url, path);
      t.equal(res.status, 404, path);
      t.match(res.body, { error: 'not_found' });
    }
  });

  t.test('under a Host that is not this machine, it answers 403 as the control API', async (t) => {
    const res = await get(emu.url, '/__emulator/ui', { host: 'rebound.example.com' });
    t.equal(res.status, 403);
    t.match(res.body, { error: 'forbidden', message: /rebound\.example\.com/ });
  });
});

t.test('GET /__emulator/ui with a control token', async (t) => {
  const emu = await emulator(t, { controlToken: 'sesame' });

  t.test('the page is served without it (it holds no data)', async (t) => {
    const res = await get(emu.url, '/__emulator/ui');
    t.equal(res.status, 200);
  });

  t.test('the calls the page makes need it as a bearer token', async (t) => {
    const body = { token: sign({ _id: 'a', aud: AUD }) };
    const without = await send(emu.url, '/__emulator/tokens/inspect', body);
    t.equal(without.status, 401);
    await matchesSpec(t, without, 'inspectToken', 'control');
    const stream = await get(emu.url, '/__emulator/requests/stream');
    t.equal(stream.status, 401);
    const withIt = await send(emu.url, '/__emulator/tokens/inspect', body, {
      headers: { authorization: 'Bearer sesame' },
    });
    t.equal(withIt.status, 200);
  });
});

t.test('POST /__emulator/tokens/inspect (inspectToken)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  const inspect = (token: string) => send(emu.url, '/__emulator/tokens/inspect', { token });

  t.test('names the project jwtSecret that verifies a custom token, and its times', async (t) => {
    const token = sign({ _id: 'ext-42', aud: AUD, iat: SECONDS - 60, exp: SECONDS + 3600 });
    const res = await inspect(`JWT ${token}`);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'inspectToken', 'control');
    t.strictSame(res.body, {
      header: { alg: 'HS256', typ: 'JWT' },
      claims: { _id: 'ext-42', aud: AUD, iat: SECONDS - 60, exp: SECONDS + 3600 },
      times: { iat: '2026-01-01T00:09:00.000Z', exp: '2026-01-01T01:10:00.000Z' },
      now: NOW.toISOString(),
      verified: true,
      key: 'project',
      verifiedBy: `the jwtSecret of project ${PROJECT_ID}`,
    });
    t.notOk(res.text.includes(PROJECT_SECRET), 'the secret is never in the answer');
  });

  t.test('names the global key for a token the emulator issued at sign-in', async (t) => {
    const signin = await send(emu.url, '/auth/signin', JANE);
    const res = await inspect((signin.body as { token: string }).token);
    t.match(res.body, {
      verified: true,
      key: 'global',
      verifiedBy: 'the global key (GLOBAL_SECRET)',
    });
    t.notOk(res.text.includes('nodeauthsecret'), 'the global key is never in the answer');
  });

  const failures = [
    {
      name: 'a token signed with another secret',
      token: sign({ _id: 'a', aud: AUD }, 'not-the-secret'),
      key: 'project',
      code: 'BAD_SIGNATURE',
      reason: `bad signature: the token was not signed with the jwtSecret of project ${PROJECT_ID}`,
    },
    {
      name: 'an expired token (by the emulator clock)',
      token: sign({ _id: 'a', aud: AUD, exp: SECONDS - 1 }),
      key: 'project',
      code: 'TOKEN_EXPIRED',
      reason: /^the token has expired/,
    },
    {
      name: 'a token for a project that does not exist',
      token: sign({ _id: 'a', aud: 'https://tiledesk.com/projects/65f0b0000000000000000009' }),
      code: 'UNKNOWN_AUDIENCE',
      reason: /65f0b0000000000000000009, which does not exist/,
    },
    {
      name: 'a token whose aud is not a URL',
      token: sign({ _id: 'a', aud: 'not a url' }),
      code: 'UNPARSEABLE_AUDIENCE',
      reason: /is not a URL \(the real server answers 500\)$/,
    },
  ];
  for (const row of failures) {
    t.test(`says why none verifies ${row.name}: ${row.code}`, async (t) => {
      const res = await inspect(row.token);
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'inspectToken', 'control');
      t.match(res.body, { verified: false, code: row.code, reason: row.reason });
      t.equal((res.body as { key?: string }).key, row.key);
      t.notOk('verifiedBy' in (res.body as object));
    });
  }

  t.test('a verified token without _id: sign-in would still answer 401', async (t) => {
    const res = await inspect(sign({ aud: AUD }));
    t.match(res.body, { verified: true, code: 'TOKEN_WITHOUT_ID', reason: /no _id claim/ });
  });

  t.test('answers 400 invalid_request for what is not a JWT', async (t) => {
    for (const token of ['JWT not-a-token', 'a.b.c', `${sign({ a: 1 })}.extra`]) {
      const res = await inspect(token);
      t.equal(res.status, 400, token);
      await matchesSpec(t, res, 'inspectToken', 'control');
      t.match(res.body, { error: 'invalid_request', field: 'token', message: /not a JWT/ });
    }
  });

  t.test('answers 415 unless sent as application/json', async (t) => {
    const res = await send(emu.url, '/__emulator/tokens/inspect', undefined, {
      raw: JSON.stringify({ token: 'x' }),
      headers: { 'content-type': 'text/plain' },
    });
    t.equal(res.status, 415);
    await matchesSpec(t, res, 'inspectToken', 'control');
  });
});

/**
 * Reads a server-sent event stream until what was read matches `until`, or it ends. Reads with
 * next(), not for-await: leaving a for-await loop would close the stream.
 */
async function readUntil(stream: AsyncIterator<Buffer>, until: RegExp) {
  let text = '';
  for (;;) {
    const { value, done } = await stream.next();
    if (done) return text;
    text += value.toString('utf8');
    if (until.test(text)) return text;
  }
}

function dataOf(text: string, event: string): unknown[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith(`event: ${event}\n`))
    .map((block) => JSON.parse(block.split('\ndata: ')[1] ?? 'null'));
}

t.test('GET /__emulator/requests/stream (streamRequests)', async (t) => {
  const emu = await emulator(t);
  t.beforeEach(() => emu.reset());

  t.test('sends the journal, then each request live, with its diagnostic', async (t) => {
    await send(emu.url, '/auth/signin', JANE);
    const res = await request(`${emu.url}/__emulator/requests/stream`);
    t.equal(res.statusCode, 200);
    t.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
    t.equal(res.headers['cache-control'], 'no-cache, no-transform');
    const body = res.body[Symbol.asyncIterator]();
    const first = await readUntil(body, /event: request\n.*\n\n/);
    t.match(first, /^: connected\n/);
    t.match(dataOf(first, 'request'), [{ operationId: 'signin', status: 200 }]);

    await send(emu.url, '/auth/signin', { ...JANE, password: 'wrong' });
    const live = await readUntil(body, /event: request\n.*\n\n/);
    const [entry] = dataOf(live, 'request');
    t.match(entry, {
      operationId: 'signin',
      status: 401,
      body: { email: JANE.email, password: '[redacted]' },
      diagnostic: /password does not match/,
    });
    const response: Response = {
      status: 200,
      headers: res.headers,
      contentType: res.headers['content-type'] as string,
      text: first + live,
      body: undefined,
    };
    await matchesSpec(t, response, 'streamRequests', 'control');

    await send(emu.url, '/__emulator/reset', {});
    t.match(await readUntil(body, /event: cleared\n/), 'event: cleared\ndata: {}\n\n');
    res.body.destroy();
  });

  t.test('GET /__emulator/requests has the diagnostic too', async (t) => {
    await send(emu.url, '/auth/signin', { ...JANE, password: 'wrong' });
    const res = await get(emu.url, '/__emulator/requests');
    await matchesSpec(t, res, 'listRequests', 'control');
    t.match(res.body, [{ status: 401, diagnostic: /password does not match/ }]);
  });
});

t.test('an open stream does not hold up close(): it ends at once', async (t) => {
  const emu = await emulator(t);
  const res = await request(`${emu.url}/__emulator/requests/stream`);
  const text = readUntil(res.body[Symbol.asyncIterator](), /$^/);
  await new Promise((resolve) => setTimeout(resolve, 50));
  const started = performance.now();
  await emu.close();
  t.ok(performance.now() - started < 1000, 'closed in well under the grace period');
  t.match(await text, /^: connected\n/, 'the stream ended cleanly');
});

t.test("close() ends every namespace's open stream too, cleanly", async (t) => {
  const emu = await emulator(t);
  const opened = ['worker-1', 'worker-2'].map(async (namespace) => {
    const res = await request(`${emu.url}/__emulator/requests/stream`, {
      headers: { 'x-emulator-namespace': namespace },
    });
    const body = res.body[Symbol.asyncIterator]();
    await readUntil(body, /: connected\n/);
    return body;
  });
  const bodies = await Promise.all(opened);
  await emu.close();
  // A stream cut by the grace period's closeAllConnections() fails instead ("other side closed").
  for (const body of bodies) t.equal(typeof (await readUntil(body, /$^/)), 'string', 'ended');
});
