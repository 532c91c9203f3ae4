/**
 * Tiledesk's dashboard in Chromium, following the links of its e-mails: forgot password → the
 * reset link → a new password (the old one refused), and the e-mail verification link; on the
 * emulator (outbox) and the real server ($RUN/mail), compared (dashboard.ts).
 */
import t from 'tap';
import { skipBrowser } from '../browser/chromium.js';
import { dashboardScenarios, shows, signIn, TOAST_WRONG, waitForRoute } from './dashboard.js';
import { freshEmail, signupOverApi, waitsFor } from './targets.js';

t.test('the dashboard (2.7.173) in Chromium: e-mail links', { skip: skipBrowser }, async (t) => {
  const { emulator, scenario } = await dashboardScenarios(t);
  const resetEmail = freshEmail('forgetful');
  await scenario(
    'forgot password → the link from the e-mail → a new password; the old one refused',
    {
      slug: 'reset-password',
      todo: waitsFor(emulator, [
        '/auth/requestresetpsw',
        '/auth/checkpswresetkey/{resetpswrequestid}',
        '/auth/resetpsw/{resetpswrequestid}',
        '/__emulator/outbox',
      ]),
      setup: async (target) => {
        await signupOverApi(target, resetEmail, 'oldpassword1');
        return {};
      },
    },
    async (session, outcome, { site }) => {
      const { page } = session;
      await page.goto(`${site}#/forgotpsw`);
      await page.waitForSelector('input#email');
      await page.fill('input#email', resetEmail);
      await page.click('button.request-new-psw');
      await session.call('PUT', /^auth\/requestresetpsw$/);
      const [, key] = await session.target.mailed(resetEmail, /#\/resetpassword\/([A-Za-z0-9]+)/);
      outcome.keys[key as string] = 'reset key';
      await page.goto(`${site}#/resetpassword/${key}`);
      await session.call('GET', /^auth\/checkpswresetkey\//);
      await page.waitForSelector('input#reset-password');
      await page.fill('input#reset-password', 'newpassword2');
      await page.fill('input#confirmPassword', 'newpassword2');
      await page.click('button[type=submit]:visible');
      await session.call('PUT', /^auth\/resetpsw\//);
      await page.goto(`${site}#/login`);
      await page.reload();
      await signIn(session, resetEmail, 'oldpassword1');
      await shows(session, outcome, TOAST_WRONG);
      await signIn(session, resetEmail, 'newpassword2', 2);
      await waitForRoute(session, /^#\/projects/);
    },
    (t, outcome) => {
      const key = Object.keys(outcome.keys)[0];
      t.strictSame(
        outcome.calls.map((c) => [c.method, c.path, c.status, c.body]),
        [
          ['PUT', 'auth/requestresetpsw', 200, { email: resetEmail }],
          ['GET', `auth/checkpswresetkey/${key}`, 200, null],
          ['PUT', `auth/resetpsw/${key}`, 200, { password: 'newpassword2' }],
          ['POST', 'auth/signin', 401, { email: resetEmail, password: 'oldpassword1' }],
          ['POST', 'auth/signin', 200, { email: resetEmail, password: 'newpassword2' }],
        ],
      );
      t.ok(outcome.shown[TOAST_WRONG], 'the old password is refused with the message');
      t.equal(outcome.route, '#/projects', 'the new one signs in');
      t.match(outcome.user, { email: resetEmail });
    },
  );

  const verifyEmail = freshEmail('unverified');
  const VERIFIED = 'Your email has successfully been verified';
  await scenario(
    'the e-mail verification link: PUT auth/verifyemail/<id>/<code>, the page says so',
    {
      slug: 'verify-email',
      todo: waitsFor(emulator, ['/auth/verifyemail/{userid}/{code}', '/__emulator/outbox']),
      setup: async (target) => {
        const user = await signupOverApi(target, verifyEmail, 'verifypassword1');
        return { id: user._id };
      },
    },
    async (session, outcome, given) => {
      const { page } = session;
      const id = given.id as string;
      const [, code] = await session.target.mailed(
        verifyEmail,
        new RegExp(`#/verify/email/${id}/([A-Za-z0-9]+)`),
      );
      outcome.keys[code as string] = 'code';
      await page.goto(`${given.site}#/verify/email/${id}/${code}`);
      await session.call('PUT', /^auth\/verifyemail\//);
      await shows(session, outcome, VERIFIED);
    },
    (t, outcome) => {
      const [call] = outcome.calls;
      t.strictSame(
        outcome.calls.map((c) => [c.method, c.status, c.body]),
        [['PUT', 200, { emailverified: true }]],
      );
      t.match(call?.path, /^auth\/verifyemail\/[0-9a-f]{24}\/[A-Za-z0-9]+$/);
      t.match(call?.answer, { email: verifyEmail, emailverified: true });
      t.ok(outcome.shown[VERIFIED], `shows "${VERIFIED}"`);
    },
  );
});
