/**
 * The web UI (/__emulator/ui) in headless Chromium (Debian's package, as browser.test.ts): the
 * tables and their search, seeding, minting a token and signing in with it while the journal
 * shows the request live, inspecting the token, reset, the control token, the keyboard; arming
 * and clearing a fault, the clock, snapshots and the coverage table. Runs an
 * emulator in-process. Screenshots go to .tap/screenshots/ (git-ignored), one per view.
 * Skipped when no Chromium is installed, unless REQUIRE_BROWSER=1.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { request } from 'undici';
import { type Emulator, startEmulator } from '../../src/server.js';
import { findUser, JANE, PROJECT_ID, type Test } from '../helpers.js';
import { launchChromium, skipBrowser } from './chromium.js';

const SHOTS = fileURLToPath(new URL('../../.tap/screenshots/', import.meta.url));
const skip = skipBrowser;
const launch = launchChromium;

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

async function signin(emu: Emulator) {
  const res = await request(`${emu.url}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(JANE),
  });
  await res.body.dump();
  return res.statusCode;
}

async function control(emu: Emulator, path: string) {
  const res = await request(`${emu.url}/__emulator${path}`);
  return res.body.json() as Promise<Record<string, unknown>>;
}

t.test('the web UI in headless Chromium', { skip }, async (t) => {
  const emu = await startEmulator();
  t.teardown(() => emu.close());
  const browser = await launch(t);

  t.test('the tables page: users, projects, project users; search and seed', async (t) => {
    const tab = await open(t, browser, emu.url);
    const users = (await emu.tools.listUsers()).length;
    await tab
      .locator('#users-count')
      .filter({ hasText: `of ${users}` })
      .waitFor();
    // The tables and the version load side by side: wait for each.
    await tab
      .locator('#projects-count')
      .filter({ hasText: /^1–\d+ of \d+$/ })
      .waitFor();
    await tab
      .locator('#version')
      .filter({ hasText: /Tiledesk/ })
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
    t.ok(await findUser(emu, 'grace@example.com'), 'the user is in the store');
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
    t.equal((await emu.tools.listRequests()).length, 0);
    noProblems(t, tab);
  });

  t.test('faults: arm one from the form, a sign-in gets it, clear it', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: /^Faults/ }).click();
    await tab.locator('#fault-operation option[value="signin"]').waitFor({ state: 'attached' });
    await tab.getByLabel('Operation').selectOption('signin');
    await tab.getByLabel('Status', { exact: true }).fill('401');
    await tab.getByLabel('Times').fill('1');
    await tab.getByRole('button', { name: 'Arm fault' }).click();
    await tab.locator('#fault-result').filter({ hasText: 'Armed' }).waitFor();
    // The result line is written before the table is read again: wait for the row.
    await tab.locator('#faults-table tbody tr').filter({ hasText: '401' }).waitFor();
    t.match(await tab.textContent('#faults-table tbody'), /signin\s*401/);
    t.equal(await signin(emu), 401, 'the armed status, with nothing asked by the client');
    t.equal(await signin(emu), 200, 'times: 1, so the next sign-in is real again');

    await tab.getByLabel('Status', { exact: true }).fill('500');
    await tab.getByLabel('Times').fill('5');
    await tab.getByRole('button', { name: 'Arm fault' }).click();
    await tab.locator('#fault-result').filter({ hasText: '500' }).waitFor();
    const row = tab.locator('#faults-table tbody tr').filter({ hasText: '500' });
    const id = (await row.locator('td').first().textContent()) ?? '';
    t.equal(await signin(emu), 500);
    await shot(tab, 'faults');
    await tab.getByRole('button', { name: `Clear fault ${id}` }).click();
    await tab.locator('#faults-table tbody').filter({ hasText: 'No fault armed.' }).waitFor();
    t.equal(
      await tab.evaluate(() => document.activeElement?.id),
      'faults-clear-all',
      'the focus does not get lost with the cleared row',
    );
    t.equal(await signin(emu), 200, 'cleared: the real answer');

    await tab.getByRole('button', { name: 'Arm fault' }).click();
    await tab.locator('#faults-table tbody tr').filter({ hasText: 'signin' }).waitFor();
    await tab.getByRole('button', { name: 'Clear all faults' }).click();
    await tab.locator('#fault-result').filter({ hasText: 'Every fault cleared.' }).waitFor();
    t.strictSame(await control(emu, '/faults'), []);
    noProblems(t, tab);
  });

  t.test('the clock: set it, advance it, back to real time', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: /^Faults/ }).click();
    await tab.locator('#clock-state').waitFor();
    t.equal(await tab.textContent('#clock-state'), 'running, real time');
    // Midday local time: the same UTC date whatever the browser's time zone.
    await tab.getByLabel('Set to (local time)').fill('2030-06-15T12:00:00');
    await tab.getByRole('button', { name: 'Set clock' }).click();
    await tab.locator('#clock-result').filter({ hasText: 'Clock set' }).waitFor();
    t.equal(await tab.textContent('#clock-state'), 'frozen');
    t.match(await tab.textContent('#clock-now'), /2030-06-15T/);
    const set = await control(emu, '/clock');
    t.match(set, { now: /^2030-06-15T/, frozen: true });

    await tab.getByLabel('Advance by (seconds)').fill('90');
    await tab.getByRole('button', { name: 'Advance' }).click();
    await tab.locator('#clock-result').filter({ hasText: 'Advanced 90 s' }).waitFor();
    const advanced = await control(emu, '/clock');
    t.equal(Date.parse(String(advanced.now)) - Date.parse(String(set.now)), 90_000);
    await shot(tab, 'clock');

    await tab.getByRole('button', { name: 'Back to real time' }).click();
    await tab.locator('#clock-state').filter({ hasText: 'running' }).waitFor();
    t.match(await control(emu, '/clock'), { frozen: false });
    noProblems(t, tab);
  });

  t.test('snapshots: save, change the state, restore, drop', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: /^Faults/ }).click();
    const users = (await emu.tools.listUsers()).length;
    await tab.getByLabel('Name', { exact: true }).fill('before');
    await tab.getByRole('button', { name: 'Save snapshot' }).click();
    await tab
      .locator('#snapshot-result')
      .filter({ hasText: `Saved before: ${users} users` })
      .waitFor();
    await tab.locator('#snapshots-table tbody tr').filter({ hasText: 'before' }).waitFor();

    const seeded = await request(`${emu.url}/__emulator/seed`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ users: [{ email: 'later@example.com', password: 'laterpassword' }] }),
    });
    await seeded.body.dump();
    t.ok(await findUser(emu, 'later@example.com'), 'a user added after the snapshot');
    await tab.getByRole('button', { name: 'Restore snapshot before' }).click();
    await tab.locator('#snapshot-result').filter({ hasText: 'Restored before.' }).waitFor();
    t.notOk(await findUser(emu, 'later@example.com'), 'restored: the user is gone');
    t.equal((await emu.tools.listUsers()).length, users);
    await shot(tab, 'snapshots');

    await tab.getByRole('button', { name: 'Drop snapshot before' }).click();
    await tab.locator('#snapshots-table tbody').filter({ hasText: 'No snapshot saved.' }).waitFor();
    t.strictSame(await control(emu, '/snapshots'), []);
    noProblems(t, tab);
  });

  t.test('coverage: a table of operation × declared status, zeros highlighted', async (t) => {
    const tab = await open(t, browser, emu.url);
    await tab.getByRole('tab', { name: /^Faults/ }).click();
    t.equal(await signin(emu), 200);
    await tab.getByRole('button', { name: 'Refresh coverage' }).click();
    const coverage = await control(emu, '/coverage');
    await tab
      .locator('#coverage-summary')
      .filter({ hasText: `(${coverage.percent}%)` })
      .waitFor();
    t.match(
      await tab.textContent('#coverage-summary'),
      /^\d+ of \d+ declared statuses answered \(\d+(\.\d+)?%\); (1 invalid request|(0|[2-9]|\d\d+) invalid requests) \(422\)\.$/,
    );
    const columns = await tab.$$eval('#coverage-table thead th', (cells) =>
      cells.map((cell) => cell.textContent),
    );
    const signinRow = tab.locator('#coverage-table tbody tr').filter({
      has: tab.locator('th', { hasText: /^signin$/ }),
    });
    const cells = await signinRow
      .locator('td')
      .evaluateAll((tds) => tds.map((td) => ({ text: td.textContent, kind: td.className })));
    const ok = cells[columns.indexOf('200') - 1];
    t.equal(ok?.kind, 'covered', 'signin 200 was answered');
    t.ok(Number(ok?.text) >= 1);
    t.ok(await tab.locator('#coverage-table td.uncovered').count(), 'zeros are highlighted');
    await shot(tab, 'more');
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
    t.ok(await tab.isVisible('#panel-more'));
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
  const users = (await emu.tools.listUsers()).length;
  await tab
    .locator('#users-count')
    .filter({ hasText: `of ${users}` })
    .waitFor();
  await tab.getByRole('tab', { name: /Requests/ }).click();
  await tab.locator('#stream-state').filter({ hasText: 'live' }).waitFor({ timeout: 10000 });
  t.pass('the tables and the live journal work once the token is given');
});

t.test(
  'a namespace: its tables, journal and reset, the emulator’s own untouched',
  { skip },
  async (t) => {
    const emu = await startEmulator();
    t.teardown(() => emu.close());
    const browser = await launch(t);
    const inTeam = async (path: string, body?: unknown) => {
      const res = await request(`${emu.url}/__ns/team-a${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      });
      await res.body.dump();
      return res.statusCode;
    };
    const member = { email: 'team-member@example.com', password: 'team-password' };
    t.equal(await inTeam('/__emulator/seed', { users: [member] }), 200);
    const own = (await emu.tools.listUsers()).length;

    const tab = await open(t, browser, emu.url);
    await tab
      .locator('#users-count')
      .filter({ hasText: `of ${own}` })
      .waitFor();
    await tab.locator('#namespace-names option[value="team-a"]').waitFor({ state: 'attached' });
    await tab.getByLabel('Namespace').fill('team-a');
    await tab.getByRole('button', { name: 'Show' }).click();
    await tab
      .locator('#users-count')
      .filter({ hasText: `of ${own + 1}` })
      .waitFor();
    t.match(await tab.textContent('section[data-list="users"] tbody'), /team-member@example\.com/);

    await tab.getByRole('tab', { name: /Requests/ }).click();
    await tab.locator('#stream-state').filter({ hasText: 'live' }).waitFor({ timeout: 10000 });
    const wrong = await request(`${emu.url}/auth/signin`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...JANE, password: 'not-hers' }),
    });
    await wrong.body.dump();
    t.equal(wrong.statusCode, 401, 'a sign-in to the emulator’s own state');
    t.equal(await inTeam('/auth/signin', member), 200, 'a sign-in to the namespace');
    await tab.locator('#journal .entry').filter({ hasText: '200' }).waitFor();
    t.equal(await tab.locator('#journal .entry').count(), 1, 'only the namespace’s request');

    await tab.getByRole('button', { name: 'Reset emulator' }).click();
    await tab.getByRole('tab', { name: /^Data/ }).click();
    await tab
      .locator('#users-count')
      .filter({ hasText: `of ${own}` })
      .waitFor();
    t.equal((await emu.tools.listUsers()).length, own, 'the emulator’s own store is untouched');
    t.equal(await inTeam('/auth/signin', member), 401, 'the reset reset the namespace');

    await tab.getByLabel('Namespace').fill('');
    await tab.getByRole('button', { name: 'Show' }).click();
    await tab.locator('#status').filter({ hasText: 'own state' }).waitFor();
    noProblems(t, tab);
  },
);
