/**
 * Tiledesk's dashboard (2.7.173) driven in Chromium as an agent would: login and the
 * wrong-password message, signup and the sign-in that follows, forgot password → the link from
 * the e-mail → a new password, the e-mail verification link, and single sign-on with a custom
 * token (#/autologin). Each scenario runs against the emulator and the real server at once,
 * checks both, then that the dashboard sent the same auth requests and ended in the same state.
 */
import type { Browser } from 'playwright-core';
import t from 'tap';
import { launchChromium, skipBrowser } from '../browser/chromium.js';
import { JANE, PROJECT_ID, type Test } from '../helpers.js';
import { serveDashboard, unpackClients } from './clients.js';
import { type AuthCall, comparable, openSession, type Session } from './session.js';
import {
  freshEmail,
  mintToken,
  realTarget,
  signupOverApi,
  skipReal,
  startEmulatorTarget,
  type Target,
  waitsFor,
} from './targets.js';

/** What a scenario saw on one target. */
interface Outcome {
  target: Target;
  calls: AuthCall[];
  /** The route the page ended on (`#/…`). */
  route: string;
  /** The signed-in user the dashboard stored (localStorage `user`), its token aside. */
  user?: Record<string, unknown>;
  /** The stored token (localStorage `tiledesk_token`). */
  token?: string;
  /** The page's messages the scenario looked for, found or not. */
  shown: Record<string, boolean>;
  /** Values a comparison puts in place of the target's own (ids, keys). */
  keys: Record<string, string>;
  error?: unknown;
}

type Drive = (session: Session, outcome: Outcome) => Promise<void>;

const TOAST_WRONG = 'Sorry, we had trouble logging you in.';

async function signIn(session: Session, email: string, password: string, count = 1) {
  const { page } = session;
  await page.waitForSelector('input#email');
  await page.fill('input#email', email);
  await page.fill('input#password', password);
  await page.click('button.signin-button');
  return session.call('POST', /^auth\/signin$/, count);
}

/** Runs `drive` on a fresh page of the dashboard at `site`; never throws. */
async function run(t: Test, browser: Browser, target: Target, name: string, drive: Drive) {
  const session = await openSession(t, browser, target);
  const outcome: Outcome = { target, calls: session.calls, route: '', shown: {}, keys: {} };
  try {
    await drive(session, outcome);
  } catch (error) {
    outcome.error = error;
  }
  const { page } = session;
  outcome.route = new URL(page.url()).hash;
  // about:blank (a run that stopped before it opened the dashboard) has no storage.
  const stored = await page
    .evaluate(() => ({
      user: localStorage.getItem('user'),
      token: localStorage.getItem('tiledesk_token'),
    }))
    .catch(() => ({ user: null, token: null }));
  if (stored.user) {
    const { token: _token, ...user } = JSON.parse(stored.user);
    outcome.user = user;
  }
  if (stored.token) outcome.token = stored.token;
  await session.screenshot(`dashboard-${name}-${target.name.replace(' ', '-')}`).catch(() => {});
  return outcome;
}

/** Waits until the page shows `text`; records whether it did. */
async function shows(session: Session, outcome: Outcome, text: string, timeout = 15_000) {
  try {
    await session.page.getByText(text).first().waitFor({ state: 'visible', timeout });
    outcome.shown[text] = true;
  } catch {
    outcome.shown[text] = false;
  }
}

async function waitForRoute(session: Session, route: RegExp) {
  await session.page.waitForFunction(
    (source) => new RegExp(source).test(location.hash),
    route.source,
    { timeout: 30_000 },
  );
}

t.test(
  'the dashboard (tiledesk-dashboard 2.7.173) in Chromium',
  { skip: skipBrowser },
  async (t) => {
    const clients = await unpackClients(t);
    const browser = await launchChromium(t);
    const emulator = await startEmulatorTarget(t);
    const real = realTarget();
    const targets: Target[] = real ? [emulator, real] : [emulator];
    const sites = await Promise.all(
      targets.map((target) => serveDashboard(t, clients.dashboard, target.api)),
    );

    /**
     * One scenario: `drive` on each target at once (with the same inputs), `check` on each
     * outcome, then the two compared. `todo` marks the emulator's side while it waits for an issue.
     */
    const scenario = (
      name: string,
      opts: {
        slug: string;
        /** Why the route it ends on is not compared (it follows a route that is not auth's). */
        routeIsNotAuth?: string;
        todo?: string | false;
        setup?: (target: Target) => Promise<Record<string, string>>;
      },
      /** `given`: what setup returned, and `site`, the dashboard's URL (routes go after it). */
      drive: (session: Session, outcome: Outcome, given: Record<string, string>) => Promise<void>,
      check: (t: Test, outcome: Outcome) => void,
    ) =>
      t.test(name, async (t) => {
        const todo = opts.todo ?? false;
        const outcomes = await Promise.all(
          targets.map(async (target, i) => {
            const given = opts.setup
              ? await opts.setup(target).catch((error) => ({ error: String(error) }))
              : {};
            return run(t, browser, target, opts.slug, async (session, outcome) => {
              if ('error' in given) throw new Error(given.error);
              await drive(session, outcome, { ...given, site: sites[i] as string });
            });
          }),
        );
        const [onEmulator, onReal] = outcomes as [Outcome, Outcome | undefined];
        const checked = (t: Test, outcome: Outcome) => {
          t.notOk(outcome.error, `the ${outcome.target.name} run went through: ${outcome.error}`);
          check(t, outcome);
        };
        t.test('on the emulator', { todo }, async (t) => checked(t, onEmulator));
        t.test('on the real server', { skip: skipReal }, async (t) =>
          checked(t, onReal as Outcome),
        );
        t.test(
          'the same auth requests and end state on both',
          { skip: skipReal, todo },
          async (t) => {
            const real = onReal as Outcome;
            t.strictSame(
              comparable(onEmulator.calls, onEmulator.keys),
              comparable(real.calls, real.keys),
              'auth requests',
            );
            t.strictSame(onEmulator.shown, real.shown, 'messages shown');
            if (!opts.routeIsNotAuth)
              t.strictSame(onEmulator.route, real.route, 'the route it ended on');
            t.strictSame(normalUser(onEmulator), normalUser(real), 'the stored user');
            t.equal(
              Boolean(onEmulator.token),
              Boolean(real.token),
              'a stored token on both or neither',
            );
          },
        );
      });

    await scenario(
      'login: POST auth/signin, then the projects page',
      { slug: 'login' },
      async (session, _outcome, { site }) => {
        await session.page.goto(`${site}#/login`);
        await signIn(session, JANE.email, JANE.password);
        await waitForRoute(session, /^#\/projects/);
      },
      (t, outcome) => {
        t.strictSame(
          outcome.calls.map((c) => [c.method, c.path, c.status, c.body]),
          [['POST', 'auth/signin', 200, JANE]],
        );
        t.equal(outcome.route, '#/projects');
        t.match(outcome.user, {
          email: JANE.email,
          firstname: 'Jane',
          lastname: 'Doe',
          emailverified: true,
        });
        t.match(outcome.token, /^JWT ey/);
      },
    );

    await scenario(
      'a wrong password: 401, the message, still on #/login',
      { slug: 'wrong-password' },
      async (session, outcome, { site }) => {
        await session.page.goto(`${site}#/login`);
        await signIn(session, JANE.email, 'not-her-password');
        await shows(session, outcome, TOAST_WRONG);
      },
      (t, outcome) => {
        t.strictSame(
          outcome.calls.map((c) => [c.method, c.path, c.status]),
          [['POST', 'auth/signin', 401]],
        );
        t.strictSame(outcome.calls[0]?.answer, {
          success: false,
          msg: 'Authentication failed. Wrong password.',
        });
        t.ok(outcome.shown[TOAST_WRONG], `shows "${TOAST_WRONG}"`);
        t.equal(outcome.route, '#/login');
        t.notOk(outcome.user, 'no stored user');
      },
    );

    const signupEmail = freshEmail('new.agent');
    await scenario(
      'signup: POST auth/signup, then the sign-in that follows',
      {
        slug: 'signup',
        routeIsNotAuth:
          'after signup the dashboard leaves #/signup once GET /projects/ answers, which the emulator does not serve',
      },
      async (session, outcome, { site }) => {
        const { page } = session;
        await page.goto(`${site}#/signup`);
        await page.waitForSelector('input#user-email');
        await page.fill('input#user-email', signupEmail);
        await page.fill('input#signup-password', 'agentpassword1');
        await page.check('input#terms');
        await page.click('button.signup-button');
        await session.call('POST', /^auth\/signin$/);
        await shows(session, outcome, 'Your Projects');
      },
      (t, outcome) => {
        // The dashboard names a new user after the e-mail's first word ("New") and " ".
        t.strictSame(
          outcome.calls.map((c) => [c.method, c.path, c.status, c.body]),
          [
            [
              'POST',
              'auth/signup',
              200,
              { email: signupEmail, password: 'agentpassword1', firstname: 'New', lastname: ' ' },
            ],
            ['POST', 'auth/signin', 200, { email: signupEmail, password: 'agentpassword1' }],
          ],
        );
        t.match(outcome.user, { email: signupEmail, emailverified: false });
        t.ok(outcome.shown['Your Projects'], 'shows "Your Projects"');
        t.match(outcome.token, /^JWT ey/);
      },
    );

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

    const ssoEmail = freshEmail('sso.agent');
    await scenario(
      'single sign-on: #/autologin/<route>/<custom token> signs in and opens the route',
      {
        slug: 'sso',
        setup: async () => ({
          token: await mintToken(
            {
              _id: `sso-${ssoEmail.split('@')[0]}`,
              email: ssoEmail,
              firstname: 'Sso',
              lastname: 'Agent',
            },
            'agent',
          ),
        }),
      },
      async (session, _outcome, given) => {
        const { page } = session;
        const route = `/project/${PROJECT_ID}/home`;
        await page.goto(
          `${given.site}#/autologin/${encodeURIComponent(route)}/${encodeURIComponent(given.token as string)}`,
        );
        await session.call('POST', /^auth\/signinWithCustomToken$/);
        await waitForRoute(session, new RegExp(`^#/project/${PROJECT_ID}/`));
      },
      (t, outcome) => {
        const [call] = outcome.calls;
        t.strictSame(call && [call.method, call.path, call.status, call.body], [
          'POST',
          'auth/signinWithCustomToken',
          200,
          null,
        ]);
        t.match(call?.authorization, /^JWT ey/);
        t.match(outcome.user, { email: ssoEmail, firstname: 'Sso', lastname: 'Agent' });
        t.match(outcome.token, /^JWT ey/);
        t.match(outcome.route, new RegExp(`^#/project/${PROJECT_ID}/`));
      },
    );
  },
);

/** The stored user with its generated id in place. */
function normalUser(outcome: Outcome) {
  if (!outcome.user) return undefined;
  return { ...outcome.user, _id: typeof outcome.user._id === 'string' ? '<id>' : outcome.user._id };
}
