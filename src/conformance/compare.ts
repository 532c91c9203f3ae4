/**
 * A field-by-field difference of two normalised answers, and the deliberate divergences
 * (conformance/divergences.json) that explain some of them.
 */
import { readFile } from 'node:fs/promises';

export const ABSENT = '(absent)';

export interface Difference {
  /** 1-based step of a sequence, `db` for a database check, `mail` for the e-mails sent. */
  step: number | 'db' | 'mail';
  /** e.g. `status`, `headers.content-type`, `body.user.password`, `project_users[0].roleType`. */
  field: string;
  real: unknown;
  emulator: unknown;
  /** The id of the divergence that explains it, if any. */
  divergence?: string;
}

export interface Divergence {
  id: string;
  reason: string;
  /** Globs (`*` = any run of characters) on the case id: the cases it applies to (required). */
  cases: string[];
  /** Globs on the field path; default every field. */
  fields?: string[];
  /** Regular expressions on JSON.stringify of each side's value (`"(absent)"` when absent). */
  real?: string;
  emulator?: string;
  /** Regular expression on the real server's network error at that step (e.g. `^timeout$`: it never answered). */
  realError?: string;
  /**
   * Why no case of the corpus can show it (the rig cannot reach that state, or the two answers
   * agree and only the stored data differs): the entry documents the divergence, and the
   * conformance tier does not require it to explain a difference.
   */
  noCase?: string;
}

export interface DiffOptions {
  /** Whether the order of the keys both objects at `path` have is compared (JSON bodies: yes). */
  keyOrder?: (path: string) => boolean;
}

/** `body.user` → `body.user (key order)`: the field a key-order difference is reported on. */
export const KEY_ORDER = ' (key order)';

/**
 * Every leaf where the two values differ (`(absent)` for a missing one) and, where asked, every
 * object whose shared keys come in another order (`<path> (key order)`, the keys comma-joined).
 */
export function diff(
  real: unknown,
  emulator: unknown,
  path = '',
  options: DiffOptions = {},
): Omit<Difference, 'step'>[] {
  if (Object.is(real, emulator)) return [];
  const bothObjects =
    real !== null &&
    emulator !== null &&
    typeof real === 'object' &&
    typeof emulator === 'object' &&
    Array.isArray(real) === Array.isArray(emulator);
  if (!bothObjects) {
    return [
      {
        field: path || '(root)',
        real: real ?? nullOr(real),
        emulator: emulator ?? nullOr(emulator),
      },
    ];
  }
  const out: Omit<Difference, 'step'>[] = [];
  if (Array.isArray(real) && Array.isArray(emulator)) {
    for (let i = 0; i < Math.max(real.length, emulator.length); i++) {
      out.push(
        ...diff(
          i < real.length ? real[i] : ABSENT,
          i < emulator.length ? emulator[i] : ABSENT,
          `${path}[${i}]`,
          options,
        ),
      );
    }
    return out;
  }
  const a = real as Record<string, unknown>;
  const b = emulator as Record<string, unknown>;
  if (options.keyOrder?.(path)) {
    const shared = (x: object, y: object) => Object.keys(x).filter((k) => Object.hasOwn(y, k));
    const orderA = shared(a, b).join(',');
    const orderB = shared(b, a).join(',');
    if (orderA !== orderB)
      out.push({ field: `${path || '(root)'}${KEY_ORDER}`, real: orderA, emulator: orderB });
  }
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const field = path ? `${path}.${key}` : key;
    out.push(
      ...diff(
        key in a && a[key] !== undefined ? a[key] : ABSENT,
        key in b && b[key] !== undefined ? b[key] : ABSENT,
        field,
        options,
      ),
    );
  }
  return out;
}

function nullOr(v: unknown): unknown {
  return v === null ? null : ABSENT;
}

export function glob(pattern: string): RegExp {
  const escaped = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${escaped}$`);
}

export class Divergences {
  readonly list: Divergence[];
  readonly #compiled: {
    d: Divergence;
    cases: RegExp[];
    fields: RegExp[];
    real?: RegExp;
    emulator?: RegExp;
    realError?: RegExp;
  }[];
  constructor(list: Divergence[]) {
    this.list = list;
    for (const d of list) {
      if (!Array.isArray(d.cases) || d.cases.length === 0)
        throw new Error(`divergence ${d.id}: "cases" must list the cases it applies to`);
    }
    this.#compiled = list.map((d) => ({
      d,
      cases: d.cases.map(glob),
      fields: (d.fields ?? ['*']).map(glob),
      real: d.real === undefined ? undefined : new RegExp(d.real),
      realError: d.realError === undefined ? undefined : new RegExp(d.realError),
      emulator: d.emulator === undefined ? undefined : new RegExp(d.emulator),
    }));
  }

  static async load(file: string): Promise<Divergences> {
    const data = JSON.parse(await readFile(file, 'utf8')) as { divergences: Divergence[] };
    return new Divergences(data.divergences);
  }

  /** The id of the first divergence that explains this difference, if any. */
  explain(caseId: string, d: Difference, realError = ''): string | undefined {
    const show = (v: unknown) => JSON.stringify(v) ?? '';
    for (const c of this.#compiled) {
      if (!c.cases.some((r) => r.test(caseId))) continue;
      if (!c.fields.some((r) => r.test(d.field))) continue;
      if (c.real && !c.real.test(show(d.real))) continue;
      if (c.emulator && !c.emulator.test(show(d.emulator))) continue;
      if (c.realError && !c.realError.test(realError)) continue;
      return c.d.id;
    }
    return undefined;
  }
}
