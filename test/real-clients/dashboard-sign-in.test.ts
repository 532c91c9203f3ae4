/**
 * Tiledesk's dashboard in Chromium, signing in as an agent would: login and the wrong-password
 * message, signup and the sign-in that follows, single sign-on with a custom token
 * (#/autologin); on the emulator and the real server, compared (dashboard.ts).
 */
import t from 'tap';
import { skipBrowser } from '../browser/chromium.js';
import { JANE, PROJECT_ID } from '../helpers.js';
import { dashboardScenarios, shows, signIn, TOAST_WRONG, waitForRoute } from './dashboard.js';
import { freshEmail, mintToken } from './targets.js';

t.test('the dashboard (2.7.173) in Chromium: sign-in', { skip: skipBrowser }, async (t) => {
  const { scenario } = await dashboardScenarios(t);
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

  const ssoEmail = freshEmail('sso.agent');
  const PENDING = 'Pending email verification';
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
    async (session, outcome, given) => {
      const { page } = session;
      const route = `/project/${PROJECT_ID}/home`;
      await page.goto(
        `${given.site}#/autologin/${encodeURIComponent(route)}/${encodeURIComponent(given.token as string)}`,
      );
      await session.call('POST', /^auth\/signinWithCustomToken$/);
      await waitForRoute(session, new RegExp(`^#/project/${PROJECT_ID}/`));
      await shows(session, outcome, PENDING);
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
      t.ok(outcome.shown[PENDING], `shows "${PENDING}" (the token's user is not verified)`);
    },
  );
});
