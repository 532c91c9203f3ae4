import t from 'tap';
import {
  emulator,
  internals,
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  send,
} from '../helpers.js';
import { sign } from './users-helpers.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const JANE_BASIC = `Basic ${Buffer.from(`${JANE.email}:${JANE.password}`).toString('base64')}`;
const JANE_ID = '65f0a0000000000000000002';

t.test('GET /users/resendverifyemail (resendVerifyEmail)', async (t) => {
  const run = await internals(t, { now: () => NOW });
  const emu = run.emulator;
  const outbox = run.state.outbox;
  t.beforeEach(() => emu.reset());
  const resend = (authorization: string, path = '/users/resendverifyemail') =>
    send(emu.url, path, undefined, { method: 'GET', headers: { authorization } });

  t.test('sends the caller a verification e-mail whose code verifies the address', async (t) => {
    const res = await resend(JANE_BASIC, '/users/resendverifyemail/');
    t.equal(res.status, 200);
    t.strictSame(res.body, { success: true, message: 'Verify email successfully sent' });
    await matchesSpec(t, res, 'resendVerifyEmail');
    const mails = outbox.list();
    t.equal(mails.length, 1, 'one e-mail');
    const mail = mails[0];
    t.match(mail, {
      kind: 'verify-email',
      from: 'Tiledesk Notification <postmaster@mg.tiledesk.com>',
      to: JANE.email,
      subject: '[Tiledesk] Verify your email address',
    });
    t.strictSame(mail?.links, [
      `http://localhost:8081/dashboard/#/verify/email/${JANE_ID}/${mail?.code}`,
    ]);
    const code = run.store.findVerifyCode(mail?.code as string);
    t.match(code, {
      user_id: JANE_ID,
      email: JANE.email,
      expiresAt: new Date(NOW.getTime() + 900_000).toISOString(),
    });
  });

  t.test('each call makes a new code, with a signin token too, under /v3', async (t) => {
    const token = ((await send(emu.url, '/auth/signin', JANE)).body as { token: string }).token;
    t.equal((await resend(token)).status, 200);
    t.equal((await resend(token, '/v3/users/resendverifyemail')).status, 200);
    const [first, second] = outbox.list(JANE.email);
    t.ok(first?.code && second?.code && first.code !== second.code, 'two different codes');
  });

  t.test("sends to an external user's email claim, with its _id in the link", async (t) => {
    const aud = `https://tiledesk.com/projects/${PROJECT_ID}`;
    const token = sign(
      { _id: 'ext-7', sub: 'userexternal', aud, firstname: 'Ext', email: 'ext@example.com' },
      PROJECT_SECRET,
    );
    const res = await resend(`JWT ${token}`);
    t.equal(res.status, 200);
    const mail = outbox.last('ext@example.com');
    t.match(mail?.links[0], /\/#\/verify\/email\/ext-7\//);
  });

  t.test('answers 200 and sends nothing to a guest, who has no e-mail', async (t) => {
    const guest = (
      (await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID })).body as {
        token: string;
      }
    ).token;
    const res = await resend(guest);
    t.equal(res.status, 200);
    t.strictSame(res.body, { success: true, message: 'Verify email successfully sent' });
    t.equal(
      res.headers['x-emulator-diagnostic'],
      'the caller has no e-mail (undefined): no verification e-mail was sent, as on the real server',
    );
    t.equal(outbox.list().length, 0);
    // An external user whose email claim is empty: no recipient either.
    const aud = `https://tiledesk.com/projects/${PROJECT_ID}`;
    const empty = sign({ _id: 'ext-8', sub: 'userexternal', aud, email: '' }, PROJECT_SECRET);
    const none = await resend(`JWT ${empty}`);
    t.equal(none.status, 200);
    t.strictSame(none.body, { success: true, message: 'Verify email successfully sent' });
    t.equal(
      none.headers['x-emulator-diagnostic'],
      'the caller has no e-mail (""): no verification e-mail was sent, as on the real server',
    );
    t.equal(outbox.list().length, 0);
  });

  t.test('also sends the notification copy to EMAIL_BCC', async (t) => {
    const other = await emulator(t, { now: () => NOW, emailBcc: 'audit@example.com' });
    const otherOutbox = async () => other.tools.listOutbox();
    await send(other.url, '/users/resendverifyemail', undefined, {
      method: 'GET',
      headers: { authorization: JANE_BASIC },
    });
    t.match(
      (await otherOutbox()).map((m) => [m.to, m.subject]),
      [
        [JANE.email, '[Tiledesk] Verify your email address'],
        ['audit@example.com', `[Tiledesk] Verify your email address ${JANE.email} - notification`],
      ],
    );
  });

  t.test(
    'returns 401 with the Basic challenge and sends nothing when not authenticated',
    async (t) => {
      const res = await resend(`Basic ${Buffer.from(`${JANE.email}:nope`).toString('base64')}`);
      t.equal(res.status, 401);
      t.equal(res.headers['www-authenticate'], 'Basic realm="Users"');
      await matchesSpec(t, res, 'resendVerifyEmail');
      t.equal(outbox.list().length, 0);
    },
  );
});
