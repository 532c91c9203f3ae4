/**
 * One crash round, shared by test/crash-safety.test.ts (a few rounds) and scripts/crash-loop.ts
 * (20): a signup storm against the CLI, SIGKILL at a random moment, a restart on the same
 * file, then every signup that was answered 200 before the kill must sign in.
 */
import { readFileSync } from 'node:fs';
import { Agent, request } from 'undici';
import { DEFAULT_CONTROL_SPEC_FILE } from '../../src/config.js';
import { type DataCheck, dataCheck } from '../../src/emulator/fixtures.js';
import { loadSpec } from '../../src/openapi.js';
import { onDisk } from '../helpers.js';
import { sleep, startCli } from './cli.js';

export interface Credentials {
  email: string;
  password: string;
}

export interface RoundOptions {
  /** The store file, kept from round to round. */
  file: string;
  round: number;
  /** Signups acknowledged in earlier rounds: they must still be in the file. */
  earlier?: readonly Credentials[];
  /** Concurrent signup loops. Default 32. */
  concurrency?: number;
  /**
   * The kill comes after a delay drawn from [minKillMs, maxKillMs] after the first signup was
   * acknowledged. Default 0–500 ms.
   */
  minKillMs?: number;
  maxKillMs?: number;
  random?: () => number;
}

export interface RoundResult {
  round: number;
  killedAfterMs: number;
  /** Signups sent, and those answered 200 with success:true before the kill. */
  attempted: number;
  acknowledged: Credentials[];
  /** Users in the file after the kill. */
  usersInFile: number;
  /** What is wrong; empty when the round passed. */
  problems: string[];
}

let checkPromise: Promise<DataCheck> | undefined;
function storeCheck(): Promise<DataCheck> {
  checkPromise ??= loadSpec(DEFAULT_CONTROL_SPEC_FILE).then(dataCheck);
  return checkPromise;
}

async function post(
  dispatcher: Agent,
  url: string,
  body: object,
): Promise<{ status: number; body: unknown }> {
  const res = await request(url, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = text;
  }
  return { status: res.statusCode, body: parsed };
}

/** Runs `fn` over `items` with at most `limit` at a time. */
export async function eachLimit<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await fn(item);
    }
  });
  await Promise.all(workers);
}

export async function crashRound(options: RoundOptions): Promise<RoundResult> {
  const { file, round } = options;
  const random = options.random ?? Math.random;
  const concurrency = options.concurrency ?? 32;
  const minKill = options.minKillMs ?? 0;
  const maxKill = options.maxKillMs ?? 500;
  const problems: string[] = [];
  const check = await storeCheck();

  // 1. The storm, and the kill.
  const cli = await startCli(['--port', '0', '--db', file, '--log-level', 'silent']);
  const acknowledged: Credentials[] = [];
  let attempted = 0;
  let stopped = false;
  const storm = new Agent({ connections: concurrency });
  const loops = Array.from({ length: concurrency }, async (_, worker) => {
    for (let i = 0; !stopped; i++) {
      const credentials = {
        email: `r${round}-w${worker}-${i}@crash.example.com`,
        password: `pw-${round}-${worker}-${i}`,
      };
      attempted++;
      try {
        const res = await post(storm, `${cli.url}/auth/signup`, {
          ...credentials,
          firstname: 'Crash',
          lastname: `Round ${round}`,
        });
        if (res.status === 200 && (res.body as { success?: unknown }).success === true) {
          acknowledged.push(credentials);
        } else if (!stopped) {
          problems.push(`signup ${credentials.email} answered ${res.status} before the kill`);
        }
      } catch {
        return; // the process is gone
      }
    }
  });
  // The random moment is counted from the first acknowledgement, so every round has some.
  for (let waited = 0; acknowledged.length === 0 && waited < 10_000; waited += 5) await sleep(5);
  const killedAfterMs = Math.round(minKill + random() * (maxKill - minKill));
  await sleep(killedAfterMs);
  cli.child.kill('SIGKILL');
  stopped = true;
  await cli.exited;
  await Promise.all(loops);
  await storm.destroy();

  // 2. The file parses, validates, and holds every acknowledged signup (read as a restart
  // reads it: the JSON snapshot with its change log replayed).
  let usersInFile = 0;
  try {
    JSON.parse(readFileSync(file, 'utf8'));
    const data = await onDisk(file);
    const problem = check(data);
    if (problem) problems.push(`the store file is invalid after the kill: ${problem}`);
    usersInFile = data.users.length;
    const emails = new Set(data.users.map((u) => u.email));
    const lost = [...(options.earlier ?? []), ...acknowledged].filter((c) => !emails.has(c.email));
    if (lost.length > 0) {
      problems.push(
        `${lost.length} acknowledged signup(s) are not in the file, e.g. ${lost
          .slice(0, 3)
          .map((c) => c.email)
          .join(', ')}`,
      );
    }
  } catch (error) {
    problems.push(`the store file does not parse after the kill: ${String(error)}`);
  }

  // 3. A restart on the same file, and every acknowledged signup signs in.
  let restarted: Awaited<ReturnType<typeof startCli>> | undefined;
  try {
    restarted = await startCli(['--port', '0', '--db', file, '--log-level', 'silent']);
  } catch (error) {
    problems.push(`the emulator does not restart on the file: ${String(error)}`);
  }
  if (restarted) {
    const signins = new Agent({ connections: 16 });
    const url = `${restarted.url}/auth/signin`;
    await eachLimit(acknowledged, 16, async (credentials) => {
      try {
        const res = await post(signins, url, credentials);
        if (res.status !== 200) {
          problems.push(`${credentials.email} was acknowledged but signin answers ${res.status}`);
        }
      } catch (error) {
        problems.push(`signin of ${credentials.email} failed: ${String(error)}`);
      }
    });
    await signins.destroy();
    restarted.child.kill('SIGTERM');
    const { code } = await restarted.exited;
    if (code !== 0) problems.push(`the restarted emulator exited ${code} on SIGTERM`);
  }
  return { round, killedAfterMs, attempted, acknowledged, usersInFile, problems };
}
