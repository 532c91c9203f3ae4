/**
 * What the bench scripts share: starting the three servers (the emulator's CLI, Prism and the
 * floor, a bare node:http server) on loopback, waiting for their first 2xx, reading their memory
 * from /proc, driving autocannon, and stopping every child on every path out. The emulator is
 * reached only as users reach it: `node dist/bin.js` here, the public API in inproc.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import autocannon, { type Request, type Result } from 'autocannon';
import { mintCustomToken } from '../src/index.js';
import { FIXTURE_PROJECT } from './guests.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Loopback only: nothing the bench starts listens on, or talks to, anything else. */
export const HOST = '127.0.0.1';

export type Kind = 'emulator' | 'prism' | 'bare';
export const KINDS: readonly Kind[] = ['emulator', 'prism', 'bare'];

/** The operations measured at 50 connections. */
export const OPERATIONS = ['signin', 'signinAnonymously'] as const;
export type Operation = (typeof OPERATIONS)[number];

export { FIXTURE_PROJECT };

/** A constant JSON answer about the size of a signin reply, from a server that does nothing else. */
export const BARE_SERVER = `
const http = require('node:http');
const body = JSON.stringify({ success: true, token: 'JWT ' + 'x'.repeat(380), user: {
  _id: '65f0a0000000000000000002', email: 'jane.doe@example.com', firstname: 'Jane',
  lastname: 'Doe', emailverified: true } });
const length = Buffer.byteLength(body);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': length });
    res.end(body);
  });
}).listen(Number(process.env.PORT), '127.0.0.1', () => process.stdout.write('ready at\\n'));
`;

/** The environment for children: without a test runner's or tsx's loaders and coverage. */
export function childEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  delete env.NODE_OPTIONS;
  delete env.NODE_V8_COVERAGE;
  return env;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface Proc {
  kind: Kind;
  child: ChildProcess;
  pid: number;
  port: number;
  /** performance.now() just before spawn. */
  spawnedAt: number;
  /** performance.now() when stdout first said "ready at" (emulator and bare only). */
  readyLineAt?: number;
  /** Where the child's stderr (and Prism's stdout) go. */
  logFile: string;
  exited: Promise<number | null>;
}

/** Every child still alive; killed on any way out of the bench process. */
const live = new Set<ChildProcess>();

/** Kills `child` on any way out of the bench process, as launch() does for the servers. */
export function track(child: ChildProcess): ChildProcess {
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}
function killAll(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

export interface LaunchOptions {
  port: number;
  /** A directory for logs (and the emulator's store when `db` is not given). */
  dir: string;
  /** The emulator's store file; `null` starts it with --in-memory. */
  db?: string | null;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  /** The emulator's checkout (its built `dist/bin.js`); this one by default. */
  root?: string;
}

function commandFor(
  kind: Kind,
  options: LaunchOptions,
): { args: string[]; env: NodeJS.ProcessEnv } {
  const port = String(options.port);
  const nodeArgs = options.nodeArgs ?? [];
  switch (kind) {
    case 'emulator':
      return {
        args: [
          ...nodeArgs,
          'dist/bin.js',
          '--port',
          port,
          ...(options.db === null
            ? ['--in-memory']
            : ['--db', options.db ?? join(options.dir, `store-${port}.json`)]),
          '--log-level',
          'silent',
        ],
        env: childEnv(),
      };
    case 'prism':
      return {
        args: [
          ...nodeArgs,
          'bench/node_modules/@stoplight/prism-cli/dist/index.js',
          'mock',
          '-p',
          port,
          '-h',
          HOST,
          'spec/openapi.yaml',
        ],
        env: childEnv(),
      };
    case 'bare':
      return { args: [...nodeArgs, '-e', BARE_SERVER], env: childEnv({ PORT: port }) };
  }
}

/** Spawns one server; its stdout is read for the ready line (Prism's goes to the log file). */
export function launch(kind: Kind, options: LaunchOptions): Proc {
  const { args, env } = commandFor(kind, options);
  const logFile = join(options.dir, `${kind}-${options.port}.log`);
  const log = openSync(logFile, 'a');
  const spawnedAt = performance.now();
  let child: ChildProcess;
  try {
    child = spawn(process.execPath, args, {
      cwd: kind === 'emulator' ? (options.root ?? ROOT) : ROOT,
      env,
      stdio: ['ignore', kind === 'prism' ? log : 'pipe', log],
    });
  } finally {
    closeSync(log);
  }
  if (child.pid === undefined) throw new Error(`could not spawn ${kind}`);
  live.add(child);
  const proc: Proc = {
    kind,
    child,
    pid: child.pid,
    port: options.port,
    spawnedAt,
    logFile,
    exited: new Promise((resolve) => {
      child.once('exit', (code) => {
        live.delete(child);
        resolve(code);
      });
    }),
  };
  let seen = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    if (proc.readyLineAt !== undefined) return;
    seen = (seen + chunk.toString()).slice(-4096);
    if (seen.includes('ready at')) proc.readyLineAt = performance.now();
  });
  return proc;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the child is gone. */
export async function stop(proc: Proc, graceMs = 5000): Promise<void> {
  if (proc.child.exitCode !== null || proc.child.signalCode !== null) return;
  proc.child.kill('SIGTERM');
  const done = await Promise.race([proc.exited.then(() => true), sleep(graceMs, false)]);
  if (!done) {
    proc.child.kill('SIGKILL');
    await Promise.race([proc.exited, sleep(graceMs)]);
  }
}

export function tail(file: string, chars = 2000): string {
  return existsSync(file) ? readFileSync(file, 'utf8').slice(-chars) : '';
}

export interface Probe {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What each server answers 2xx to: the emulator's health check, a Prism mock, anything bare. */
export const PROBES: Record<Kind, Probe> = {
  emulator: { method: 'GET', path: '/__emulator/health' },
  prism: {
    method: 'POST',
    path: '/auth/signinAnonymously',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ id_project: FIXTURE_PROJECT }),
  },
  bare: { method: 'GET', path: '/' },
};

export interface HttpAnswer {
  status: number;
  body: string;
}

/** One request; rejects on a connection error or after `timeoutMs`. */
export function send(
  port: number,
  probe: Probe,
  options: { agent?: http.Agent; timeoutMs?: number } = {},
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...probe.headers };
    if (probe.body !== undefined) headers['content-length'] = Buffer.byteLength(probe.body);
    const request = http.request(
      {
        host: HOST,
        port,
        method: probe.method,
        path: probe.path,
        headers,
        agent: options.agent ?? false,
        timeout: options.timeoutMs ?? 2000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString() }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timeout')));
    request.on('error', reject);
    request.end(probe.body);
  });
}

/**
 * Polls the server's probe every `intervalMs` until a 2xx; returns the milliseconds from spawn.
 * Throws when the child exits or `deadlineMs` passes.
 */
export async function waitFor2xx(proc: Proc, deadlineMs = 30_000, intervalMs = 2): Promise<number> {
  const probe = PROBES[proc.kind];
  const deadline = proc.spawnedAt + deadlineMs;
  let last = 'no answer';
  while (performance.now() < deadline) {
    if (proc.child.exitCode !== null || proc.child.signalCode !== null) {
      const how = proc.child.exitCode ?? proc.child.signalCode;
      throw new Error(`${proc.kind} exited (${how}) before answering 2xx:\n${tail(proc.logFile)}`);
    }
    try {
      const answer = await send(proc.port, probe, { timeoutMs: 1000 });
      if (answer.status >= 200 && answer.status < 300) return performance.now() - proc.spawnedAt;
      last = `status ${answer.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(intervalMs);
  }
  throw new Error(`${proc.kind} gave no 2xx within ${deadlineMs} ms (last: ${last})`);
}

/**
 * Waits until the server has worked off what a load run left queued: three probes in a row each
 * answered 2xx within `fastMs`. Bounded by `deadlineMs`; returns whether it got there.
 */
export async function quiesce(proc: Proc, fastMs = 25, deadlineMs = 60_000): Promise<boolean> {
  const deadline = performance.now() + deadlineMs;
  let fast = 0;
  while (fast < 3 && performance.now() < deadline) {
    const started = performance.now();
    try {
      const answer = await send(proc.port, PROBES[proc.kind], { timeoutMs: deadlineMs });
      const ok = answer.status >= 200 && answer.status < 300;
      fast = ok && performance.now() - started <= fastMs ? fast + 1 : 0;
    } catch {
      fast = 0;
    }
    if (fast < 3) await sleep(fast === 0 ? 20 : 1);
  }
  return fast >= 3;
}

/** Starts a server and waits for its first 2xx. Stops it if it never gets there. */
export async function startReady(kind: Kind, options: LaunchOptions): Promise<Proc> {
  const proc = launch(kind, options);
  try {
    await waitFor2xx(proc);
    return proc;
  } catch (error) {
    await stop(proc);
    throw error;
  }
}

export interface Memory {
  /** Resident set now, MB. */
  rssMb: number;
  /** Peak resident set since start (VmHWM), MB. */
  peakMb: number;
}

/** CPU time a process has used so far, user + system, from /proc (Linux; clock ticks of 10 ms). */
export function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  // utime and stime are fields 14 and 15 of stat(5); after "pid (comm) " they are 12 and 13.
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function memory(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

/** The fixture project's secret (fixtures/seed.json), to mint custom tokens for it. */
export const FIXTURE_PROJECT_SECRET = '3f9e2c1a-7b4d-4e8f-9a6b-5c2d1e0f8a7b';

/** A custom token of one external user of the fixture project, minted by the public API. */
export function customToken(externalId: string): string {
  const token = mintCustomToken({
    secret: FIXTURE_PROJECT_SECRET,
    projectId: FIXTURE_PROJECT,
    claims: { _id: externalId, firstname: 'Bench' },
    expiresIn: 0,
  }).jwt;
  return `JWT ${token}`;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** The request autocannon sends for each operation. */
export function operationRequest(operation: Operation): Request {
  switch (operation) {
    case 'signin':
      return {
        method: 'POST',
        path: '/auth/signin',
        headers: JSON_HEADERS,
        body: JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' }),
      };
    case 'signinAnonymously':
      return {
        method: 'POST',
        path: '/auth/signinAnonymously',
        headers: JSON_HEADERS,
        body: JSON.stringify({ id_project: FIXTURE_PROJECT }),
      };
  }
}

export interface LoadFigure {
  /** 2xx answers per second over the run. */
  rps: number;
  /** Latency percentiles, ms (autocannon records whole milliseconds). */
  p50: number;
  p99: number;
  max: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationS: number;
}

/** One autocannon run; `durationS` bounds it (plus autocannon's 10 s per-request timeout). */
export async function load(
  port: number,
  request: Request,
  options: { connections: number; durationS: number },
): Promise<LoadFigure> {
  const result: Result = await autocannon({
    url: `http://${HOST}:${port}`,
    connections: options.connections,
    duration: options.durationS,
    timeout: 10,
    requests: [request],
  });
  return {
    rps: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    durationS: result.duration,
  };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1] as number;
}
