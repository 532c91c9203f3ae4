/**
 * GET /auth/checkpswresetkey/{resetpswrequestid} (checkPasswordResetKey) and
 * PUT /auth/resetpsw/{resetpswrequestid} (resetPassword): the one-shot key from the reset
 * e-mail, the new password, the "password changed" e-mail. Answers as tiledesk-server 2.19.16
 * gives them (conformance/cases/password-reset.json), without the hash its answer carries.
 */
import t from 'tap';
import { internals, JANE, matchesSpec, type Response, send } from '../helpers.js';

const NOW = new Date('2026-02-01T10:00:00.000Z');
const JANE_ID = '65f0a0000000000000000002';
const INVALID = { success: false, msg: 'Invalid password reset key' };

t.test('the password reset flow', async (t) => {
  const run = await internals(t, { now: () => NOW });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(() => emu.reset());

  async function requestKey(): Promise<string> {
    await send(emu.url, '/auth/requestresetpsw', { email: JANE.email }, { method: 'PUT' });
    return outbox.last(JANE.email)?.key ?? '';
  }
  const check = (key: string): Promise<Response> =>
    send(emu.url, `/auth/checkpswresetkey/${key}`, undefined, { method: 'GET' });
  const reset = (key: string, body: unknown): Promise<Response> =>
    send(emu.url, `/auth/resetpsw/${key}`, body, { method: 'PUT' });

  t.test('GET /auth/checkpswresetkey (checkPasswordResetKey)', async (t) => {
    t.test('returns 200 with the user, without hash or key, for a valid key', async (t) => {
      const key = await requestKey();
      const res = await check(key);
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'checkPasswordResetKey');
      t.strictSame(res.body, {
        message: 'Valid password reset key',
        user: {
          _id: JANE_ID,
          email: JANE.email,
          firstname: 'Jane',
          lastname: 'Doe',
          emailverified: true,
          status: 100,
          createdAt: '2026-01-15T09:00:00.000Z',
          updatedAt: NOW.toISOString(),
          __v: 0,
        },
      });
      t.equal((await check(key)).status, 200, 'checking does not use the key up');
    });

    t.test('returns 404 "Invalid password reset key" for an unknown key', async (t) => {
      const res = await check('nosuchkey');
      t.equal(res.status, 404);
      await matchesSpec(t, res, 'checkPasswordResetKey');
      t.strictSame(res.body, INVALID);
      t.match(res.headers['x-emulator-diagnostic'], /no user holds the reset key nosuchkey/);
    });

    t.test('returns 404 for a key replaced by a newer request', async (t) => {
      const first = await requestKey();
      await requestKey();
      t.equal((await check(first)).status, 404);
    });
  });

  t.test('PUT /auth/resetpsw (resetPassword)', async (t) => {
    t.test('returns 200, changes the password and e-mails the change', async (t) => {
      const key = await requestKey();
      const res = await reset(key, { password: 'a-new-password' });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'resetPassword');
      t.match(res.body, {
        message: 'Password change successful',
        user: { _id: JANE_ID, email: JANE.email, resetpswrequestid: '' },
      });
      t.notOk('password' in ((res.body as { user: object }).user ?? {}), 'no hash');
      t.match(res.headers['x-emulator-diagnostic'], /also carries the new bcrypt hash/);
      const newSignin = await send(emu.url, '/auth/signin', {
        ...JANE,
        password: 'a-new-password',
      });
      t.equal(newSignin.status, 200, 'the new password signs in');
      const oldSignin = await send(emu.url, '/auth/signin', JANE);
      t.equal(oldSignin.status, 401, 'the old one fails');
      t.match(outbox.last(), {
        kind: 'password-changed',
        to: JANE.email,
        subject: '[Tiledesk] Your password has been changed',
        links: [],
      });
    });

    t.test('the key is one-shot: 404 the second time, for both routes', async (t) => {
      const key = await requestKey();
      await reset(key, { password: 'first' });
      const again = await reset(key, { password: 'second' });
      t.equal(again.status, 404);
      await matchesSpec(t, again, 'resetPassword');
      t.strictSame(again.body, INVALID);
      t.equal((await check(key)).status, 404);
      t.equal(outbox.list().filter((m) => m.kind === 'password-changed').length, 1);
    });

    t.test('returns 404 for an unknown key, whatever the body', async (t) => {
      for (const body of [{ password: 'x' }, {}]) {
        const res = await reset('nosuchkey', body);
        t.equal(res.status, 404);
        t.strictSame(res.body, INVALID);
      }
    });

    for (const password of [undefined, '', 0, false, null]) {
      t.test(
        `returns 500 {"err":"error"} for the password ${JSON.stringify(password)}, where the real server never answers`,
        async (t) => {
          const key = await requestKey();
          const res = await reset(key, password === undefined ? {} : { password });
          t.equal(res.status, 500);
          await matchesSpec(t, res, 'resetPassword');
          t.strictSame(res.body, { err: 'error' });
          t.equal(
            res.headers['x-emulator-diagnostic'],
            `the password is ${JSON.stringify(password) ?? 'missing'}; the real server never answers a reset without one (the key still works)`,
          );
          t.equal((await check(key)).status, 200, 'the key still works');
        },
      );
    }

    for (const password of [{ a: 1 }, ['x']]) {
      t.test(
        `returns 500 "Error saving object." for the password ${JSON.stringify(password)}`,
        async (t) => {
          const key = await requestKey();
          const res = await reset(key, { password });
          t.equal(res.status, 500);
          await matchesSpec(t, res, 'resetPassword');
          t.strictSame(res.body, { success: false, msg: 'Error saving object.' });
          t.equal(
            res.headers['x-emulator-diagnostic'],
            `the password is ${Array.isArray(password) ? 'a list' : 'an object'}, which cannot be saved as a string (the key still works)`,
          );
          t.equal((await check(key)).status, 200, 'the key still works');
          t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200, 'the password is kept');
        },
      );
    }

    t.test('saves a number as its string', async (t) => {
      const key = await requestKey();
      t.equal((await reset(key, { password: 12345 })).status, 200);
      const signin = await send(emu.url, '/auth/signin', { email: JANE.email, password: '12345' });
      t.equal(signin.status, 200);
    });

    t.test('accepts a form-encoded body', async (t) => {
      const key = await requestKey();
      const res = await send(
        emu.url,
        `/auth/resetpsw/${key}`,
        { password: 'formpw' },
        {
          method: 'PUT',
          form: true,
        },
      );
      t.equal(res.status, 200);
    });
  });
});
