import t from 'tap';
import {
  emulator,
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  type Response,
  SUSPENDED,
  send,
  type Test,
} from '../helpers.js';
import { sign } from './users-helpers.js';

const basic = (credentials: string) => `Basic ${Buffer.from(credentials).toString('base64')}`;
const JANE_BASIC = basic(`${JANE.email}:${JANE.password}`);
const JANE_USER = {
  _id: '65f0a0000000000000000002',
  email: 'jane.doe@example.com',
  firstname: 'Jane',
  lastname: 'Doe',
  emailverified: true,
};

const getUser = (url: string, path: string, headers: Record<string, string> = {}) =>
  send(url, path, undefined, { method: 'GET', headers });

async function signin(url: string, user = JANE): Promise<string> {
  return ((await send(url, '/auth/signin', user)).body as { token: string }).token;
}

function unauthorized(t: Test, res: Response, reason: RegExp) {
  t.equal(res.status, 401);
  t.equal(res.text, 'Unauthorized');
  t.equal(res.contentType, undefined, 'no Content-Type, as passport writes it');
  t.equal(res.headers['transfer-encoding'], 'chunked');
  t.equal(res.headers['www-authenticate'], 'Basic realm="Users"');
  t.match(res.headers['x-emulator-diagnostic'], reason);
}

t.test('GET /users (getUser)', async (t) => {
  const emu = await emulator(t);

  for (const path of ['/users', '/users/', '/v2/users', '/v3/users/', '/USERS']) {
    t.test(`returns the caller's selected fields with HTTP Basic at ${path}`, async (t) => {
      const res = await getUser(emu.url, path, { authorization: JANE_BASIC });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'getUser');
      t.same(Object.keys(res.body as object), Object.keys(JANE_USER), 'the fields in that order');
      t.strictSame(res.body, JANE_USER);
    });
  }

  t.test('accepts a signin token, and the JWT scheme in any case', async (t) => {
    const token = await signin(emu.url);
    for (const authorization of [token, token.replace('JWT ', 'jwt ')]) {
      const res = await getUser(emu.url, '/users', { authorization });
      t.equal(res.status, 200);
      t.strictSame(res.body, JANE_USER);
    }
  });

  t.test('Basic: the e-mail in any case, the scheme matched anywhere in the word', async (t) => {
    for (const authorization of [
      basic('JANE.DOE@example.com:janepassword'),
      JANE_BASIC.replace('Basic', 'basic'),
      JANE_BASIC.replace('Basic', 'xBasicx'),
    ]) {
      const res = await getUser(emu.url, '/users', { authorization });
      t.equal(res.status, 200, authorization);
    }
  });

  t.test('returns 401 Unauthorized with the Basic challenge', async (t) => {
    const cases: [string, Record<string, string>, RegExp][] = [
      ['no Authorization header', {}, /no Authorization header/],
      ['a wrong password', { authorization: basic(`${JANE.email}:nope`) }, /wrong password/],
      ['an unknown e-mail', { authorization: basic('nobody@example.com:x') }, /no user has/],
      [
        'a suspended user',
        { authorization: basic(`${SUSPENDED.email}:${SUSPENDED.password}`) },
        /status 0/,
      ],
      ['an empty e-mail', { authorization: basic(':janepassword') }, /empty e-mail/],
      ['the super password', { authorization: basic(`${JANE.email}:superadmin`) }, /wrong/],
      ['a Bearer token', { authorization: 'Bearer abc' }, /Bearer is not accepted/],
      ['a bad signature', { authorization: `JWT ${sign({ _id: 'x' }, 'wrong')}` }, /signature/],
    ];
    for (const [name, headers, reason] of cases) {
      t.test(name, async (t) => unauthorized(t, await getUser(emu.url, '/users', headers), reason));
    }
    const res = await getUser(emu.url, '/users');
    await matchesSpec(t, res, 'getUser');
  });

  t.test('a password with ":" is cut at it, as passport-http splits the credentials', async (t) => {
    await send(emu.url, '/auth/signup', {
      email: 'colon@example.com',
      password: 'a:b',
      firstname: 'Co',
      lastname: 'Lon',
    });
    const whole = await getUser(emu.url, '/users', {
      authorization: basic('colon@example.com:a:b'),
    });
    unauthorized(t, whole, /more than one ":"/);
    const signedIn = await send(emu.url, '/auth/signin', {
      email: 'colon@example.com',
      password: 'a:b',
    });
    t.equal(signedIn.status, 200, 'signin takes the whole password');
  });

  t.test(
    'returns 400 Bad Request for a header of one word or credentials without ":"',
    async (t) => {
      for (const authorization of [
        'Basic',
        'JWT',
        'Bearer',
        'Basic !!!',
        basic('nocolon'),
        `Basic  ${JANE_BASIC.slice(6)}`,
      ]) {
        const res = await getUser(emu.url, '/users', { authorization });
        t.equal(res.status, 400, authorization);
        t.equal(res.text, 'Bad Request');
        t.equal(res.contentType, undefined);
        t.notOk(res.headers['www-authenticate'], 'no challenge on a 400');
        t.match(res.headers['x-emulator-diagnostic'], /^HTTP Basic: ./, 'Basic says why');
        await matchesSpec(t, res, 'getUser');
      }
    },
  );

  t.test('returns 403 Unauthorized. when the header is not exactly two parts', async (t) => {
    const token = await signin(emu.url);
    for (const headers of [
      { authorization: `${token} more` },
      { authorization: `${JANE_BASIC} x` },
    ]) {
      const res = await getUser(emu.url, '/users', headers);
      t.equal(res.status, 403);
      t.strictSame(res.body, { success: false, msg: 'Unauthorized.' });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        'the Authorization header must be exactly two parts ("JWT <token>", "Basic <credentials>"): one space, no other parts',
      );
      await matchesSpec(t, res, 'getUser');
    }
    const query = await getUser(emu.url, `/users?secret_token=${token.slice(4)}`);
    t.equal(query.status, 403, 'a token in the query string only passes passport, not valid-token');
    t.equal(
      query.headers['x-emulator-diagnostic'],
      'the token came as ?secret_token=; this operation needs it in the Authorization header',
    );
    // Checked on the real server: passport-jwt gets a list, which is no token.
    unauthorized(
      t,
      await getUser(emu.url, '/users?secret_token=a&secret_token=b'),
      /^no Authorization header/,
    );
  });

  t.test('a server token must still name an active user', async (t) => {
    const gone = sign({ _id: '65f0a00000000000000000ff', sub: 'user' }, 'nodeauthsecret');
    unauthorized(
      t,
      await getUser(emu.url, '/users', { authorization: `JWT ${gone}` }),
      /does not exist/,
    );
    const suspended = sign({ _id: '65f0a0000000000000000003', sub: 'user' }, 'nodeauthsecret');
    unauthorized(
      t,
      await getUser(emu.url, '/users', { authorization: `JWT ${suspended}` }),
      /status 0/,
    );
    const noSub = sign({ _id: JANE_USER._id }, 'nodeauthsecret');
    const res = await getUser(emu.url, '/users', { authorization: `JWT ${noSub}` });
    t.equal(res.status, 200, 'a token without sub names a user too');
  });

  t.test(
    'returns 500 {"err":"error"} for a server token whose _id is not an ObjectId',
    async (t) => {
      const bad = sign({ _id: 'not-an-id', sub: 'user' }, 'nodeauthsecret');
      const res = await getUser(emu.url, '/users', { authorization: `JWT ${bad}` });
      t.equal(res.status, 500);
      t.strictSame(res.body, { err: 'error' });
      t.match(res.headers['x-emulator-diagnostic'], /not an ObjectId/);
      await matchesSpec(t, res, 'getUser');
    },
  );

  t.test(
    'bot and subscription tokens: never found (401), 500 for an id that is not an ObjectId',
    async (t) => {
      for (const sub of ['bot', 'subscription']) {
        const found = sign({ _id: '65f0a00000000000000000ff', sub }, 'nodeauthsecret');
        unauthorized(
          t,
          await getUser(emu.url, '/users', { authorization: `JWT ${found}` }),
          /no bots|no subscriptions/,
        );
        const bad = sign({ _id: 'nope', sub }, 'nodeauthsecret');
        const res = await getUser(emu.url, '/users', { authorization: `JWT ${bad}` });
        t.equal(res.status, 500, sub);
        t.strictSame(res.body, { err: 'error' });
      }
    },
  );

  t.test(
    'a token of the old format (_doc._id) names its user; a numeric _id is a 500',
    async (t) => {
      const old = sign({ _doc: { _id: JANE_USER._id }, sub: 'user' }, 'nodeauthsecret');
      const res = await getUser(emu.url, '/users', { authorization: `JWT ${old}` });
      t.strictSame(res.body, JANE_USER);
      const numeric = sign({ _id: 12345, sub: 'user' }, 'nodeauthsecret');
      t.equal((await getUser(emu.url, '/users', { authorization: `JWT ${numeric}` })).status, 500);
    },
  );

  t.test(
    "looks an external user's or a guest's id up: 404, or 500 when not an ObjectId",
    async (t) => {
      const aud = `https://tiledesk.com/projects/${PROJECT_ID}`;
      const external = sign(
        { _id: '65f0a00000000000000000ff', sub: 'userexternal', aud },
        PROJECT_SECRET,
      );
      const notFound = await getUser(emu.url, '/users', { authorization: `JWT ${external}` });
      t.equal(notFound.status, 404);
      t.strictSame(notFound.body, { success: false, msg: 'Object not found.' });
      await matchesSpec(t, notFound, 'getUser');
      const guestToken = (
        (await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID })).body as {
          token: string;
        }
      ).token;
      const guest = await getUser(emu.url, '/users', { authorization: guestToken });
      t.equal(guest.status, 500);
      t.strictSame(guest.body, { success: false, msg: 'Error getting object.' });
      await matchesSpec(t, guest, 'getUser');
      const asJane = sign({ _id: JANE_USER._id, sub: 'userexternal', aud }, PROJECT_SECRET);
      const found = await getUser(emu.url, '/users', { authorization: `JWT ${asJane}` });
      t.strictSame(found.body, JANE_USER, "an external user's id that is a user's finds that user");
    },
  );
});

t.test(
  'a path under /users that no route serves is authenticated first, as the mount does',
  async (t) => {
    const emu = await emulator(t);
    for (const [method, path] of [
      ['GET', '/users/nothing'],
      ['GET', '/users/changepsw'],
      ['DELETE', '/v3/Users'],
      ['POST', '/chat21/native/auth/other'],
    ] as const) {
      const anonymous = await send(emu.url, path, undefined, { method });
      t.equal(anonymous.status, 401, `${method} ${path} without credentials`);
      t.equal(anonymous.headers['www-authenticate'], 'Basic realm="Users"');
      t.equal(anonymous.text, 'Unauthorized');
      const signedIn = await send(emu.url, path, undefined, {
        method,
        headers: { authorization: JANE_BASIC },
      });
      t.equal(signedIn.status, 400, `${method} ${path} signed in`);
      // The first segment, as the catch-all reads it (`v3` under a base path).
      t.strictSame(signedIn.body, { error: `Invalid project id: ${path.split('/')[1]}` });
    }
    // A mount that does not authenticate (/auth) answers the catch-all at once.
    const auth = await send(emu.url, '/auth/nothing', undefined, { method: 'GET' });
    t.equal(auth.status, 400);
  },
);
