import { createSigner } from 'fast-jwt';
import t from 'tap';
import { mintCustomToken } from '../../src/emulator/custom-tokens.js';
import {
  decodeToken,
  emulator,
  findProjectUser,
  findUser,
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  send,
} from '../helpers.js';

const PATH = '/auth/signinWithCustomToken';
const NOW = new Date('2026-06-01T09:00:00.000Z');

/** A token as the docs show it: sub userexternal, the project aud, custom claims. */
function docsToken(claims: Record<string, unknown> = {}): string {
  return mintCustomToken({
    secret: PROJECT_SECRET,
    projectId: PROJECT_ID,
    claims: {
      _id: 'ext-42',
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'ada@example.com',
      plan: 'pro',
      ...claims,
    },
    now: NOW,
  }).jwt;
}

function signWith(key: string, payload: Record<string, unknown>): string {
  return createSigner({ key, algorithm: 'HS256' })(payload);
}

interface Body {
  success: boolean;
  token: string;
  user: Record<string, unknown>;
}

t.test('POST /auth/signinWithCustomToken (signinWithCustomToken)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  t.beforeEach(() => emu.reset());
  const signin = (authorization?: string, body?: unknown, query = '') =>
    send(
      emu.url,
      `${PATH}${query}`,
      body,
      authorization === undefined ? {} : { headers: { authorization } },
    );

  t.test('a docs-style token signs in: 200 echoing the header and the claims', async (t) => {
    const token = docsToken();
    const res = await signin(`JWT ${token}`);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signinWithCustomToken');
    t.strictSame(res.body, {
      success: true,
      token: `JWT ${token}`,
      user: decodeToken(token).payload,
    });
  });

  t.test(
    'signing in twice gives the same answer and one project_user with role user',
    async (t) => {
      const token = docsToken();
      const first = await signin(`JWT ${token}`);
      const second = await signin(`JWT ${token}`);
      t.strictSame(second.body, first.body);
      const members = (await emu.tools.listProjectUsers()).filter(
        (pu) => pu.uuid_user === 'ext-42',
      );
      t.equal(members.length, 1);
      t.match(members[0], {
        id_project: PROJECT_ID,
        role: 'user',
        roleType: 2,
        status: 'active',
        createdBy: 'ext-42',
      });
    },
  );

  t.test('the role claim is saved on the project_user', async (t) => {
    await signin(`JWT ${docsToken({ role: 'supervisor' })}`);
    t.equal(
      (await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'ext-42' }))?.role,
      'supervisor',
    );
  });

  t.test(
    'the scheme is case-insensitive; a header without "JWT" comes back prefixed on first sign-in',
    async (t) => {
      const token = docsToken();
      const first = await signin(`jwt ${token}`);
      t.equal(first.status, 200);
      t.equal((first.body as Body).token, `JWT jwt ${token}`);
      const again = await signin(`jwt ${token}`);
      t.equal(
        (again.body as Body).token,
        `jwt ${token}`,
        'an existing project_user echoes the header verbatim',
      );
    },
  );

  t.test(
    'a generic aud without id_project echoes header and claims; nothing is saved',
    async (t) => {
      const token = signWith('nodeauthsecret', {
        _id: 'x1',
        aud: 'https://tiledesk.com',
        sub: 'userexternal',
      });
      const res = await signin(`JWT ${token}`);
      t.equal(res.status, 200);
      t.match(res.body, { success: true, token: `JWT ${token}`, user: { _id: 'x1' } });
      t.equal((await emu.tools.listProjectUsers()).filter((pu) => pu.uuid_user === 'x1').length, 0);
    },
  );

  t.test('a generic aud with id_project in the body signs in to that project', async (t) => {
    const token = signWith('nodeauthsecret', { _id: 'x2', aud: 'https://tiledesk.com' });
    const res = await signin(`JWT ${token}`, { id_project: PROJECT_ID });
    t.equal(res.status, 200);
    t.strictSame(res.body, {
      success: true,
      token: `JWT ${token}`,
      user: decodeToken(token).payload,
    });
    await matchesSpec(t, res, 'signinWithCustomToken');
    t.match(await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'x2' }), {
      role: 'user',
    });
  });

  t.test("a server token from signin turns into its user object (the apps' use)", async (t) => {
    const signed = await send(emu.url, '/auth/signin', JANE);
    const { token } = signed.body as Body;
    const res = await signin(token);
    t.equal(res.status, 200);
    t.match(res.body, { success: true, token, user: { email: JANE.email, sub: 'user' } });
    await matchesSpec(t, res, 'signinWithCustomToken');
  });

  t.test(
    'returns 401 "Authentication failed. Project_user not active." for a disabled project_user',
    async (t) => {
      const res = await signin(`JWT ${docsToken({ _id: 'external-disabled-user' })}`);
      t.equal(res.status, 401);
      t.strictSame(res.body, {
        success: false,
        msg: 'Authentication failed. Project_user not active.',
      });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `the project_user of external-disabled-user in project ${PROJECT_ID} is disabled`,
      );
      await matchesSpec(t, res, 'signinWithCustomToken');
    },
  );

  t.test(
    'returns 400 "JWT Aud field is required" for a global-key token without aud',
    async (t) => {
      const res = await signin(`JWT ${signWith('nodeauthsecret', { _id: 'x' })}`);
      t.equal(res.status, 400);
      t.strictSame(res.body, { success: false, msg: 'JWT Aud field is required' });
      await matchesSpec(t, res, 'signinWithCustomToken');
    },
  );

  t.test('returns 500 {"err":"error"} for an aud that is not a URL', async (t) => {
    const res = await signin(`JWT ${signWith('nodeauthsecret', { _id: 'x', aud: 'tiledesk' })}`);
    t.equal(res.status, 500);
    t.strictSame(res.body, { err: 'error' });
    t.match(res.headers['x-emulator-diagnostic'], /not a URL/);
    await matchesSpec(t, res, 'signinWithCustomToken');
  });

  const forbidden = [
    ['three space-separated parts', (tk: string) => `JWT ${tk} extra`],
    ['two spaces after the scheme', (tk: string) => `JWT  ${tk}`],
  ] as const;
  for (const [name, header] of forbidden) {
    t.test(
      `returns 403 {"success":false,"msg":"Unauthorized."} for a valid token with ${name}`,
      async (t) => {
        const res = await signin(header(docsToken()));
        t.equal(res.status, 403);
        t.strictSame(res.body, { success: false, msg: 'Unauthorized.' });
        await matchesSpec(t, res, 'signinWithCustomToken');
      },
    );
  }

  t.test('returns 401 for a falsy _id claim, which the real server cannot read', async (t) => {
    for (const _id of ['', 0]) {
      const res = await signin(`JWT ${docsToken({ _id })}`);
      t.equal(res.status, 401);
      t.equal(res.text, 'Unauthorized');
      // A listed divergence (real-server-never-answers): it crashes and never answers.
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `the token's _id claim is ${JSON.stringify(_id)}, which the real server cannot read (it crashes and never answers); send a non-empty _id`,
      );
    }
  });

  t.test('returns 403 for a valid token sent only as ?secret_token=', async (t) => {
    const res = await signin(undefined, undefined, `?secret_token=${docsToken()}`);
    t.equal(res.status, 403);
    t.strictSame(res.body, { success: false, msg: 'Unauthorized.' });
    t.match(res.headers['x-emulator-diagnostic'], /secret_token/);
    await matchesSpec(t, res, 'signinWithCustomToken');
  });

  t.test('owner/admin/agent roles', async (t) => {
    t.test(
      'an agent token for a new e-mail creates one user and returns a server token',
      async (t) => {
        const token = docsToken({
          _id: 'agent-1',
          role: 'agent',
          email: 'Grace.Hopper@Example.com',
          firstname: 'Grace',
          lastname: 'Hopper',
        });
        const res = await signin(`JWT ${token}`);
        t.equal(res.status, 200);
        await matchesSpec(t, res, 'signinWithCustomToken');
        const body = res.body as Body;
        const created = await findUser(emu, 'grace.hopper@example.com');
        t.ok(created, 'the user is stored with the lower-cased e-mail');
        t.strictSame(body.user, {
          _id: created?._id,
          email: 'grace.hopper@example.com',
          firstname: 'Grace',
          lastname: 'Hopper',
          emailverified: false,
          status: 100,
          createdAt: NOW.toISOString(),
          updatedAt: NOW.toISOString(),
          __v: 0,
        });
        t.notOk(
          res.text.includes('password') || res.text.includes('$2'),
          'no password hash (a deliberate divergence)',
        );
        const { payload } = decodeToken(body.token);
        t.match(payload, {
          _id: created?._id,
          email: 'grace.hopper@example.com',
          sub: 'user',
          aud: 'https://tiledesk.com',
          iss: 'https://tiledesk.com',
          iat: NOW.getTime() / 1000,
        });
        t.notOk('password' in payload);
        t.match(await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'agent-1' }), {
          role: 'agent',
          id_user: created?._id,
          roleType: 2,
        });

        const again = await signin(`JWT ${token}`);
        t.equal(again.status, 200);
        t.equal((again.body as Body).user._id, created?._id, 'the same user');
        t.not((again.body as Body).token, body.token, 'a fresh server token');
        t.equal(
          (await emu.tools.listUsers()).filter((u) => u.email === 'grace.hopper@example.com')
            .length,
          1,
          'no second user',
        );
      },
    );

    t.test("a token with the owner's e-mail and role admin returns the owner", async (t) => {
      const res = await signin(
        `JWT ${docsToken({ _id: 'jane-ext', role: 'admin', email: 'JANE.DOE@example.com', firstname: 'Other' })}`,
      );
      t.equal(res.status, 200);
      const body = res.body as Body;
      t.match(body.user, { _id: '65f0a0000000000000000002', email: JANE.email, firstname: 'Jane' });
      t.equal(decodeToken(body.token).payload.sub, 'user');
      t.notOk(
        await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'jane-ext' }),
        'no new project_user',
      );
    });

    // The next three checked on the real server 2.19.16.
    t.test(
      "an agent token with an existing user's e-mail who is no member: the user joins",
      async (t) => {
        const signup = await send(emu.url, '/auth/signup', {
          email: 'member@example.com',
          password: 'pw',
          firstname: 'Mem',
          lastname: 'Ber',
        });
        const id = (signup.body as { user: { _id: string } }).user._id;
        const res = await signin(
          `JWT ${docsToken({ _id: 'mem-1', role: 'agent', email: 'member@example.com' })}`,
        );
        t.equal(res.status, 200);
        t.match((res.body as Body).user, { _id: id, firstname: 'Mem' }, 'the existing user');
        t.equal(decodeToken((res.body as Body).token).payload.sub, 'user');
        t.match(await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'mem-1' }), {
          id_user: id,
          role: 'agent',
          roleType: 2,
          status: 'active',
          trashed: false,
          permissions: [],
          tags: [],
          createdBy: 'mem-1',
        });
        const pu = await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'mem-1' });
        t.strictSame([pu?.permissions, pu?.tags], [[], []], 'empty lists');
      },
    );

    t.test('an agent token without names makes a user without names', async (t) => {
      const res = await signin(
        `JWT ${docsToken({ _id: 'nn-1', role: 'agent', email: 'nonames@example.com', firstname: undefined, lastname: undefined })}`,
      );
      t.equal(res.status, 200);
      const user = (res.body as Body).user;
      t.strictSame(Object.keys(user), [
        'status',
        '_id',
        'email',
        'emailverified',
        'createdAt',
        'updatedAt',
        '__v',
      ]);
    });

    t.test('a role claim that is an object or a list: echo, no project_user', async (t) => {
      for (const [id, role] of [
        ['ro-1', { a: 1 }],
        ['ro-2', ['agent']],
      ] as const) {
        const token = docsToken({ _id: id, role });
        const res = await signin(`JWT ${token}`);
        t.equal(res.status, 200);
        t.strictSame(res.body, {
          success: true,
          token: `JWT ${token}`,
          user: decodeToken(token).payload,
        });
        t.equal(
          res.headers['x-emulator-diagnostic'],
          'the role claim is an array or object: no project_user was saved',
        );
        t.notOk(await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: id }));
      }
    });

    t.test('an agent token whose e-mail is an inactive user: 401 "User not found."', async (t) => {
      const res = await signin(
        `JWT ${docsToken({ role: 'agent', email: 'suspended@example.com' })}`,
      );
      t.equal(res.status, 401);
      t.strictSame(res.body, { success: false, msg: 'User not found.' });
      await matchesSpec(t, res, 'signinWithCustomToken');
    });

    t.test(
      'an agent token without an email claim: 500 with a diagnostic (the real server crashes)',
      async (t) => {
        const res = await signin(`JWT ${docsToken({ role: 'owner', email: undefined })}`);
        t.equal(res.status, 500);
        t.strictSame(res.body, { err: 'error' });
        t.match(res.headers['x-emulator-diagnostic'], /email claim/);
      },
    );
  });

  t.test(
    'an upper-case project id in aud is the same project (Mongo casts ObjectIds)',
    async (t) => {
      const token = createSigner({ key: PROJECT_SECRET })({
        _id: 'external-disabled-user',
        aud: `https://tiledesk.com/projects/${PROJECT_ID.toUpperCase()}`,
      });
      const res = await signin(`JWT ${token}`);
      t.equal(res.status, 401, 'the disabled project_user is found');
      t.strictSame(res.body, {
        success: false,
        msg: 'Authentication failed. Project_user not active.',
      });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `the project_user of external-disabled-user in project ${PROJECT_ID} is disabled`,
      );
      const fresh = createSigner({ key: PROJECT_SECRET })({
        _id: 'ext-upper',
        aud: `https://tiledesk.com/projects/${PROJECT_ID.toUpperCase()}`,
      });
      await signin(`JWT ${fresh}`);
      await signin(`JWT ${fresh}`);
      t.equal(
        (await emu.tools.listProjectUsers()).filter((pu) => pu.uuid_user === 'ext-upper').length,
        1,
        'one project_user',
      );
    },
  );

  t.test('an old-format token with _doc._id signs in, keyed by _doc._id', async (t) => {
    const token = createSigner({ key: PROJECT_SECRET })({
      _doc: { _id: 'doc-1' },
      aud: `https://tiledesk.com/projects/${PROJECT_ID}`,
    });
    const res = await signin(`JWT ${token}`);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signinWithCustomToken');
    t.ok(await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: 'doc-1' }));
  });

  t.test(
    'a generic aud with an id_project that is not an ObjectId: echo, nothing saved',
    async (t) => {
      const token = signWith('nodeauthsecret', { _id: 'x3', aud: 'https://tiledesk.com' });
      for (const id_project of ['nope', { a: 1 }, null]) {
        const res = await signin(`JWT ${token}`, { id_project });
        t.equal(res.status, 200, JSON.stringify(id_project));
        t.match(res.body, { success: true, token: `JWT ${token}`, user: { _id: 'x3' } });
        t.equal(
          res.headers['x-emulator-diagnostic'],
          id_project === null
            ? 'generic aud and no id_project in the body: the header and claims are echoed'
            : `id_project ${String(id_project)} is not an ObjectId: no project_user was looked up or saved`,
        );
        await matchesSpec(t, res, 'signinWithCustomToken');
      }
      t.equal((await emu.tools.listProjectUsers()).filter((pu) => pu.uuid_user === 'x3').length, 0);
    },
  );

  t.test(
    "the echo keeps the claims' order and types, as the server echoes the payload",
    async (t) => {
      const token = signWith(PROJECT_SECRET, {
        _id: 7,
        aud: `https://tiledesk.com/projects/${PROJECT_ID}`,
        sub: 'userexternal',
        flags: [1, 'a'],
        n: null,
      });
      const res = await signin(`JWT ${token}`);
      t.equal(res.status, 200);
      t.equal(
        res.text,
        `{"success":true,"token":"JWT ${token}","user":${JSON.stringify(decodeToken(token).payload)}}`,
      );
    },
  );
});

// ---- custom token names -------------------------------------------------------------------------

/**
 * POST /auth/signinWithCustomToken for an agent without a user: the new user takes the token's
 * firstname and lastname as mongoose casts them to String paths (values read from
 * tiledesk-server 2.19.16, conformance cases custom.types.firstname.*): a scalar becomes a
 * string, null stays null, an object stands for its string `_id`; anything else fails the save,
 * where the real server never answers and the emulator answers 500 and saves nothing.
 */

t.test('an agent token creates its user with the names mongoose casts', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  let n = 0;
  const signin = (names: Record<string, unknown>) => {
    const email = `agent-${++n}@example.com`;
    const { jwt } = mintCustomToken({
      secret: PROJECT_SECRET,
      projectId: PROJECT_ID,
      claims: { _id: `ext-${n}`, role: 'agent', email, ...names },
      now: NOW,
    });
    return {
      email,
      res: send(emu.url, '/auth/signinWithCustomToken', undefined, {
        headers: { authorization: `JWT ${jwt}` },
      }),
    };
  };

  const saved: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['an object with a string _id', { firstname: { _id: 'Idname' } }, { firstname: 'Idname' }],
    ['a number', { firstname: 12, lastname: true }, { firstname: '12', lastname: 'true' }],
    ['null', { firstname: null, lastname: null }, { firstname: null, lastname: null }],
  ];
  for (const [name, names, expected] of saved) {
    t.test(name, async (t) => {
      const { email, res } = signin(names);
      const answer = await res;
      t.equal(answer.status, 200);
      t.match(answer.body, { success: true, user: expected });
      const token = (answer.body as { token: string }).token;
      t.match(decodeToken(token).payload, expected, "the token's claims are the user's");
      t.match(await findUser(emu, email), expected, 'saved');
    });
  }

  const refused: [string, unknown][] = [
    ['an object without a string _id', { a: 1 }],
    ['an empty _id', { _id: '' }],
    ['a list', ['x']],
  ];
  for (const [name, value] of refused) {
    t.test(`${name}: 500, nothing saved`, async (t) => {
      const { email, res } = signin({ lastname: value });
      const answer = await res;
      t.equal(answer.status, 500);
      t.strictSame(answer.body, { err: 'error' });
      t.match(
        answer.headers['x-emulator-diagnostic'],
        /^the lastname claim cannot be saved as the user's lastname \(Cast to string failed for value .* at path "lastname"\); the real server's save fails and it never answers$/,
      );
      t.equal(await findUser(emu, email), undefined, 'no user');
    });
  }
});
