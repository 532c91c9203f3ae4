/**
 * npm run crash-loop [-- --rounds 20 --concurrency 32 --max-kill-ms 500]: the crash round of
 * test/crash-safety.test.ts, repeated on one store file. Each round: a signup storm against
 * `node dist/bin.js`, SIGKILL after a random delay, a restart on the same file, and a signin for
 * every signup that was answered 200. Exits 1 if any round lost an acknowledged signup.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { type Credentials, crashRound } from '../test/reliability/storm.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '20' },
    concurrency: { type: 'string', default: '32' },
    'min-kill-ms': { type: 'string', default: '0' },
    'max-kill-ms': { type: 'string', default: '500' },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(values.rounds);
const dir = mkdtempSync(join(tmpdir(), 'tiledesk-crash-loop-'));
const file = join(dir, 'store.json');
const earlier: Credentials[] = [];
let failed = 0;
const started = Date.now();

console.log(`crash-loop: ${rounds} rounds on ${file}`);
for (let round = 1; round <= rounds; round++) {
  const result = await crashRound({
    file,
    round,
    earlier,
    concurrency: Number(values.concurrency),
    minKillMs: Number(values['min-kill-ms']),
    maxKillMs: Number(values['max-kill-ms']),
  });
  earlier.push(...result.acknowledged);
  const line =
    `round ${String(round).padStart(2)}: killed ${String(result.killedAfterMs).padStart(3)} ms after the first 200, ` +
    `${result.acknowledged.length}/${result.attempted} signups acknowledged, ` +
    `${result.usersInFile} users in the file`;
  if (result.problems.length === 0) {
    console.log(`ok   ${line}, all signed in after the restart`);
  } else {
    failed++;
    console.log(`FAIL ${line}`);
    for (const problem of result.problems.slice(0, 10)) console.log(`       ${problem}`);
  }
}
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(
  `crash-loop: ${rounds - failed}/${rounds} rounds passed, ${earlier.length} acknowledged signups kept, ${seconds} s`,
);
if (values.keep) console.log(`store kept at ${file}`);
else rmSync(dir, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
