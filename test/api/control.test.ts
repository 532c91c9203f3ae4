import t from 'tap';
import {
  decodeToken,
  emulator,
  findProjectUser,
  findUser,
  JANE,
  matchesSpec,
  PROJECT_ID,
  send,
} from '../helpers.js';

const get = (url: string, path: string, headers: Record<string, string> = {}) =>
  send(url, path, undefined, { method: 'GET', headers });

t.test('control API (/__emulator)', async (t) => {
  const emu = await emulator(t);
  t.beforeEach(() => emu.reset());

  t.test(
    'GET /__emulator/health (getHealth): ready, its pid, version, hashes of spec and fixtures',
    async (t) => {
      const res = await get(emu.url, '/__emulator/health');
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'getHealth', 'control');
      t.match(res.body, {
        status: 'ok',
        pid: process.pid,
        version: /^\d+\.\d+\.\d+/,
        tiledeskVersion: '2.19.16',
        spec: { sha256: /^[0-9a-f]{64}$/ },
        fixtures: { file: 'seed.json', sha256: /^[0-9a-f]{64}$/ },
        store: { kind: 'memory' },
        operations: ['signin', 'signup', 'signinAnonymously', 'signinWithCustomToken'],
      });
    },
  );

  t.test('POST /__emulator/reset (resetState) restores the fixtures in milliseconds', async (t) => {
    await send(emu.url, '/auth/signup', {
      email: 'temp@example.com',
      password: 'p',
      firstname: 'T',
      lastname: 'U',
    });
    const res = await send(emu.url, '/__emulator/reset', {});
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'resetState', 'control');
    t.equal((res.body as { reset: boolean }).reset, true);
    t.type((res.body as { durationMs: number }).durationMs, 'number');
    const users = await get(emu.url, '/__emulator/users');
    t.notOk((users.body as { email: string }[]).some((u) => u.email === 'temp@example.com'));
  });

  t.test('GET /__emulator/users (listUsers) never shows a password hash', async (t) => {
    const res = await get(emu.url, '/__emulator/users');
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'listUsers', 'control');
    t.ok((res.body as unknown[]).length >= 3);
    t.notOk(res.text.includes('password') || res.text.includes('$2a$'));
  });

  t.test('GET /__emulator/projects (listProjects) never shows a jwtSecret', async (t) => {
    const res = await get(emu.url, '/__emulator/projects');
    await matchesSpec(t, res, 'listProjects', 'control');
    t.match(res.body, [{ _id: PROJECT_ID, hasJwtSecret: true }]);
    t.notOk(res.text.includes('jwtSecret"') || res.text.includes('3f9e2c1a'));
  });

  t.test(
    'GET /__emulator/project-users (listProjectUsers), filterable by id_project',
    async (t) => {
      const all = await get(emu.url, '/__emulator/project-users');
      await matchesSpec(t, all, 'listProjectUsers', 'control');
      t.equal((all.body as unknown[]).length, 2);
      const none = await get(
        emu.url,
        '/__emulator/project-users?id_project=65f0b000000000000000ffff',
      );
      t.strictSame(none.body, []);
    },
  );

  t.test(
    'POST /__emulator/seed (seedState): a plain password is stored hashed and signs in',
    async (t) => {
      const res = await send(emu.url, '/__emulator/seed', {
        users: [{ email: 'Grace@Example.com', password: 'gracepassword', firstname: 'Grace' }],
        projects: [{ _id: '65f0b0000000000000000002', name: 'Second', jwtSecret: 'second-secret' }],
        project_users: [
          {
            id_project: '65f0b0000000000000000002',
            uuid_user: 'ext-7',
            role: 'user',
            status: 'disabled',
          },
        ],
      });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'seedState', 'control');
      t.notOk(
        res.text.includes('gracepassword') ||
          res.text.includes('second-secret') ||
          res.text.includes('$2'),
      );
      t.match(await findUser(emu, 'grace@example.com'), { email: 'grace@example.com' });
      t.notOk(JSON.stringify(await emu.tools.listUsers()).includes('$2'), 'no hash is listed');
      const signin = await send(emu.url, '/auth/signin', {
        email: 'grace@example.com',
        password: 'gracepassword',
      });
      t.equal(signin.status, 200);
      t.match(
        await findProjectUser(emu, { id_project: '65f0b0000000000000000002', uuid_user: 'ext-7' }),
        { status: 'disabled', roleType: 2 },
      );
    },
  );

  const badSeeds: [string, unknown, string, RegExp][] = [
    [
      'an invalid e-mail',
      { users: [{ email: 'nope', password: 'x' }] },
      'users[0].email',
      /must match format "email"/,
    ],
    [
      'a missing password',
      { users: [{ email: 'a@example.com' }] },
      'users[0].password',
      /is required/,
    ],
    [
      'an unknown field',
      { users: [{ email: 'a@example.com', password: 'x', pasword: 'y' }] },
      'users[0].pasword',
      /unknown key "pasword" \(did you mean "password"\?\)/,
    ],
    [
      'a bad role',
      { project_users: [{ id_project: PROJECT_ID, uuid_user: 'u', role: 'king' }] },
      'project_users[0].role',
      /allowed values/,
    ],
    [
      'a project id that is not an ObjectId',
      { projects: [{ _id: 'x', name: 'P' }] },
      'projects[0]._id',
      /must match pattern/,
    ],
  ];
  for (const [name, body, field, message] of badSeeds) {
    t.test(`seed rejects ${name} with a 400 naming ${field}`, async (t) => {
      const res = await send(emu.url, '/__emulator/seed', body);
      t.equal(res.status, 400);
      await matchesSpec(t, res, 'seedState', 'control');
      t.match(res.body, { error: 'invalid_request', field, message });
    });
  }

  t.test('seed answers 409 for an e-mail already registered, and adds nothing', async (t) => {
    const res = await send(emu.url, '/__emulator/seed', {
      users: [
        { email: 'new@example.com', password: 'x' },
        { email: JANE.email, password: 'x' },
      ],
    });
    t.equal(res.status, 409);
    await matchesSpec(t, res, 'seedState', 'control');
    t.notOk(await findUser(emu, 'new@example.com'), 'all or nothing');
  });

  t.test(
    'GET/DELETE /__emulator/requests: a journal of API calls, filterable, redacted',
    async (t) => {
      await send(emu.url, '/__emulator/requests', undefined, { method: 'DELETE' });
      await send(emu.url, '/auth/signin', JANE);
      await send(emu.url, '/auth/signin', { email: JANE.email, password: 'wrong' });
      await send(emu.url, '/v2/auth/signinAnonymously', { id_project: PROJECT_ID });
      const signins = await get(emu.url, '/__emulator/requests?operationId=signin');
      await matchesSpec(t, signins, 'listRequests', 'control');
      const entries = signins.body as {
        status: number;
        body: Record<string, unknown>;
        path: string;
      }[];
      t.equal(entries.length, 2, 'my app called signin twice');
      t.match(entries, [
        {
          operationId: 'signin',
          method: 'POST',
          path: '/auth/signin',
          status: 200,
          body: { email: JANE.email, password: '[redacted]' },
        },
        { status: 401 },
      ]);
      t.notOk(signins.text.includes(JANE.password), 'no password in the journal');
      const all = await get(emu.url, '/__emulator/requests');
      t.equal((all.body as unknown[]).length, 3, 'control calls are not journaled');
      const cleared = await send(emu.url, '/__emulator/requests', undefined, { method: 'DELETE' });
      t.equal(cleared.status, 204);
      t.strictSame((await get(emu.url, '/__emulator/requests')).body, []);
    },
  );

  t.test('the journal redacts Authorization-borne tokens and ?secret_token=', async (t) => {
    await send(emu.url, '/auth/signinWithCustomToken?secret_token=abc.def.ghi', {
      token: 'x',
      id_project: PROJECT_ID,
    });
    const res = await get(emu.url, '/__emulator/requests?operationId=signinWithCustomToken');
    t.notOk(res.text.includes('abc.def.ghi'));
    t.match(res.body, [{ path: /secret_token=%5Bredacted%5D/, body: { token: '[redacted]' } }]);
  });

  t.test(
    'POST /__emulator/custom-tokens (createCustomToken) mints a token that signs in',
    async (t) => {
      const res = await send(emu.url, '/__emulator/custom-tokens', {
        projectId: PROJECT_ID,
        claims: { _id: 'ext-9', firstname: 'Ada' },
        expiresIn: 600,
      });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'createCustomToken', 'control');
      const { token, claims } = res.body as { token: string; claims: Record<string, unknown> };
      t.match(claims, {
        _id: 'ext-9',
        sub: 'userexternal',
        aud: `https://tiledesk.com/projects/${PROJECT_ID}`,
      });
      t.equal((claims.exp as number) - (claims.iat as number), 600);
      t.strictSame(decodeToken(token).payload, claims);
      const signin = await send(emu.url, '/auth/signinWithCustomToken', undefined, {
        headers: { authorization: token },
      });
      t.equal(signin.status, 200);
    },
  );

  t.test('custom-tokens answers 404 for an unknown project', async (t) => {
    const res = await send(emu.url, '/__emulator/custom-tokens', {
      projectId: '65f0b000000000000000ffff',
    });
    t.equal(res.status, 404);
    await matchesSpec(t, res, 'createCustomToken', 'control');
    t.match(res.body, { error: 'not_found', field: 'projectId' });
  });
});

t.test('control API access', async (t) => {
  t.test('with a control token, calls need it as a bearer token (health excepted)', async (t) => {
    const emu = await emulator(t, { controlToken: 's3cret-control' });
    const denied = await get(emu.url, '/__emulator/users');
    t.equal(denied.status, 401);
    await matchesSpec(t, denied, 'listUsers', 'control');
    t.equal(
      (await get(emu.url, '/__emulator/users', { authorization: 'Bearer wrong' })).status,
      401,
    );
    t.equal(
      (await get(emu.url, '/__emulator/users', { authorization: 'Bearer s3cret-control' })).status,
      200,
    );
    t.equal((await get(emu.url, '/__emulator/health')).status, 200);
  });

  t.test(
    'on a non-loopback address without a token, the control API is off (403), health is not',
    async (t) => {
      const emu = await emulator(t, { host: '0.0.0.0' });
      const url = emu.url.replace('0.0.0.0', '127.0.0.1');
      const res = await send(url, '/__emulator/reset');
      t.equal(res.status, 403);
      await matchesSpec(t, res, 'resetState', 'control');
      t.match(res.body, { error: 'forbidden', message: /--control-token/ });
      t.equal((await get(url, '/__emulator/health')).status, 200);
    },
  );
});
