/**
 * PUT /auth/requestresetpsw (requestPasswordReset), answers as tiledesk-server 2.19.16 gives
 * them (conformance/cases/password-reset.json), and the reset e-mail it sends.
 */
import t from 'tap';
import {
  emulator,
  internals,
  JANE,
  matchesSpec,
  type Response,
  SUSPENDED,
  send,
} from '../helpers.js';

const PATH = '/auth/requestresetpsw';
const JANE_ID = '65f0a0000000000000000002';
const NOW = new Date('2026-02-01T10:00:00.000Z');
const put = (url: string, body: unknown, form = false): Promise<Response> =>
  send(url, PATH, body, { method: 'PUT', form });

t.test('PUT /auth/requestresetpsw (requestPasswordReset)', async (t) => {
  const run = await internals(t, { now: () => NOW });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(() => emu.reset());

  t.test('returns 200 success and e-mails a reset link with a new key', async (t) => {
    const res = await put(emu.url, { email: 'Jane.Doe@Example.com' });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'requestPasswordReset');
    t.strictSame(res.body, {
      success: true,
      message: 'An email has been sent to reset your password',
    });
    const [mail, ...rest] = outbox.list();
    t.same(rest, []);
    t.match(mail, {
      kind: 'reset-password',
      from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
      to: JANE.email,
      bcc: [],
      subject: '[Tiledesk] Password reset request',
      key: /^[0-9a-z]+$/,
    });
    t.same(mail?.links, [`http://localhost:8081/dashboard/#/resetpassword/${mail?.key}`]);
    const user = run.store.findUserByResetKey(mail?.key ?? '');
    t.equal(user?._id, JANE_ID, 'the key is the user');
    t.equal(user?.updatedAt, NOW.toISOString(), 'updatedAt moves');
  });

  t.test('a new request replaces the key: the first stops working', async (t) => {
    await put(emu.url, { email: JANE.email });
    await put(emu.url, { email: JANE.email });
    const [first, second] = outbox.list();
    t.not(first?.key, second?.key);
    t.equal(run.store.findUserByResetKey(first?.key ?? ''), undefined);
    t.equal(run.store.findUserByResetKey(second?.key ?? '')?._id, JANE_ID);
  });

  t.test('accepts a form-encoded body', async (t) => {
    const res = await put(emu.url, { email: JANE.email }, true);
    t.equal(res.status, 200);
    t.equal(outbox.list().length, 1);
  });

  const notFound = [
    { name: 'an unknown e-mail', email: 'nobody@example.com', why: /no user has the e-mail/ },
    { name: 'a suspended user', email: SUSPENDED.email, why: /has status 0/ },
  ];
  for (const row of notFound) {
    t.test(`returns 200 success:false "User not found." for ${row.name}; no e-mail`, async (t) => {
      const res = await put(emu.url, { email: row.email });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'requestPasswordReset');
      t.strictSame(res.body, { success: false, msg: 'User not found.' });
      t.match(res.headers['x-emulator-diagnostic'], row.why);
      t.same(outbox.list(), []);
    });
  }

  const crashes = [
    { name: 'no e-mail', body: {}, why: /email is missing/ },
    { name: 'a number', body: { email: 5 }, why: /email is a number/ },
    { name: 'a list', body: { email: [JANE.email] }, why: /email is a list/ },
    { name: 'null', body: { email: null }, why: /email is null/ },
  ];
  for (const row of crashes) {
    t.test(`returns 500 {"err":"error"} for ${row.name}, as the real server`, async (t) => {
      const res = await put(emu.url, row.body);
      t.equal(res.status, 500);
      await matchesSpec(t, res, 'requestPasswordReset');
      t.strictSame(res.body, { err: 'error' });
      t.match(res.headers['x-emulator-diagnostic'], row.why);
      t.same(outbox.list(), []);
    });
  }
});
