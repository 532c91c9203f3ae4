import t from 'tap';
import { ADMIN, emulator, findUser, internals, JANE, matchesSpec, send } from '../helpers.js';

const NOW = new Date('2026-04-02T08:30:00.000Z');
const NEW_USER = {
  email: 'New.User@Example.com',
  password: 'pwd',
  firstname: 'New',
  lastname: 'User',
};

t.test('POST /auth/signup (signup)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  t.beforeEach(() => emu.reset());

  t.test('returns 200 (not 201) with the created user and no token', async (t) => {
    const res = await send(emu.url, '/auth/signup', NEW_USER);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signup');
    const body = res.body as { user: Record<string, unknown> };
    t.match(body.user._id, /^[0-9a-f]{24}$/);
    t.strictSame(body, {
      success: true,
      msg: 'Successfully created new user.',
      user: {
        _id: body.user._id,
        email: 'new.user@example.com',
        firstname: 'New',
        lastname: 'User',
        emailverified: false,
        status: 100,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        __v: 0,
      },
    });
    t.notOk(res.text.includes('token'), 'no token');
    t.notOk(res.text.includes('password') || res.text.includes('$2'), 'no password or hash');
  });

  t.test(
    'stores a bcrypt hash, and the new user can sign in with the lower-cased e-mail',
    async (t) => {
      // The hash is in no answer: read from the store.
      const { emulator: inside, store } = await internals(t);
      await send(inside.url, '/auth/signup', NEW_USER);
      const stored = store.findUserByEmail('new.user@example.com');
      t.match(stored?.password, /^\$2[ab]\$04\$/, 'bcrypt, default cost 4');
      const res = await send(inside.url, '/auth/signin', {
        email: 'NEW.user@example.com',
        password: 'pwd',
      });
      t.equal(res.status, 200);
      t.equal((res.body as { user: { emailverified: boolean } }).user.emailverified, false);
    },
  );

  t.test('hashes with the configured bcrypt cost', async (t) => {
    const costly = await internals(t, { bcryptCost: 6 });
    await send(costly.emulator.url, '/auth/signup', NEW_USER);
    t.match(costly.store.findUserByEmail('new.user@example.com')?.password, /^\$2[ab]\$06\$/);
  });

  t.test('has no password policy: a one-character password is fine', async (t) => {
    const res = await send(emu.url, '/auth/signup', { ...NEW_USER, password: 'x' });
    t.equal(res.status, 200);
  });

  t.test('accepts a form-encoded body', async (t) => {
    const res = await send(emu.url, '/auth/signup', NEW_USER, { form: true });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signup');
  });

  t.test('keeps a valid phone, trimmed', async (t) => {
    const res = await send(emu.url, '/auth/signup', { ...NEW_USER, phone: ' +393331234567 ' });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signup');
    t.equal((res.body as { user: { phone: string } }).user.phone, '+393331234567');
  });

  const missing = [
    { name: 'no password', body: { ...NEW_USER, password: undefined } },
    { name: 'an empty password', body: { ...NEW_USER, password: '' } },
    { name: 'password 0', body: { ...NEW_USER, password: 0 } },
  ];
  for (const row of missing) {
    t.test(
      `returns 200 {"success":false,"msg":"Please pass email and password."} for ${row.name}`,
      async (t) => {
        const res = await send(emu.url, '/auth/signup', row.body);
        t.equal(res.status, 200);
        t.strictSame(res.body, { success: false, msg: 'Please pass email and password.' });
        t.ok(res.headers['x-emulator-diagnostic']);
        await matchesSpec(t, res, 'signup');
        t.notOk(await findUser(emu, 'new.user@example.com'), 'no user created');
      },
    );
  }

  t.test(
    'returns 403 with key "message" for an e-mail already registered, in any case',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', {
        ...NEW_USER,
        email: 'JANE.doe@example.com',
      });
      t.equal(res.status, 403);
      t.strictSame(res.body, { success: false, message: 'Email already registered' });
      t.equal(res.headers['x-emulator-diagnostic'], 'a user with this email already exists');
      await matchesSpec(t, res, 'signup');
    },
  );

  t.test(
    'a phone already in use is accepted, as on a deployment seeded before phone',
    async (t) => {
      await send(emu.url, '/auth/signup', { ...NEW_USER, phone: '+393331234567' });
      const res = await send(emu.url, '/auth/signup', {
        ...NEW_USER,
        email: 'other@example.com',
        phone: '+393331234567',
      });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'signup');
    },
  );

  t.test(
    'returns 500 "Registration cannot be completed" for a phone that is not E.164-like',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', { ...NEW_USER, phone: '0039 333 1234' });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      t.match(res.headers['x-emulator-diagnostic'], /phone/);
      await matchesSpec(t, res, 'signup');
      t.notOk(await findUser(emu, 'new.user@example.com'), 'no user created');
    },
  );

  const invalid = [
    {
      name: 'an empty body: email, firstname, lastname in that order',
      body: {},
      errors: [
        { msg: 'Invalid value', param: 'email', location: 'body' },
        { msg: 'Invalid value', param: 'firstname', location: 'body' },
        { msg: 'Invalid value', param: 'lastname', location: 'body' },
      ],
    },
    {
      name: 'an invalid e-mail and an empty lastname',
      body: { ...NEW_USER, email: 'a@b', lastname: '' },
      errors: [
        { value: 'a@b', msg: 'Invalid value', param: 'email', location: 'body' },
        { value: '', msg: 'Invalid value', param: 'lastname', location: 'body' },
      ],
    },
  ];
  for (const row of invalid) {
    t.test(`returns 422 for ${row.name}`, async (t) => {
      const res = await send(emu.url, '/auth/signup', row.body);
      t.equal(res.status, 422);
      t.strictSame(res.body, { errors: row.errors });
      await matchesSpec(t, res, 'signup');
    });
  }

  t.test(
    'validation comes before the password check: no password and no lastname is 422',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', { email: 'x@example.com', firstname: 'X' });
      t.equal(res.status, 422);
    },
  );

  t.test('with an ADMIN_EMAIL token, pre-verifies the e-mail in the store only', async (t) => {
    const admin = await emulator(t, { adminEmail: ADMIN.email });
    const signin = await send(admin.url, '/auth/signin', ADMIN);
    const token = (signin.body as { token: string }).token;
    const res = await send(admin.url, '/auth/signup', NEW_USER, {
      headers: { authorization: token },
    });
    t.equal(res.status, 200);
    t.equal(
      (res.body as { user: { emailverified: boolean } }).user.emailverified,
      false,
      'response shows the document before the update',
    );
    t.equal((await findUser(admin, 'new.user@example.com'))?.emailverified, true);
  });

  t.test("a token that is not the admin's changes nothing", async (t) => {
    const admin = await emulator(t, { adminEmail: ADMIN.email });
    const signin = await send(admin.url, '/auth/signin', JANE);
    const token = (signin.body as { token: string }).token;
    const res = await send(admin.url, '/auth/signup', NEW_USER, {
      headers: { authorization: token },
    });
    t.equal(res.status, 200);
    t.equal((await findUser(admin, 'new.user@example.com'))?.emailverified, false);
  });

  t.test(
    'without ADMIN_EMAIL set, the admin token does not pre-verify (no default in signup)',
    async (t) => {
      const signin = await send(emu.url, '/auth/signin', ADMIN);
      const token = (signin.body as { token: string }).token;
      await send(emu.url, '/auth/signup', NEW_USER, { headers: { authorization: token } });
      t.equal((await findUser(emu, 'new.user@example.com'))?.emailverified, false);
    },
  );

  t.test(
    'an invalid token gives 500 "Registration cannot be completed" after creating the user',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', NEW_USER, {
        headers: { authorization: 'JWT not.a.token' },
      });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      await matchesSpec(t, res, 'signup');
      t.ok(await findUser(emu, 'new.user@example.com'), 'the user exists, as on the real server');
      t.match(
        res.headers['x-emulator-diagnostic'],
        /^the Authorization header does not hold a valid token \(.+\); the user was created anyway$/,
      );
    },
  );

  t.test("the created user keeps the server's key order", async (t) => {
    const res = await send(emu.url, '/auth/signup', NEW_USER);
    const user = (res.body as { user: Record<string, unknown> }).user;
    // mongoose sets the schema's default (status) before the fields given (checked on 2.19.16).
    t.strictSame(Object.keys(user), [
      'status',
      '_id',
      'email',
      'firstname',
      'lastname',
      'emailverified',
      'createdAt',
      'updatedAt',
      '__v',
    ]);
  });

  t.test(
    'password null is "Please pass email and password." (200), not a validation error',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', { ...NEW_USER, password: null });
      t.equal(res.status, 200);
      t.strictSame(res.body, { success: false, msg: 'Please pass email and password.' });
    },
  );

  t.test(
    'a numeric password and phone are stored as strings, as Mongoose casts them',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', {
        ...NEW_USER,
        password: 1234,
        phone: 393331234567,
      });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'signup');
      t.equal((res.body as { user: { phone: string } }).user.phone, '393331234567');
      const signin = await send(emu.url, '/auth/signin', {
        email: 'new.user@example.com',
        password: '1234',
      });
      t.equal(signin.status, 200);
    },
  );

  t.test(
    'an object as password cannot be saved: 500 "Registration cannot be completed"',
    async (t) => {
      const res = await send(emu.url, '/auth/signup', { ...NEW_USER, password: { a: 1 } });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      t.match(res.headers['x-emulator-diagnostic'], /password is an object/);
    },
  );

  // Each checked on the real server: 500, and no user.
  for (const [field, value, kind] of [
    ['firstname', { a: 1 }, 'an object'],
    ['lastname', [1], 'an array'],
    ['phone', { a: 1 }, 'an object'],
  ] as const) {
    t.test(`${kind} as ${field} cannot be saved: 500, the field named`, async (t) => {
      const res = await send(emu.url, '/auth/signup', { ...NEW_USER, [field]: value });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `${field} is ${kind}, which cannot be saved as a string`,
      );
      t.notOk(await findUser(emu, 'new.user@example.com'), 'no user created');
    });
  }
});

t.test('POST /auth/signup (signup): the verification e-mail', async (t) => {
  const run = await internals(t, { now: () => new Date('2026-02-01T10:00:00.000Z') });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(() => emu.reset());
  const newUser = {
    email: 'Mail.Test@Example.com',
    password: 'pw',
    firstname: 'Mail',
    lastname: 'Test',
  };

  t.test('sends the verification e-mail, its link carrying the user id and a code', async (t) => {
    const res = await send(emu.url, '/auth/signup', newUser);
    t.equal(res.status, 200);
    const id = (res.body as { user: { _id: string } }).user._id;
    const mails = outbox.list();
    t.equal(mails.length, 1);
    const [mail] = mails;
    t.match(mail, {
      seq: Number,
      at: '2026-02-01T10:00:00.000Z',
      kind: 'verify-email',
      from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
      to: 'mail.test@example.com',
      bcc: [],
      subject: '[Tiledesk] Verify your email address',
      code: /^[0-9a-z]+$/,
    });
    t.same(mail?.links, [`http://localhost:8081/dashboard/#/verify/email/${id}/${mail?.code}`]);
    t.match(run.store.findVerifyCode(mail?.code ?? ''), {
      user_id: id,
      email: 'mail.test@example.com',
      expiresAt: '2026-02-01T10:15:00.000Z',
    });
  });

  t.test('the journal entry names the e-mail the request sent', async (t) => {
    await send(emu.url, '/auth/signup', newUser);
    const journal = await send(emu.url, '/__emulator/requests', undefined, { method: 'GET' });
    const [entry] = journal.body as { operationId: string; mails?: number[] }[];
    t.equal(entry?.operationId, 'signup');
    t.same(entry?.mails, [outbox.last()?.seq]);
  });

  const skipped = [
    { name: 'disableEmail: true', body: { ...newUser, disableEmail: true } },
    { name: 'disableEmail "false" (a truthy string)', body: { ...newUser, disableEmail: 'false' } },
  ];
  for (const row of skipped) {
    t.test(`sends none with ${row.name}`, async (t) => {
      t.equal((await send(emu.url, '/auth/signup', row.body)).status, 200);
      t.same(outbox.list(), []);
    });
  }

  t.test('sends one with disableEmail false', async (t) => {
    await send(emu.url, '/auth/signup', { ...newUser, disableEmail: false });
    t.equal(outbox.list().length, 1);
  });

  t.test('sends none when the ADMIN_EMAIL token pre-verifies the user', async (t) => {
    const adminRun = await internals(t, { adminEmail: ADMIN.email });
    const admin = adminRun.emulator;
    const adminOutbox = adminRun.state.outbox;
    const signin = await send(admin.url, '/auth/signin', ADMIN);
    const token = (signin.body as { token: string }).token;
    await send(admin.url, '/auth/signup', newUser, { headers: { authorization: token } });
    t.same(adminOutbox.list(), []);
  });

  t.test('sends none when the user is not created', async (t) => {
    await send(emu.url, '/auth/signup', { ...newUser, email: JANE.email });
    await send(emu.url, '/auth/signup', { ...newUser, password: '' });
    t.same(outbox.list(), []);
  });

  t.test('EMAIL_BCC gets a notification copy; BRAND_NAME and EMAIL_BASEURL are used', async (t) => {
    const brandedRun = await internals(t, {
      emailBcc: 'audit@acme.test',
      brandName: 'Acme',
      emailBaseUrl: 'https://app.acme.test/dashboard',
      emailFrom: 'Acme <no-reply@acme.test>',
    });
    const branded = brandedRun.emulator;
    const brandedOutbox = brandedRun.state.outbox;
    await send(branded.url, '/auth/signup', newUser);
    const [mail, copy] = brandedOutbox.list();
    t.match(mail, {
      from: 'Acme <no-reply@acme.test>',
      to: 'mail.test@example.com',
      subject: '[Acme] Verify your email address',
      links: [/^https:\/\/app\.acme\.test\/dashboard\/#\/verify\/email\//],
    });
    t.match(copy, {
      to: 'audit@acme.test',
      subject: '[Acme] Verify your email address mail.test@example.com - notification',
    });
    t.same(brandedOutbox.list('audit@acme.test').length, 1);
  });
});

// ---- signup ids ---------------------------------------------------------------------------------

/**
 * POST /auth/signup with an object for a String path: mongoose casts `{"_id":"x"}` to "x" (a
 * document's _id stands for it), so the real server (tiledesk-server 2.19.16) saves it; an
 * object without a string _id, or with an empty one, fails the save (500).
 */

t.test('POST /auth/signup: an object with a string _id is saved as that _id', async (t) => {
  const emu = await emulator(t, { now: () => NOW });

  t.test('names, phone (trimmed) and password; the password signs in', async (t) => {
    const res = await send(emu.url, '/auth/signup', {
      email: 'ids@example.com',
      password: { _id: 'secret-pw' },
      firstname: { _id: 'Idname' },
      lastname: { _id: 'Last' },
      phone: { _id: ' +3912345 ' },
    });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signup');
    t.match(res.body, {
      success: true,
      user: { firstname: 'Idname', lastname: 'Last', phone: '+3912345' },
    });
    const signin = await send(emu.url, '/auth/signin', {
      email: 'ids@example.com',
      password: 'secret-pw',
    });
    t.equal(signin.status, 200, 'the _id is the password');
  });

  const refused: [string, unknown][] = [
    ['an empty _id', { _id: '' }],
    ['a number _id', { _id: 5 }],
  ];
  for (const [name, value] of refused) {
    t.test(`${name} fails the save`, async (t) => {
      const res = await send(emu.url, '/auth/signup', {
        email: 'refused@example.com',
        password: 'pw',
        firstname: 'F',
        lastname: value,
      });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        'lastname is an object, which cannot be saved as a string',
      );
    });
  }
});
