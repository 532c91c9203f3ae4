/**
 * Figures taken inside the emulator's process, through its public API (`startEmulator` from the
 * built `dist/index.js`): each in a child `node` that runs nothing but the emulator and the
 * measurement, so its memory is the emulator's and not the bench's.
 *
 * - start: import time, then `startEmulator()` (in memory, port 0) until ready, and `reset()`;
 *   `reset()` again with a store file (`startEmulator({ db })`);
 * - large store: `startEmulator({ db })` on a generated store, then, while the parent sends
 *   writes over HTTP, `perf_hooks.monitorEventLoopDelay` and the store file's identity (a new
 *   inode, size or mtime means the snapshot was rewritten: a compaction) until told to report.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { childEnv, ROOT, track } from './lib.js';

const INDEX = pathToFileURL(join(ROOT, 'dist/index.js')).href;

const START_SCRIPT = `
import { performance } from 'node:perf_hooks';
const t0 = performance.now();
const { startEmulator } = await import(${JSON.stringify(INDEX)});
const imported = performance.now();
const emulator = await startEmulator();
const ready = performance.now();
const rounds = Number(process.env.RESETS);
for (let i = 0; i < 20; i++) await emulator.reset();
const resets = [];
for (let i = 0; i < rounds; i++) {
  const started = performance.now();
  await emulator.reset();
  resets.push(performance.now() - started);
}
await emulator.close();
const again = performance.now();
await (await startEmulator()).close();
const secondReadyMs = performance.now() - again;
const onFile = await startEmulator({ db: process.env.DB });
for (let i = 0; i < 20; i++) await onFile.reset();
const fileResets = [];
for (let i = 0; i < rounds; i++) {
  const started = performance.now();
  await onFile.reset();
  fileResets.push(performance.now() - started);
}
await onFile.close();
process.stdout.write('RESULT ' + JSON.stringify({
  importMs: imported - t0,
  readyMs: ready - imported,
  secondReadyMs,
  resetsMs: resets,
  fileResetsMs: fileResets,
}) + '\\n');
`;

const LARGE_STORE_SCRIPT = `
import { statSync } from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
const { startEmulator } = await import(${JSON.stringify(INDEX)});
const db = process.env.DB;
const started = performance.now();
const emulator = await startEmulator({ db });
const openMs = performance.now() - started;
const identity = () => { try { const s = statSync(db); return s.ino + ':' + s.size + ':' + s.mtimeMs; } catch { return 'none'; } };
let seen = identity();
let compactions = 0;
const watch = setInterval(() => { const now = identity(); if (now !== seen) { compactions++; seen = now; } }, 20);
const delay = monitorEventLoopDelay({ resolution: 10 });
delay.enable();
process.stdout.write('READY ' + JSON.stringify({ port: emulator.port, openMs }) + '\\n');
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line !== 'report') continue;
  delay.disable();
  clearInterval(watch);
  if (identity() !== seen) compactions++;
  const result = { maxStallMs: delay.max / 1e6, p99StallMs: delay.percentile(99) / 1e6, compactions };
  await emulator.close();
  process.stdout.write('RESULT ' + JSON.stringify(result) + '\\n', () => process.exit(0));
}
`;

function spawnScript(script: string, env: Record<string, string>): ChildProcess {
  return track(
    spawn(process.execPath, ['--input-type=module', '-e', script], {
      cwd: ROOT,
      env: childEnv(env),
      stdio: ['pipe', 'pipe', 'pipe'],
    }),
  );
}

/** Resolves with the JSON after `prefix` on the child's stdout; rejects on exit or timeout. */
function lineFrom<T>(child: ChildProcess, prefix: string, deadlineMs: number): Promise<T> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => done(new Error(`no ${prefix} within ${deadlineMs} ms`)),
      deadlineMs,
    );
    const onOut = (chunk: Buffer) => {
      out += chunk.toString();
      // Complete lines only: a long line arrives in several chunks.
      const line = out
        .split('\n')
        .slice(0, -1)
        .find((l) => l.startsWith(`${prefix} `));
      if (line) done(undefined, JSON.parse(line.slice(prefix.length + 1)) as T);
    };
    const onErr = (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
    };
    // 'close', not 'exit': stdout may still hold the line when the process has exited.
    const onExit = (code: number | null) =>
      done(new Error(`exited (${code}) before ${prefix}: ${err}`));
    const done = (error?: Error, value?: T) => {
      clearTimeout(timer);
      child.stdout?.off('data', onOut);
      child.stderr?.off('data', onErr);
      child.off('close', onExit);
      if (error) reject(error);
      else resolve(value as T);
    };
    child.stdout?.on('data', onOut);
    child.stderr?.on('data', onErr);
    child.once('close', onExit);
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

export interface StartFigures {
  importMs: number;
  readyMs: number;
  secondReadyMs: number;
  resetsMs: number[];
  fileResetsMs: number[];
}

/** One fresh process: import, first startEmulator(), `resets` timed reset() calls. */
export async function measureStart(resets: number, db: string): Promise<StartFigures> {
  const child = spawnScript(START_SCRIPT, { RESETS: String(resets), DB: db });
  try {
    return await lineFrom<StartFigures>(child, 'RESULT', 60_000);
  } finally {
    await kill(child);
  }
}

export interface LargeStoreChild {
  pid: number;
  port: number;
  openMs: number;
  /** Stops the measurement and the emulator; resolves with what was seen. */
  report(): Promise<{ maxStallMs: number; p99StallMs: number; compactions: number }>;
  kill(): Promise<void>;
}

export async function startLargeStore(db: string): Promise<LargeStoreChild> {
  const child = spawnScript(LARGE_STORE_SCRIPT, { DB: db });
  try {
    const ready = await lineFrom<{ port: number; openMs: number }>(child, 'READY', 120_000);
    return {
      pid: child.pid as number,
      ...ready,
      async report() {
        const result = lineFrom<{ maxStallMs: number; p99StallMs: number; compactions: number }>(
          child,
          'RESULT',
          120_000,
        );
        child.stdin?.write('report\n');
        return result;
      },
      kill: () => kill(child),
    };
  } catch (error) {
    await kill(child);
    throw error;
  }
}
