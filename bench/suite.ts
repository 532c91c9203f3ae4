/**
 * A contract suite's workload (issue 19): requests sent one at a time over one keep-alive
 * connection, each awaited before the next, as a consumer's contract tests send them.
 *
 *   npx tsx bench/suite.ts [--quick] [--fresh [--rounds n]] [--before <dir>] [--after <dir>]
 *
 * `--fresh` (issue 27): the sequence as a CI job runs it instead, each run in a new CLI process
 * (a new store file), timed from spawn: its cold start, then the 2,000 operations with no
 * warm-up; beside it, in the same round, the same sequence against a long-lived, warmed-up
 * process of the same build and against the floor. With `--before`, for both builds, which take
 * turns going first.
 *
 * `--before <dir>`: another checkout of the emulator, built, measured in the same run as two
 * more targets, before-file and before-memory: a change's before/after figures from one run, on
 * one machine's noise. For a commit: `git worktree add <dir> <commit>`, then in <dir>
 * `ln -s <this checkout>/node_modules .` (or `npm ci` when its dependencies differ) and
 * `npx tsc -p tsconfig.build.json`. `--after <dir>`: the checkout
 * measured as emulator-file and emulator-memory, instead of this one.
 *
 * The sequence is deterministic (a seeded PRNG): 2,000 operations, 40% signin over 20 seeded
 * users, 30% signinAnonymously, 20% signinWithCustomToken, 10% signup; before every block of
 * 100 operations a `POST /__emulator/reset` and a `POST /__emulator/seed` of the 20 users with
 * plain-text passwords (so 2,040 requests in all). Prism cannot reset or seed: against Prism
 * those 40 calls are skipped. The floor answers every request, these included, with a constant
 * JSON body.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import {
  cpuMs,
  customToken,
  FIXTURE_PROJECT,
  freePort,
  type Kind,
  launch,
  median,
  type Proc,
  percentile,
  ROOT,
  startReady,
  stop,
  waitFor2xx,
} from './lib.js';

export const SUITE_USERS = 20;
const EXTERNAL_USERS = 20;
const BLOCK = 100;

export type Step =
  | 'signin'
  | 'signinAnonymously'
  | 'signinWithCustomToken'
  | 'signup'
  | 'invalid'
  | 'reset'
  | 'seed';

export interface Call {
  step: Step;
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  /** The status the emulator answers (Prism and the floor: any 2xx, or 422 for `invalid`). */
  status: number;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** mulberry32: a small, well-known seeded PRNG; the same seed gives the same sequence. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const json = (step: Step, path: string, body: unknown, status = 200): Call => ({
  step,
  method: 'POST',
  path,
  headers: JSON_HEADERS,
  body: JSON.stringify(body),
  status,
});

export const suiteUser = (i: number) => ({
  email: `suite-user-${i}@example.com`,
  password: `suite-password-${i}`,
});

/** Makes the calls of each kind; `tag` keeps signup e-mails distinct between runs. */
export function calls(tag: string) {
  const tokens = Array.from({ length: EXTERNAL_USERS }, (_, i) => customToken(`suite-ext-${i}`));
  let signups = 0;
  return {
    reset: (): Call => json('reset', '/__emulator/reset', {}),
    seed: (): Call =>
      json('seed', '/__emulator/seed', {
        users: Array.from({ length: SUITE_USERS }, (_, i) => ({
          ...suiteUser(i),
          firstname: 'Suite',
          lastname: `User ${i}`,
        })),
      }),
    signin: (i: number): Call => json('signin', '/auth/signin', suiteUser(i % SUITE_USERS)),
    signinAnonymously: (): Call =>
      json('signinAnonymously', '/auth/signinAnonymously', { id_project: FIXTURE_PROJECT }),
    signinWithCustomToken: (i: number): Call => ({
      step: 'signinWithCustomToken',
      method: 'POST',
      path: '/auth/signinWithCustomToken',
      headers: { authorization: tokens[i % EXTERNAL_USERS] as string },
      status: 200,
    }),
    signup: (): Call => {
      const n = signups++;
      return json('signup', '/auth/signup', {
        email: `suite-${tag}-${n}@example.com`,
        password: `signup-password-${n}`,
        firstname: 'New',
        lastname: `User ${n}`,
      });
    },
    /** A signin the validation rejects: express-validator's 422. */
    invalid: (): Call =>
      json('invalid', '/auth/signin', { email: 'not-an-e-mail', password: 'x' }, 422),
  };
}

/** The 2,000 operations and the 20 reset + seed pairs, in order. */
export function workload(operations = 2000, seed = 19, tag = 'w'): Call[] {
  const random = prng(seed);
  const make = calls(tag);
  const sequence: Call[] = [];
  for (let i = 0; i < operations; i++) {
    if (i % BLOCK === 0) sequence.push(make.reset(), make.seed());
    const r = random();
    const pick = Math.floor(random() * 1_000_000);
    if (r < 0.4) sequence.push(make.signin(pick));
    else if (r < 0.7) sequence.push(make.signinAnonymously());
    else if (r < 0.9) sequence.push(make.signinWithCustomToken(pick));
    else sequence.push(make.signup());
  }
  return sequence;
}

export interface Answer {
  status: number;
  ms: number;
}

/** One call, its body read to the end; `ms` is the client's round trip. */
export async function send(client: Client, call: Call): Promise<Answer> {
  const started = performance.now();
  const response = await client.request({
    method: call.method,
    path: call.path,
    headers: call.headers,
    ...(call.body !== undefined && { body: call.body }),
  });
  await response.body.text();
  return { status: response.statusCode, ms: performance.now() - started };
}

/** Whether an answer is what this kind of server should give. */
function expected(kind: Kind, call: Call, status: number): boolean {
  if (kind === 'emulator') return status === call.status;
  if (call.step === 'invalid' && kind === 'prism') return status === 422;
  return status >= 200 && status < 300;
}

export interface SuiteRun {
  wallMs: number;
  requests: number;
  /** Answers that were not what the server should give (counted, and the run still timed). */
  unexpected: number;
  firstUnexpected?: string;
}

/** Sends the sequence over one keep-alive connection, one call at a time. */
export async function runSequence(
  port: number,
  kind: Kind,
  sequence: readonly Call[],
): Promise<SuiteRun> {
  const client = new Client(`http://127.0.0.1:${port}`, {
    pipelining: 1,
    headersTimeout: 30_000,
    bodyTimeout: 30_000,
  });
  const run: SuiteRun = { wallMs: 0, requests: 0, unexpected: 0 };
  try {
    const started = performance.now();
    for (const call of sequence) {
      const { status } = await send(client, call);
      run.requests++;
      if (!expected(kind, call, status)) {
        run.unexpected++;
        run.firstUnexpected ??= `${call.step} answered ${status}`;
      }
    }
    run.wallMs = performance.now() - started;
    return run;
  } finally {
    await client.close();
  }
}

/** Prism cannot reset or seed: those calls are left out of its sequence. */
export function sequenceFor(kind: Kind, sequence: readonly Call[]): Call[] {
  return kind === 'prism'
    ? sequence.filter((call) => call.step !== 'reset' && call.step !== 'seed')
    : [...sequence];
}

export type SuiteTarget =
  | 'emulator-file'
  | 'emulator-memory'
  | 'in-process'
  | 'floor'
  | 'prism'
  | 'before-file'
  | 'before-memory';
export const SUITE_TARGETS: readonly SuiteTarget[] = [
  'emulator-file',
  'emulator-memory',
  'in-process',
  'floor',
  'prism',
];
/** With `--before <dir>`: another checkout's emulator, measured in the same run beside this one. */
const BEFORE_TARGETS: readonly SuiteTarget[] = ['before-file', 'before-memory'];
const KIND_OF: Record<SuiteTarget, Kind> = {
  'emulator-file': 'emulator',
  'emulator-memory': 'emulator',
  'in-process': 'emulator',
  floor: 'bare',
  prism: 'prism',
  'before-file': 'emulator',
  'before-memory': 'emulator',
};

export interface SuiteResult {
  target: SuiteTarget;
  runs: SuiteRun[];
  medianWallMs: number;
  /** Median wall time ÷ the floor's. */
  vsFloor: number | null;
  /** The fastest round, and ÷ the floor's fastest: noise only ever adds time. */
  bestWallMs: number;
  bestVsFloor: number | null;
}

export interface SuiteOptions {
  dir: string;
  rounds: number;
  operations: number;
  /** Operations of an unmeasured first pass, per server. */
  warmup: number;
  /** Another checkout of the emulator, built, measured beside this one (before-file, before-memory). */
  before?: string;
  /** The checkout measured as emulator-file and emulator-memory: this one by default. */
  after?: string;
  say?: (message: string) => void;
}

/** The targets of a run: this emulator, the floor and Prism, and the "before" checkout if any. */
function targetsOf(before: string | undefined, all: readonly SuiteTarget[]): SuiteTarget[] {
  return [...all, ...(before === undefined ? [] : BEFORE_TARGETS)];
}

/** Which checkouts the emulator targets run: `before` for before-*, `after` (or this one) else. */
export interface Builds {
  before?: string | undefined;
  after?: string | undefined;
}

/** A target running: a child process, or `startEmulator()` in this process. */
interface Running {
  kind: Kind;
  port: number;
  stop(): Promise<void>;
}

async function startTarget(target: SuiteTarget, dir: string, builds: Builds): Promise<Running> {
  if (target === 'in-process') {
    // As a test file runs it: the public API, in memory, in the process that sends the requests.
    const index = pathToFileURL(join(builds.after ?? ROOT, 'dist/index.js')).href;
    const { startEmulator } = (await import(index)) as typeof import('../src/index.js');
    const emulator = await startEmulator();
    return { kind: 'emulator', port: emulator.port, stop: () => emulator.close() };
  }
  const port = await freePort();
  const memory = target === 'emulator-memory' || target === 'before-memory';
  const db = memory ? null : join(dir, `suite-${port}.json`);
  const root = target.startsWith('before-') ? builds.before : builds.after;
  const proc: Proc = await startReady(KIND_OF[target], {
    port,
    dir,
    db,
    ...(root !== undefined && { root }),
  });
  return { kind: proc.kind, port: proc.port, stop: () => stop(proc) };
}

/**
 * The workload against each target, `rounds` times; the targets take turns in each round, so
 * that the machine's noise falls on all of them. One server per target for all its rounds.
 */
export async function measureSuite(options: SuiteOptions): Promise<SuiteResult[]> {
  const targets = targetsOf(options.before, SUITE_TARGETS);
  const procs = new Map<SuiteTarget, Running>();
  const runs = new Map<SuiteTarget, SuiteRun[]>(targets.map((t) => [t, []]));
  try {
    for (const target of targets) {
      const proc = await startTarget(target, options.dir, options);
      procs.set(target, proc);
      const warm = workload(options.warmup, 7, `warm-${target}`);
      await runSequence(proc.port, proc.kind, sequenceFor(proc.kind, warm));
    }
    for (let round = 0; round < options.rounds; round++) {
      for (const target of targets) {
        const proc = procs.get(target) as Running;
        const sequence = workload(options.operations, 19, `r${round}`);
        const run = await runSequence(proc.port, proc.kind, sequenceFor(proc.kind, sequence));
        runs.get(target)?.push(run);
        options.say?.(
          `suite ${target} round ${round + 1}: ${run.wallMs.toFixed(0)} ms, ${run.requests} requests` +
            (run.unexpected > 0 ? `, ${run.unexpected} unexpected (${run.firstUnexpected})` : ''),
        );
      }
    }
  } finally {
    for (const proc of procs.values()) await proc.stop();
  }
  const floorRuns = (runs.get('floor') ?? []).map((r) => r.wallMs);
  const floor = median(floorRuns);
  const floorBest = Math.min(...floorRuns);
  return targets.map((target) => {
    const list = runs.get(target) ?? [];
    const medianWallMs = median(list.map((r) => r.wallMs));
    const bestWallMs = Math.min(...list.map((r) => r.wallMs));
    return {
      target,
      runs: list,
      medianWallMs,
      vsFloor: floor > 0 ? medianWallMs / floor : null,
      bestWallMs,
      bestVsFloor: floorBest > 0 ? bestWallMs / floorBest : null,
    };
  });
}

/** One round of `--fresh`, for one build: a new process, then a warm one. */
export interface FreshRun {
  /** Spawn → first 2xx of the new process (its health check). */
  coldStartMs: number;
  /** The sequence in that new process, right after its first 2xx. */
  freshMs: number;
  /** The same sequence against the build's long-lived, warmed-up process. */
  warmMs: number;
  /**
   * CPU time (user + system) the server spent: the new process from spawn to its first 2xx,
   * then over the sequence; the warm process over the sequence. Less swayed by a busy machine
   * than wall time (10 ms resolution).
   */
  cpu: { coldStartMs: number; freshMs: number; warmMs: number };
  unexpected: number;
}

export interface FreshResult {
  /** By build ("after", and "before" with --before). */
  builds: Record<string, FreshRun[]>;
  /** The floor (warm), each round. */
  floorMs: number[];
}

/**
 * The contract suite as a CI job sees it (issue 27): each round, for each build, a new CLI
 * process with a new store file, timed from spawn to its first 2xx and then through the sequence;
 * then the same sequence against that build's long-lived process (warmed up once), then the floor.
 */
export async function measureFresh(options: SuiteOptions): Promise<FreshResult> {
  const builds: Record<string, string> = {
    ...(options.before !== undefined && { before: options.before }),
    after: options.after ?? ROOT,
  };
  const warm = new Map<string, Proc>();
  let floor: Running | undefined;
  const result: FreshResult = {
    builds: Object.fromEntries(Object.keys(builds).map((name) => [name, []])),
    floorMs: [],
  };
  try {
    for (const [name, root] of Object.entries(builds)) {
      const port = await freePort();
      const proc = await startReady('emulator', {
        port,
        dir: options.dir,
        db: join(options.dir, `warm-${name}-${port}.json`),
        root,
      });
      warm.set(name, proc);
      await runSequence(port, 'emulator', workload(options.warmup, 7, `warm-${name}`));
    }
    floor = await startTarget('floor', options.dir, {});
    await runSequence(floor.port, 'bare', workload(options.warmup, 7, 'warm-floor'));
    for (let round = 0; round < options.rounds; round++) {
      const sequence = workload(options.operations, 19, `f${round}`);
      // The builds take turns going first, so that neither always follows the other's process.
      const order = Object.entries(builds);
      if (round % 2 === 1) order.reverse();
      for (const [name, root] of order) {
        const port = await freePort();
        const proc = launch('emulator', {
          port,
          dir: options.dir,
          db: join(options.dir, `fresh-${name}-${port}.json`),
          root,
        });
        let fresh: SuiteRun;
        let coldStartMs: number;
        let cpuAtReady: number;
        let cpuAtEnd: number;
        try {
          coldStartMs = await waitFor2xx(proc);
          cpuAtReady = cpuMs(proc.pid);
          fresh = await runSequence(port, 'emulator', sequence);
          cpuAtEnd = cpuMs(proc.pid);
        } finally {
          await stop(proc);
        }
        const hot = warm.get(name) as Proc;
        const cpuBefore = cpuMs(hot.pid);
        const again = await runSequence(hot.port, 'emulator', sequence);
        result.builds[name]?.push({
          coldStartMs,
          freshMs: fresh.wallMs,
          warmMs: again.wallMs,
          cpu: {
            coldStartMs: cpuAtReady,
            freshMs: cpuAtEnd - cpuAtReady,
            warmMs: cpuMs(hot.pid) - cpuBefore,
          },
          unexpected: fresh.unexpected + again.unexpected,
        });
        options.say?.(
          `fresh ${name} round ${round + 1}: cold start ${coldStartMs.toFixed(0)} ms, ` +
            `sequence ${fresh.wallMs.toFixed(0)} ms fresh, ${again.wallMs.toFixed(0)} ms warm` +
            (fresh.unexpected + again.unexpected > 0
              ? `, unexpected: ${fresh.firstUnexpected ?? again.firstUnexpected}`
              : ''),
        );
      }
      const bare = await runSequence(floor.port, 'bare', sequence);
      result.floorMs.push(bare.wallMs);
    }
  } finally {
    for (const proc of warm.values()) await stop(proc);
    await floor?.stop();
  }
  return result;
}

export function renderFresh(result: FreshResult, operations: number): string {
  const ms = (values: number[]) => `${median(values).toFixed(0)} ms`;
  const floor = median(result.floorMs);
  const lines = [
    `| ${operations.toLocaleString('en-US')} sequential operations (medians) | cold start | sequence, new process | spawn → last answer | sequence, warm process | floor (warm) | new ÷ warm | new ÷ floor | runs: cold start + new (warm) | unexpected |`,
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  for (const [name, runs] of Object.entries(result.builds)) {
    const fresh = median(runs.map((r) => r.freshMs));
    lines.push(
      `| ${name} | ${ms(runs.map((r) => r.coldStartMs))} | ${fresh.toFixed(0)} ms | ${ms(runs.map((r) => r.coldStartMs + r.freshMs))} | ` +
        `${ms(runs.map((r) => r.warmMs))} | ${floor.toFixed(0)} ms | ${(fresh / median(runs.map((r) => r.warmMs))).toFixed(2)}× | ` +
        `${(fresh / floor).toFixed(2)}× | ${runs.map((r) => `${r.coldStartMs.toFixed(0)} + ${r.freshMs.toFixed(0)} (${r.warmMs.toFixed(0)})`).join(', ')} | ` +
        `${runs.reduce((sum, r) => sum + r.unexpected, 0)} |`,
    );
  }
  lines.push(
    '',
    '| server CPU time, user + system (medians) | cold start | sequence, new process | sequence, warm process | new ÷ warm |',
    '| --- | ---: | ---: | ---: | ---: |',
  );
  for (const [name, runs] of Object.entries(result.builds)) {
    const fresh = median(runs.map((r) => r.cpu.freshMs));
    const warm = median(runs.map((r) => r.cpu.warmMs));
    lines.push(
      `| ${name} | ${ms(runs.map((r) => r.cpu.coldStartMs))} | ${fresh.toFixed(0)} ms | ${warm.toFixed(0)} ms | ${(fresh / warm).toFixed(2)}× |`,
    );
  }
  return lines.join('\n');
}

export type LatencyRow =
  | 'signin'
  | 'signin, first after a seed'
  | 'signinAnonymously'
  | 'signinWithCustomToken'
  | 'signup'
  | '422 (invalid signin)'
  | 'reset'
  | 'seed (20 users)';

export interface Latency {
  n: number;
  p50: number;
  p99: number;
}

export interface LatencyTable {
  rows: LatencyRow[];
  /** By target (emulator-file, emulator-memory, floor), then row. */
  byTarget: Partial<Record<SuiteTarget, Record<LatencyRow, Latency>>>;
}

const LATENCY_TARGETS: readonly SuiteTarget[] = ['emulator-file', 'emulator-memory', 'floor'];

/** One target's connection and its timings, for the latency table. */
interface Timed {
  target: SuiteTarget;
  client: Client;
  make: ReturnType<typeof calls>;
  times: Map<LatencyRow, number[]>;
}

async function time(timed: Timed, row: LatencyRow, call: (make: Timed['make']) => Call) {
  const sent = call(timed.make);
  const { status, ms } = await send(timed.client, sent);
  // The floor answers 200 to everything.
  if (status !== sent.status && status !== 200) {
    throw new Error(`${timed.target}: ${row} answered ${status}`);
  }
  timed.times.set(row, [...(timed.times.get(row) ?? []), ms]);
}

/**
 * Per-operation latency at concurrency 1, the targets in turn request by request (so that the
 * machine's noise falls on all of them alike): `pairs` rounds of reset, seed and a first signin
 * of each seeded user (bcrypt cache misses), then `samples` rounds of the steady operations.
 * Client round trips, one keep-alive connection per target.
 */
async function latencies(
  ports: ReadonlyMap<SuiteTarget, number>,
  pairs: number,
  samples: number,
): Promise<Partial<Record<SuiteTarget, Record<LatencyRow, Latency>>>> {
  const all: Timed[] = [...ports].map(([target, port]) => ({
    target,
    client: new Client(`http://127.0.0.1:${port}`, { pipelining: 1 }),
    make: calls(`lat-${port}`),
    times: new Map(),
  }));
  const each = async (step: (timed: Timed) => Promise<void>) => {
    for (const timed of all) await step(timed);
  };
  try {
    await each(async (t) => {
      for (let i = 0; i < 20; i++) await send(t.client, t.make.signinAnonymously()); // warm-up
    });
    for (let k = 0; k < pairs; k++) {
      await each((t) => time(t, 'reset', (m) => m.reset()));
      await each((t) => time(t, 'seed (20 users)', (m) => m.seed()));
      for (let i = 0; i < SUITE_USERS; i++)
        await each((t) => time(t, 'signin, first after a seed', (m) => m.signin(i)));
    }
    for (let i = 0; i < samples; i++) {
      await each((t) => time(t, 'signin', (m) => m.signin(i)));
      await each((t) => time(t, 'signinAnonymously', (m) => m.signinAnonymously()));
      await each((t) => time(t, 'signinWithCustomToken', (m) => m.signinWithCustomToken(i)));
      await each((t) => time(t, 'signup', (m) => m.signup()));
      await each((t) => time(t, '422 (invalid signin)', (m) => m.invalid()));
    }
  } finally {
    await Promise.all(all.map((t) => t.client.close()));
  }
  const byTarget: Partial<Record<SuiteTarget, Record<LatencyRow, Latency>>> = {};
  for (const { target, times } of all) {
    const result = {} as Record<LatencyRow, Latency>;
    for (const [row, list] of times) {
      result[row] = { n: list.length, p50: median(list), p99: percentile(list, 99) };
    }
    byTarget[target] = result;
  }
  return byTarget;
}

export async function measureLatencies(
  dir: string,
  pairs: number,
  samples: number,
  builds: Builds = {},
): Promise<LatencyTable> {
  const procs = new Map<SuiteTarget, Running>();
  let byTarget: LatencyTable['byTarget'];
  try {
    for (const target of targetsOf(builds.before, LATENCY_TARGETS)) {
      procs.set(target, await startTarget(target, dir, builds));
    }
    byTarget = await latencies(
      new Map([...procs].map(([target, proc]) => [target, proc.port])),
      pairs,
      samples,
    );
  } finally {
    for (const proc of procs.values()) await proc.stop();
  }
  return {
    rows: [
      'signin',
      'signin, first after a seed',
      'signinAnonymously',
      'signinWithCustomToken',
      'signup',
      '422 (invalid signin)',
      'reset',
      'seed (20 users)',
    ],
    byTarget,
  };
}

export function renderSuite(results: SuiteResult[], operations: number): string {
  const lines = [
    `| workload, ${operations.toLocaleString('en-US')} sequential operations | wall time (median) | ÷ floor | best round | ÷ floor's best | runs (ms) | unexpected answers |`,
    '| --- | ---: | ---: | ---: | ---: | --- | ---: |',
  ];
  const ratio = (x: number | null) => (x === null ? '—' : `${x.toFixed(2)}×`);
  for (const r of results) {
    const label = r.target === 'prism' ? 'prism (no reset, no seed)' : r.target;
    lines.push(
      `| ${label} | ${r.medianWallMs.toFixed(0)} ms | ${ratio(r.vsFloor)} | ${r.bestWallMs.toFixed(0)} ms | ${ratio(r.bestVsFloor)} | ` +
        `${r.runs.map((run) => run.wallMs.toFixed(0)).join(', ')} | ${r.runs.reduce((s, run) => s + run.unexpected, 0)} |`,
    );
  }
  return lines.join('\n');
}

export function renderLatencies(table: LatencyTable): string {
  const targets = [...LATENCY_TARGETS, ...BEFORE_TARGETS].filter((t) => table.byTarget[t]);
  const files = targets.filter((t) => t === 'emulator-file' || t === 'before-file');
  const lines = [
    `| sequential, concurrency 1 (ms) | ${targets.map((t) => `${t} p50 | ${t} p99`).join(' | ')} | ${files.map((t) => `${t} p50 − floor p50`).join(' | ')} |`,
    `| --- | ${targets.map(() => '---: | ---:').join(' | ')} | ${files.map(() => '---:').join(' | ')} |`,
  ];
  for (const row of table.rows) {
    const cell = (t: SuiteTarget) => table.byTarget[t]?.[row];
    const floor = cell('floor')?.p50;
    const above = (t: SuiteTarget) => {
      const p50 = cell(t)?.p50;
      return p50 !== undefined && floor !== undefined ? (p50 - floor).toFixed(2) : '—';
    };
    lines.push(
      `| ${row} (n ${cell('emulator-file')?.n ?? 0}) | ${targets
        .map((t) => `${cell(t)?.p50.toFixed(2) ?? '—'} | ${cell(t)?.p99.toFixed(2) ?? '—'}`)
        .join(' | ')} | ${files.map(above).join(' | ')} |`,
    );
  }
  return lines.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      quick: { type: 'boolean', default: false },
      fresh: { type: 'boolean', default: false },
      rounds: { type: 'string' },
      before: { type: 'string' },
      after: { type: 'string' },
    },
  });
  const dir = mkdtempSync(join(tmpdir(), 'bench-suite-'));
  const say = (m: string) => process.stderr.write(`suite: ${m}\n`);
  try {
    const operations = values.quick ? 400 : 2000;
    if (values.fresh) {
      const fresh = await measureFresh({
        dir,
        rounds: Number(values.rounds ?? (values.quick ? 1 : 5)),
        operations,
        warmup: 200,
        before: values.before,
        after: values.after,
        say,
      });
      process.stdout.write(`${renderFresh(fresh, operations)}\n`);
    } else {
      const results = await measureSuite({
        dir,
        rounds: values.quick ? 1 : 5,
        operations,
        warmup: 200,
        before: values.before,
        after: values.after,
        say,
      });
      const table = await measureLatencies(dir, values.quick ? 3 : 10, values.quick ? 50 : 300, {
        before: values.before,
        after: values.after,
      });
      process.stdout.write(`${renderSuite(results, operations)}\n\n${renderLatencies(table)}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
