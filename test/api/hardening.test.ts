/**
 * The control API's guards against web pages on the same machine (issue 15), its bounded
 * journal and paged lists, and body-parser's parameter limit: real HTTP against emulators on
 * port 0. The slow-client limits and the CLI's start warning are in test/reliability/.
 */
import { join } from 'node:path';
import t from 'tap';
import { request } from 'undici';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { emulator, matchesSpec, send } from '../helpers.js';

const signupBody = (email: string) => ({
  email,
  password: 'secret-password',
  firstname: 'Ann',
  lastname: 'Lee',
});

const json = { 'content-type': 'application/json' };

t.test('the control API and web pages', async (t) => {
  const emu = await emulator(t, { controlOrigins: ['http://localhost:5173'] });

  t.test(
    'CORS only for the listed origins; the Tiledesk routes keep the real server’s',
    async (t) => {
      const preflight = (path: string, origin: string) =>
        request(`${emu.url}${path}`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        });
      const evil = await preflight('/__emulator/reset', 'http://evil.example');
      t.equal(evil.headers['access-control-allow-origin'], undefined);
      await evil.body.dump();
      const listed = await preflight('/__emulator/reset', 'http://localhost:5173');
      t.equal(listed.headers['access-control-allow-origin'], 'http://localhost:5173');
      await listed.body.dump();
      const read = await request(`${emu.url}/__emulator/users`, {
        headers: { origin: 'http://evil.example' },
      });
      t.equal(read.headers['access-control-allow-origin'], undefined, 'a page cannot read users');
      await read.body.dump();
      const tiledesk = await preflight('/auth/signin', 'http://evil.example');
      t.equal(tiledesk.headers['access-control-allow-origin'], '*');
      await tiledesk.body.dump();
    },
  );

  t.test('a namespaced control path has the control API’s CORS too', async (t) => {
    for (const [origin, allowed] of [
      ['http://evil.example', undefined],
      ['http://localhost:5173', 'http://localhost:5173'],
    ] as const) {
      const res = await request(`${emu.url}/__ns/team-a/__emulator/reset`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST' },
      });
      t.equal(res.headers['access-control-allow-origin'], allowed, origin);
      await res.body.dump();
    }
  });

  t.test('an unknown control path or method: the control 404, its URL redacted', async (t) => {
    for (const method of ['GET', 'PROPFIND']) {
      const res = await request(`${emu.url}/__emulator/nothing?secret_token=s3cr3t`, {
        method,
        headers: { origin: 'http://evil.example' },
      });
      const text = await res.body.text();
      const diagnostic = String(res.headers['x-emulator-diagnostic']);
      t.equal(res.statusCode, 404, method);
      t.match(JSON.parse(text), { error: 'not_found' });
      t.notMatch(`${text}${diagnostic}`, /s3cr3t/);
      t.match(diagnostic, /secret_token=%5Bredacted%5D/);
      if (method === 'GET') t.equal(res.headers['access-control-allow-origin'], undefined);
    }
  });

  t.test('a POST a page can send without a preflight is 415 and changes nothing', async (t) => {
    t.equal((await send(emu.url, '/auth/signup', signupBody('kept@example.com'))).status, 200);
    for (const headers of [{ 'content-type': 'text/plain' }, {}] as Record<string, string>[]) {
      const res = await send(emu.url, '/__emulator/reset', undefined, { headers, raw: '{}' });
      t.equal(res.status, 415);
      await matchesSpec(t, res, 'resetState', 'control');
    }
    const form = await send(
      emu.url,
      '/__emulator/custom-tokens',
      { projectId: '65f0b0000000000000000001' },
      { form: true },
    );
    t.equal(form.status, 415);
    const users = await send(emu.url, '/__emulator/users', undefined, { method: 'GET' });
    t.ok((users.body as { email: string }[]).some((u) => u.email === 'kept@example.com'));
    const ok = await send(emu.url, '/__emulator/reset', {}, { headers: json });
    t.equal(ok.status, 200);
  });

  t.test('the Host must name this machine (DNS rebinding)', async (t) => {
    const users = (host: string) =>
      request(`${emu.url}/__emulator/users`, { headers: { host } }).then(async (res) => {
        await res.body.dump();
        return res.statusCode;
      });
    t.equal(await users('evil.example'), 403);
    t.equal(await users(`evil.example:${emu.port}`), 403);
    t.equal(await users(`localhost:${emu.port}`), 200);
    t.equal(await users(`127.0.0.1:${emu.port}`), 200);
    t.equal(await users(`[::1]:${emu.port}`), 200);
    const named = await emulator(t, { allowedHosts: ['emulator'] });
    const res = await request(`${named.url}/__emulator/users`, {
      headers: { host: 'emulator:3000' },
    });
    t.equal(res.statusCode, 200, '--allowed-host');
    await res.body.dump();
  });
});

t.test('CORS as the real server sends it, and none for the control API by default', async (t) => {
  const emu = await emulator(t);
  const answer = await send(
    emu.url,
    '/auth/signin',
    {},
    { headers: { origin: 'http://a.example' } },
  );
  t.equal(answer.headers['access-control-allow-origin'], '*');
  t.equal(answer.headers.vary, undefined, 'the origin is *: no Vary, as cors() sends');
  const preflight = (path: string) =>
    request(`${emu.url}${path}`, {
      method: 'OPTIONS',
      headers: { origin: 'http://a.example', 'access-control-request-method': 'POST' },
    });
  const tiledesk = await preflight('/auth/signin');
  t.equal(tiledesk.statusCode, 204);
  t.equal(tiledesk.headers.vary, 'Access-Control-Request-Headers');
  await tiledesk.body.dump();
  const control = await preflight('/__emulator/reset');
  t.equal(control.statusCode, 404, 'no --control-origin: no preflight is granted');
  t.equal(control.headers['access-control-allow-origin'], undefined);
  await control.body.dump();
});

t.test(
  'an idle keep-alive connection is kept 5 s, as the real server (Node’s default)',
  async (t) => {
    const emu = await emulator(t);
    const res = await request(`${emu.url}/auth/signin`, { method: 'POST' });
    t.equal(res.headers.connection, 'keep-alive');
    t.equal(res.headers['keep-alive'], 'timeout=5');
    await res.body.dump();
  },
);

t.test('the address bound decides whether the control API is open', async (t) => {
  const all = await emulator(t, { host: '0.0.0.0' });
  const local = all.url.replace('0.0.0.0', '127.0.0.1');
  const res = await send(local, '/__emulator/users', undefined, { method: 'GET' });
  t.equal(res.status, 403, 'bound to 0.0.0.0: off, even for a request over 127.0.0.1');
  t.match(res.body, { error: 'forbidden' });
  const health = await send(local, '/__emulator/health', undefined, { method: 'GET' });
  t.equal(health.status, 200, 'the health check stays public');
  const named = await emulator(t, { host: 'localhost' });
  t.equal((await send(named.url, '/__emulator/users', undefined, { method: 'GET' })).status, 200);
});

t.test('bounded memory: the journal and the control lists', async (t) => {
  const emu = await emulator(t);

  t.test('a large body is journaled cut, with a marker', async (t) => {
    const big = { ...signupBody('big@example.com'), notes: 'x'.repeat(100_000) };
    t.equal((await send(emu.url, '/auth/signup', big)).status, 200);
    const journal = await send(emu.url, '/__emulator/requests?operationId=signup', undefined, {
      method: 'GET',
    });
    await matchesSpec(t, journal, 'listRequests', 'control');
    const entry = (journal.body as { body: unknown; bodyTruncated?: boolean }[]).at(-1);
    t.equal(entry?.bodyTruncated, true);
    t.type(entry?.body, 'string');
    t.ok(String(entry?.body).length <= 16 * 1024 + 1);
    t.notMatch(String(entry?.body), 'secret-password', 'redacted before it is cut');
  });

  t.test('lists are paged, with the total and the next page', async (t) => {
    const users = Array.from({ length: 25 }, (_, i) => ({
      email: `paged${i}@example.com`,
      password: 'pw',
    }));
    t.equal((await send(emu.url, '/__emulator/seed', { users }, { headers: json })).status, 200);
    const first = await send(emu.url, '/__emulator/users?limit=10', undefined, { method: 'GET' });
    await matchesSpec(t, first, 'listUsers', 'control');
    t.equal((first.body as unknown[]).length, 10);
    const total = Number(first.headers['x-total-count']);
    t.ok(total >= 28, `${total} users in all`);
    t.match(first.headers.link, /<\/__emulator\/users\?limit=10&offset=10>; rel="next"/);
    const last = await send(emu.url, `/__emulator/users?limit=10&offset=${total - 3}`, undefined, {
      method: 'GET',
    });
    t.equal((last.body as unknown[]).length, 3);
    t.equal(last.headers.link, undefined);
    for (const query of ['limit=0', 'limit=1001', 'offset=-1', 'limit=ten', 'email=x']) {
      const bad = await send(emu.url, `/__emulator/users?${query}`, undefined, { method: 'GET' });
      t.equal(bad.status, 400, query);
      await matchesSpec(t, bad, 'listUsers', 'control');
    }
  });
});

t.test('the health check names files without their directories', async (t) => {
  const db = join(t.testdir(), 'health-store.json');
  const emu = await emulator(t, { db });
  const res = await send(emu.url, '/__emulator/health', undefined, { method: 'GET' });
  t.match(res.body, {
    fixtures: { file: 'seed.json' },
    store: { kind: 'file', file: 'health-store.json' },
  });
  t.notMatch(res.text, DEFAULT_FIXTURES_FILE);
});

t.test('over 1,000 form fields is body-parser’s 413, without CORS', async (t) => {
  const emu = await emulator(t);
  const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=${i}`).join('&');
  const res = await send(emu.url, '/auth/signin', undefined, {
    raw: fields,
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://app.example' },
  });
  t.equal(res.status, 413);
  t.same(res.body, { err: 'Request entity too large' });
  t.equal(res.headers['access-control-allow-origin'], undefined);
  const thousand = Array.from({ length: 1000 }, (_, i) => `f${i}=${i}`).join('&');
  const ok = await send(emu.url, '/auth/signin', undefined, {
    raw: thousand,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  t.equal(ok.status, 422, '1,000 fields are read');
});
