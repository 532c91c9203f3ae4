import t from 'tap';
import { emulator, JANE, matchesSpec, send } from './helpers.js';

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
});
