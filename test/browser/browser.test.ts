/**
 * A real browser: headless Chromium (Debian's package, never a downloaded build) loads a page
 * from another origin that signs in with fetch(), and renders the /docs page, both from
 * `node dist/bin.js` (`npm run test:browser` builds it first). Skipped when no Chromium is
 * installed, unless REQUIRE_BROWSER=1 (set by .ci/run, which installs it).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import t from 'tap';
import { JANE, spec } from '../helpers.js';
import { startCli } from '../reliability/cli.js';
import { launchChromium, skipBrowser } from './chromium.js';

t.test('in headless Chromium', { skip: skipBrowser }, async (t) => {
  const emu = await startCli(['--port', '0', '--in-memory', '--log-level', 'silent']);
  t.teardown(() => emu.kill());
  const page = `<!doctype html><html><body><pre id="result">pending</pre><script>
      fetch(${JSON.stringify(`${emu.url}/auth/signin`)}, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(${JSON.stringify(JANE)}),
      })
        .then(async (res) => { document.getElementById('result').textContent = res.status + ' ' + (await res.text()); })
        .catch((err) => { document.getElementById('result').textContent = 'failed ' + err; });
    </script></body></html>`;
  const site = createServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end(page),
  );
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise((resolve) => site.close(resolve)));
  const siteUrl = `http://localhost:${(site.address() as AddressInfo).port}/`;

  const browser = await launchChromium(t);

  t.test('a page on another origin signs in with fetch (CORS preflight and all)', async (t) => {
    const tab = await browser.newPage();
    await tab.goto(siteUrl);
    await tab.waitForFunction(
      () => document.getElementById('result')?.textContent !== 'pending',
      null,
      { timeout: 15000 },
    );
    const text = (await tab.textContent('#result')) ?? '';
    t.match(text, /^200 \{"success":true,"token":"JWT /, text.slice(0, 120));
    t.match(text, /"email":"jane\.doe@example\.com"/);
  });

  t.test('/docs renders Swagger UI: the spec loads, with every operation', async (t) => {
    const tab = await browser.newPage();
    const failed: string[] = [];
    tab.on('response', (res) => {
      if (res.status() >= 400) failed.push(`${res.status()} ${res.url()}`);
    });
    await tab.goto(`${emu.url}/docs/`);
    await tab.waitForSelector('.opblock, .errors-wrapper', { timeout: 20000 });
    const text = (await tab.textContent('body')) ?? '';
    t.notMatch(text, /Failed to load API definition/);
    t.strictSame(failed, [], 'no request of the page failed');
    const operations = await tab.$$eval('.opblock .opblock-summary-path', (nodes) =>
      nodes.map((n) => n.textContent?.replace(/\u200b/g, '').trim()),
    );
    // Every operation of the spec, each once (Swagger UI groups them by tag).
    const doc = await spec();
    const declared = Object.entries(doc.paths).flatMap(([path, item]) =>
      ['get', 'put', 'post', 'delete', 'patch'].filter((m) => m in (item ?? {})).map(() => path),
    );
    t.strictSame([...operations].sort(), declared.sort());
  });
});
