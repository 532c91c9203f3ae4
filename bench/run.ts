/**
 * npm run bench [-- --quick] [-- --out <file>]
 *
 * Measures, side by side in one run on 127.0.0.1: this emulator (built JS, started as users
 * start it), Prism mocking spec/openapi.yaml, and a bare node:http server. Prints a table with
 * each figure's ratio to Prism and to bare Node, checks the targets of issue 6, and writes the
 * same as JSON (bench/results/latest.json; latest-quick.json in quick mode). See bench/README.md.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus, loadavg, release, tmpdir, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import {
  freePort,
  KIND_LABEL,
  KINDS,
  type Kind,
  type LoadFigure,
  launch,
  load,
  type Memory,
  median,
  memory,
  mintToken,
  OPERATIONS,
  type Operation,
  operationRequest,
  type Proc,
  percentile,
  quiesce,
  ROOT,
  send,
  startReady,
  stop,
  waitFor2xx,
  writeStore,
} from './lib.js';

interface Settings {
  mode: 'full' | 'quick';
  connections: number;
  durationS: number;
  warmupS: number;
  coldStartRuns: number;
  storeSizes: [number, number, number];
  resetRounds: number;
  settleMs: number;
}

const FULL: Settings = {
  mode: 'full',
  connections: 50,
  durationS: 10,
  warmupS: 2,
  coldStartRuns: 9,
  storeSizes: [0, 10_000, 100_000],
  resetRounds: 300,
  settleMs: 1000,
};

/** Proves the harness works; its figures are not comparable with a full run's. */
const QUICK: Settings = {
  mode: 'quick',
  connections: 20,
  durationS: 1,
  warmupS: 0,
  coldStartRuns: 3,
  storeSizes: [0, 1_000, 5_000],
  resetRounds: 30,
  settleMs: 100,
};

interface ColdStart {
  /** spawn → first 2xx, each run, ms. */
  runsMs: number[];
  medianMs: number;
  /** spawn → "ready at" on stdout (emulator and bare), median ms. */
  readyLineMedianMs?: number;
}

interface StoreRun {
  records: number;
  fileMb: number;
  /** spawn → first 2xx with this store, ms. */
  startMs: number;
  idle: Memory;
  peak: Memory;
  signinAnonymously: LoadFigure;
  /** The store file after the run. */
  fileAfterMb: number;
}

interface ResetRun {
  rounds: number;
  /** Client round trip of POST /__emulator/reset, ms. */
  medianMs: number;
  p99Ms: number;
  /** The `durationMs` the emulator reports for the reset itself. */
  serverMedianMs: number;
}

interface Figure {
  id: string;
  label: string;
  unit: string;
  better: 'higher' | 'lower';
  emulator: number;
  prism: number | null;
  bare: number | null;
  /** emulator ÷ Prism, emulator ÷ bare. */
  vsPrism: number | null;
  vsBare: number | null;
}

interface Target {
  id: string;
  text: string;
  measured: string;
  met: boolean;
}

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
const WATCHDOG_MS = flags.quick ? 180_000 : 1_200_000;
setTimeout(() => {
  process.stderr.write(`bench: gave up after ${WATCHDOG_MS / 1000} s\n`);
  process.exit(3);
}, WATCHDOG_MS).unref();

const benchStart = performance.now();
function say(message: string): void {
  const at = ((performance.now() - benchStart) / 1000).toFixed(1).padStart(6);
  process.stderr.write(`bench ${at} s: ${message}\n`);
}

async function launchReady(kind: Kind, dir: string, db?: string): Promise<Proc> {
  return startReady(kind, { port: await freePort(), dir, ...(db && { db }) });
}

/** Cold starts, the three kinds in turn so that the machine's noise falls on all of them. */
async function measureColdStarts(dir: string): Promise<Record<Kind, ColdStart>> {
  const runs: Record<Kind, number[]> = { emulator: [], prism: [], bare: [] };
  const readyLines: Record<Kind, number[]> = { emulator: [], prism: [], bare: [] };
  for (let i = 0; i < settings.coldStartRuns; i++) {
    for (const kind of KINDS) {
      const port = await freePort();
      // A new store file each time: the emulator creates it from the fixtures, as on a CI runner.
      const proc = launch(kind, { port, dir, db: join(dir, `cold-${i}-${port}.json`) });
      try {
        runs[kind].push(await waitFor2xx(proc));
        if (proc.readyLineAt !== undefined)
          readyLines[kind].push(proc.readyLineAt - proc.spawnedAt);
      } finally {
        await stop(proc);
      }
    }
    say(`cold start ${i + 1}/${settings.coldStartRuns}`);
  }
  const result = {} as Record<Kind, ColdStart>;
  for (const kind of KINDS) {
    result[kind] = {
      runsMs: runs[kind],
      medianMs: median(runs[kind]),
      ...(readyLines[kind].length > 0 && { readyLineMedianMs: median(readyLines[kind]) }),
    };
  }
  return result;
}

async function reset(port: number): Promise<number> {
  const answer = await send(
    port,
    { method: 'POST', path: '/__emulator/reset' },
    { timeoutMs: 30_000 },
  );
  if (answer.status !== 200) throw new Error(`reset answered ${answer.status}: ${answer.body}`);
  return (JSON.parse(answer.body) as { durationMs: number }).durationMs;
}

interface KindLoad {
  /** drainMs: after the run, until the server answered its probe promptly again. */
  operations: Record<Operation, LoadFigure & { drainMs: number }>;
  idle: Memory;
  peak: Memory;
}

/** The four operations against one server; the emulator is reset before each measured run. */
async function measureLoad(kind: Kind, dir: string, token: string): Promise<KindLoad> {
  const proc = await launchReady(kind, dir);
  try {
    await sleep(settings.settleMs);
    const idle = memory(proc.pid);
    const operations = {} as KindLoad['operations'];
    for (const operation of OPERATIONS) {
      if (settings.warmupS > 0) {
        await load(proc.port, operationRequest(operation, token), {
          connections: settings.connections,
          durationS: settings.warmupS,
        });
        await quiesce(proc);
      }
      if (kind === 'emulator') await reset(proc.port);
      const figure = await load(proc.port, operationRequest(operation, token), {
        connections: settings.connections,
        durationS: settings.durationS,
      });
      // Requests autocannon gave up on at the end may still be queued in the server.
      const drainStarted = performance.now();
      if (!(await quiesce(proc))) throw new Error(`${kind} did not recover after ${operation}`);
      operations[operation] = { ...figure, drainMs: performance.now() - drainStarted };
      say(
        `${kind} ${operation}: ${figure.rps.toFixed(0)} req/s, p50 ${figure.p50} ms, p99 ${figure.p99} ms` +
          (figure.non2xx + figure.errors > 0
            ? `, ${figure.non2xx} non-2xx, ${figure.errors} errors`
            : ''),
      );
    }
    return { operations, idle, peak: memory(proc.pid) };
  } finally {
    await stop(proc);
  }
}

async function measureStoreSizes(dir: string): Promise<StoreRun[]> {
  const runs: StoreRun[] = [];
  for (const records of settings.storeSizes) {
    const file = join(dir, `store-${records}.json`);
    const fileMb = writeStore(records, file);
    const proc = launch('emulator', { port: await freePort(), dir, db: file });
    try {
      const startMs = await waitFor2xx(proc, 120_000);
      await sleep(settings.settleMs);
      const idle = memory(proc.pid);
      const figure = await load(proc.port, operationRequest('signinAnonymously', ''), {
        connections: settings.connections,
        durationS: settings.durationS,
      });
      const peak = memory(proc.pid);
      say(
        `emulator signinAnonymously with ${records} records: ${figure.rps.toFixed(0)} req/s, ` +
          `p99 ${figure.p99} ms, peak RSS ${peak.peakMb.toFixed(0)} MB`,
      );
      await stop(proc, 30_000);
      runs.push({
        records,
        fileMb,
        startMs,
        idle,
        peak,
        signinAnonymously: figure,
        fileAfterMb: statSync(file).size / 2 ** 20,
      });
    } finally {
      await stop(proc);
      rmSync(file, { force: true });
    }
  }
  return runs;
}

async function measureReset(dir: string): Promise<ResetRun> {
  const proc = await launchReady('emulator', dir);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const deadline = performance.now() + 60_000;
    for (let i = 0; i < 10; i++) await reset(proc.port); // warm-up
    const roundTrips: number[] = [];
    const server: number[] = [];
    for (let i = 0; i < settings.resetRounds && performance.now() < deadline; i++) {
      const started = performance.now();
      const answer = await send(
        proc.port,
        { method: 'POST', path: '/__emulator/reset' },
        { agent },
      );
      roundTrips.push(performance.now() - started);
      if (answer.status !== 200) throw new Error(`reset answered ${answer.status}`);
      server.push((JSON.parse(answer.body) as { durationMs: number }).durationMs);
    }
    return {
      rounds: roundTrips.length,
      medianMs: median(roundTrips),
      p99Ms: percentile(roundTrips, 99),
      serverMedianMs: median(server),
    };
  } finally {
    agent.destroy();
    await stop(proc);
  }
}

function ratio(a: number, b: number | null): number | null {
  return b === null || b === 0 || !Number.isFinite(b) ? null : a / b;
}

function figure(
  id: string,
  label: string,
  unit: string,
  better: Figure['better'],
  values: { emulator: number; prism?: number; bare?: number },
): Figure {
  const prism = values.prism ?? null;
  const bare = values.bare ?? null;
  return {
    id,
    label,
    unit,
    better,
    emulator: values.emulator,
    prism,
    bare,
    vsPrism: ratio(values.emulator, prism),
    vsBare: ratio(values.emulator, bare),
  };
}

function compactCount(n: number): string {
  return n >= 1000 ? `${n / 1000}k` : String(n);
}

function buildFigures(
  cold: Record<Kind, ColdStart>,
  loads: Record<Kind, KindLoad>,
  stores: StoreRun[],
  resetRun: ResetRun,
): Figure[] {
  const figures: Figure[] = [
    figure('coldStart', 'cold start, spawn → first 2xx (median)', 'ms', 'lower', {
      emulator: cold.emulator.medianMs,
      prism: cold.prism.medianMs,
      bare: cold.bare.medianMs,
    }),
  ];
  const of = (kind: Kind, op: Operation) => loads[kind].operations[op];
  for (const op of OPERATIONS) {
    const values = (pick: (f: LoadFigure) => number) => ({
      emulator: pick(of('emulator', op)),
      prism: pick(of('prism', op)),
      bare: pick(of('bare', op)),
    });
    figures.push(
      figure(
        `${op}.rps`,
        `${op} throughput`,
        'req/s',
        'higher',
        values((f) => f.rps),
      ),
      figure(
        `${op}.p50`,
        `${op} p50 latency`,
        'ms',
        'lower',
        values((f) => f.p50),
      ),
      figure(
        `${op}.p99`,
        `${op} p99 latency`,
        'ms',
        'lower',
        values((f) => f.p99),
      ),
    );
  }
  const anon = (pick: (f: LoadFigure) => number) => ({
    prism: pick(of('prism', 'signinAnonymously')),
    bare: pick(of('bare', 'signinAnonymously')),
  });
  for (const run of stores) {
    const n = compactCount(run.records);
    const f = run.signinAnonymously;
    figures.push(
      figure(`store${n}.rps`, `signinAnonymously, ${n} records stored`, 'req/s', 'higher', {
        emulator: f.rps,
        ...anon((g) => g.rps),
      }),
      figure(`store${n}.p99`, `signinAnonymously p99, ${n} records`, 'ms', 'lower', {
        emulator: f.p99,
        ...anon((g) => g.p99),
      }),
      figure(`store${n}.start`, `start with ${n} records (spawn → 2xx)`, 'ms', 'lower', {
        emulator: run.startMs,
        prism: cold.prism.medianMs,
        bare: cold.bare.medianMs,
      }),
      figure(`store${n}.peakRss`, `peak RSS, ${n} records`, 'MB', 'lower', {
        emulator: run.peak.peakMb,
        prism: loads.prism.peak.peakMb,
        bare: loads.bare.peak.peakMb,
      }),
    );
  }
  figures.push(
    figure('reset', 'reset, POST /__emulator/reset round trip (median)', 'ms', 'lower', {
      emulator: resetRun.medianMs,
    }),
    figure('resetServer', 'reset, as reported by the emulator (median)', 'ms', 'lower', {
      emulator: resetRun.serverMedianMs,
    }),
    figure('idleRss', 'idle RSS after start', 'MB', 'lower', {
      emulator: loads.emulator.idle.rssMb,
      prism: loads.prism.idle.rssMb,
      bare: loads.bare.idle.rssMb,
    }),
    figure('peakRss', 'peak RSS after the four load runs', 'MB', 'lower', {
      emulator: loads.emulator.peak.peakMb,
      prism: loads.prism.peak.peakMb,
      bare: loads.bare.peak.peakMb,
    }),
  );
  return figures;
}

function buildTargets(figures: Figure[], stores: StoreRun[]): Target[] {
  const get = (id: string): Figure => {
    const found = figures.find((f) => f.id === id);
    if (!found) throw new Error(`no figure ${id}`);
    return found;
  };
  const [empty, middle, large] = stores as [StoreRun, StoreRun, StoreRun];
  const x = (n: number | null) => (n === null ? '—' : `${n.toFixed(2)}×`);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const cold = get('coldStart');
  const signin = get('signin.rps');
  const anon = get('signinAnonymously.rps');
  const anonP99 = get('signinAnonymously.p99').emulator;
  const midRatio = middle.signinAnonymously.rps / empty.signinAnonymously.rps;
  const reset = get('reset').emulator;
  const idle = get('idleRss').emulator;
  const largeF = large.signinAnonymously;
  const m = compactCount(middle.records);
  const l = compactCount(large.records);
  return [
    {
      id: 'coldStart',
      text: 'cold start ≤ 200 ms',
      measured: ms(cold.emulator),
      met: cold.emulator <= 200,
    },
    {
      id: 'coldStartVsPrism',
      text: 'cold start ≥ 5× faster than Prism',
      measured: `${x(cold.prism === null ? null : cold.prism / cold.emulator)} faster`,
      met: cold.prism !== null && cold.prism / cold.emulator >= 5,
    },
    {
      id: 'signinVsPrism',
      text: 'signin ≥ 5× Prism throughput',
      measured: x(signin.vsPrism),
      met: (signin.vsPrism ?? 0) >= 5,
    },
    {
      id: 'signinVsBare',
      text: 'signin ≥ 0.5× bare Node throughput',
      measured: x(signin.vsBare),
      met: (signin.vsBare ?? 0) >= 0.5,
    },
    {
      id: 'signinP99',
      text: 'signin p99 ≤ 10 ms',
      measured: ms(get('signin.p99').emulator),
      met: get('signin.p99').emulator <= 10,
    },
    {
      id: 'anonVsPrism',
      text: 'signinAnonymously ≥ 3× Prism throughput',
      measured: x(anon.vsPrism),
      met: (anon.vsPrism ?? 0) >= 3,
    },
    {
      id: 'anonStoreRatio',
      text: `signinAnonymously with ${m} records ≥ 0.5× its empty-store throughput`,
      measured: x(midRatio),
      met: midRatio >= 0.5,
    },
    {
      id: 'anonP99',
      text: 'signinAnonymously p99 ≤ 50 ms',
      measured: ms(anonP99),
      met: anonP99 <= 50,
    },
    {
      id: 'anonLargeServes',
      text: `signinAnonymously with ${l} records still serving (every answer 2xx)`,
      measured: `${largeF.rps.toFixed(0)} req/s, p99 ${ms(largeF.p99)}, ${largeF.non2xx} non-2xx, ${largeF.errors} errors`,
      met: largeF.ok > 0 && largeF.non2xx === 0 && largeF.errors === 0,
    },
    {
      id: 'reset',
      text: 'reset ≤ 5 ms (round trip, default fixtures)',
      measured: ms(reset),
      met: reset <= 5,
    },
    {
      id: 'idleRss',
      text: 'idle RSS ≤ 80 MB',
      measured: `${idle.toFixed(1)} MB`,
      met: idle <= 80,
    },
    {
      id: 'largeRss',
      text: `peak RSS ≤ 300 MB with ${l} records`,
      measured: `${large.peak.peakMb.toFixed(1)} MB`,
      met: large.peak.peakMb <= 300,
    },
  ];
}

function format(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) return '—';
  if (unit === 'req/s') return Math.round(value).toLocaleString('en-US');
  if (unit === 'MB') return value.toFixed(1);
  if (Number.isInteger(value) || value >= 10) return value.toFixed(0);
  return value.toFixed(2);
}

function markdownTable(header: string[], rows: string[][], right: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (right[i] ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...rows.map(line)].join('\n');
}

function render(figures: Figure[], targets: Target[]): string {
  const ratioCell = (r: number | null) => (r === null ? '—' : `${r.toFixed(2)}`);
  const figureRows = figures.map((f) => [
    `${f.label} (${f.unit})`,
    format(f.emulator, f.unit),
    format(f.prism, f.unit),
    format(f.bare, f.unit),
    ratioCell(f.vsPrism),
    ratioCell(f.vsBare),
  ]);
  const figuresTable = markdownTable(
    ['figure', KIND_LABEL.emulator, KIND_LABEL.prism, KIND_LABEL.bare, '÷ Prism', '÷ bare'],
    figureRows,
    [false, true, true, true, true, true],
  );
  const targetsTable = markdownTable(
    ['target', 'measured', 'met'],
    targets.map((t) => [t.text, t.measured, t.met ? 'yes' : '**no**']),
    [false, true, false],
  );
  return `${figuresTable}\n\n${targetsTable}\n`;
}

function machine() {
  const cpu = cpus();
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
  const nproc = (() => {
    try {
      return Number(execFileSync('nproc', { encoding: 'utf8' }).trim());
    } catch {
      return cpu.length;
    }
  })();
  return {
    nproc,
    cpuModel: cpu[0]?.model ?? 'unknown',
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
  const startedAt = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'tiledesk-bench-'));
  try {
    const context = machine();
    say(
      `${settings.mode} run: ${settings.connections} connections × ${settings.durationS} s per load run, ` +
        `${settings.coldStartRuns} cold starts each, stores of ${settings.storeSizes.join('/')} records`,
    );
    const token = await mintToken();
    const cold = await measureColdStarts(dir);
    const loads = {} as Record<Kind, KindLoad>;
    for (const kind of KINDS) loads[kind] = await measureLoad(kind, dir, token);
    const stores = await measureStoreSizes(dir);
    const resetRun = await measureReset(dir);

    const figures = buildFigures(cold, loads, stores, resetRun);
    const targets = buildTargets(figures, stores);
    const date = new Date().toISOString();
    const report = {
      date,
      mode: settings.mode,
      machine: { ...context, loadavgAtEnd: loadavg() },
      settings,
      durationS: (performance.now() - startedAt) / 1000,
      figures,
      targets,
      coldStart: cold,
      load: loads,
      stores,
      reset: resetRun,
    };
    mkdirSync(dirname(outFile), { recursive: true });
    // Three decimals are more than the machine's noise allows.
    const rounded = (_key: string, value: unknown) =>
      typeof value === 'number' && !Number.isInteger(value)
        ? Math.round(value * 1000) / 1000
        : value;
    writeFileSync(outFile, `${JSON.stringify(report, rounded, 2)}\n`);

    const failures = KINDS.flatMap((kind) =>
      OPERATIONS.filter((op) => {
        const f = loads[kind].operations[op];
        return f.non2xx + f.errors + f.timeouts > 0;
      }).map((op) => `${kind} ${op}`),
    );
    process.stdout.write(
      `\n${settings.mode} run, ${date}, ${context.nproc} cores (${context.cpuModel}), node ${context.node}` +
        `, load average ${context.loadavgAtStart.map((n) => n.toFixed(2)).join(' ')}\n` +
        `${settings.connections} connections, ${settings.durationS} s per load run; ratios are emulator ÷ other\n\n` +
        render(figures, targets) +
        (failures.length > 0
          ? `\nnon-2xx answers or errors during: ${failures.join(', ')}\n`
          : '') +
        `\nwritten to ${outFile}\n`,
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
