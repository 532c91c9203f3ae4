/**
 * The fuzz target and its properties, shared by test/fuzz.test.ts (a few thousand cases, fixed
 * seed) and scripts/fuzz.ts (100k cases, any seed):
 * - the emulator answers every request, and its health check still answers afterwards;
 * - every status is one the spec declares for the operation, and the body matches its schema;
 * - the store, in memory and on disk, still validates against control.yaml's `Fixtures`;
 * - no prototype was polluted.
 * Each case starts from the fixtures, so a counterexample replays on its own.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import fc from 'fast-check';
import { request } from 'undici';
import {
  DEFAULT_CONTROL_SPEC_FILE,
  DEFAULT_FIXTURES_FILE,
  resolveConfig,
} from '../../src/config.js';
import { type DataCheck, dataCheck } from '../../src/emulator/fixtures.js';
import { loadSpec } from '../../src/openapi.js';
import { type Emulator, startFromConfig } from '../../src/server.js';
import type { Store } from '../../src/store/index.js';
import { matchesSpec, onDisk, type Response, type Test } from '../helpers.js';
import { CONTROL_TOKEN, caseFor, FIXTURE_USERS, type FuzzRequest } from './arbitraries.js';

export interface FuzzTarget {
  emu: Emulator;
  /** Its store, read after every case: the fuzzer checks the records no API answers. */
  store: Store;
  /** The store file. */
  file: string;
  dir: string;
  check: DataCheck;
  close(): Promise<void>;
}

/**
 * An emulator on a store file, with a control token (so the control API's 401 is reachable)
 * and the bundled fixtures rehashed at cost 4 (a cost-10 compare takes ~90 ms).
 */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const dir = mkdtempSync(join(tmpdir(), 'tiledesk-fuzz-'));
  const seed = JSON.parse(readFileSync(DEFAULT_FIXTURES_FILE, 'utf8')) as {
    users: { email: string; password: string }[];
  };
  for (const user of seed.users) {
    const known = FIXTURE_USERS.find((u) => u.email === user.email);
    if (known) user.password = bcrypt.hashSync(known.password, 4);
  }
  const fixtures = join(dir, 'fixtures.json');
  writeFileSync(fixtures, JSON.stringify(seed));
  const file = join(dir, 'store.json');
  const { emulator: emu, store } = await startFromConfig(
    resolveConfig({ db: file, fixtures, controlToken: CONTROL_TOKEN }, {}, 'api'),
  );
  const check = dataCheck(await loadSpec(DEFAULT_CONTROL_SPEC_FILE));
  return {
    emu,
    store,
    file,
    dir,
    check,
    async close() {
      await emu.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function send(base: string, req: FuzzRequest): Promise<Response> {
  const res = await request(`${base}${req.path}`, {
    method: req.method,
    headers: req.headers,
    body: req.body,
    headersTimeout: 15_000,
    bodyTimeout: 15_000,
  });
  const text = await res.body.text();
  const contentType = res.headers['content-type'] as string | undefined;
  let body: unknown;
  if (contentType?.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = Symbol('not JSON');
    }
  }
  return { status: res.statusCode, headers: res.headers, contentType, text, body };
}

/** matchesSpec() from test/helpers.ts, collecting its failures instead of reporting them. */
export async function specProblems(res: Response, req: FuzzRequest): Promise<string[]> {
  const problems: string[] = [];
  const collector = {
    ok: () => true,
    fail: (message: string, extra?: unknown) => {
      problems.push(`${message} ${JSON.stringify(extra ?? {}).slice(0, 600)}`);
      return false;
    },
  };
  if (typeof res.body === 'symbol') {
    problems.push(
      `${req.operationId} ${res.status}: the body is not the JSON its content type says`,
    );
    return problems;
  }
  await matchesSpec(collector as unknown as Test, res, req.operationId, req.api);
  return problems;
}

// ---- prototypes ------------------------------------------------------------------------

const PROTOTYPES: [string, object][] = [
  ['Object.prototype', Object.prototype],
  ['Array.prototype', Array.prototype],
  ['Function.prototype', Function.prototype],
  ['String.prototype', String.prototype],
  ['Number.prototype', Number.prototype],
  ['Boolean.prototype', Boolean.prototype],
];

type Snapshot = Map<string, Map<PropertyKey, unknown>>;

function snapshot(): Snapshot {
  return new Map(
    PROTOTYPES.map(([name, proto]) => [
      name,
      new Map(
        Reflect.ownKeys(proto).map((key) => {
          const d = Object.getOwnPropertyDescriptor(proto, key);
          return [key, d?.get ?? d?.value];
        }),
      ),
    ]),
  );
}

const pristine = snapshot();

export function prototypeProblems(): string[] {
  const problems: string[] = [];
  const now = snapshot();
  for (const [name, before] of pristine) {
    const after = now.get(name) ?? new Map();
    for (const [key, value] of after) {
      if (!before.has(key)) problems.push(`${name} was polluted: new key ${String(key)}`);
      else if (before.get(key) !== value) problems.push(`${name}.${String(key)} was replaced`);
    }
    for (const key of before.keys()) {
      if (!after.has(key)) problems.push(`${name}.${String(key)} was deleted`);
    }
  }
  return problems;
}

// ---- the property ----------------------------------------------------------------------

export interface CaseStats {
  requests: number;
  statuses: Map<string, number>;
  /** The internal errors met (internalError()), by operation and diagnostic: each is a failure. */
  unexpected: Map<string, number>;
}

export function newStats(): CaseStats {
  return { requests: 0, statuses: new Map(), unexpected: new Map() };
}

/**
 * A 5xx the emulator did not decide to send. Every deliberate 500 (the real server's answer to
 * the same request) carries a diagnostic that says why; the error handler labels anything else
 * it catches (a TypeError in a handler, a stack overflow) "unexpected error: …" (app.ts
 * toApiError). Either of those, or a 5xx with no diagnostic at all, is a bug in the emulator.
 */
export function internalError(res: Response): string | undefined {
  if (res.status < 500) return undefined;
  const diagnostic = res.headers['x-emulator-diagnostic'];
  if (typeof diagnostic !== 'string' || diagnostic === '') {
    return `${res.status} without a diagnostic: not an answer the emulator decided to send`;
  }
  if (diagnostic.startsWith('unexpected error')) {
    return `${res.status} from an internal error (${diagnostic.slice(0, 300)})`;
  }
  return undefined;
}

/** Runs one case from the fixtures and returns what is wrong (nothing, when all holds). */
export async function runCase(
  target: FuzzTarget,
  requests: readonly FuzzRequest[],
  stats?: CaseStats,
): Promise<string[]> {
  const { emu } = target;
  await emu.reset();
  const problems: string[] = [];
  for (const [index, req] of requests.entries()) {
    let res: Response;
    try {
      res = await send(emu.url, req);
    } catch (error) {
      problems.push(`request ${index} (${req.operationId}) got no answer: ${String(error)}`);
      break;
    }
    const internal = internalError(res);
    if (internal) problems.push(`request ${index} (${req.operationId}): ${internal}`);
    if (stats) {
      stats.requests++;
      const key = `${req.operationId} ${res.status}`;
      stats.statuses.set(key, (stats.statuses.get(key) ?? 0) + 1);
      if (internal) {
        const label = `${req.operationId}: ${internal.slice(0, 160)}`;
        stats.unexpected.set(label, (stats.unexpected.get(label) ?? 0) + 1);
      }
    }
    for (const problem of await specProblems(res, req)) {
      problems.push(`request ${index} (${req.operationId}): ${problem}`);
    }
  }
  try {
    const health = await request(`${emu.url}/__emulator/health`, { headersTimeout: 5_000 });
    await health.body.dump();
    if (health.statusCode !== 200) problems.push(`the health check answered ${health.statusCode}`);
  } catch (error) {
    problems.push(`the health check got no answer: ${String(error)}`);
  }
  problems.push(...prototypeProblems());
  const inMemory = target.check(target.store.data);
  if (inMemory) problems.push(`the store no longer matches the Fixtures schema: ${inMemory}`);
  await target.store.flush();
  try {
    // As a restart reads it: the JSON snapshot with its change log replayed.
    JSON.parse(readFileSync(target.file, 'utf8'));
    const problem = target.check(await onDisk(target.file));
    if (problem) problems.push(`the store file no longer matches the Fixtures schema: ${problem}`);
  } catch (error) {
    problems.push(`the store file does not parse: ${String(error)}`);
  }
  return problems;
}

export type Group = Parameters<typeof caseFor>[0];

export interface PropertyOptions {
  stats?: CaseStats;
  /** Problems matching this are not failures: to look past a known bug while it is open. */
  ignore?: RegExp;
}

/** The property for a group of operations: a failing case throws its problems. */
export function property(target: FuzzTarget, group: Group, options: PropertyOptions = {}) {
  return fc.asyncProperty(caseFor(group), async (requests) => {
    const problems = (await runCase(target, requests, options.stats)).filter(
      (problem) => !options.ignore?.test(problem),
    );
    if (problems.length > 0) throw new Error(problems.join('\n'));
  });
}
