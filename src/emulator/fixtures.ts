/**
 * Fixtures: the state a new store is seeded with and reset() returns to. A fixtures file has the
 * form POST /__emulator/seed takes (spec/control.yaml's `FixturesFile`, fixtures/schema.json):
 * an e-mail and a password make a user, plain-text passwords are hashed at load, the rest gets
 * the real server's defaults. A file of the user's is checked first, every error reported at
 * once, naming the record and the field. The store file is checked against `Fixtures`, the
 * records as stored (dataCheck()).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { Config } from '../config.js';
import type { components } from '../control-types.js';
import type { Spec } from '../openapi.js';
import type { Data } from '../store/records.js';
import type { Ids } from '../tiledesk/ids.js';
import { namedSchema, validatorCompiler } from '../validation.js';
import { describeError } from './control-errors.js';
import { projectUserProblems, recordsFromSeed } from './seed.js';

type SeedRequest = components['schemas']['SeedRequest'];

export class FixturesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FixturesError';
  }
}

/** Returns what is wrong with data of the store's shape, or undefined when it is valid. */
export type DataCheck = (data: unknown) => string | undefined;

function recordName(data: unknown, error: ErrorObject): string {
  const [, collection, index] = error.instancePath.split('/');
  if (collection === undefined) return 'the file';
  if (index === undefined) return collection;
  const record = (data as Record<string, Record<string, unknown>[]>)[collection]?.[Number(index)];
  const label = record?.email ?? record?._id;
  return `${collection}[${index}]${typeof label === 'string' ? ` (${label})` : ''}`;
}

/** The `Fixtures` schema of the control spec as a check with precise messages, compiled on first use. */
export function dataCheck(controlSpec: Spec): DataCheck {
  const schema = controlSpec.document.components?.schemas?.Fixtures;
  if (!schema) throw new Error(`${controlSpec.file} has no Fixtures schema`);
  let validate: ValidateFunction | undefined;
  return (data) => {
    validate ??= validatorCompiler(controlSpec)(namedSchema('Fixtures', schema));
    if (validate(data)) return undefined;
    const error = (validate.errors ?? [])[0] as ErrorObject;
    return `${recordName(data, error)}: ${describeError(error)}`;
  };
}

export interface Fixtures {
  file: string;
  data: Data;
  sha256: string;
}

/** Every problem of a fixtures file, one line each; an empty list when it is valid. */
export type FixturesCheck = (value: unknown) => string[];

/** The `FixturesFile` schema of the control spec as a check that reports every error. */
export function fixturesCheck(controlSpec: Spec): FixturesCheck {
  const schema = controlSpec.document.components?.schemas?.FixturesFile;
  if (!schema) throw new Error(`${controlSpec.file} has no FixturesFile schema`);
  let validate: ValidateFunction | undefined;
  return (value) => {
    validate ??= validatorCompiler(controlSpec)(namedSchema('FixturesFile', schema));
    const problems = validate(value)
      ? []
      : (validate.errors ?? []).map((error) => describeError(error));
    const records = (value as { project_users?: unknown } | null)?.project_users;
    if (Array.isArray(records) && records.every((pu) => typeof pu === 'object' && pu !== null)) {
      problems.push(...projectUserProblems(value as SeedRequest));
    }
    return [...new Set(problems)];
  };
}

export interface LoadOptions {
  /** Validates the file (omitted for the bundled file, which the tests check). */
  check?: FixturesCheck;
  /** The bcrypt cost for plain-text passwords, and the clock for missing dates. */
  config: Pick<Config, 'bcryptCost' | 'now'> & { ids?: Ids };
}

/** Reads a fixtures file and makes its records. */
export async function loadFixtures(file: string, options: LoadOptions): Promise<Fixtures> {
  let text: string;
  let value: unknown;
  try {
    text = await readFile(file, 'utf8');
    value = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FixturesError(`cannot read the fixtures file ${file}: ${reason}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FixturesError(`invalid fixtures file ${file}: it must hold a JSON object`);
  }
  const problems = options.check?.(value) ?? [];
  if (problems.length > 0) {
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
    throw new FixturesError(
      `invalid fixtures file ${file} (${count}):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
  }
  const data = await recordsFromSeed(value as SeedRequest, options.config);
  const hash = createHash('sha256').update(text).digest('hex');
  return { file, data, sha256: hash };
}
