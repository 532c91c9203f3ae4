/**
 * npm run fuzz [-- options]: the fuzz properties of test/fuzz.test.ts at full size.
 *
 *   --runs <n>       total cases, shared among the groups (default 100000)
 *   --seed <n>       the seed (default: random; printed either way)
 *   --group <g>      only this group: an operationId or "mixed" (default: all)
 *   --path <p>       replay a counterexample (with --seed and --group, as printed)
 *   --ignore <re>    problems matching this regular expression are not failures
 *   --out <dir>      where counterexamples are written (default: the system's temp dir)
 *
 * Every failure prints its group, seed, path, the shrunk counterexample, what went wrong, the
 * command that replays it and a curl command per request. Exits 1 when a property failed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import {
  CONTROL_OPERATIONS,
  curlCommand,
  type FuzzRequest,
  TILEDESK_OPERATIONS,
} from '../test/fuzz/arbitraries.js';
import { type Group, newStats, property, startFuzzTarget } from '../test/fuzz/harness.js';

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '100000' },
    seed: { type: 'string' },
    group: { type: 'string' },
    path: { type: 'string' },
    ignore: { type: 'string' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(`npm run fuzz -- [--runs 100000] [--seed n] [--group g] [--path p] [--ignore re] [--out dir]
  --runs    total cases, shared among the groups
  --seed    the seed (default random, printed)
  --group   an operationId or "mixed" (default all)
  --path    replay a counterexample, with the --seed and --group printed with it
  --ignore  problems matching this regular expression are not failures
  --out     where counterexamples are written`);
  process.exit(0);
}

/** Share of the cases per group: the four operations get most, then the mix, then control. */
const WEIGHTS: [Group, number][] = [
  ...TILEDESK_OPERATIONS.map((op): [Group, number] => [op, 15]),
  ...CONTROL_OPERATIONS.map((op): [Group, number] => [op, 2]),
  ['mixed', 22],
];
const ALL = new Set<string>(WEIGHTS.map(([group]) => group));
if (values.group !== undefined && !ALL.has(values.group)) {
  process.stderr.write(`unknown group ${values.group}; one of ${[...ALL].join(', ')}\n`);
  process.exit(2);
}
const totalRuns = Number(values.runs);
const seed =
  values.seed !== undefined ? Number(values.seed) : (Date.now() ^ (Math.random() * 2 ** 31)) | 0;
const ignore = values.ignore !== undefined ? new RegExp(values.ignore) : undefined;
const outDir = values.out ?? join(tmpdir(), 'tiledesk-fuzz-counterexamples');
const groups = WEIGHTS.filter(([group]) => values.group === undefined || group === values.group);
const weightSum = groups.reduce((sum, [, w]) => sum + w, 0);

console.log(
  `fuzz: ${totalRuns} cases, seed ${seed}${values.path ? `, path ${values.path}` : ''}, groups: ${groups.map(([g]) => g).join(' ')}`,
);

const target = await startFuzzTarget();
const stats = newStats();
const started = Date.now();
let failures = 0;

for (const [group, weight] of groups) {
  const numRuns = values.path ? 1 : Math.max(1, Math.round((totalRuns * weight) / weightSum));
  const groupStarted = Date.now();
  const details = await fc.check(property(target, group, { stats, ignore }), {
    seed,
    numRuns,
    ...(values.path !== undefined && { path: values.path }),
  });
  const seconds = ((Date.now() - groupStarted) / 1000).toFixed(1);
  if (!details.failed) {
    console.log(`ok   ${group}: ${details.numRuns} cases in ${seconds} s`);
    continue;
  }
  failures++;
  const requests = (details.counterexample?.[0] ?? []) as FuzzRequest[];
  const error = details.errorInstance as Error | null;
  console.log(`FAIL ${group}: after ${details.numRuns} cases, ${details.numShrinks} shrinks`);
  console.log(`  seed ${details.seed}, path ${details.counterexamplePath}`);
  console.log(
    `  replay: npm run fuzz -- --group ${group} --seed ${details.seed} --path ${details.counterexamplePath}`,
  );
  console.log(`  counterexample: ${fc.stringify(details.counterexample)}`);
  console.log(`  problems:\n    ${String(error?.message ?? error).replace(/\n/g, '\n    ')}`);
  mkdirSync(outDir, { recursive: true });
  const file = join(outDir, `${group}-${details.seed}.json`);
  writeFileSync(file, JSON.stringify(requests, null, 2));
  console.log(`  requests saved to ${file}; with the emulator on :3000 (fixtures, control token):`);
  for (const [index, req] of requests.entries()) {
    let bodyFile: string | undefined;
    if (req.body !== undefined && req.body.length > 2_000) {
      bodyFile = join(outDir, `${group}-${details.seed}-${index}.body`);
      writeFileSync(bodyFile, req.body);
    }
    console.log(`    ${curlCommand('http://127.0.0.1:3000', req, bodyFile)}`);
  }
}

await target.close();
const elapsed = ((Date.now() - started) / 1000).toFixed(1);
console.log(`\n${stats.requests} requests in ${elapsed} s; statuses by operation:`);
const byOperation = new Map<string, string[]>();
for (const [key, count] of [...stats.statuses].sort()) {
  const [op, status] = key.split(' ');
  byOperation.set(op ?? '', [...(byOperation.get(op ?? '') ?? []), `${status}×${count}`]);
}
for (const [op, counts] of byOperation) console.log(`  ${op}: ${counts.join(' ')}`);
if (stats.unexpected.size > 0) {
  console.log('internal errors (5xx the emulator did not decide to send; each fails its case):');
  for (const [label, count] of stats.unexpected) console.log(`  ${count}× ${label}`);
}
console.log(failures === 0 ? 'fuzz: all properties hold' : `fuzz: ${failures} group(s) failed`);
process.exit(failures === 0 ? 0 : 1);
