/**
 * Tiledesk's web chat widget (5.2.3), embedded in a host page and driven in Chromium as a site's
 * visitor would: anonymous sign-in at start, then the chat token and its MQTT connection,
 * `window.tiledesk.signInWithCustomToken()` with a token from `mint-token`, and a bad token.
 * The same flow runs against the emulator and the real server; each scenario checks both and
 * then that the widget sent the same auth requests and ended in the same state.
 */
import type { Browser } from 'playwright-core';
import t from 'tap';
import { request } from 'undici';
import { launchChromium, skipBrowser } from '../browser/chromium.js';
import { PROJECT_ID, type Test } from '../helpers.js';
import { serveWidget, unpackClients } from './clients.js';
import { type AuthCall, type ChatSocket, comparable, openSession } from './session.js';
import {
  type EmulatorTarget,
  mintToken,
  realTarget,
  skipReal,
  startEmulatorTarget,
  type Target,
  waitsFor,
} from './targets.js';

const STORE = `widget_sv5_${PROJECT_ID}_`;
const ADA = { _id: 'ext-42', firstname: 'Ada', lastname: 'Lovelace', email: 'ada@example.com' };
const CHAT_TOKEN = '/chat21/native/auth/createCustomToken';

interface Phase {
  /** The auth calls made in this phase. */
  calls: AuthCall[];
  /** The widget's localStorage (its own keys, prefix removed) at the end of the phase. */
  storage: Record<string, string>;
  /** What `window.tiledesk.signInWithCustomToken()` settled with. */
  settled?: { resolved?: unknown; rejected?: { status?: number; message?: string } };
}

interface WidgetRun {
  target: Target;
  anonymous?: Phase;
  customToken?: Phase;
  badToken?: Phase;
  /** The chat token after each sign-in, and the MQTT connections the widget opened. */
  chat?: { calls: AuthCall[]; sockets: ChatSocket[] };
  error?: unknown;
}

/** The widget's own localStorage entries, without their `widget_sv5_<project>_` prefix. */
async function storage(session: Awaited<ReturnType<typeof openSession>>) {
  const all = await session.page.evaluate(() => ({ ...localStorage }));
  return Object.fromEntries(
    Object.entries(all)
      .filter(([key]) => key.startsWith(STORE))
      .map(([key, value]) => [key.slice(STORE.length), value]),
  );
}

const SIGN_IN = (token: string) =>
  // Runs in the page: settles like the widget's own promise, reduced to what can be compared.
  window.tiledesk.signInWithCustomToken(token).then(
    (resolved: unknown) => ({ resolved }),
    (error: { status?: number; message?: string }) => ({
      rejected: { status: error?.status, message: error?.message },
    }),
  );

declare global {
  interface Window {
    tiledesk: { signInWithCustomToken(token: string): Promise<unknown> };
  }
}

/** Drives the widget through the three phases on one target; stops at the first failure. */
async function driveWidget(t: Test, browser: Browser, host: string, target: Target) {
  const run: WidgetRun = { target };
  const session = await openSession(t, browser, target);
  const slug = target.name.replace(' ', '-');
  const auth = (from: number) =>
    session.calls.slice(from).filter((c) => c.path.startsWith('auth/'));
  try {
    await session.page.goto(host);
    await session.page.mouse.move(40, 40); // launch.js starts on a user event (else after 5 s)
    await session.call('POST', /^auth\/signinAnonymously$/);
    await session.page.waitForFunction(
      (key) => localStorage.getItem(key)?.startsWith('JWT '),
      `${STORE}tiledeskToken`,
    );
    run.anonymous = { calls: auth(0), storage: await storage(session) };
    const firstChat = await session.call('POST', /^chat21\//);
    await session.screenshot(`widget-anonymous-${slug}`);

    let mark = session.calls.length;
    const minted = await mintToken(ADA);
    const settled = await session.page.evaluate(SIGN_IN, minted);
    await session.call('POST', /^auth\/signinWithCustomToken$/);
    run.customToken = { calls: auth(mark), storage: await storage(session), settled };
    const secondChat = await session.call('POST', /^chat21\//, 2);
    if (firstChat.status === 200 && secondChat.status === 200) {
      // The widget opens MQTT with the chat token as its password: wait for both connections.
      await session.page.waitForTimeout(100);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && !hasConnect(session.sockets, secondChat)) {
        await session.page.waitForTimeout(200);
      }
    }
    run.chat = {
      calls: session.calls.filter((c) => c.path.startsWith('chat21/')),
      sockets: session.sockets,
    };
    await session.screenshot(`widget-custom-token-${slug}`);

    mark = session.calls.length;
    const rejected = await session.page.evaluate(SIGN_IN, 'JWT not.a.token');
    await session.call('POST', /^auth\/signinWithCustomToken$/, 2);
    run.badToken = { calls: auth(mark), storage: await storage(session), settled: rejected };
    await session.screenshot(`widget-bad-token-${slug}`);
  } catch (error) {
    run.error = error;
  }
  return run;
}

function hasConnect(sockets: ChatSocket[], chat: AuthCall): boolean {
  const token = (chat.answer as { token?: string } | undefined)?.token;
  return sockets.some((socket) => socket.connect?.password === token);
}

/** The phase, or a failure that says why it is missing. */
function phase<K extends 'anonymous' | 'customToken' | 'badToken' | 'chat'>(
  t: Test,
  run: WidgetRun,
  key: K,
): NonNullable<WidgetRun[K]> | undefined {
  const found = run[key];
  if (!found) t.fail(`the ${run.target.name} run stopped before ${key}: ${run.error}`);
  return found ?? undefined;
}

t.test('the web widget (chat21-web-widget 5.2.3) in Chromium', { skip: skipBrowser }, async (t) => {
  const clients = await unpackClients(t);
  const browser = await launchChromium(t);
  const emulator = await startEmulatorTarget(t);
  const real = realTarget();
  const targets: Target[] = real ? [emulator, real] : [emulator];
  const hosts = await Promise.all(
    targets.map((target) => serveWidget(t, clients.widget, target.api)),
  );
  const runs = await Promise.all(
    targets.map((target, i) => driveWidget(t, browser, hosts[i] as string, target)),
  );
  const [onEmulator, onReal] = runs as [WidgetRun, WidgetRun | undefined];
  const chatWaits = waitsFor(emulator, [CHAT_TOKEN]);

  /** The scenario's checks on each target, then the comparison of the two. */
  const scenario = (
    name: string,
    todo: string | false,
    check: (t: Test, run: WidgetRun) => void | Promise<void>,
    same: (t: Test, emulator: WidgetRun, real: WidgetRun) => void,
  ) =>
    t.test(name, async (t) => {
      t.test('on the emulator', { todo }, async (t) => check(t, onEmulator));
      t.test('on the real server', { skip: skipReal }, async (t) => check(t, onReal as WidgetRun));
      t.test('the same auth requests and end state on both', { skip: skipReal, todo }, async (t) =>
        same(t, onEmulator, onReal as WidgetRun),
      );
    });

  scenario(
    'anonymous sign-in at start: POST auth/signinAnonymously, the JWT stored',
    false,
    async (t, run) => {
      const found = phase(t, run, 'anonymous');
      if (!found) return;
      t.strictSame(
        found.calls.map((c) => [c.method, c.path, c.status, c.body]),
        [['POST', 'auth/signinAnonymously', 200, { id_project: PROJECT_ID }]],
      );
      const answer = found.calls[0]?.answer as { token: string; user: { _id: string } };
      t.equal(found.storage.tiledeskToken, answer.token, 'the stored token is the answer token');
      t.match(found.storage.tiledeskToken, /^JWT ey/);
      t.match(JSON.parse(found.storage.currentUser ?? '{}'), {
        uid: answer.user._id,
        firstname: /^guest#[0-9a-f]{4}$/,
      });
      if (run.target === emulator) await journaled(t, emulator);
    },
    (t, emu, real) => {
      if (!emu.anonymous || !real.anonymous) return t.fail('a run stopped early');
      t.strictSame(comparable(emu.anonymous.calls), comparable(real.anonymous.calls));
      t.strictSame(
        Object.keys(emu.anonymous.storage).sort(),
        Object.keys(real.anonymous.storage).sort(),
      );
      const user = (p: Phase) => ({
        ...JSON.parse(p.storage.currentUser ?? '{}'),
        uid: 'guest',
        firstname: 'guest#',
        fullname: 'guest#',
        color: '',
        avatar: '',
      });
      t.strictSame(user(emu.anonymous), user(real.anonymous), 'currentUser, ids and names aside');
    },
  );

  scenario(
    'the chat token after each sign-in: createCustomToken 200 {userid, token}, then MQTT with it',
    chatWaits,
    (t, run) => {
      const chat = phase(t, run, 'chat');
      if (!chat) return;
      t.strictSame(
        chat.calls.map((c) => [c.method, c.path, c.status, c.body]),
        [
          ['POST', 'chat21/native/auth/createCustomToken', 200, {}],
          ['POST', 'chat21/native/auth/createCustomToken', 200, {}],
        ],
      );
      const [guest, ada] = chat.calls.map((c) => c.answer as { userid: string; token: string });
      const anonymousUser = (run.anonymous?.calls[0]?.answer as { user?: { _id: string } })?.user;
      t.equal(guest?.userid, anonymousUser?._id, 'the guest chat token is for the anonymous user');
      t.equal(ada?.userid, ADA._id, 'the second is for the custom token user');
      t.match(chat.calls[0]?.authorization, /^JWT ey/, 'sent with the stored JWT');
      for (const answer of [guest, ada]) {
        const socket = chat.sockets.find((s) => s.connect?.password === answer?.token);
        t.ok(socket, `an MQTT CONNECT with the chat token of ${answer?.userid} as password`);
        t.match(socket?.url, /^ws:\/\/127\.0\.0\.1:9\/mqws\/ws/);
      }
    },
    (t, emu, real) => {
      const shape = (run: WidgetRun) => ({
        calls: comparable(run.chat?.calls ?? []),
        answers: run.chat?.calls.map((c) => Object.keys(c.answer ?? {}).sort()),
        connects: run.chat?.sockets.filter((s) => s.connect).length ? 'connected' : 'none',
      });
      t.strictSame(shape(emu), shape(real));
    },
  );

  scenario(
    'window.tiledesk.signInWithCustomToken(mint-token) resolves with the claims',
    false,
    (t, run) => {
      const found = phase(t, run, 'customToken');
      if (!found) return;
      const [call] = found.calls;
      t.strictSame(
        found.calls.map((c) => [c.method, c.path, c.status, c.body]),
        [['POST', 'auth/signinWithCustomToken', 200, null]],
      );
      t.match(call?.authorization, /^JWT ey/, 'the minted token as Authorization');
      t.match(found.settled, {
        resolved: {
          uid: 'ext-42',
          firstname: 'Ada',
          lastname: 'Lovelace',
          email: 'ada@example.com',
          fullname: 'Ada Lovelace',
        },
      });
      t.equal(found.storage.tiledeskToken, (call?.answer as { token?: string })?.token);
      t.match(JSON.parse(found.storage.currentUser ?? '{}'), {
        uid: 'ext-42',
        fullname: 'Ada Lovelace',
      });
    },
    (t, emu, real) => {
      if (!emu.customToken || !real.customToken) return t.fail('a run stopped early');
      t.strictSame(comparable(emu.customToken.calls), comparable(real.customToken.calls));
      t.strictSame(emu.customToken.settled, real.customToken.settled);
      t.strictSame(emu.customToken.storage.currentUser, real.customToken.storage.currentUser);
    },
  );

  scenario(
    'a bad token: 401, the call rejects and the stored token is cleared',
    false,
    (t, run) => {
      const found = phase(t, run, 'badToken');
      if (!found) return;
      t.strictSame(
        found.calls.map((c) => [c.method, c.path, c.status, c.authorization]),
        [['POST', 'auth/signinWithCustomToken', 401, 'JWT not.a.token']],
      );
      t.match(found.settled, { rejected: { status: 401 } });
      t.notOk('tiledeskToken' in found.storage, 'no stored token');
    },
    (t, emu, real) => {
      if (!emu.badToken || !real.badToken) return t.fail('a run stopped early');
      t.strictSame(comparable(emu.badToken.calls), comparable(real.badToken.calls));
      t.strictSame(
        Object.keys(emu.badToken.storage).sort(),
        Object.keys(real.badToken.storage).sort(),
      );
      t.strictSame(emu.badToken.settled?.rejected?.status, real.badToken.settled?.rejected?.status);
    },
  );
});

/** The emulator's journal holds the widget's anonymous sign-in, with its body. */
async function journaled(t: Test, emulator: EmulatorTarget) {
  const res = await request(`${emulator.url}/__emulator/requests?operationId=signinAnonymously`);
  const entries = (await res.body.json()) as {
    method: string;
    path: string;
    status: number;
    body: unknown;
  }[];
  t.match(
    entries,
    [
      {
        method: 'POST',
        path: '/auth/signinAnonymously',
        status: 200,
        body: { id_project: PROJECT_ID },
      },
    ],
    'journaled by the emulator',
  );
}
