/**
 * The conformance corpus: the case format (documented in conformance/README.md), loading it from
 * conformance/cases/*.json and expanding the `{{...}}` placeholders of a case.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEFAULT_CASES_DIR = fileURLToPath(
  new URL('../../conformance/cases/', import.meta.url),
);
export const DEFAULT_DIVERGENCES_FILE = fileURLToPath(
  new URL('../../conformance/divergences.json', import.meta.url),
);

/** A JWT the runner signs before the case runs; the same token goes to both servers. */
export interface TokenSpec {
  /** project: the project's jwtSecret; global: GLOBAL_SECRET; wrong: another HMAC secret;
   *  rsa: a fresh RSA key (RS256); rsa-public-as-hmac: HS256 keyed with that RSA public key (alg confusion);
   *  none: `alg: none`, no signature. */
  key: 'project' | 'global' | 'wrong' | 'rsa' | 'rsa-public-as-hmac' | 'none';
  /** HS256 (default), HS384, HS512 or RS256. */
  alg?: string;
  claims: Record<string, unknown>;
  /** Seconds from now for `exp` (negative: already expired). */
  expiresIn?: number;
  /** Seconds from now for `nbf`. */
  notBefore?: number;
  /** Leave `iat` out (it is set to now otherwise, unless the claims give one). */
  noIat?: boolean;
  /** Extra header fields. */
  header?: Record<string, unknown>;
  /** Spoil a valid token: flip the signature's last bytes, or re-encode the payload. */
  tamper?: 'signature' | 'payload';
}

export interface Step {
  method?: string;
  /**
   * The raw request target, sent as it is (so `//` and case survive); an absolute-form target
   * (`http://host/auth/signin`) gets the target's base path after its authority.
   */
  path: string;
  /** Request headers; an array sends the header once per value (duplicates). */
  headers?: Record<string, string | string[]>;
  /** Serialised with JSON.stringify; `Content-Type: application/json` unless headers set one. */
  json?: unknown;
  /** URL-encoded (a string is sent as it is); `application/x-www-form-urlencoded` unless headers set one. */
  form?: Record<string, string> | string;
  /** Sent as it is, with no Content-Type unless headers set one. */
  text?: string;
  /** Send the body with `Transfer-Encoding: chunked` instead of a Content-Length. */
  chunked?: boolean;
  /** The body's bytes in this encoding (`utf-8` default, `utf-16le`, `utf-16be`, `latin1`). */
  charset?: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
  /** Put a byte order mark (in `charset`) before the body. */
  bom?: boolean;
  /** Compress the body (`gzip`, `deflate`, `br`); adds that `Content-Encoding` unless headers set one. */
  compress?: 'gzip' | 'deflate' | 'br';
}

export interface DbCheck {
  collection: 'users' | 'project_users';
  /** Field equality; placeholders expanded, and `{{last:user._id}}` is read from each server's own last answer. */
  where: Record<string, string>;
}

export interface Case extends Partial<Step> {
  id: string;
  title?: string;
  /** Creates users or project_users on the target: run only with --allow-writes. */
  writes?: boolean;
  /** Needs the target seeded with fixtures/seed.json (the admin, the suspended user, the disabled project_user). */
  fixtures?: boolean;
  tokens?: Record<string, TokenSpec>;
  /** A sequence; without it the case is the single request given by its own Step fields. */
  steps?: Step[];
  /** Database records compared after the last step (needs --mongo on the target side). */
  db?: DbCheck[];
  /** Per-request timeout (default 20 s); a server that never answers is reported as `timeout`. */
  timeoutMs?: number;
}

export interface CaseFile {
  $comment?: string;
  cases: Case[];
}

export async function loadCases(dir: string = DEFAULT_CASES_DIR): Promise<Case[]> {
  const names = (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  const all: Case[] = [];
  const seen = new Set<string>();
  for (const name of names) {
    const file = JSON.parse(await readFile(join(dir, name), 'utf8')) as CaseFile;
    for (const c of file.cases) {
      if (seen.has(c.id)) throw new Error(`${name}: duplicate case id ${c.id}`);
      if (!c.steps && !c.path) throw new Error(`${name}: case ${c.id} has neither path nor steps`);
      seen.add(c.id);
      all.push(c);
    }
  }
  return all;
}

export function stepsOf(c: Case): Step[] {
  if (c.steps) return c.steps;
  const { method, path = '/', headers, json, form, text, chunked, charset, bom, compress } = c;
  return [{ method, path, headers, json, form, text, chunked, charset, bom, compress }];
}

/** Values the placeholders stand for: `{{project.id}}`, `{{uniq}}`, `{{token.NAME}}`, … */
export type Vars = Record<string, string>;

const GENERATORS: Record<string, (arg: string) => string> = {
  // {{repeat:a:600000}}: a long string
  repeat: (arg) => {
    const i = arg.lastIndexOf(':');
    return arg.slice(0, i).repeat(Number(arg.slice(i + 1)));
  },
  // {{fields:1001}}: an urlencoded body of n distinct fields
  fields: (arg) => Array.from({ length: Number(arg) }, (_, i) => `f${i}=${i}`).join('&'),
};

/** A `{{…}}` with no value, e.g. `{{last:token}}` after an answer without a token. */
export class PlaceholderError extends Error {
  constructor(placeholder: string) {
    super(`unknown placeholder ${placeholder}`);
    this.name = 'PlaceholderError';
  }
}

export function expandString(s: string, vars: Vars): string {
  return s.replace(/\{\{([^}]+)\}\}/g, (whole, name: string) => {
    const colon = name.indexOf(':');
    if (colon > 0) {
      const gen = GENERATORS[name.slice(0, colon)];
      if (gen) return gen(name.slice(colon + 1));
    }
    const value = vars[name];
    if (value === undefined) throw new PlaceholderError(whole);
    return value;
  });
}

/** Expands placeholders in every string (and object key) of a JSON value. */
export function expand<T>(value: T, vars: Vars): T {
  if (typeof value === 'string') return expandString(value, vars) as T;
  if (Array.isArray(value)) return value.map((v) => expand(v, vars)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [expandString(k, vars), expand(v, vars)]),
    ) as T;
  }
  return value;
}
