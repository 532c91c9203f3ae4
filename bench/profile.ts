/**
 * CPU profiles of the emulator's CLI (`node --cpu-prof dist/bin.js`), summarized:
 *
 *   npx tsx bench/profile.ts [--duration 10] [--dir /tmp/prof] [--records 100000] [--only suite,…]
 *
 * Scenarios: start (spawn → first 2xx, sampled every 100 µs); suite and suite-memory (the
 * contract-suite workload of suite.ts, once, file store and --in-memory);
 * open-large (spawn → first 2xx on issue 12's store: 10k users, 100k project_users);
 * signin and signinAnonymously under 50 connections; signinAnonymously with `--records`
 * project_users in the store (named signinAnonymously-<records>).
 * Each profile is written when the emulator exits on SIGTERM; run with nothing else loading the
 * machine. See bench/README.md for the findings.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSummary, summarizeFile } from './cpuprofile.js';
import {
  freePort,
  launch,
  load,
  type Operation,
  operationRequest,
  stop,
  waitFor2xx,
} from './lib.js';
import { writeStore } from './store.js';
import { runSequence, workload } from './suite.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    dir: { type: 'string', default: '/tmp/prof' },
    records: { type: 'string', default: '100000' },
    top: { type: 'string', default: '15' },
    /** Comma-separated scenario names. */
    only: { type: 'string' },
  },
});
const durationS = Number(values.duration);
const records = Number(values.records);

interface Scenario {
  name: string;
  operation?: Operation;
  records?: number;
  /** Users in the store besides the fixtures (each also a project_user). */
  users?: number;
  /** Run suite.ts's workload once instead of a load run; `memory` starts with --in-memory. */
  suite?: 'file' | 'memory';
  intervalUs: number;
}

const SCENARIOS: Scenario[] = [
  { name: 'start', intervalUs: 100 },
  { name: 'suite', suite: 'file', intervalUs: 1000 },
  { name: 'suite-memory', suite: 'memory', intervalUs: 1000 },
  { name: 'signin', operation: 'signin', intervalUs: 1000 },
  { name: 'signinAnonymously', operation: 'signinAnonymously', intervalUs: 1000 },
  { name: 'open-large', users: 10_000, records: 100_000, intervalUs: 1000 },
  {
    name: `signinAnonymously-${records}`,
    operation: 'signinAnonymously',
    records,
    intervalUs: 1000,
  },
];

async function profile(scenario: Scenario): Promise<string> {
  const dir = join(values.dir, scenario.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const db = join(dir, 'store.json');
  if (scenario.records) writeStore(db, scenario.users ?? 0, scenario.records);
  const proc = launch('emulator', {
    port: await freePort(),
    dir,
    db: scenario.suite === 'memory' ? null : db,
    nodeArgs: [
      '--cpu-prof',
      '--cpu-prof-dir',
      dir,
      '--cpu-prof-interval',
      String(scenario.intervalUs),
    ],
  });
  try {
    const startMs = await waitFor2xx(proc, 120_000);
    process.stderr.write(`profile: ${scenario.name}: first 2xx after ${startMs.toFixed(0)} ms\n`);
    if (scenario.suite) {
      const run = await runSequence(proc.port, 'emulator', workload());
      process.stderr.write(
        `profile: ${scenario.name}: ${run.requests} requests in ${run.wallMs.toFixed(0)} ms, ${run.unexpected} unexpected\n`,
      );
    }
    if (scenario.operation) {
      const figure = await load(proc.port, operationRequest(scenario.operation), {
        connections: 50,
        durationS,
      });
      process.stderr.write(
        `profile: ${scenario.name}: ${figure.rps.toFixed(0)} req/s, p99 ${figure.p99} ms\n`,
      );
    }
  } finally {
    // The profile is written at exit; a large store takes a while to flush.
    await stop(proc, 60_000);
  }
  const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no .cpuprofile in ${dir}`);
  return join(dir, file);
}

const only = values.only?.split(',');
for (const scenario of SCENARIOS.filter((s) => !only || only.includes(s.name))) {
  const file = await profile(scenario);
  process.stdout.write(
    `${renderSummary(`${scenario.name} (${file})`, summarizeFile(file, Number(values.top)))}\n\n`,
  );
}
