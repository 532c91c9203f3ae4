/**
 * PUT /auth/verifyemail/{userid}/{code} (verifyEmail): the code from signup's e-mail, valid and
 * reusable for 900 s on the emulator's clock, and what the route saves from its body (values
 * read from tiledesk-server 2.19.16; conformance/cases/verify-email.json).
 */
import t from 'tap';
import {
  emulator,
  findUserById,
  internals,
  JANE,
  matchesSpec,
  type Response,
  send,
} from '../helpers.js';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const NEW_USER = {
  email: 'verify.me@example.com',
  password: 'pw',
  firstname: 'Veri',
  lastname: 'Fy',
};
const EXPIRED = {
  success: false,
  error: 'Unable to verify email: the verification code is expired or invalid.',
  error_code: 10005,
};

t.test('PUT /auth/verifyemail/{userid}/{code} (verifyEmail)', async (t) => {
  const run = await internals(t, { now: () => NOW });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(async () => {
    await emu.reset();
    run.config.clock.release();
  });

  /** Signs a user up; returns its id and the code its e-mail carried. */
  async function signup(user = NEW_USER): Promise<{ id: string; code: string }> {
    const res = await send(emu.url, '/auth/signup', user);
    const id = (res.body as { user: { _id: string } }).user._id;
    return { id, code: outbox.last(user.email)?.code ?? '' };
  }
  const verify = (id: string, code: string, body?: unknown, form = false): Promise<Response> =>
    send(emu.url, `/auth/verifyemail/${id}/${code}`, body, { method: 'PUT', form });

  t.test('returns 200 with the user, saved with what the body says', async (t) => {
    const { id, code } = await signup();
    run.config.clock.set(new Date('2026-02-01T10:05:00.000Z'));
    const res = await verify(id, code, { emailverified: true });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'verifyEmail');
    t.strictSame(res.body, {
      _id: id,
      email: 'verify.me@example.com',
      firstname: 'Veri',
      lastname: 'Fy',
      emailverified: true,
      status: 100,
      createdAt: NOW.toISOString(),
      updatedAt: '2026-02-01T10:05:00.000Z',
      __v: 0,
    });
    const signin = await send(emu.url, '/auth/signin', NEW_USER);
    t.match(signin.body, { user: { emailverified: true } }, 'signin sees it');
  });

  t.test('the link in the e-mail is the route: user id and code', async (t) => {
    const { id, code } = await signup();
    const link = outbox.last()?.links[0] ?? '';
    t.ok(link.endsWith(`/#/verify/email/${id}/${code}`));
  });

  t.test('the code works again and again for 900 s, then answers 401 10005', async (t) => {
    run.config.clock.set(NOW);
    const { id, code } = await signup();
    t.equal((await verify(id, code, { emailverified: true })).status, 200);
    run.config.clock.advance(899_999);
    t.equal((await verify(id, code, { emailverified: true })).status, 200, 'at 899.999 s');
    run.config.clock.advance(1);
    const res = await verify(id, code, { emailverified: true });
    t.equal(res.status, 401);
    await matchesSpec(t, res, 'verifyEmail');
    t.strictSame(res.body, EXPIRED);
    t.match(res.headers['x-emulator-diagnostic'], /expired at 2026-02-01T10:15:00\.000Z/);
  });

  t.test('returns 401 10005 for a code never sent', async (t) => {
    const { id } = await signup();
    const res = await verify(id, 'nosuchcode', { emailverified: true });
    t.equal(res.status, 401);
    t.strictSame(res.body, EXPIRED);
    t.match(res.headers['x-emulator-diagnostic'], /no verification code nosuchcode was sent/);
  });

  t.test("returns 401 10006 for another user's code, or an id that is none", async (t) => {
    const { code } = await signup();
    const owner = (outbox.last(NEW_USER.email)?.links[0] ?? '').split('/').at(-2);
    for (const id of ['65f0a0000000000000000002', 'notanid']) {
      const res = await verify(id, code, { emailverified: true });
      t.equal(res.status, 401);
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `the code was sent to the user ${owner}, not ${id}`,
      );
      await matchesSpec(t, res, 'verifyEmail');
      t.strictSame(res.body, {
        success: false,
        error: 'Trying to use a verification code from another user.',
        error_code: 10006,
      });
    }
  });

  t.test('casts what the body saves as mongoose does, dropping unknown keys', async (t) => {
    const { id, code } = await signup();
    const res = await verify(id, code, {
      emailverified: 'yes',
      status: '5',
      firstname: 12,
      lastname: true,
      email: 'Upper@Example.com',
      phone: ' +391234 ',
      attributes: { plan: 'pro' },
      signedInAt: '2021-01-01',
      description: null,
      createdAt: '2020-01-01T00:00:00.000Z',
      foo: 'bar',
    });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'verifyEmail');
    t.match(res.body, {
      emailverified: true,
      status: 5,
      firstname: '12',
      lastname: 'true',
      email: 'Upper@Example.com',
      phone: '+391234',
      attributes: { plan: 'pro' },
      signedInAt: '2021-01-01T00:00:00.000Z',
      description: null,
      createdAt: NOW.toISOString(),
    });
    t.equal((res.body as { phone: string }).phone, '+391234', 'phone trimmed, as the model does');
    t.notOk('foo' in (res.body as object), 'unknown keys are dropped');
    t.equal(run.store.findUserById(id)?.status, 5, 'saved');
  });

  t.test("casts the model's other paths (values read from the real server)", async (t) => {
    const { id, code } = await signup();
    const res = await verify(id, code, {
      authUrl: 5,
      description: 6,
      public_email: true,
      public_website: 7,
      phone: 12345,
      __v: '3',
      resetpswrequestid: 9,
      attributes: [1, 'x'],
    });
    t.equal(res.status, 200);
    t.notOk(res.headers['x-emulator-diagnostic'], 'nothing to say');
    t.strictSame(res.body, {
      status: 100,
      _id: id,
      email: 'verify.me@example.com',
      firstname: 'Veri',
      lastname: 'Fy',
      emailverified: false,
      createdAt: NOW.toISOString(),
      updatedAt: NOW.toISOString(),
      __v: 3,
      attributes: [1, 'x'],
      phone: '12345',
      public_website: '7',
      public_email: 'true',
      description: '6',
      authUrl: '5',
    });
    // The reset key is never in an answer, but it is the key checkpswresetkey looks up, as a string.
    const check = await send(emu.url, '/auth/checkpswresetkey/9', undefined, { method: 'GET' });
    t.equal(check.status, 200);
    t.match(check.body, { message: 'Valid password reset key', user: { _id: id } });
  });

  t.test("saves a new e-mail, or its own again; another user's is refused", async (t) => {
    const { id, code } = await signup();
    const own = await verify(id, code, { email: NEW_USER.email });
    t.equal(own.status, 200);
    const moved = await verify(id, code, { email: 'moved@example.com' });
    t.equal(moved.status, 200);
    t.match(moved.body, { _id: id, email: 'moved@example.com' });
    const taken = await verify(id, code, { email: JANE.email });
    t.equal(taken.status, 500);
    t.strictSame(taken.body, {
      success: false,
      msg: { ok: 0, code: 11000, codeName: 'UnknownError', name: 'MongoError', level: 'error' },
    });
    t.equal(
      taken.headers['x-emulator-diagnostic'],
      `another user has the e-mail ${JANE.email} (a unique index)`,
    );
  });

  t.test('saves a form body, and an empty one only moves updatedAt', async (t) => {
    const { id, code } = await signup();
    const form = await verify(id, code, { emailverified: 'false', lastname: 'Form' }, true);
    t.match(form.body, { emailverified: false, lastname: 'Form' });
    const empty = await verify(id, code);
    t.equal(empty.status, 200);
    t.match(empty.body, { emailverified: false, lastname: 'Form' });
  });

  const casts = [
    { name: 'a status that is no number', body: { status: 'abc' }, path: 'status', kind: 'Number' },
    {
      name: 'an object for a name',
      body: { firstname: { a: 1 } },
      path: 'firstname',
      kind: 'string',
    },
    { name: 'a list for a name', body: { lastname: ['x'] }, path: 'lastname', kind: 'string' },
    {
      name: 'a list for emailverified',
      body: { emailverified: [true] },
      path: 'emailverified',
      kind: 'Boolean',
    },
    {
      name: 'a date that is none',
      body: { signedInAt: 'notadate' },
      path: 'signedInAt',
      kind: 'date',
    },
  ];
  for (const row of casts) {
    t.test(`returns 500 with mongoose's CastError for ${row.name}`, async (t) => {
      const { id, code } = await signup();
      const res = await verify(id, code, row.body);
      t.equal(res.status, 500);
      await matchesSpec(t, res, 'verifyEmail');
      t.match(res.body, {
        success: false,
        msg: { name: 'CastError', path: row.path, kind: row.kind },
      });
      t.equal(run.store.findUserById(id)?.emailverified, false, 'nothing saved');
    });
  }

  t.test("the CastError is the real server's, byte for byte", async (t) => {
    const { id, code } = await signup();
    const res = await verify(id, code, { status: 'abc' });
    t.equal(
      res.text,
      '{"success":false,"msg":{"stringValue":"\\"abc\\"","valueType":"string","kind":"Number","value":"abc","path":"status","reason":{"generatedMessage":true,"code":"ERR_ASSERTION","actual":false,"expected":true,"operator":"=="},"name":"CastError","message":"Cast to Number failed for value \\"abc\\" (type string) at path \\"status\\""}}',
    );
  });

  t.test("returns 500 for another user's e-mail (the unique index)", async (t) => {
    const { id, code } = await signup();
    const res = await verify(id, code, { email: JANE.email });
    t.equal(res.status, 500);
    await matchesSpec(t, res, 'verifyEmail');
    t.match(res.body, { success: false, msg: { code: 11000, name: 'MongoError' } });
  });

  t.test('does not save a password (the real server would save it unhashed)', async (t) => {
    const { id, code } = await signup();
    const res = await verify(id, code, { password: 'plain' });
    t.equal(res.status, 200);
    t.equal(
      res.headers['x-emulator-diagnostic'],
      "the body's password was not saved (the real server stores it unhashed: no sign-in works with it)",
    );
    t.equal((await send(emu.url, '/auth/signin', NEW_USER)).status, 200, 'the old one works');
  });

  t.test('refuses a new _id (500), keeps its own', async (t) => {
    const { id, code } = await signup();
    t.equal((await verify(id, code, { _id: id })).status, 200);
    const res = await verify(id, code, { _id: '65f0a0000000000000000002' });
    t.equal(res.status, 500);
    t.strictSame(res.body, {
      success: false,
      msg: { ok: 0, code: 66, codeName: 'ImmutableField', name: 'MongoError', level: 'error' },
    });
    t.equal(
      res.headers['x-emulator-diagnostic'],
      `the body's _id "65f0a0000000000000000002" would change the user's _id, which MongoDB refuses`,
    );
  });

  t.test('returns 404 10001 when the code outlived its user', async (t) => {
    const gone = '65f0a00000000000000000ff';
    await run.store.insertVerifyCode(
      {
        _id: 'orphan',
        user_id: gone,
        email: 'gone@example.com',
        createdAt: NOW.toISOString(),
        expiresAt: '2026-02-01T10:15:00.000Z',
      },
      NOW,
    );
    const res = await verify(gone, 'orphan', { emailverified: true });
    t.equal(res.status, 404);
    await matchesSpec(t, res, 'verifyEmail');
    t.strictSame(res.body, { success: false, msg: 'User not found', error_code: 10001 });
    t.equal(
      res.headers['x-emulator-diagnostic'],
      `the user ${gone} the code was sent to is no longer in the store`,
    );
  });
});

// ---- verify email operators ---------------------------------------------------------------------

/**
 * PUT /auth/verifyemail/{userid}/{code} with MongoDB's update operators in its body: the real
 * server (findByIdAndUpdate(id, req.body)) applies `$set`, `$unset`, `$inc`…; the emulator saves
 * the model's paths only and says what it did not apply (a deliberate divergence,
 * conformance/divergences.json "verifyemail-update-operators").
 */

t.test(
  'PUT /auth/verifyemail: update operators are not applied, and the diagnostic says so',
  async (t) => {
    const emu = await emulator(t);
    const email = 'operators@example.com';
    const signup = await send(emu.url, '/auth/signup', {
      email,
      password: 'pw',
      firstname: 'First',
      lastname: 'Last',
    });
    const id = (signup.body as { user: { _id: string } }).user._id;
    const outbox = await send(emu.url, `/__emulator/outbox?to=${email}`, undefined, {
      method: 'GET',
    });
    const code = (outbox.body as { code: string }[]).at(-1)?.code ?? '';
    const res = await send(
      emu.url,
      `/auth/verifyemail/${id}/${code}`,
      { firstname: 'Top', $set: { lastname: 'Set' }, $unset: { firstname: 1 } },
      { method: 'PUT' },
    );
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'verifyEmail');
    t.match(res.body, { firstname: 'Top', lastname: 'Last' }, 'the paths saved, the operators not');
    t.equal(
      res.headers['x-emulator-diagnostic'],
      "the body's $set was not applied: the emulator saves the user model's paths, not MongoDB's update operators (the real server applies them); " +
        "the body's $unset was not applied: the emulator saves the user model's paths, not MongoDB's update operators (the real server applies them)",
    );
    const plain = await send(
      emu.url,
      `/auth/verifyemail/${id}/${code}`,
      { foo: 'bar' },
      {
        method: 'PUT',
      },
    );
    t.equal(plain.status, 200);
    t.notOk(
      plain.headers['x-emulator-diagnostic'],
      'an unknown path is dropped silently, as on the real server',
    );
  },
);

// ---- verify email store -------------------------------------------------------------------------

/**
 * What PUT /auth/verifyemail/{userid}/{code} saves is read back after a restart: every value
 * the real server (mongoose) accepts for the user model's paths — nulls, any number for
 * `status` and `__v`, any value for `attributes`, dates outside the years 0000–9999 — is one the
 * store file holds and loads again (spec/control.yaml StoredUser).
 */

t.test('a user saved with odd values still loads from the store file', async (t) => {
  const db = `${t.testdir()}/store.json`;
  const first = await emulator(t, { db, now: () => NOW });
  const email = 'odd@example.com';
  const signup = await send(first.url, '/auth/signup', {
    email,
    password: 'pw',
    firstname: 'F',
    lastname: 'L',
  });
  const id = (signup.body as { user: { _id: string } }).user._id;
  const outbox = await send(first.url, `/__emulator/outbox?to=${email}`, undefined, {
    method: 'GET',
  });
  const code = (outbox.body as { code: string }[]).at(-1)?.code ?? '';
  const verify = (body: object) =>
    send(first.url, `/auth/verifyemail/${id}/${code}`, body, { method: 'PUT' });

  const res = await verify({
    firstname: null,
    lastname: null,
    phone: null,
    resetpswrequestid: null,
    status: null,
    __v: 1.5,
    attributes: [1, 'x'],
    signedInAt: 8640000000000000,
  });
  t.equal(res.status, 200);
  await matchesSpec(t, res, 'verifyEmail');
  t.match(res.body, { signedInAt: '+275760-09-13T00:00:00.000Z', status: null, __v: 1.5 });
  const dates = await verify({ signedInAt: '-271820', email: null });
  t.equal(dates.status, 200);
  await matchesSpec(t, dates, 'verifyEmail');
  const saved = await findUserById(first, id);
  t.match(saved, { email: null, signedInAt: '-271820-01-01T00:00:00.000Z', attributes: [1, 'x'] });
  await first.close();

  const second = await emulator(t, { db, now: () => NOW });
  t.strictSame(await findUserById(second, id), saved, 'loaded again, the same');
  t.equal((await send(second.url, '/auth/signin', JANE)).status, 200, 'and answers');
});
