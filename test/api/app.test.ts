import { readFileSync } from 'node:fs';
import t from 'tap';
import { DEFAULT_SPEC_FILE } from '../../src/config.js';
import { emulator, JANE, matchesSpec, send } from '../helpers.js';

t.test('cross-cutting behaviour', async (t) => {
  const emu = await emulator(t);

  t.test('malformed JSON: 500 {"err":"error"} with a diagnostic header', async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      raw: '{"email": "jane',
      headers: { 'content-type': 'application/json' },
    });
    t.equal(res.status, 500);
    t.strictSame(res.body, { err: 'error' });
    t.match(res.headers['x-emulator-diagnostic'], /not valid JSON/);
    await matchesSpec(t, res, 'signin');
  });

  t.test(
    'a JSON body that is not an object or array is malformed (body-parser strict)',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', undefined, {
        raw: '"just a string"',
        headers: { 'content-type': 'application/json' },
      });
      t.equal(res.status, 500);
      t.strictSame(res.body, { err: 'error' });
      await matchesSpec(t, res, 'signup');
    },
  );

  t.test('a JSON array body is read, and fails validation like an empty one', async (t) => {
    const res = await send(emu.url, '/auth/signin', [1, 2]);
    t.equal(res.status, 422);
    t.equal((res.body as { errors: unknown[] }).errors.length, 2);
  });

  t.test('a body over 500 KB: 413 {"err":"Request entity too large","limit":512000}', async (t) => {
    const res = await send(emu.url, '/auth/signup', { ...JANE, padding: 'x'.repeat(600 * 1024) });
    t.equal(res.status, 413);
    t.strictSame(res.body, { err: 'Request entity too large', limit: 512000 });
    t.match(res.headers['x-emulator-diagnostic'], /512000/);
    await matchesSpec(t, res, 'signup');
  });

  t.test('the limit follows JSON_BODY_LIMIT', async (t) => {
    const small = await emulator(t, { bodyLimit: '1kb' });
    const res = await send(small.url, '/auth/signin', { ...JANE, padding: 'x'.repeat(2000) });
    t.equal(res.status, 413);
    t.strictSame(res.body, { err: 'Request entity too large', limit: 1024 });
  });

  t.test('unknown fields are ignored, and __proto__ keys pollute nothing', async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      raw: `{"email":"${JANE.email}","password":"${JANE.password}","extra":1,"__proto__":{"polluted":true}}`,
      headers: { 'content-type': 'application/json' },
    });
    t.equal(res.status, 200);
    t.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  t.test('form bodies nest with qs, as express urlencoded({extended:true})', async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      raw: 'email[a]=1&password=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(res.status, 422);
    t.strictSame(res.body, {
      errors: [{ value: { a: '1' }, msg: 'Invalid value', param: 'email', location: 'body' }],
    });
  });

  t.test('an unknown route is 404 "Cannot POST …", as Express answers', async (t) => {
    const res = await send(emu.url, '/auth/nothing', {});
    t.equal(res.status, 404);
    t.equal(res.text, '<pre>Cannot POST /auth/nothing</pre>');
    t.match(res.headers['x-emulator-diagnostic'], /POST \/auth\/signin/);
  });

  t.test('a diagnostic with non-ASCII characters is escaped, never a crash', async (t) => {
    const res = await send(emu.url, '/auth/signin', { email: 'zoë@exämple.com', password: 'x' });
    t.equal(res.status, 401);
    t.match(res.headers['x-emulator-diagnostic'], /zo\\u00eb/);
  });

  t.test("form bodies over 100 KB: 413 with body-parser's urlencoded limit, 102400", async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      raw: `email=a%40example.com&password=x&pad=${'x'.repeat(150 * 1024)}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(res.status, 413);
    t.strictSame(res.body, { err: 'Request entity too large', limit: 102400 });
  });

  for (const path of ['/auth/signinAnonymously', '/auth/signinWithCustomToken']) {
    t.test(`${path}: malformed JSON is 500 {"err":"error"} and a large body 413`, async (t) => {
      const operationId = path.split('/').pop() as string;
      const malformed = await send(emu.url, path, undefined, {
        raw: '{"id_project":',
        headers: { 'content-type': 'application/json' },
      });
      t.equal(malformed.status, 500);
      t.strictSame(malformed.body, { err: 'error' });
      await matchesSpec(t, malformed, operationId);
      const large = await send(emu.url, path, { pad: 'x'.repeat(600 * 1024) });
      t.equal(large.status, 413);
      await matchesSpec(t, large, operationId);
    });
  }

  t.test("422 items keep express-validator's key order: value, msg, param, location", async (t) => {
    const res = await send(emu.url, '/auth/signin', { email: 'nope', password: 'x' });
    t.equal(
      res.text,
      '{"errors":[{"value":"nope","msg":"Invalid value","param":"email","location":"body"}]}',
    );
  });

  t.test(
    'CORS: every origin, preflight included, and the diagnostic header is readable',
    async (t) => {
      const preflight = await send(emu.url, '/auth/signin', undefined, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:5173',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,authorization',
        },
      });
      t.equal(preflight.status, 204);
      t.equal(preflight.headers['access-control-allow-origin'], '*');
      t.match(preflight.headers['access-control-allow-methods'], /POST/);
      t.match(preflight.headers['access-control-allow-headers'], /content-type,authorization/);
      const res = await send(emu.url, '/auth/signin', JANE, {
        headers: { origin: 'http://localhost:5173' },
      });
      t.equal(res.headers['access-control-allow-origin'], '*');
      t.match(res.headers['access-control-expose-headers'], /x-emulator-diagnostic/);
    },
  );

  t.test(
    'GET /openapi.json: the bundled spec with $refs, this emulator first in servers',
    async (t) => {
      const res = await send(emu.url, '/openapi.json', undefined, { method: 'GET' });
      t.equal(res.status, 200);
      const doc = res.body as {
        openapi: string;
        servers: { url: string }[];
        paths: Record<string, unknown>;
      };
      t.equal(doc.openapi, '3.0.3');
      t.equal(doc.servers[0]?.url, emu.url);
      t.ok(doc.servers.some((s) => s.url === 'https://api.tiledesk.com/v3'));
      t.strictSame(Object.keys(doc.paths), [
        '/auth/signin',
        '/auth/signup',
        '/auth/signinAnonymously',
        '/auth/signinWithCustomToken',
      ]);
      t.match(
        res.text,
        /"\$ref":"#\/components\/schemas\/SigninRequest"/,
        'refs are kept for generators',
      );
    },
  );

  t.test('GET /openapi.yaml: the file as bundled', async (t) => {
    const res = await send(emu.url, '/openapi.yaml', undefined, { method: 'GET' });
    t.equal(res.status, 200);
    t.match(res.contentType, /yaml/);
    t.equal(res.text, readFileSync(DEFAULT_SPEC_FILE, 'utf8'));
  });

  t.test('GET /docs: Swagger UI', async (t) => {
    const res = await send(emu.url, '/docs/', undefined, { method: 'GET' });
    t.equal(res.status, 200);
    t.match(res.text, /swagger-ui/i);
  });
});
