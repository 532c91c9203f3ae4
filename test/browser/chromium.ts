/**
 * Debian's Chromium (never a downloaded build) for the browser tier, launched headless with the
 * flags this machine's closed network needs. Skipped when it is not installed, unless
 * REQUIRE_BROWSER=1 (set by .ci/run, which installs it), where its absence fails the run.
 */
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import t from 'tap';
import type { Test } from '../helpers.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const required = process.env.REQUIRE_BROWSER === '1';
const missing = !existsSync(CHROMIUM);
if (missing && required) {
  t.fail(`REQUIRE_BROWSER=1 but no Chromium at ${CHROMIUM} (apt-get install chromium)`);
}

/** The `skip` option of a browser test: a reason when Chromium is missing and not required. */
export const skipBrowser =
  missing && !required
    ? `no Chromium at ${CHROMIUM}; install Debian's chromium to run these`
    : false;

/** A headless Chromium, closed when the test ends. */
export async function launchChromium(t: Test): Promise<Browser> {
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
