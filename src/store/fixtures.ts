/**
 * Fixtures: the state a new store is seeded with and reset() returns to. Checked against
 * spec/control.yaml's `Fixtures` schema, with errors that name the file, the record and the field.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { describeError } from '../emulator/control-errors.js';
import type { Spec } from '../openapi.js';
import { createAjv } from '../tiledesk/validation.js';
import { COLLECTIONS, type Data } from './records.js';

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
  if (collection === undefined || index === undefined) return 'the file';
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
    validate ??= createAjv().compile(schema);
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

/** Reads the fixtures; `check` validates them (omitted for the bundled file, which the tests check). */
export async function loadFixtures(file: string, check?: DataCheck): Promise<Fixtures> {
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
  const record = value as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const name of COLLECTIONS) data[name] = record[name] ?? [];
  const hash = createHash('sha256').update(text).digest('hex');
  const problem = check?.(data);
  if (problem) throw new FixturesError(`invalid fixtures file ${file}: ${problem}`);
  for (const name of COLLECTIONS) {
    if (!Array.isArray(data[name]))
      throw new FixturesError(`invalid fixtures file ${file}: "${name}" must be an array`);
  }
  return { file, data: data as unknown as Data, sha256: hash };
}
