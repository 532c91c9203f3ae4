/**
 * The dashboard's scenarios, as the two dashboard test files use them: Tiledesk's dashboard
 * (2.7.173) served once per target, a fresh Chromium page per scenario and target, and each
 * scenario run against the emulator and the real server at once, checked on both, then
 * compared: the same auth requests, messages, route and stored user.
 */
import type { Browser } from 'playwright-core';
import { launchChromium } from '../browser/chromium.js';
import type { Test } from '../helpers.js';
import { serveDashboard, unpackClients } from './clients.js';
import { type AuthCall, comparable, normalPath, openSession, type Session } from './session.js';
import { realTarget, skipReal, startEmulatorTarget, type Target } from './targets.js';

/** What a scenario saw on one target. */
export interface Outcome {
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

export const TOAST_WRONG = 'Sorry, we had trouble logging you in.';

export async function signIn(session: Session, email: string, password: string, count = 1) {
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
export async function shows(session: Session, outcome: Outcome, text: string, timeout = 15_000) {
  try {
    await session.page.getByText(text).first().waitFor({ state: 'visible', timeout });
    outcome.shown[text] = true;
  } catch {
    outcome.shown[text] = false;
  }
}

export async function waitForRoute(session: Session, route: RegExp) {
  await session.page.waitForFunction(
    (source) => new RegExp(source).test(location.hash),
    route.source,
    { timeout: 30_000 },
  );
}

/** Starts what a dashboard test file needs; resolves with the emulator and `scenario`. */
export async function dashboardScenarios(t: Test) {
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
      t.test('on the real server', { skip: skipReal }, async (t) => checked(t, onReal as Outcome));
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
            t.strictSame(
              normalPath(onEmulator.route, onEmulator.keys),
              normalPath(real.route, real.keys),
              'the route it ended on',
            );
          t.strictSame(normalUser(onEmulator), normalUser(real), 'the stored user');
          t.equal(
            Boolean(onEmulator.token),
            Boolean(real.token),
            'a stored token on both or neither',
          );
        },
      );
    });
  return { emulator, scenario };
}

/** The stored user with its generated id in place. */
function normalUser(outcome: Outcome) {
  if (!outcome.user) return undefined;
  return { ...outcome.user, _id: typeof outcome.user._id === 'string' ? '<id>' : outcome.user._id };
}
