/** Reads a fixtures file: the state a new store is seeded with and reset() returns to. */
import { readFile } from 'node:fs/promises';
import { COLLECTIONS, type Data } from './records.js';

export class FixturesError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'FixturesError';
  }
}

export async function loadFixtures(file: string): Promise<Data> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FixturesError(`cannot read the fixtures file ${file}: ${reason}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new FixturesError(`the fixtures file ${file} must hold a JSON object`);
  }
  const record = value as Record<string, unknown>;
  const data: Record<string, unknown[]> = {};
  for (const name of COLLECTIONS) {
    const collection = record[name] ?? [];
    if (!Array.isArray(collection)) {
      throw new FixturesError(`the fixtures file ${file}: "${name}" must be an array`);
    }
    data[name] = collection;
  }
  return data as unknown as Data;
}
