import t from 'tap';
import { internals, JANE, matchesSpec, PROJECT_ID, PROJECT_SECRET, send } from '../helpers.js';
import { sign } from './users-helpers.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const basic = (email: string, password: string) =>
  `Basic ${Buffer.from(`${email}:${password}`).toString('base64')}`;

t.test('PUT /users/changepsw (changePassword)', async (t) => {
  const run = await internals(t, { now: () => NOW });
  const emu = run.emulator;
  t.beforeEach(() => emu.reset());

  const change = (body: unknown, authorization: string, path = '/users/changepsw') =>
    send(emu.url, path, body, { method: 'PUT', headers: { authorization } });
  const signinWith = (password: string) => send(emu.url, '/auth/signin', { ...JANE, password });

  t.test('changes the password: the new one signs in, the old one no more', async (t) => {
    const token = ((await signinWith(JANE.password)).body as { token: string }).token;
    const res = await change({ oldpsw: JANE.password, newpsw: 'new-password' }, token);
    t.equal(res.status, 200);
    t.strictSame(res.body, { message: 'Password change successful' });
    await matchesSpec(t, res, 'changePassword');
    t.equal((await signinWith('new-password')).status, 200);
    const old = await signinWith(JANE.password);
    t.equal(old.status, 401);
    t.strictSame(old.body, { success: false, msg: 'Authentication failed. Wrong password.' });
    const again = await send(emu.url, '/users', undefined, {
      method: 'GET',
      headers: { authorization: token },
    });
    t.equal(again.status, 200, 'the token issued before still works: tokens never expire');
    const stored = run.store.findUserById('65f0a0000000000000000002');
    t.equal(stored?.updatedAt, NOW.toISOString(), 'updatedAt is the emulator clock');
    t.match(stored?.password, /^\$2a\$/, 'stored as a bcrypt hash');
  });

  t.test(
    'works with HTTP Basic, form bodies and the dashboard path users/changepsw/',
    async (t) => {
      const res = await send(
        emu.url,
        '/v3/users/changepsw/',
        { oldpsw: JANE.password, newpsw: 'formpass' },
        { method: 'PUT', form: true, headers: { authorization: basic(JANE.email, JANE.password) } },
      );
      t.equal(res.status, 200);
      t.equal((await signinWith('formpass')).status, 200);
    },
  );

  t.test('stores a number or boolean newpsw as its string', async (t) => {
    const auth = basic(JANE.email, JANE.password);
    t.equal((await change({ oldpsw: JANE.password, newpsw: 12345 }, auth)).status, 200);
    t.equal((await signinWith('12345')).status, 200);
    const numeric = basic(JANE.email, '12345');
    t.equal((await change({ oldpsw: '12345', newpsw: true }, numeric)).status, 200);
    t.equal((await signinWith('true')).status, 200);
  });

  t.test(
    'returns 401 "Current password is invalid." for a wrong or non-string oldpsw',
    async (t) => {
      const auth = basic(JANE.email, JANE.password);
      for (const [oldpsw, why] of [
        ['wrong', `oldpsw does not match the password of ${JANE.email}`],
        [12345, 'oldpsw is a number, which bcrypt cannot compare'],
        [['janepassword'], 'oldpsw is an array, which bcrypt cannot compare'],
        [{ a: 1 }, 'oldpsw is an object, which bcrypt cannot compare'],
        [true, 'oldpsw is a boolean, which bcrypt cannot compare'],
      ] as const) {
        const res = await change({ oldpsw, newpsw: 'x' }, auth);
        t.equal(res.status, 401, JSON.stringify(oldpsw));
        t.strictSame(res.body, { success: false, msg: 'Current password is invalid.' });
        t.equal(res.headers['x-emulator-diagnostic'], why);
        await matchesSpec(t, res, 'changePassword');
      }
      t.equal((await signinWith(JANE.password)).status, 200, 'the password is unchanged');
    },
  );

  t.test('returns 403 with key "message" when newpsw equals oldpsw', async (t) => {
    const res = await change(
      { oldpsw: JANE.password, newpsw: JANE.password },
      basic(JANE.email, JANE.password),
    );
    t.equal(res.status, 403);
    t.strictSame(res.body, {
      success: false,
      message: 'The new password must be different from the previous one.',
    });
    t.equal(res.headers['x-emulator-diagnostic'], 'newpsw equals oldpsw');
    await matchesSpec(t, res, 'changePassword');
  });

  t.test('returns 500 "Error saving object." for a newpsw that cannot be saved', async (t) => {
    const auth = basic(JANE.email, JANE.password);
    const missing = 'newpsw is missing or empty: the user cannot be saved without a password';
    for (const [body, why] of [
      [{ oldpsw: JANE.password }, missing],
      [{ oldpsw: JANE.password, newpsw: '' }, missing],
      [{ oldpsw: JANE.password, newpsw: null }, missing],
      [
        { oldpsw: JANE.password, newpsw: { a: 1 } },
        'newpsw is an object, which cannot be saved as a string',
      ],
      [
        { oldpsw: JANE.password, newpsw: ['a'] },
        'newpsw is an array, which cannot be saved as a string',
      ],
    ] as const) {
      const res = await change(body, auth);
      t.equal(res.status, 500, JSON.stringify(body));
      t.strictSame(res.body, { success: false, msg: 'Error saving object.' });
      t.equal(res.headers['x-emulator-diagnostic'], why);
      await matchesSpec(t, res, 'changePassword');
    }
    t.equal((await signinWith(JANE.password)).status, 200, 'the password is unchanged');
  });

  t.test('answers 500 {"err":"error"} where the real server never answers', async (t) => {
    const auth = basic(JANE.email, JANE.password);
    for (const [body, why] of [
      [{ newpsw: 'x' }, 'missing'],
      [{ oldpsw: '', newpsw: 'x' }, '"", a falsy value'],
      [{ oldpsw: 0, newpsw: 'x' }, '0, a falsy value'],
    ] as const) {
      const res = await change(body, auth);
      t.equal(res.status, 500, JSON.stringify(body));
      t.strictSame(res.body, { err: 'error' });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        `oldpsw is ${why}; the real server never answers then`,
      );
      await matchesSpec(t, res, 'changePassword');
    }
    const guest = (
      (await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID })).body as {
        token: string;
      }
    ).token;
    const res = await change({ oldpsw: 'a', newpsw: 'b' }, guest);
    t.equal(res.status, 500);
    t.strictSame(res.body, { err: 'error' });
    t.match(res.headers['x-emulator-diagnostic'], /not an ObjectId.*never answers/);
  });

  t.test('returns 401 "User not found." for an external user who is no user', async (t) => {
    const aud = `https://tiledesk.com/projects/${PROJECT_ID}`;
    const token = sign(
      { _id: '65f0a00000000000000000ff', sub: 'userexternal', aud },
      PROJECT_SECRET,
    );
    const res = await change({ oldpsw: 'a', newpsw: 'b' }, `JWT ${token}`);
    t.equal(res.status, 401);
    t.strictSame(res.body, { success: false, msg: 'User not found.' });
    t.equal(res.headers['x-emulator-diagnostic'], "no user has the caller's id");
    await matchesSpec(t, res, 'changePassword');
  });

  t.test('returns 401 Unauthorized with the Basic challenge when not authenticated', async (t) => {
    const res = await send(
      emu.url,
      '/users/changepsw',
      { oldpsw: 'a', newpsw: 'b' },
      { method: 'PUT' },
    );
    t.equal(res.status, 401);
    t.equal(res.text, 'Unauthorized');
    t.equal(res.headers['www-authenticate'], 'Basic realm="Users"');
    await matchesSpec(t, res, 'changePassword');
  });
});
