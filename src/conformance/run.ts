/**
 * runConformance(): every case of the corpus, sent to a target (a real Tiledesk) and to an
 * emulator with the same fixtures and fresh state, compared answer by answer.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_FIXTURES_FILE, resolveConfig } from '../config.js';
import { startFromConfig } from '../server.js';
import {
  type Case,
  DEFAULT_CASES_DIR,
  DEFAULT_DIVERGENCES_FILE,
  expand,
  loadCases,
  PlaceholderError,
  stepsOf,
  type Vars,
} from './cases.js';
import { ABSENT, type Difference, Divergences, diff, glob } from './compare.js';
import { type DbReader, emulatorDb, mongoDb } from './db.js';
import { type Exchange, prepare, send } from './http.js';
import { Masker, type Normalized, normalize } from './normalize.js';
import { signToken } from './tokens.js';

/** What exists on the target (the options file). Defaults: the bundled fixtures. */
export interface TargetAccount {
  user: { email: string; password: string; firstname?: string; lastname?: string; _id?: string };
  project: { id: string; secret: string };
  /** GLOBAL_SECRET of the target; default `nodeauthsecret`. */
  globalSecret?: string;
  /** The target holds fixtures/seed.json (admin, suspended user, disabled project_user). */
  fixtures?: boolean;
}

export interface RunOptions {
  /** Base URL of the server checked, e.g. http://127.0.0.1:3000 or https://api.tiledesk.com/v3. */
  target: string;
  account?: TargetAccount;
  /** Also run the cases that create users or project_users on the target. */
  allowWrites?: boolean;
  /** MongoDB URI of the target's database: compare the records cases create. */
  mongo?: string;
  /** A folder whose node_modules holds the `mongodb` driver (required with `mongo`). */
  mongoDriver?: string;
  /** An emulator already running with the same fixtures; default: one started in this process. */
  emulator?: string;
  fixturesFile?: string;
  casesDir?: string;
  divergencesFile?: string;
  /** Globs on case ids; only those run. */
  only?: string[];
  /** Called after each case (for progress). */
  onCase?: (result: CaseResult) => void;
}

export type Outcome = 'same' | 'divergent' | 'different' | 'skipped';

export interface CaseResult {
  id: string;
  title?: string;
  outcome: Outcome;
  skipped?: string;
  differences: Difference[];
  notes: string[];
  /** The raw answers, kept for cases that are not the same. */
  exchanges?: { real: Exchange[]; emulator: Exchange[] };
}

export interface Report {
  target: string;
  /** Why cases were skipped, and how many for each reason. */
  skippedBecause: Record<string, number>;
  emulator: string;
  allowWrites: boolean;
  database: boolean;
  cases: CaseResult[];
  counts: Record<Outcome, number>;
  /** True when no difference is left unexplained. */
  ok: boolean;
}

const FIXTURE_ACCOUNT: TargetAccount = {
  user: { email: 'jane.doe@example.com', password: 'janepassword' },
  project: { id: '65f0b0000000000000000001', secret: '3f9e2c1a-7b4d-4e8f-9a6b-5c2d1e0f8a7b' },
  fixtures: true,
};

function strings(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value);
  else if (value && typeof value === 'object')
    for (const v of Object.values(value)) strings(v, into);
  return into;
}

/** The target cannot be compared at all (unreachable, not a Tiledesk): one line says why. */
export class TargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TargetError';
  }
}

const SKIP_WRITES = 'writes: use --allow-writes';
const SKIP_FIXTURES = 'needs the target seeded with fixtures/seed.json';

/** The path of a base URL without its trailing slash: `https://x/v3/` → `/v3`. */
export function basePath(url: string): string {
  return new URL(url).pathname.replace(/\/+$/, '');
}

/**
 * Before the corpus: the target answers, and answers a bodyless signin as Tiledesk does (422
 * with express-validator's `errors`), and signs in the account's user. Else a TargetError.
 */
export async function checkTarget(target: string, account: TargetAccount): Promise<void> {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new TargetError(`${target} is not a URL (e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new TargetError(`${target}: only http:// and https:// targets are supported`);
  const probe = await send(target, prepare({ path: '/auth/signin', json: {} }), 10_000);
  if (probe.error) throw new TargetError(`cannot reach ${target}: ${probe.error}`);
  let errors: unknown;
  try {
    errors = (JSON.parse(probe.text) as { errors?: unknown }).errors;
  } catch {
    // not JSON
  }
  if (probe.status !== 422 || !Array.isArray(errors)) {
    throw new TargetError(
      `${target} does not answer like a Tiledesk server (POST ${basePath(target)}/auth/signin {} answered ${probe.status}, not 422 {"errors":[…]})`,
    );
  }
  const { email, password } = account.user;
  const signin = await send(target, prepare({ path: '/auth/signin', json: { email, password } }));
  if (signin.status !== 200) {
    throw new TargetError(
      `${target} does not sign in ${email} (${signin.status} ${signin.text.slice(0, 80)}): check the user in --options`,
    );
  }
}

interface Side {
  base: string;
  db?: DbReader;
}

async function runSteps(side: Side, c: Case, vars: Vars): Promise<Exchange[]> {
  const out: Exchange[] = [];
  for (const step of stepsOf(c)) {
    out.push(
      await send(side.base, prepare(expand(step, { ...vars, ...lastVars(out) })), c.timeoutMs),
    );
  }
  return out;
}

const RANKS = [
  'status',
  'error',
  'body',
  'headers.content-type',
  'headers.access-control',
  'headers',
  'chunked',
];
/** The most telling differences first: status, body, then headers. */
function rank(d: Difference): number {
  const i = RANKS.findIndex((r) => d.field.startsWith(r));
  return (d.step === 'db' ? 100 : Number(d.step) * 10) + (i === -1 ? RANKS.length : i);
}

/** `last:<dotted path>` for every leaf of the last answer's JSON body. */
function lastVars(exchanges: Exchange[]): Vars {
  const vars: Vars = {};
  const walk = (v: unknown, path: string) => {
    if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) walk(x, path ? `${path}.${k}` : k);
    } else if (path) vars[`last:${path}`] = String(v);
  };
  try {
    walk(JSON.parse(exchanges.at(-1)?.text ?? ''), '');
  } catch {
    // not JSON: no last:* values
  }
  return vars;
}

async function resetEmulator(base: string, seed: object | undefined): Promise<void> {
  const reset = await send(base, prepare({ method: 'POST', path: '/__emulator/reset', json: {} }));
  if (reset.status !== 200) throw new Error(`emulator reset: ${reset.status} ${reset.text}`);
  if (seed) {
    const seeded = await send(
      base,
      prepare({ method: 'POST', path: '/__emulator/seed', json: seed }),
    );
    if (seeded.status !== 200) throw new Error(`emulator seed: ${seeded.status} ${seeded.text}`);
  }
}

/** The account's records, for an emulator whose fixtures do not hold them. */
function seedFor(account: TargetAccount): object | undefined {
  if (account.fixtures) return undefined;
  const { user, project } = account;
  return {
    users: [{ ...user }],
    projects: [{ _id: project.id, name: 'conformance', jwtSecret: project.secret }],
  };
}

export async function runConformance(options: RunOptions): Promise<Report> {
  const account = options.account ?? FIXTURE_ACCOUNT;
  const divergences = await Divergences.load(options.divergencesFile ?? DEFAULT_DIVERGENCES_FILE);
  let cases = await loadCases(options.casesDir ?? DEFAULT_CASES_DIR);
  if (options.only?.length) {
    const only = options.only.map(glob);
    cases = cases.filter((c) => only.some((r) => r.test(c.id)));
  }
  await checkTarget(options.target, account);
  // The reference emulator answers under the target's base path too (the cloud's /v3, …).
  const prefix = basePath(options.target);
  const started = options.emulator
    ? undefined
    : await startFromConfig(
        resolveConfig(
          {
            db: null,
            logLevel: 'silent',
            fixtures: options.fixturesFile,
            ...(prefix !== '' &&
              !['/v2', '/v3'].includes(prefix) && { basePaths: ['', '/v2', '/v3', prefix] }),
          },
          {},
          'api',
        ),
      );
  // The control API (reset, seed, records) at the emulator's root; the corpus under the prefix.
  const emulatorRoot = `${options.emulator ?? started?.emulator.url ?? ''}`.replace(/\/+$/, '');
  const emulatorBase = emulatorRoot + prefix;
  // The password hashes are read from the store: no API answers them.
  const hashOf = started
    ? (id: string) => started.store.data.users.find((u) => u._id === id)?.password
    : undefined;
  const real: Side = { base: options.target };
  const emu: Side = { base: emulatorBase, db: emulatorDb(emulatorRoot, hashOf) };
  if (options.mongo) {
    if (!options.mongoDriver)
      throw new Error('--mongo needs the folder of a mongodb driver (mongoDriver)');
    real.db = await mongoDb(options.mongo, options.mongoDriver);
  }
  const fixtures = options.fixturesFile ?? DEFAULT_FIXTURES_FILE;
  const known = strings(JSON.parse(await readFile(fixtures, 'utf8')), strings(account, new Set()));
  const knownValues = new Masker(known);
  const runId = Date.now().toString(36);
  const results: CaseResult[] = [];
  try {
    for (const [n, c] of cases.entries()) {
      const result = await runCase(c, `cf${runId}n${n}`);
      results.push(result);
      options.onCase?.(result);
    }
  } finally {
    await real.db?.close();
    await started?.emulator.close();
  }
  const counts: Record<Outcome, number> = { same: 0, divergent: 0, different: 0, skipped: 0 };
  const skippedBecause: Record<string, number> = {};
  for (const r of results) {
    counts[r.outcome]++;
    if (r.skipped) skippedBecause[r.skipped] = (skippedBecause[r.skipped] ?? 0) + 1;
  }
  return {
    target: options.target,
    skippedBecause,
    emulator: emulatorBase,
    allowWrites: options.allowWrites === true,
    database: real.db !== undefined,
    cases: results,
    counts,
    ok: counts.different === 0,
  };

  async function runCase(c: Case, uniq: string): Promise<CaseResult> {
    try {
      return await runCaseOrThrow(c, uniq);
    } catch (error) {
      // A case that cannot go on (a step needs {{last:token}} and the answer has none).
      if (!(error instanceof PlaceholderError)) throw error;
      return {
        id: c.id,
        title: c.title,
        outcome: 'different',
        differences: [
          { step: 1, field: 'case', real: (error as Error).message, emulator: '(stopped)' },
        ],
        notes: [`the case could not run: ${(error as Error).message}`],
      };
    }
  }

  async function runCaseOrThrow(c: Case, uniq: string): Promise<CaseResult> {
    const base = { id: c.id, title: c.title, differences: [], notes: [] as string[] };
    if (c.writes && !options.allowWrites)
      return { ...base, outcome: 'skipped', skipped: SKIP_WRITES };
    if (c.fixtures && !account.fixtures)
      return { ...base, outcome: 'skipped', skipped: SKIP_FIXTURES };
    const vars: Vars = {
      uniq,
      'project.id': account.project.id,
      'project.secret': account.project.secret,
      'user.email': account.user.email,
      'user.password': account.user.password,
    };
    const now = Math.floor(Date.now() / 1000);
    const keys = {
      project: account.project.secret,
      global: account.globalSecret ?? 'nodeauthsecret',
    };
    for (const [name, spec] of Object.entries(c.tokens ?? {})) {
      vars[`token.${name}`] = signToken(expand(spec, vars), keys, now);
    }
    await resetEmulator(emulatorRoot, seedFor(account));
    const realX = await runSteps(real, c, vars);
    const emuX = await runSteps(emu, c, vars);
    // One Masker per side: generated ids are numbered within the case, on each side alike.
    const realMask = knownValues.fresh();
    const emuMask = knownValues.fresh();
    const differences: Difference[] = [];
    realX.forEach((x, i) => {
      const e = emuX[i] as Exchange;
      for (const d of compareAnswers(normalize(x, realMask), normalize(e, emuMask)))
        differences.push({ step: i + 1, ...d });
    });
    for (const check of c.db ?? []) {
      if (!real.db || !emu.db) {
        base.notes.push(`${check.collection} not compared (no --mongo)`);
        continue;
      }
      const find = async (db: DbReader, x: Exchange[]) => {
        try {
          return await db.find(expand(check, { ...vars, ...lastVars(x) }));
        } catch (error) {
          return `(${(error as Error).message})`;
        }
      };
      const [a, b] = await Promise.all([find(real.db, realX), find(emu.db, emuX)]);
      for (const d of diff(realMask.value(a), emuMask.value(b), check.collection))
        differences.push({ step: 'db', ...d });
    }
    explainAll(divergences, c.id, differences, realX);
    differences.sort((a, b) => rank(a) - rank(b));
    const outcome: Outcome =
      differences.length === 0
        ? 'same'
        : differences.every((d) => d.divergence)
          ? 'divergent'
          : 'different';
    return {
      ...base,
      outcome,
      differences,
      exchanges: outcome === 'same' ? undefined : { real: realX, emulator: emuX },
    };
  }
}

/**
 * The differences of two normalised answers. The body is compared field by field (key order
 * included) and, when that finds nothing, as masked bytes (`body (bytes)`): spacing, escapes
 * and number forms.
 */
export function compareAnswers(real: Normalized, emulator: Normalized): Omit<Difference, 'step'>[] {
  const { bytes: realBytes, ...a } = real;
  const { bytes: emuBytes, ...b } = emulator;
  const out = diff(a, b, '', { keyOrder: (path) => path === 'body' || path.startsWith('body.') });
  if (realBytes !== emuBytes && !out.some((d) => d.field.startsWith('body'))) {
    out.push({
      field: 'body (bytes)',
      real: realBytes ?? ABSENT,
      emulator: emuBytes ?? ABSENT,
    });
  }
  return out;
}

/** Headers that follow from the body's bytes: explained where the body's difference is. */
const FOLLOW_BODY = ['headers.content-length', 'headers.etag'];

/** Sets each difference's divergence; a length or ETag difference follows its step's body. */
export function explainAll(
  divergences: Divergences,
  caseId: string,
  differences: Difference[],
  realX: readonly Exchange[] = [],
): void {
  for (const d of differences) {
    const realError = typeof d.step === 'number' ? realX[d.step - 1]?.error : undefined;
    d.divergence = divergences.explain(caseId, d, realError);
  }
  for (const d of differences) {
    if (d.divergence || !FOLLOW_BODY.includes(d.field)) continue;
    const body = differences.filter((x) => x.step === d.step && x.field.startsWith('body'));
    if (body.length > 0 && body.every((x) => x.divergence)) d.divergence = body[0]?.divergence;
  }
}
