import { readFileSync } from 'node:fs';
import t from 'tap';
import { DEFAULT_SPEC_FILE } from '../../src/config.js';
import { emulator, JANE, matchesSpec, postRaw, send } from '../helpers.js';

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

  t.test(
    "an unknown path is the /:projectid middleware's 400, as on the real server",
    async (t) => {
      const res = await send(emu.url, '/auth/nothing', {});
      t.equal(res.status, 400);
      t.same(res.body, { error: 'Invalid project id: auth' });
      t.match(res.headers['set-cookie'], /^connect\.sid=s%3A/);
      t.match(res.headers.etag, /^W\/"/);
      t.match(res.headers['x-emulator-diagnostic'], /POST \/auth\/signin/);
      const get = await send(emu.url, '/auth/signin', undefined, { method: 'GET' });
      t.equal(get.status, 400, 'GET on an operation path too');
      const encoded = await send(emu.url, '/a%75th/signin', JANE);
      t.same(
        encoded.body,
        { error: 'Invalid project id: auth' },
        'no percent-decoding before routing',
      );
    },
  );

  t.test(
    "Express's routing: case, a trailing slash and one extra slash reach the route",
    async (t) => {
      for (const path of ['/AUTH/SIGNIN', '/auth/signin/', '/auth//signin', '/v2/Auth/signin/']) {
        t.equal((await send(emu.url, path, JANE)).status, 200, path);
      }
    },
  );

  t.test("a path with an empty first segment gets finalhandler's 404 page", async (t) => {
    const res = await send(emu.url, '//auth/signin', JANE);
    t.equal(res.status, 404);
    t.equal(
      res.text,
      '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST //auth/signin</pre>\n</body>\n</html>\n',
    );
    t.equal(res.headers['content-security-policy'], "default-src 'none'");
    t.equal(res.headers['x-content-type-options'], 'nosniff');
    t.equal(res.headers.etag, undefined);
  });

  t.test("an unknown control route is a 404 in the control API's JSON", async (t) => {
    const res = await send(emu.url, '/__emulator/nothing', undefined, { method: 'GET' });
    t.equal(res.status, 404);
    t.match(res.body, { error: 'not_found' });
  });

  t.test('a diagnostic with non-ASCII characters is escaped, never a crash', async (t) => {
    const res = await send(emu.url, '/auth/signin', { email: 'zoë@exämple.com', password: 'x' });
    t.equal(res.status, 401);
    t.match(res.headers['x-emulator-diagnostic'], /zo\\u00eb/);
  });

  t.test(
    'form bodies share the JSON limit (the server passes JSON_BODY_LIMIT to both)',
    async (t) => {
      const small = await send(emu.url, '/auth/signin', undefined, {
        raw: `email=a%40example.com&password=x&pad=${'x'.repeat(150 * 1024)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      t.equal(small.status, 401, '150 KB is read');
      const res = await send(emu.url, '/auth/signin', undefined, {
        raw: `email=a%40example.com&password=x&pad=${'x'.repeat(600 * 1024)}`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          origin: 'http://app.example',
        },
      });
      t.equal(res.status, 413);
      t.strictSame(res.body, { err: 'Request entity too large', limit: 512000 });
      t.equal(
        res.headers['access-control-allow-origin'],
        undefined,
        "body-parser's error: no CORS",
      );
    },
  );

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
      const large = await postRaw(emu.url, path, { pad: 'x'.repeat(600 * 1024) });
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
      const bundled = (await import('yaml')).parse(readFileSync(DEFAULT_SPEC_FILE, 'utf8')) as {
        paths: object;
      };
      t.strictSame(Object.keys(doc.paths), Object.keys(bundled.paths), 'every path, in order');
      t.ok(Object.keys(doc.paths).includes('/auth/signinWithCustomToken'));
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
