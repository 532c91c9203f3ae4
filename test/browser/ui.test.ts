/**
 * The web UI (/__emulator/ui) in headless Chromium (Debian's package, as browser.test.ts): the
 * tables and their search, seeding, minting a token and signing in with it while the journal
 * shows the request live, inspecting the token, reset, the control token, the keyboard. Runs an
 * emulator in-process. Screenshots go to .tap/screenshots/ (git-ignored), one per view.
 * Skipped when no Chromium is installed, unless REQUIRE_BROWSER=1.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import t from 'tap';
import { request } from 'undici';
import { type Emulator, startEmulator } from '../../src/server.js';
import { PROJECT_ID, type Test } from '../helpers.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.REQUIRE_BROWSER === '1';
const SHOTS = fileURLToPath(new URL('../../.tap/screenshots/', import.meta.url));

const missing = !existsSync(CHROMIUM);
if (missing && required) {
  t.fail(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}
const skip =
  missing && !required
    ? `no Chromium at ${CHROMIUM}; install Debian's chromium to run these`
    : false;

async function launch(t: Test): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  t.teardown(() => browser.close());
  return browser;
}

const problems = new WeakMap<Page, string[]>();

/** A laptop-sized tab on the UI, noting page errors, CSP violations and failed requests. */
async function open(t: Test, browser: Browser, url: string): Promise<Page> {
  const tab = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  const seen: string[] = [];
  problems.set(tab, seen);
  tab.on('pageerror', (error) => seen.push(`page error: ${error.message}`));
  tab.on('console', (message) => {
    if (message.type() === 'error') seen.push(`console: ${message.text()}`);
  });
  tab.on('response', (res) => {
    if (res.status() >= 400 && !res.url().includes('/auth/'))
      seen.push(`${res.status()} ${res.url()}`);
  });
  t.teardown(() => tab.close());
  await tab.goto(`${url}/__emulator/ui`);
  return tab;
}

/** `expected`: the failures the test caused on purpose. */
function noProblems(t: Test, tab: Page, expected: RegExp[] = []): void {
  const unexpected = problems.get(tab)?.filter((p) => !expected.some((e) => e.test(p)));
  t.strictSame(unexpected, [], 'no page error, console error or failed request');
}

function shot(tab: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  return tab.screenshot({ path: `${SHOTS}${name}.png`, fullPage: true });
}

async function signinWithCustomToken(emu: Emulator, authorization: string) {
  const res = await request(`${emu.url}/auth/signinWithCustomToken`, {
    method: 'POST',
    headers: { authorization },
  });
  await res.body.dump();
  return res.statusCode;
}

t.test('the web UI in headless Chromium', { skip }, async (t) => {
  const emu = await startEmulator();
  t.teardown(() => emu.close());
  const browser = await launch(t);

  t.test('the tables page: users, projects, project users; search and seed', async (t) => {
    const tab = await open(t, browser, emu.url);
    const users = emu.store.data.users.length;
    await tab
      .locator('#users-count')
      .filter({ hasText: `of ${users}` })
      .waitFor();
    t.match(await tab.textContent('#projects-count'), /^1–\d+ of \d+$/);
    t.match(await tab.textContent('#version'), /Tiledesk/);
    await shot(tab, 'data');

    await tab.getByLabel('Search users').fill('jane');
    await tab.locator('#users-count').filter({ hasText: 'matching' }).waitFor();
    const emails = await tab.$$eval('[data-list="users"] tbody tr td:nth-child(2)', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    t.strictSame(emails, ['jane.doe@example.com'], 'only the matching user is listed');

    await tab.getByLabel('E-mail', { exact: true }).fill('grace@example.com');
    await tab.getByLabel('Password').fill('gracepassword');
    await tab.getByLabel('First name').fill('Grace');
    await tab.getByRole('button', { name: 'Add user' }).click();
    await tab.locator('#seed-result').filter({ hasText: 'Added grace@example.com' }).waitFor();
    await tab.getByLabel('Search users').fill('grace');
    await tab.locator('#users-count').filter({ hasText: '1–1 of 1 matching' }).waitFor();
    t.ok(emu.store.findUserByEmail('grace@example.com'), 'the user is in the store');
    noProblems(t, tab);
  });

  t.test('mint a token, sign in with it: the journal shows the request live', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: 'Tokens' }).click();
    await tab.locator(`#mint-project option[value="${PROJECT_ID}"]`).waitFor({ state: 'attached' });
    await tab.getByLabel('Project', { exact: true }).selectOption(PROJECT_ID);
    await tab.getByLabel('Role').selectOption('agent');
    await tab.getByRole('button', { name: 'Mint' }).click();
    await tab.locator('#mint-output').waitFor();
    const token = await tab.inputValue('#mint-token');
    t.match(token, /^JWT ey/);
    t.match(
      await tab.inputValue('#mint-curl'),
      `curl -i -X POST '${emu.url}/auth/signinWithCustomToken' -H 'Authorization: ${token}'`,
    );

    await tab.getByRole('tab', { name: /Requests/ }).click();
    await tab.locator('#stream-state').filter({ hasText: 'live' }).waitFor();
    t.equal(await signinWithCustomToken(emu, token), 200);
    const entry = tab.locator('#journal .entry').filter({ hasText: 'signinWithCustomToken' });
    await entry.first().waitFor({ timeout: 5000 });
    t.match(await entry.first().textContent(), /200\s*POST\s*\/auth\/signinWithCustomToken/);
    t.equal(await signinWithCustomToken(emu, 'JWT not.a.token'), 401);
    await tab.locator('#journal .entry .diagnostic.short').first().waitFor();
    t.match(await tab.textContent('#journal .entry'), /401/, 'the newest request comes first');
    t.equal(await tab.getAttribute('#journal', 'aria-live'), 'polite');
    await tab.locator('#journal .entry summary').first().click();
    await shot(tab, 'journal');

    await tab.getByRole('tab', { name: 'Tokens' }).click();
    await tab.getByRole('button', { name: 'Inspect it' }).click();
    const verdict = tab.locator('#inspect-output .verdict');
    await verdict.waitFor();
    t.equal(await verdict.textContent(), `Verified by the jwtSecret of project ${PROJECT_ID}.`);
    t.match(await tab.textContent('#inspect-claims'), /"role": "agent"/);
    t.match(await tab.textContent('#inspect-output .times'), /iat.*exp/s);
    await shot(tab, 'tokens');

    await tab.getByLabel(/^Token \(compact/).fill('JWT not-a-token');
    await tab.getByRole('button', { name: 'Inspect', exact: true }).click();
    await tab.locator('#inspect-output').filter({ hasText: 'not a JWT' }).waitFor();
    noProblems(t, tab, [/^console: .*400/, /^400 .*\/tokens\/inspect$/]);
  });

  t.test('reset: the fixtures are back and the live journal empties', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: /Requests/ }).click();
    await tab.locator('#journal .entry').first().waitFor();
    await tab.getByRole('button', { name: 'Reset emulator' }).click();
    await tab.locator('#status').filter({ hasText: 'Reset' }).waitFor();
    await tab.locator('#journal .entry').first().waitFor({ state: 'detached' });
    t.equal(await tab.textContent('#request-count'), '0');
    t.equal(emu.journal.list().length, 0);
    noProblems(t, tab);
  });

  t.test('the tabs follow the keyboard (arrows, Home, End)', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: 'Data' }).focus();
    await tab.keyboard.press('ArrowRight');
    t.equal(await tab.getAttribute('#tab-requests', 'aria-selected'), 'true');
    t.ok(await tab.isVisible('#panel-requests'));
    await tab.keyboard.press('End');
    t.equal(await tab.evaluate(() => document.activeElement?.id), 'tab-more');
    t.match(await tab.textContent('#panel-more'), /Not available yet/);
    await shot(tab, 'more');
    await tab.keyboard.press('Home');
    t.ok(await tab.isVisible('#panel-data'));
    noProblems(t, tab);
  });
});

t.test('with a control token, the page asks for it and sends it', { skip }, async (t) => {
  const emu = await startEmulator({ controlToken: 'ui-test-token' });
  t.teardown(() => emu.close());
  const browser = await launch(t);
  const tab = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  t.teardown(() => tab.close());
  await tab.goto(`${emu.url}/__emulator/ui`);
  await tab.locator('#status').filter({ hasText: 'control token' }).waitFor();
  t.equal(
    await tab.evaluate(() => document.activeElement?.id),
    'control-token',
    'the token field has the focus',
  );
  await tab.getByLabel('Control token').fill('ui-test-token');
  await tab.getByRole('button', { name: 'Use', exact: true }).click();
  const users = emu.store.data.users.length;
  await tab
    .locator('#users-count')
    .filter({ hasText: `of ${users}` })
    .waitFor();
  await tab.getByRole('tab', { name: /Requests/ }).click();
  await tab.locator('#stream-state').filter({ hasText: 'live' }).waitFor({ timeout: 10000 });
  t.pass('the tables and the live journal work once the token is given');
});
