/**
 * npm run bench [-- --quick] [-- --out <file>]
 *
 * Measures issue 12's targets and issue 19's workload in one run, on 127.0.0.1 only: the
 * emulator as users start it (`node dist/bin.js`) and through its public API (`startEmulator`),
 * Prism 5.14.2 mocking spec/openapi.yaml, and the floor (a bare node:http server answering a
 * constant JSON body). Prints the targets and the tables, and writes them as JSON
 * (bench/results/latest.json; latest-quick.json in quick mode). See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { measureStart, type StartFigures, startLargeStore } from './inproc.js';
import {
  FIXTURE_PROJECT,
  freePort,
  KINDS,
  type Kind,
  type LoadFigure,
  launch,
  load,
  type Memory,
  median,
  memory,
  OPERATIONS,
  type Operation,
  operationRequest,
  percentile,
  quiesce,
  ROOT,
  send,
  startReady,
  stop,
  waitFor2xx,
} from './lib.js';
import { writeStore } from './store.js';
import {
  type LatencyTable,
  measureLatencies,
  measureSuite,
  renderLatencies,
  renderSuite,
  type SuiteResult,
} from './suite.js';

interface Settings {
  mode: 'full' | 'quick';
  coldStartRuns: number;
  startProcesses: number;
  resets: number;
  connections: number;
  durationS: number;
  warmupS: number;
  suiteRounds: number;
  suiteOperations: number;
  suiteWarmup: number;
  latencyPairs: number;
  latencySamples: number;
  largeUsers: number;
  largeProjectUsers: number;
  /** The write phase on the large store stops at whichever bound comes first. */
  largeWrites: number;
  largeWriteS: number;
  largeConnections: number;
}

const FULL: Settings = {
  mode: 'full',
  coldStartRuns: 9,
  startProcesses: 9,
  resets: 200,
  connections: 50,
  durationS: 10,
  warmupS: 2,
  suiteRounds: 5,
  suiteOperations: 2000,
  suiteWarmup: 200,
  latencyPairs: 10,
  latencySamples: 300,
  largeUsers: 10_000,
  largeProjectUsers: 100_000,
  largeWrites: 25_000,
  largeWriteS: 30,
  largeConnections: 4,
};

/** Proves the harness works; its figures are not comparable with a full run's. */
const QUICK: Settings = {
  mode: 'quick',
  coldStartRuns: 3,
  startProcesses: 2,
  resets: 50,
  connections: 20,
  durationS: 1,
  warmupS: 0,
  suiteRounds: 1,
  suiteOperations: 400,
  suiteWarmup: 100,
  latencyPairs: 3,
  latencySamples: 50,
  largeUsers: 1_000,
  largeProjectUsers: 10_000,
  largeWrites: 2_000,
  largeWriteS: 5,
  largeConnections: 4,
};

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (flags.help) {
  process.stdout.write(
    'Usage: npm run bench [-- --quick] [-- --out <file>]\nSee bench/README.md for what it measures.\n',
  );
  process.exit(0);
}
const settings = flags.quick ? QUICK : FULL;
const outFile = resolve(
  flags.out ?? join(ROOT, 'bench/results', flags.quick ? 'latest-quick.json' : 'latest.json'),
);

/** A hard bound on the whole run: children are killed by lib.ts's exit handler. */
const WATCHDOG_MS = flags.quick ? 180_000 : 900_000;
setTimeout(() => {
  process.stderr.write(`bench: gave up after ${WATCHDOG_MS / 1000} s\n`);
  process.exit(3);
}, WATCHDOG_MS).unref();

const benchStart = performance.now();
function say(message: string): void {
  const at = ((performance.now() - benchStart) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`bench ${at} s: ${message}\n`);
}

/** Hand-written lines under src/, recursively: every file but the generated types. */
const GENERATED = new Set(['api-types.ts', 'control-types.ts']);
function sourceLines(): { lines: number; files: number } {
  let lines = 0;
  let files = 0;
  for (const entry of readdirSync(join(ROOT, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || GENERATED.has(entry.name)) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), 'utf8');
    lines += text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
    files++;
  }
  return { lines, files };
}

interface ColdStart {
  runsMs: number[];
  medianMs: number;
}

/** Cold starts, the three kinds in turn so that the machine's noise falls on all of them. */
async function measureColdStarts(dir: string): Promise<Record<Kind, ColdStart>> {
  const runs: Record<Kind, number[]> = { emulator: [], prism: [], bare: [] };
  for (let i = 0; i < settings.coldStartRuns; i++) {
    for (const kind of KINDS) {
      const port = await freePort();
      // A new store file each time: the emulator creates it from the fixtures, as on a CI runner.
      const proc = launch(kind, { port, dir, db: join(dir, `cold-${i}-${port}.json`) });
      try {
        runs[kind].push(await waitFor2xx(proc));
      } finally {
        await stop(proc);
      }
    }
    say(`cold start ${i + 1}/${settings.coldStartRuns}`);
  }
  const result = {} as Record<Kind, ColdStart>;
  for (const kind of KINDS) result[kind] = { runsMs: runs[kind], medianMs: median(runs[kind]) };
  return result;
}

interface InProcess {
  processes: StartFigures[];
  /** Median over the processes of the first startEmulator() after import. */
  readyMedianMs: number;
  importMedianMs: number;
  /** Median over the processes of import + the first startEmulator() (issue 27). */
  importReadyMedianMs: number;
  /** Median over the processes of a second startEmulator() in the same process. */
  secondReadyMedianMs: number;
  /** Median of every timed reset() of every process. */
  resetMedianMs: number;
  resetP99Ms: number;
  /** The same with a store file. */
  fileResetMedianMs: number;
  fileResetP99Ms: number;
}

async function measureInProcess(dir: string): Promise<InProcess> {
  const processes: StartFigures[] = [];
  for (let i = 0; i < settings.startProcesses; i++)
    processes.push(await measureStart(settings.resets, join(dir, `inproc-${i}.json`)));
  const resets = processes.flatMap((p) => p.resetsMs);
  const fileResets = processes.flatMap((p) => p.fileResetsMs);
  const result = {
    processes: processes.map((p) => ({ ...p, resetsMs: [], fileResetsMs: [] })),
    readyMedianMs: median(processes.map((p) => p.readyMs)),
    importMedianMs: median(processes.map((p) => p.importMs)),
    importReadyMedianMs: median(processes.map((p) => p.importMs + p.readyMs)),
    secondReadyMedianMs: median(processes.map((p) => p.secondReadyMs)),
    resetMedianMs: median(resets),
    resetP99Ms: percentile(resets, 99),
    fileResetMedianMs: median(fileResets),
    fileResetP99Ms: percentile(fileResets, 99),
  };
  say(
    `startEmulator() ready ${result.readyMedianMs.toFixed(1)} ms after import ` +
      `(import ${result.importMedianMs.toFixed(0)} ms), reset() ${result.resetMedianMs.toFixed(2)} ms ` +
      `(${result.fileResetMedianMs.toFixed(2)} ms with a store file)`,
  );
  return result;
}

interface Throughput {
  operations: Record<Operation, LoadFigure>;
  /** RSS 1 s after the first 2xx. */
  idle: Memory;
}

/** signin and signinAnonymously at 50 connections; the emulator is reset before each run. */
async function measureThroughput(kind: 'emulator' | 'prism', dir: string): Promise<Throughput> {
  const proc = await startReady(kind, { port: await freePort(), dir });
  try {
    await sleep(1000);
    const idle = memory(proc.pid);
    const operations = {} as Throughput['operations'];
    const options = { connections: settings.connections };
    for (const operation of OPERATIONS) {
      if (settings.warmupS > 0) {
        await load(proc.port, operationRequest(operation), {
          ...options,
          durationS: settings.warmupS,
        });
        await quiesce(proc);
      }
      if (kind === 'emulator') {
        const answer = await send(proc.port, {
          method: 'POST',
          path: '/__emulator/reset',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        if (answer.status !== 200) throw new Error(`reset answered ${answer.status}`);
      }
      const figure = await load(proc.port, operationRequest(operation), {
        ...options,
        durationS: settings.durationS,
      });
      if (!(await quiesce(proc))) throw new Error(`${kind} did not recover after ${operation}`);
      operations[operation] = figure;
      say(
        `${kind} ${operation}: ${figure.rps.toFixed(0)} req/s, p99 ${figure.p99} ms` +
          (figure.non2xx + figure.errors > 0
            ? `, ${figure.non2xx} non-2xx, ${figure.errors} errors`
            : ''),
      );
    }
    return { operations, idle };
  } finally {
    await stop(proc);
  }
}

interface LargeStore {
  users: number;
  projectUsers: number;
  fileMb: number;
  /** CLI: spawn → first 2xx with --db on the store. */
  cliOpenMs: number;
  /** In the process: startEmulator({ db }) until ready. */
  openMs: number;
  writes: number;
  writeP50Ms: number;
  writeP99Ms: number;
  writeMaxMs: number;
  failedWrites: number;
  /** monitorEventLoopDelay over the write phase. */
  maxStallMs: number;
  p99StallMs: number;
  /** Rewrites of the store file seen during the write phase. */
  compactions: number;
  peakRssMb: number;
}

/** Acknowledged writes (signinAnonymously), `largeConnections` at a time, until a bound. */
async function writeLoad(port: number): Promise<{ latencies: number[]; failed: number }> {
  const pool = new Pool(`http://127.0.0.1:${port}`, { connections: settings.largeConnections });
  const latencies: number[] = [];
  let failed = 0;
  const deadline = performance.now() + settings.largeWriteS * 1000;
  let sent = 0;
  const body = JSON.stringify({ id_project: FIXTURE_PROJECT });
  const worker = async () => {
    while (sent < settings.largeWrites && performance.now() < deadline) {
      sent++;
      const started = performance.now();
      try {
        const response = await pool.request({
          method: 'POST',
          path: '/auth/signinAnonymously',
          headers: { 'content-type': 'application/json' },
          body,
          headersTimeout: 30_000,
          bodyTimeout: 30_000,
        });
        await response.body.text();
        if (response.statusCode === 200) latencies.push(performance.now() - started);
        else failed++;
      } catch {
        failed++;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: settings.largeConnections }, worker));
  } finally {
    await pool.close();
  }
  return { latencies, failed };
}

async function measureLargeStore(dir: string): Promise<LargeStore> {
  const file = join(dir, 'large.json');
  const { largeUsers: users, largeProjectUsers: projectUsers } = settings;
  const fileMb = writeStore(file, users, projectUsers);
  say(`large store: ${users} users, ${projectUsers} project_users, ${fileMb.toFixed(1)} MB`);
  const cli = launch('emulator', { port: await freePort(), dir, db: file });
  let cliOpenMs: number;
  try {
    cliOpenMs = await waitFor2xx(cli, 120_000);
  } finally {
    await stop(cli, 30_000);
  }
  const child = await startLargeStore(file);
  try {
    const { latencies, failed } = await writeLoad(child.port);
    const peakRssMb = memory(child.pid).peakMb;
    const seen = await child.report();
    const result = {
      users,
      projectUsers,
      fileMb,
      cliOpenMs,
      openMs: child.openMs,
      writes: latencies.length,
      writeP50Ms: median(latencies),
      writeP99Ms: percentile(latencies, 99),
      writeMaxMs: percentile(latencies, 100),
      failedWrites: failed,
      ...seen,
      peakRssMb,
    };
    say(
      `large store: CLI opens in ${cliOpenMs.toFixed(0)} ms, ${result.writes} writes, ` +
        `p99 ${result.writeP99Ms.toFixed(1)} ms, max stall ${seen.maxStallMs.toFixed(1)} ms, ` +
        `${seen.compactions} compactions, peak RSS ${peakRssMb.toFixed(0)} MB`,
    );
    return result;
  } finally {
    await child.kill();
    rmSync(file, { force: true });
  }
}

interface Target {
  id: string;
  text: string;
  measured: string;
  met: boolean;
  /** Why it is not met, or what qualifies the figure. */
  note?: string;
}

function buildTargets(r: {
  src: { lines: number };
  cold: Record<Kind, ColdStart>;
  inProcess: InProcess;
  suite: SuiteResult[];
  latency: LatencyTable;
  throughput: Record<'emulator' | 'prism', Throughput>;
  large: LargeStore;
}): Target[] {
  const ms = (n: number, digits = 1) => `${n.toFixed(digits)} ms`;
  const x = (n: number) => `${n.toFixed(2)}×`;
  const cold = r.cold.emulator.medianMs;
  const faster = r.cold.prism.medianMs / cold;
  const suite = (t: string) => r.suite.find((s) => s.target === t)?.vsFloor ?? Number.NaN;
  const rps = (kind: 'emulator' | 'prism', op: Operation) => r.throughput[kind].operations[op].rps;
  const signin = rps('emulator', 'signin') / rps('prism', 'signin');
  const anon = rps('emulator', 'signinAnonymously') / rps('prism', 'signinAnonymously');
  const large = r.large;
  const floorRows = r.latency.byTarget.floor;
  const fileRows = r.latency.byTarget['emulator-file'];
  const steady = [
    'signin',
    'signinAnonymously',
    'signinWithCustomToken',
    'signup',
    '422 (invalid signin)',
  ] as const;
  const above = steady.map((row) => ({
    row,
    by: (fileRows?.[row]?.p50 ?? Number.NaN) - (floorRows?.[row]?.p50 ?? Number.NaN),
  }));
  const worst = above.reduce((a, b) => (b.by > a.by ? b : a));
  const idle = r.throughput.emulator.idle.rssMb;
  return [
    {
      id: 'coldStart',
      text: 'CLI cold start ≤ 250 ms (median; issue 27)',
      measured: ms(cold, 0),
      met: cold <= 250,
    },
    {
      id: 'coldStartVsPrism',
      text: 'CLI cold start ≥ 6× faster than Prism (issue 27)',
      measured: `${x(faster)} faster`,
      met: faster >= 6,
    },
    {
      id: 'startEmulator',
      text: 'import + first startEmulator() ≤ 120 ms (median of fresh processes; issue 27)',
      measured: `${ms(r.inProcess.importReadyMedianMs)} (import ${ms(r.inProcess.importMedianMs, 0)})`,
      met: r.inProcess.importReadyMedianMs <= 120,
    },
    {
      id: 'secondStartEmulator',
      text: 'a second startEmulator() in the same process ≤ 15 ms (issue 27)',
      measured: ms(r.inProcess.secondReadyMedianMs),
      met: r.inProcess.secondReadyMedianMs <= 15,
    },
    {
      id: 'reset',
      text: 'reset() ≤ 2 ms (in process, in memory as startEmulator() defaults)',
      measured: `${ms(r.inProcess.resetMedianMs, 2)} (${ms(r.inProcess.fileResetMedianMs, 2)} with a store file)`,
      met: r.inProcess.resetMedianMs <= 2,
    },
    {
      id: 'suiteFile',
      text: 'contract-suite workload, file store ≤ 3× the floor',
      measured: x(suite('emulator-file')),
      met: suite('emulator-file') <= 3,
    },
    {
      id: 'suiteMemory',
      text: 'contract-suite workload, in memory ≤ 2× the floor (issue 19)',
      measured: x(suite('emulator-memory')),
      met: suite('emulator-memory') <= 2,
    },
    {
      id: 'sequentialP50',
      text: 'every operation, sequential p50 ≤ floor + 0.3 ms (issue 19)',
      measured: `worst: ${worst.row} +${worst.by.toFixed(2)} ms`,
      met: worst.by <= 0.3,
    },
    {
      id: 'signinVsPrism',
      text: 'signin at 50 connections ≥ 2× Prism',
      measured: x(signin),
      met: signin >= 2,
    },
    {
      id: 'anonVsPrism',
      text: 'signinAnonymously at 50 connections ≥ 2× Prism',
      measured: x(anon),
      met: anon >= 2,
    },
    {
      id: 'largeOpen',
      text: `large store (${large.users} users, ${large.projectUsers} project_users) opens ≤ 2 s`,
      measured: `${ms(large.cliOpenMs, 0)} (CLI, spawn → 2xx)`,
      met: large.cliOpenMs <= 2000,
    },
    {
      id: 'largeWriteP99',
      text: 'large store: acknowledged write p99 ≤ 20 ms',
      measured: `${ms(large.writeP99Ms)} (${large.writes} writes, ${settings.largeConnections} connections)`,
      met: large.writeP99Ms <= 20 && large.failedWrites === 0,
    },
    {
      id: 'largeStall',
      text: 'large store: no event-loop stall > 100 ms while compacting',
      measured: `max ${ms(large.maxStallMs)}, ${large.compactions} compactions`,
      met: large.maxStallMs <= 100 && large.compactions > 0,
      ...(large.compactions === 0 && { note: 'no compaction happened during the write phase' }),
    },
    {
      id: 'largeRss',
      text: 'large store: peak RSS ≤ 300 MB',
      measured: `${large.peakRssMb.toFixed(1)} MB`,
      met: large.peakRssMb <= 300,
    },
    {
      id: 'idleRss',
      text: 'idle RSS ≤ 60 MB (CLI; issue 27)',
      measured: `${idle.toFixed(1)} MB`,
      met: idle <= 60,
    },
    {
      id: 'srcLines',
      text: 'hand-written src/ ≤ 3,300 lines',
      measured: r.src.lines.toLocaleString('en-US'),
      met: r.src.lines <= 3300,
    },
  ];
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}

function renderFigures(r: {
  cold: Record<Kind, ColdStart>;
  inProcess: InProcess;
  throughput: Record<'emulator' | 'prism', Throughput>;
}): string {
  const f = (n: number, d = 0) => n.toFixed(d);
  const t = r.throughput;
  const rows = [
    [
      'CLI cold start, spawn → first 2xx, median (ms)',
      f(r.cold.emulator.medianMs),
      f(r.cold.prism.medianMs),
      f(r.cold.bare.medianMs),
    ],
    ['startEmulator() after import, first call (ms)', f(r.inProcess.readyMedianMs, 1), '—', '—'],
    [
      'a second startEmulator() in that process (ms)',
      f(r.inProcess.secondReadyMedianMs, 1),
      '—',
      '—',
    ],
    ['import of dist/index.js (ms)', f(r.inProcess.importMedianMs), '—', '—'],
    [
      'reset() in process, median / p99 (ms)',
      `${f(r.inProcess.resetMedianMs, 2)} / ${f(r.inProcess.resetP99Ms, 2)}`,
      '—',
      '—',
    ],
    [
      'reset() in process with a store file, median / p99 (ms)',
      `${f(r.inProcess.fileResetMedianMs, 2)} / ${f(r.inProcess.fileResetP99Ms, 2)}`,
      '—',
      '—',
    ],
    ...OPERATIONS.map((op) => [
      `${op}, ${settings.connections} connections (req/s; p99 ms)`,
      `${f(t.emulator.operations[op].rps)}; ${t.emulator.operations[op].p99}`,
      `${f(t.prism.operations[op].rps)}; ${t.prism.operations[op].p99}`,
      '—',
    ]),
    [
      'idle RSS, 1 s after the first 2xx (MB)',
      f(t.emulator.idle.rssMb, 1),
      f(t.prism.idle.rssMb, 1),
      '—',
    ],
  ];
  return table(['figure', 'emulator', 'Prism', 'floor'], rows);
}

function machine() {
  const git = (args: string[]) => {
    try {
      return execFileSync('git', args, {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  };
  return {
    cores: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    kernel: release(),
    totalMemMb: Math.round(totalmem() / 2 ** 20),
    loadavgAtStart: loadavg(),
    commit: git(['rev-parse', '--short', 'HEAD']),
    /** Uncommitted changes under src/ when measured (other work in progress is measured too). */
    srcChanges: git(['status', '--porcelain', '--', 'src']) ?? '',
  };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tiledesk-bench-'));
  try {
    const context = machine();
    say(
      `${settings.mode} run, load average ${context.loadavgAtStart.map((n) => n.toFixed(2)).join(' ')}`,
    );
    const src = sourceLines();
    const cold = await measureColdStarts(dir);
    const inProcess = await measureInProcess(dir);
    const throughput = {
      emulator: await measureThroughput('emulator', dir),
      prism: await measureThroughput('prism', dir),
    };
    const suite = await measureSuite({
      dir,
      rounds: settings.suiteRounds,
      operations: settings.suiteOperations,
      warmup: settings.suiteWarmup,
      say,
    });
    const latency = await measureLatencies(dir, settings.latencyPairs, settings.latencySamples);
    say('per-operation latencies measured');
    const large = await measureLargeStore(dir);

    const results = { src, cold, inProcess, suite, latency, throughput, large };
    const targets = buildTargets(results);
    const date = new Date().toISOString();
    const report = {
      date,
      mode: settings.mode,
      machine: { ...context, loadavgAtEnd: loadavg() },
      settings,
      durationS: (performance.now() - benchStart) / 1000,
      targets,
      ...results,
    };
    mkdirSync(dirname(outFile), { recursive: true });
    // Three decimals are more than the machine's noise allows.
    const rounded = (_key: string, value: unknown) =>
      typeof value === 'number' && !Number.isInteger(value)
        ? Math.round(value * 1000) / 1000
        : value;
    writeFileSync(outFile, `${JSON.stringify(report, rounded, 2)}\n`);

    const targetsTable = table(
      ['target', 'measured', 'met'],
      targets.map((t) => [
        t.text,
        t.measured,
        t.met ? 'yes' : `**no**${t.note ? ` (${t.note})` : ''}`,
      ]),
    );
    process.stdout.write(
      `\n${settings.mode} run, ${date}, ${context.cores} cores (${context.cpuModel}), node ${context.node}, ` +
        `commit ${context.commit}, load average ${context.loadavgAtStart.map((n) => n.toFixed(2)).join(' ')} ` +
        `at the start, ${loadavg()
          .map((n) => n.toFixed(2))
          .join(' ')} at the end\n\n` +
        `${targetsTable}\n\n${renderSuite(suite, settings.suiteOperations)}\n\n` +
        `${renderLatencies(latency)}\n\n${renderFigures(results)}\n\nwritten to ${outFile}\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `bench: failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
