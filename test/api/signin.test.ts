import t from 'tap';
import {
  ADMIN,
  decodeToken,
  emulator,
  JANE,
  JWT_TOKEN,
  matchesSpec,
  SUSPENDED,
  send,
} from '../helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2026-03-01T10:00:00.000Z');

t.test('POST /auth/signin (signin)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });

  t.test('returns 200 with a JWT and the selected user fields for valid credentials', async (t) => {
    const res = await send(emu.url, '/auth/signin', JANE);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signin');
    const body = res.body as { success: boolean; token: string; user: unknown; role?: string };
    t.equal(body.success, true);
    t.match(body.token, JWT_TOKEN);
    t.strictSame(body.user, {
      _id: '65f0a0000000000000000002',
      email: 'jane.doe@example.com',
      firstname: 'Jane',
      lastname: 'Doe',
      emailverified: true,
    });
    t.notOk('role' in body, 'no role for a user that is not ADMIN_EMAIL');
    t.notOk(res.text.includes('$2a$'), 'no password hash in the body');
  });

  t.test(
    'signs a token with the user fields, then iat, aud, iss, sub, jti and no exp',
    async (t) => {
      const res = await send(emu.url, '/auth/signin', JANE);
      const { header, payload } = decodeToken((res.body as { token: string }).token);
      t.strictSame(header, { alg: 'HS256', typ: 'JWT' });
      t.strictSame(Object.keys(payload), [
        '_id',
        'email',
        'firstname',
        'lastname',
        'emailverified',
        'iat',
        'aud',
        'iss',
        'sub',
        'jti',
      ]);
      t.match(payload, {
        _id: '65f0a0000000000000000002',
        email: 'jane.doe@example.com',
        iat: NOW.getTime() / 1000,
        aud: 'https://tiledesk.com',
        iss: 'https://tiledesk.com',
        sub: 'user',
      });
      t.match(payload.jti, UUID_V4);
      t.notOk('exp' in payload, 'the token never expires');
      const again = decodeToken(
        ((await send(emu.url, '/auth/signin', JANE)).body as { token: string }).token,
      );
      t.not(again.payload.jti, payload.jti, 'each token gets a fresh jti');
    },
  );

  t.test('adds "role":"admin" for the ADMIN_EMAIL user', async (t) => {
    const res = await send(emu.url, '/auth/signin', ADMIN);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signin');
    t.equal((res.body as { role: string }).role, 'admin');
  });

  t.test('honours a configured ADMIN_EMAIL', async (t) => {
    const other = await emulator(t, { adminEmail: JANE.email });
    const jane = await send(other.url, '/auth/signin', JANE);
    t.equal((jane.body as { role?: string }).role, 'admin');
    const admin = await send(other.url, '/auth/signin', ADMIN);
    t.notOk('role' in (admin.body as object));
  });

  t.test('lower-cases the e-mail before the lookup', async (t) => {
    const res = await send(emu.url, '/auth/signin', { ...JANE, email: 'Jane.DOE@Example.com' });
    t.equal(res.status, 200);
    t.equal((res.body as { user: { email: string } }).user.email, JANE.email);
  });

  t.test('accepts a form-encoded body', async (t) => {
    const res = await send(emu.url, '/auth/signin', JANE, { form: true });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signin');
  });

  t.test('answers under /v2 and /v3 too', async (t) => {
    for (const base of ['/v2', '/v3']) {
      const res = await send(emu.url, `${base}/auth/signin`, JANE);
      t.equal(res.status, 200, base);
    }
  });

  const failures = [
    {
      name: 'returns 401 "Authentication failed. User not found." for an unknown e-mail',
      body: { email: 'nobody@example.com', password: 'x' },
      msg: 'Authentication failed. User not found.',
      diagnostic: /no user has the e-mail nobody@example.com/,
    },
    {
      name: 'returns 401 "Authentication failed. User not found." for a user whose status is not 100',
      body: SUSPENDED,
      msg: 'Authentication failed. User not found.',
      diagnostic: /status 0/,
    },
    {
      name: 'returns 401 "Authentication failed. Wrong password." for a wrong password',
      body: { email: JANE.email, password: 'not-her-password' },
      msg: 'Authentication failed. Wrong password.',
      diagnostic: /does not match/,
    },
    {
      name: 'returns 401 "Wrong password." for a non-string, truthy password',
      body: { email: JANE.email, password: 12345 },
      msg: 'Authentication failed. Wrong password.',
      diagnostic: /number/,
    },
    {
      name: 'returns 401 "Authentication failed.  Password is required." (two spaces) for password 0',
      body: { email: JANE.email, password: 0 },
      msg: 'Authentication failed.  Password is required.',
      diagnostic: /falsy/,
    },
    {
      name: 'returns 401 "Authentication failed.  Password is required." for password false',
      body: { email: JANE.email, password: false },
      msg: 'Authentication failed.  Password is required.',
      diagnostic: /falsy/,
    },
    {
      name: 'checks the user before the password: unknown e-mail with password 0 is "User not found."',
      body: { email: 'nobody@example.com', password: 0 },
      msg: 'Authentication failed. User not found.',
      diagnostic: /no user/,
    },
  ];
  for (const row of failures) {
    t.test(row.name, async (t) => {
      const res = await send(emu.url, '/auth/signin', row.body);
      t.equal(res.status, 401);
      t.strictSame(res.body, { success: false, msg: row.msg });
      t.match(res.headers['x-emulator-diagnostic'], row.diagnostic);
      await matchesSpec(t, res, 'signin');
    });
  }

  const invalid = [
    {
      name: 'an empty body: email then password, without values',
      body: {},
      errors: [
        { msg: 'Invalid value', param: 'email', location: 'body' },
        { msg: 'Invalid value', param: 'password', location: 'body' },
      ],
    },
    {
      name: 'an e-mail without a TLD (validator.js isEmail)',
      body: { email: 'jane@localhost', password: 'x' },
      errors: [{ value: 'jane@localhost', msg: 'Invalid value', param: 'email', location: 'body' }],
    },
    {
      name: 'an e-mail with surrounding spaces',
      body: { email: ' jane.doe@example.com ', password: 'x' },
      errors: [
        { value: ' jane.doe@example.com ', msg: 'Invalid value', param: 'email', location: 'body' },
      ],
    },
    {
      name: 'a display-name e-mail',
      body: { email: 'Jane <jane.doe@example.com>', password: 'x' },
      errors: [
        {
          value: 'Jane <jane.doe@example.com>',
          msg: 'Invalid value',
          param: 'email',
          location: 'body',
        },
      ],
    },
    {
      name: 'an empty password, with its value',
      body: { email: JANE.email, password: '' },
      errors: [{ value: '', msg: 'Invalid value', param: 'password', location: 'body' }],
    },
    {
      name: 'a null password',
      body: { email: JANE.email, password: null },
      errors: [{ value: null, msg: 'Invalid value', param: 'password', location: 'body' }],
    },
    {
      name: 'an e-mail longer than 254 characters',
      body: { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.com`, password: 'x' },
      errors: [
        {
          value: `${'a'.repeat(60)}@${'b'.repeat(200)}.com`,
          msg: 'Invalid value',
          param: 'email',
          location: 'body',
        },
      ],
    },
    {
      name: 'a number as e-mail',
      body: { email: 42, password: 'x' },
      errors: [{ value: 42, msg: 'Invalid value', param: 'email', location: 'body' }],
    },
  ];
  for (const row of invalid) {
    t.test(`returns 422 with express-validator items for ${row.name}`, async (t) => {
      const res = await send(emu.url, '/auth/signin', row.body);
      t.equal(res.status, 422);
      t.strictSame(res.body, { errors: row.errors });
      t.ok(res.headers['x-emulator-diagnostic'], 'says what failed');
      await matchesSpec(t, res, 'signin');
    });
  }

  t.test('returns 422 for a body sent as text/plain, which the server does not read', async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      raw: JSON.stringify(JANE),
      headers: { 'content-type': 'text/plain' },
    });
    t.equal(res.status, 422);
    t.equal((res.body as { errors: unknown[] }).errors.length, 2);
    await matchesSpec(t, res, 'signin');
  });

  // Both checked on the real server: express-validator accepts them, then the route calls
  // req.body.email.toLowerCase() and fails.
  for (const [name, path, body, why] of [
    ['an array of e-mails', '/auth/signin', { ...JANE, email: [JANE.email] }, 'an array'],
    [
      'the e-mail in the query string',
      `/auth/signin?email=${JANE.email}`,
      { password: JANE.password },
      'missing (it came in the query string)',
    ],
  ] as const) {
    t.test(`returns 500 {"err":"error"} for ${name}`, async (t) => {
      const res = await send(emu.url, path, body);
      t.equal(res.status, 500);
      t.equal(res.text, '{"err":"error"}');
      await matchesSpec(t, res, 'signin');
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `the body's email is ${why}; the real server calls toLowerCase() on it and fails`,
      );
    });
  }

  t.test('returns 422 for a JSON request without a body', async (t) => {
    const res = await send(emu.url, '/auth/signin', undefined, {
      headers: { 'content-type': 'application/json' },
    });
    t.equal(res.status, 422);
    await matchesSpec(t, res, 'signin');
  });
});

// express-validator 6.15 checks an array by its first element only (its toString()), and echoes
// the array whole. Each answer is the real server's (2.19.16) to the same body.
t.test('arrays in signin and signup: the first element checked, the array echoed', async (t) => {
  const emu = await emulator(t);
  const invalid = (param: string, value: unknown) => ({
    errors: [{ value, msg: 'Invalid value', param, location: 'body' }],
  });
  const cases: [string, Record<string, unknown>, number, unknown][] = [
    ['/auth/signin', { email: ['bad', 'x'], password: 'p' }, 422, invalid('email', ['bad', 'x'])],
    [
      '/auth/signin',
      { email: [null, JANE.email], password: JANE.password },
      422,
      invalid('email', [null, JANE.email]),
    ],
    [
      '/auth/signin',
      { email: JANE.email, password: [JANE.password, ''] },
      401,
      { success: false, msg: 'Authentication failed. Wrong password.' },
    ],
    [
      '/auth/signup',
      {
        email: ['bad', 'ok1@example.com'],
        password: 'newpassword1',
        firstname: 'A',
        lastname: 'B',
      },
      422,
      invalid('email', ['bad', 'ok1@example.com']),
    ],
    [
      '/auth/signup',
      {
        email: ['ok2@example.com', 'bad'],
        password: 'newpassword1',
        firstname: 'A',
        lastname: 'B',
      },
      500,
      { success: false, message: 'Registration cannot be completed' },
    ],
    [
      '/auth/signup',
      { email: [{}], password: 'newpassword1', firstname: 'A', lastname: 'B' },
      422,
      invalid('email', [{}]),
    ],
    [
      '/auth/signup',
      { email: [['nested@example.com']], password: 'newpassword1', firstname: 'A', lastname: 'B' },
      500,
      { success: false, message: 'Registration cannot be completed' },
    ],
    [
      '/auth/signup',
      { email: 'ok5@example.com', password: 'newpassword1', firstname: [], lastname: ['', 'B'] },
      422,
      {
        errors: [
          { value: [], msg: 'Invalid value', param: 'firstname', location: 'body' },
          { value: ['', 'B'], msg: 'Invalid value', param: 'lastname', location: 'body' },
        ],
      },
    ],
  ];
  for (const [path, body, status, answer] of cases) {
    const res = await send(emu.url, path, body);
    const name = `${path} ${JSON.stringify(body)}`;
    t.equal(res.status, status, name);
    t.strictSame(res.body, answer, name);
  }
});
