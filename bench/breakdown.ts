/**
 * Where a sequential request's time goes, measured, not guessed (issue 19):
 *
 *   npx tsx bench/breakdown.ts [--in-memory] [--operations 2000]
 *
 * Runs suite.ts's workload once against the emulator started in a child process through the
 * public API (`startEmulator` from dist/index.js), with a store file or in memory. Inside that
 * process, without changing the emulator:
 *
 * - `diagnostics_channel`: `http.server.request.start` and `http.server.response.finish`
 *   (node:http), and Fastify's `tracing:fastify.request.handler` (start, asyncStart);
 * - bcrypt: @node-rs/bcrypt's `hash` and `verify` wrapped on its exports before the emulator
 *   imports them (time while at least one is in flight);
 * - the store's file I/O: `node:fs/promises` functions and `FileHandle` methods wrapped, then
 *   `syncBuiltinESMExports()` so that the emulator's named imports see the wrappers;
 * - garbage collection: `PerformanceObserver` 'gc' entries, attributed to the request they
 *   started in.
 *
 * The workload is sequential, so at any moment at most one request is in the server and every
 * measurement belongs to it. The parent times each round trip; what is left after the server's
 * own time (request start → response finish) is the client, the loopback and the wake-ups.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { Client } from 'undici';
import { childEnv, median, ROOT, track } from './lib.js';
import { type Call, type Step, send, workload } from './suite.js';

const INDEX = pathToFileURL(join(ROOT, 'dist/index.js')).href;

const INSTRUMENTED = `
import dc from 'node:diagnostics_channel';
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

const now = () => performance.now();
const records = [];
let current;
const fresh = () => ({ bcrypt: 0, fs: {}, fsAll: 0, gc: 0 });

/** Time while at least one call of a kind is in flight, added to the current request. */
function busy(add) {
  let inFlight = 0;
  let since = 0;
  let owner;
  return {
    enter() { if (inFlight++ === 0) { since = now(); owner = current; } },
    leave() { if (--inFlight === 0 && owner) add(owner, now() - since); },
  };
}
const bcryptBusy = busy((r, ms) => { r.bcrypt += ms; });
const fsBusy = busy((r, ms) => { r.fsAll += ms; });

function timed(target, name, key, tracker) {
  const original = target[name];
  if (typeof original !== 'function') return;
  target[name] = function (...args) {
    const owner = current;
    const started = now();
    tracker.enter();
    const done = () => {
      tracker.leave();
      if (key && owner) owner.fs[key] = (owner.fs[key] ?? 0) + (now() - started);
    };
    let result;
    try { result = original.apply(this, args); } catch (error) { done(); throw error; }
    if (result && typeof result.then === 'function') return result.finally(done);
    done();
    return result;
  };
}

for (const name of ['appendFile', 'writeFile', 'rename', 'open', 'readFile', 'unlink']) {
  timed(fs.promises, name, name, fsBusy);
}
const probe = await fs.promises.open(process.execPath, 'r');
const FileHandle = Object.getPrototypeOf(probe);
await probe.close();
for (const name of ['write', 'writev', 'writeFile', 'appendFile', 'sync', 'datasync', 'close']) {
  timed(FileHandle, name, 'handle.' + name, fsBusy);
}
for (const name of ['writeSync', 'ftruncateSync']) timed(fs, name, name, fsBusy);
for (const name of ['fsync', 'fdatasync', 'write', 'writev']) {
  const original = fs[name];
  if (typeof original !== 'function') continue;
  fs[name] = function (...args) {
    const callback = args.at(-1);
    if (typeof callback !== 'function') return original.apply(this, args);
    const owner = current;
    const started = now();
    fsBusy.enter();
    args[args.length - 1] = (...results) => {
      fsBusy.leave();
      if (owner) owner.fs[name] = (owner.fs[name] ?? 0) + (now() - started);
      callback(...results);
    };
    return original.apply(this, args);
  };
}
syncBuiltinESMExports();

// The emulator's named imports are read from this module's exports when it first imports it,
// so wrapping them here, before, is what it calls.
let bcrypt = 'not found';
try {
  const module = createRequire(${JSON.stringify(INDEX)})('@node-rs/bcrypt');
  for (const name of ['hash', 'verify']) timed(module, name, undefined, bcryptBusy);
  bcrypt = '@node-rs/bcrypt';
} catch {}

dc.subscribe('http.server.request.start', ({ request }) => {
  current = { url: request.url, start: now(), ...fresh() };
  records.push(current);
});
dc.subscribe('http.server.response.finish', ({ response }) => {
  if (!current) return;
  current.finish = now();
  current.status = response.statusCode;
});
dc.tracingChannel('fastify.request.handler').subscribe({
  start() { if (current) current.handler ??= now(); },
  end() { if (current) current.handlerSync = now(); },
  asyncStart() { if (current) current.handlerAsync ??= now(); },
  asyncEnd() {},
  error() {},
});
const gcs = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) gcs.push([entry.startTime, entry.duration]);
}).observe({ entryTypes: ['gc'] });

const { startEmulator } = await import(${JSON.stringify(INDEX)});
const emulator = await startEmulator(process.env.DB ? { db: process.env.DB } : {});
process.stdout.write('READY ' + JSON.stringify({ port: emulator.port, bcrypt }) + '\\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'report') continue;
  await new Promise((resolve) => setTimeout(resolve, 50));
  for (const [at, ms] of gcs) {
    const r = records.find((x) => x.start <= at && at <= (x.finish ?? x.start));
    if (r) r.gc += ms;
  }
  await emulator.close();
  // Exit once the line is written: process.exit() would cut a long write to a pipe short.
  process.stdout.write('RESULT ' + JSON.stringify(records) + '\\n', () => process.exit(0));
}
`;

interface ServerRecord {
  url: string;
  status?: number;
  start: number;
  handler?: number;
  handlerSync?: number;
  handlerAsync?: number;
  finish?: number;
  bcrypt: number;
  fs: Record<string, number>;
  fsAll: number;
  gc: number;
}

function lineOf<T>(
  child: ReturnType<typeof spawn>,
  prefix: string,
  deadlineMs: number,
): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`no ${prefix}: ${err}`)), deadlineMs);
    child.stderr?.on('data', (c: Buffer) => {
      err = (err + c.toString()).slice(-3000);
    });
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      // Complete lines only: a long line arrives in several chunks.
      const line = out
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith(`${prefix} `));
      if (!line) return;
      clearTimeout(timer);
      resolve(JSON.parse(line.slice(prefix.length + 1)) as T);
    });
    // 'close', not 'exit': stdout may still hold the line when the process has exited.
    child.once('close', (code) => {
      clearTimeout(timer);
      reject(new Error(`exited (${code}) before ${prefix}: ${err}`));
    });
  });
}

interface Phases {
  n: number;
  clientP50: number;
  client: number;
  server: number;
  beforeHandler: number;
  handler: number;
  bcrypt: number;
  fs: number;
  afterHandler: number;
  outside: number;
  gc: number;
  fsByCall: Record<string, number>;
}

function summarize(steps: Step[], client: number[], server: ServerRecord[]): Map<Step, Phases> {
  const by = new Map<Step, { client: number[]; records: ServerRecord[] }>();
  steps.forEach((step, i) => {
    const entry = by.get(step) ?? { client: [], records: [] };
    entry.client.push(client[i] as number);
    entry.records.push(server[i] as ServerRecord);
    by.set(step, entry);
  });
  const mean = (list: number[]) => list.reduce((a, b) => a + b, 0) / Math.max(1, list.length);
  const result = new Map<Step, Phases>();
  for (const [step, { client: times, records }] of by) {
    const end = (r: ServerRecord) => r.finish ?? r.start;
    // Without a route handler (a 422 from validation), everything counts as "before".
    const handlerStart = (r: ServerRecord) => r.handler ?? end(r);
    const handlerDone = (r: ServerRecord) => r.handlerAsync ?? r.handlerSync ?? handlerStart(r);
    const fsByCall: Record<string, number> = {};
    for (const r of records) {
      for (const [k, v] of Object.entries(r.fs))
        fsByCall[k] = (fsByCall[k] ?? 0) + v / records.length;
    }
    const server = mean(records.map((r) => end(r) - r.start));
    result.set(step, {
      n: records.length,
      clientP50: median(times),
      client: mean(times),
      server,
      beforeHandler: mean(records.map((r) => handlerStart(r) - r.start)),
      handler: mean(records.map((r) => handlerDone(r) - handlerStart(r))),
      bcrypt: mean(records.map((r) => r.bcrypt)),
      fs: mean(records.map((r) => r.fsAll)),
      afterHandler: mean(records.map((r) => end(r) - handlerDone(r))),
      outside: mean(times) - server,
      gc: mean(records.map((r) => r.gc)),
      fsByCall,
    });
  }
  return result;
}

export function renderBreakdown(phases: Map<Step, Phases>): string {
  const f = (n: number) => n.toFixed(3);
  const lines = [
    '| step | n | client p50 | client mean | server (req start → finish) | before handler | handler | of which bcrypt | of which file I/O | after handler (reply) | outside the server | GC in request |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  let total = 0;
  for (const [step, p] of phases) {
    total += p.client * p.n;
    lines.push(
      `| ${step} | ${p.n} | ${f(p.clientP50)} | ${f(p.client)} | ${f(p.server)} | ${f(p.beforeHandler)} | ${f(p.handler)} | ${f(p.bcrypt)} | ${f(p.fs)} | ${f(p.afterHandler)} | ${f(p.outside)} | ${f(p.gc)} |`,
    );
  }
  const sum = (pick: (p: Phases) => number) =>
    [...phases.values()].reduce((a, p) => a + pick(p) * p.n, 0);
  const share = (label: string, ms: number) =>
    `${label} ${(ms / 1000).toFixed(2)} s (${((100 * ms) / total).toFixed(0)}%)`;
  const bcrypt = sum((p) => p.bcrypt);
  const io = sum((p) => p.fs);
  const parts = [
    share('bcrypt', bcrypt),
    share('file I/O', io),
    share('rest of the handlers (tokens, store, reply)', sum((p) => p.handler) - bcrypt - io),
    share(
      'before the handlers (routing, parsing, validation, hooks)',
      sum((p) => p.beforeHandler),
    ),
    share(
      'after the handlers',
      sum((p) => p.afterHandler),
    ),
    share(
      'outside the server (client, loopback, wake-ups)',
      sum((p) => p.outside),
    ),
    share(
      'of which GC in requests',
      sum((p) => p.gc),
    ),
  ];
  const byCall = [...phases]
    .map(
      ([step, p]) =>
        `${step}: ${
          Object.entries(p.fsByCall)
            .map(([k, v]) => `${k} ${f(v)}`)
            .join(', ') || 'none'
        }`,
    )
    .join('; ');
  return (
    `${lines.join('\n')}\n\nsum of client round trips ${(total / 1000).toFixed(2)} s: ${parts.join('; ')}.\n` +
    `File I/O per request (ms, mean), by call: ${byCall}`
  );
}

const { values } = parseArgs({
  options: {
    'in-memory': { type: 'boolean', default: false },
    operations: { type: 'string', default: '2000' },
  },
});
const dir = mkdtempSync(join(tmpdir(), 'bench-breakdown-'));
const child = track(
  spawn(process.execPath, ['--input-type=module', '-e', INSTRUMENTED], {
    cwd: ROOT,
    env: childEnv({ DB: values['in-memory'] ? '' : join(dir, 'store.json') }),
    stdio: ['pipe', 'pipe', 'pipe'],
  }),
);
try {
  const ready = await lineOf<{ port: number; bcrypt: string }>(child, 'READY', 60_000);
  const sequence: Call[] = workload(Number(values.operations));
  const client = new Client(`http://127.0.0.1:${ready.port}`, { pipelining: 1 });
  const times: number[] = [];
  try {
    // Warm-up, not recorded: the first 200 operations of another sequence.
    for (const call of workload(200, 7, 'warm')) await send(client, call);
    const result = lineOf<ServerRecord[]>(child, 'RESULT', 120_000);
    const skip = 200 + 4; // the warm-up's operations and its two reset + seed pairs
    for (const call of sequence) times.push((await send(client, call)).ms);
    child.stdin?.write('report\n');
    const records = (await result).slice(skip);
    if (records.length !== sequence.length) {
      throw new Error(`${records.length} server records for ${sequence.length} requests`);
    }
    const phases = summarize(
      sequence.map((c) => c.step),
      times,
      records,
    );
    process.stdout.write(
      `${values['in-memory'] ? 'in memory' : 'store file'}, ${sequence.length} requests, bcrypt: ${ready.bcrypt}; ms per request\n\n${renderBreakdown(phases)}\n`,
    );
  } finally {
    await client.close();
  }
} finally {
  if (child.exitCode === null) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}
