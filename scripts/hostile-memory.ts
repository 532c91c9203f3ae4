/**
 * npm run hostile-memory: the memory attacks of issue 26 against `node dist/bin.js` with its
 * default limits, each on a fresh emulator, printing the peak RSS each reached and whether a
 * sign-in is still answered after it. Exits 1 if a peak passes 300 MB or a sign-in fails.
 *
 *   namespaces  200,000 requests that each name a new namespace
 *   journal     1,000 signinAnonymously with 490 KB bodies, then 278 more in a second namespace
 *   streams     500 live-journal streams that never read, over a full journal
 *   snapshots   200 snapshots of a 4 MB store
 *
 * Linux only (it reads VmHWM from /proc). Takes a few minutes on 2 cores.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bigFixtures,
  journalFlood,
  namespaceFlood,
  peakRss,
  signin,
  snapshotFlood,
  stalledStreams,
} from '../test/reliability/attacks.js';
import { startCli } from '../test/reliability/cli.js';

const LIMIT = 300 * 1024 * 1024;
const dir = mkdtempSync(join(tmpdir(), 'tiledesk-hostile-'));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
const counts = (statuses: Map<unknown, number>) =>
  [...statuses].map(([status, n]) => `${n}× ${status}`).join(', ');
let failed = false;

async function attack(
  name: string,
  args: string[],
  run: (url: string) => Promise<string>,
): Promise<void> {
  const cli = await startCli(['--port', '0', '--in-memory', '--log-level', 'silent', ...args]);
  try {
    const before = peakRss(cli.pid);
    const started = Date.now();
    const what = await run(cli.url);
    const peak = peakRss(cli.pid);
    const status = await signin(cli.url);
    const ok = peak < LIMIT && status === 200;
    if (!ok) failed = true;
    console.log(
      `${ok ? 'ok  ' : 'FAIL'} ${name.padEnd(10)} peak RSS ${mb(peak).padStart(7)} (at start ${mb(before)}), sign-in after: ${status}, ${((Date.now() - started) / 1000).toFixed(1)} s; ${what}`,
    );
  } finally {
    await cli.kill();
  }
}

await attack('namespaces', [], async (url) => {
  return counts(await namespaceFlood(url, 200_000));
});

await attack('journal', [], async (url) => {
  const main = await journalFlood(url, 1_000, 490 * 1024);
  const second = await journalFlood(url, 278, 490 * 1024, '/__ns/second');
  return `main: ${counts(main)}; second namespace: ${counts(second)}`;
});

await attack('streams', [], async (url) => {
  await journalFlood(url, 1_000, 490 * 1024);
  const { sockets, statuses } = await stalledStreams(url, 500);
  // More requests while they stall: each would be sent to every stream.
  await journalFlood(url, 200, 490 * 1024);
  for (const socket of sockets) socket.destroy();
  return counts(statuses);
});

const fixtures = join(dir, 'big.json');
bigFixtures(fixtures, 4 * 1024 * 1024);
await attack('snapshots', ['--fixtures', fixtures], async (url) => {
  return counts(await snapshotFlood(url, 200));
});

rmSync(dir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
