/**
 * Error answers as a browser sees them, and the 500s the emulator sends on purpose.
 * - CORS: the real server's cors() runs before its routes, so every error a route answers (401,
 *   403, 422, its 500s) carries `Access-Control-Allow-Origin: *`; body-parser fails before cors()
 *   (malformed JSON's 500, 413), and those answers carry none. Values taken from the real
 *   server 2.19.16 with curl.
 * - Every 500 is one the emulator decided to send: the real server's answer to the same
 *   request, with a diagnostic that says why. None is labelled "unexpected error" (app.ts
 *   toApiError), which the fuzz tier treats as a bug.
 */
import { createSigner } from 'fast-jwt';
import t from 'tap';
import {
  emulator,
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  type Response,
  send,
  type Test,
} from '../helpers.js';

const ORIGIN = { origin: 'http://app.example' };
const AUD = `https://tiledesk.com/projects/${PROJECT_ID}`;
const sign = createSigner({ key: PROJECT_SECRET, noTimestamp: true });
/** Arrays nested `depth` deep: `[[[…]]]`. */
const nested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

t.test('error answers', async (t) => {
  const emu = await emulator(t, { controlToken: 'ctl-token' });

  const cases: {
    name: string;
    path: string;
    operationId: string;
    body?: unknown;
    raw?: string;
    headers?: Record<string, string>;
    status: number;
    cors: boolean;
  }[] = [
    {
      name: 'a wrong password',
      path: '/auth/signin',
      operationId: 'signin',
      body: { ...JANE, password: 'wrong' },
      status: 401,
      cors: true,
    },
    {
      name: 'an invalid e-mail',
      path: '/auth/signin',
      operationId: 'signin',
      body: { email: 'nope', password: 'x' },
      status: 422,
      cors: true,
    },
    {
      name: 'an e-mail already registered',
      path: '/auth/signup',
      operationId: 'signup',
      body: { ...JANE, firstname: 'J', lastname: 'D' },
      status: 403,
      cors: true,
    },
    {
      name: "passport's plain-text Unauthorized",
      path: '/auth/signinWithCustomToken',
      operationId: 'signinWithCustomToken',
      body: {},
      status: 401,
      cors: true,
    },
    {
      name: 'a field JavaScript cannot convert to a string (500)',
      path: '/auth/signup',
      operationId: 'signup',
      raw: '{"email":{"toString":""},"password":"x","firstname":"a","lastname":"b"}',
      status: 500,
      cors: true,
    },
    {
      name: 'malformed JSON (500 from body-parser, before cors())',
      path: '/auth/signinAnonymously',
      operationId: 'signinAnonymously',
      raw: '{"id_project":',
      status: 500,
      cors: false,
    },
    {
      name: 'a body over the limit (413 from body-parser, before cors())',
      path: '/auth/signin',
      operationId: 'signin',
      raw: JSON.stringify({ email: 'a@example.com', password: 'x'.repeat(600 * 1024) }),
      status: 413,
      cors: false,
    },
  ];

  for (const c of cases) {
    t.test(`${c.name}: ${c.status}, ${c.cors ? 'with' : 'without'} CORS`, async (t) => {
      const res = await send(emu.url, c.path, c.body, {
        headers: { ...ORIGIN, ...c.headers, ...(c.raw && { 'content-type': 'application/json' }) },
        ...(c.raw && { raw: c.raw }),
      });
      t.equal(res.status, c.status);
      await matchesSpec(t, res, c.operationId);
      t.equal(res.headers['access-control-allow-origin'], c.cors ? '*' : undefined);
      if (c.cors) {
        t.equal(
          res.headers['access-control-expose-headers'],
          'x-emulator-diagnostic, x-emulator-steered',
          'the diagnostic is readable by the page',
        );
      }
    });
  }

  t.test("a GET's body is read as body-parser reads it: its errors come first", async (t) => {
    const get = (path: string, raw: string, type = 'application/json') =>
      send(emu.url, path, undefined, {
        method: 'GET',
        raw,
        headers: { ...ORIGIN, 'content-type': type },
      });
    // A malformed body is the 500 before the route (and before cors()), even where it would
    // answer 404 or 401; the real server 2.19.16 answers so.
    for (const [path, operationId] of [
      ['/auth/checkpswresetkey/nokey', 'checkPasswordResetKey'],
      ['/users', 'getUser'],
      ['/nothing/here', undefined],
    ] as const) {
      const res = await get(path, '{"a": ');
      t.equal(res.status, 500, path);
      t.equal(res.text, '{"err":"error"}');
      t.equal(res.headers['access-control-allow-origin'], undefined, 'before cors()');
      t.match(String(res.headers['x-emulator-diagnostic']), /not valid JSON/);
      if (operationId) await matchesSpec(t, res, operationId);
    }
    const large = await get('/users', JSON.stringify({ a: 'x'.repeat(600 * 1024) }));
    t.equal(large.status, 413);
    t.equal(large.text, '{"err":"Request entity too large","limit":512000}');
    const fields = Array.from({ length: 1001 }, (_, i) => `f${i}=1`).join('&');
    const many = await get('/users', fields, 'application/x-www-form-urlencoded');
    t.equal(many.status, 413);
    // What body-parser does not read changes nothing: the route answers.
    const text = await get('/auth/checkpswresetkey/nokey', '{"a": ', 'text/plain');
    t.equal(text.status, 404);
    t.equal(text.text, '{"success":false,"msg":"Invalid password reset key"}');
    const fine = await get('/auth/checkpswresetkey/nokey', '{"a":1}');
    t.equal(fine.status, 404);
    // The control API keeps its own rules: a GET's body is not read there.
    const health = await send(emu.url, '/__emulator/health', undefined, {
      method: 'GET',
      raw: '{"a": ',
      headers: { 'content-type': 'application/json' },
    });
    t.equal(health.status, 200);
  });

  t.test('an unknown path under /auth: 400 Invalid project id, with CORS', async (t) => {
    const res = await send(emu.url, '/auth/nothing/x', {}, { headers: ORIGIN });
    t.equal(res.status, 400);
    t.equal(res.headers['access-control-allow-origin'], '*');
  });

  /** A 500 the emulator means: the real server's body, and a diagnostic saying why. */
  const faithful500 = async (t: Test, res: Response, reason: RegExp) => {
    t.equal(res.status, 500);
    const diagnostic = String(res.headers['x-emulator-diagnostic'] ?? '');
    t.notMatch(diagnostic, /^unexpected error/, 'not an internal error');
    t.match(diagnostic, reason);
  };

  t.test('the 500s the fuzz tier met at first are faithful answers', async (t) => {
    const unconvertible = await send(emu.url, '/auth/signin', undefined, {
      raw: '{"email":{"toString":""},"password":"x"}',
      headers: { 'content-type': 'application/json' },
    });
    await faithful500(t, unconvertible, /email cannot be converted to a string.*real server/);
    t.strictSame(unconvertible.body, { err: 'error' });

    // The real server overflows its stack from a password nested 3,164 deep (express-validator's
    // String(value)); far past that, the emulator does too.
    const deep = await send(emu.url, '/auth/signin', undefined, {
      raw: `{"email":"jane.doe@example.com","password":${nested(20_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    await faithful500(t, deep, /password cannot be converted.*Maximum call stack/);
    t.strictSame(deep.body, { err: 'error' });

    const anonymous = await send(emu.url, '/auth/signinAnonymously', undefined, {
      raw: `{"id_project":${nested(20_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    await faithful500(t, anonymous, /id_project cannot be converted/);

    // A guest's attributes nested past what JSON.stringify can sign: the real server never
    // answers (5,000 deep, measured); the emulator says so in a 500 of its own.
    const attributes = await send(emu.url, '/auth/signinAnonymously', undefined, {
      raw: `{"id_project":"${PROJECT_ID}","attributes":${nested(20_000)}}`,
      headers: { 'content-type': 'application/json' },
    });
    await faithful500(t, attributes, /nested too deeply to serialise.*never answers/);
    t.strictSame(attributes.body, { err: 'error' });

    for (const name of ['firstname', 'lastname']) {
      const guest = await send(emu.url, '/auth/signinAnonymously', {
        id_project: PROJECT_ID,
        [name]: { toString: '' },
      });
      await faithful500(t, guest, /firstname or lastname cannot be converted.*answers 500/);
      t.strictSame(guest.body, { err: 'error' });
    }

    for (const operation of ['signin', 'signup']) {
      // A lone UTF-16 surrogate: validator's isEmail throws "URI malformed" (real server: 500).
      const surrogate = await send(emu.url, `/auth/${operation}`, undefined, {
        raw: '{"email":"\\ud800","password":"x","firstname":"a","lastname":"b"}',
        headers: { 'content-type': 'application/json', ...ORIGIN },
      });
      await faithful500(t, surrogate, /isEmail throws on the e-mail \(URI malformed/);
      t.strictSame(surrogate.body, { err: 'error' });
      t.equal(surrogate.headers['access-control-allow-origin'], '*');
    }

    for (const claims of [
      { _id: { toString: 0 } },
      { _doc: { _id: { toString: 0 } } },
      { _id: 'ext-1', role: { toString: 0 } },
    ]) {
      const token = sign({ aud: AUD, ...claims });
      const res = await send(
        emu.url,
        '/auth/signinWithCustomToken',
        {},
        {
          headers: { authorization: `JWT ${token}` },
        },
      );
      await faithful500(t, res, /claim cannot be converted.*never answers/);
      t.strictSame(res.body, { err: 'error' }, JSON.stringify(claims));
    }
  });

  t.test('createCustomToken: claims nested too deeply to sign are 400', async (t) => {
    const res = await send(emu.url, '/__emulator/custom-tokens', undefined, {
      raw: `{"projectId":"${PROJECT_ID}","claims":{"x":${nested(20_000)}}}`,
      headers: { 'content-type': 'application/json', authorization: 'Bearer ctl-token' },
    });
    t.equal(res.status, 400);
    await matchesSpec(t, res, 'createCustomToken', 'control');
    t.match(res.body, { error: 'invalid_request', field: 'claims', message: /nested too deeply/ });
  });

  t.test('createCustomToken: an nbf or exp claim that is not an integer is 400', async (t) => {
    for (const claims of [{ nbf: -5e-324 }, { exp: 1.5 }, { nbf: -1 }]) {
      const res = await send(
        emu.url,
        '/__emulator/custom-tokens',
        { projectId: PROJECT_ID, claims },
        { headers: { authorization: 'Bearer ctl-token' } },
      );
      t.equal(res.status, 400, JSON.stringify(claims));
      await matchesSpec(t, res, 'createCustomToken', 'control');
      const name = Object.keys(claims)[0];
      t.match(res.body, {
        error: 'invalid_request',
        field: `claims.${name}`,
        message: new RegExp(`The ${name} claim must be a positive integer`),
      });
    }
  });
});
