/**
 * Opening a store: lowdb over the store file (or in memory), the file's records checked (their
 * shape, the caller's check, no repeated _id or e-mail) before anything is written.
 */
import { Low, Memory } from 'lowdb';
import { StoreFile } from './file.js';
import { COLLECTIONS, type Data } from './records.js';

export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export interface StoreOptions {
  /** The JSON file, or null for memory. */
  file: string | null;
  /** The state a new store starts from, and what reset() restores. */
  seed: Data;
  /** Checks a file that already exists; returns the problem, or undefined when it is valid. */
  check?: (data: unknown) => string | undefined;
  /**
   * Verification codes kept; past it the oldest go first (--max-verify-codes;
   * DEFAULT_MAX_VERIFY_CODES when not given).
   */
  maxVerifyCodes?: number;
}

/** Checks that what was read is a store: an object with the three collections as arrays. */
function checkShape(value: unknown, file: string): Data {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StoreError(`${file} is not a tiledesk-auth-emulator store: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const name of COLLECTIONS) {
    if (!Array.isArray(record[name])) {
      throw new StoreError(
        `${file} is not a tiledesk-auth-emulator store: "${name}" is not an array`,
      );
    }
  }
  return record as unknown as Data;
}

/** Names the first record whose `_id` (or user e-mail) another record of its collection has. */
function findDuplicate(data: Data): string | undefined {
  for (const name of COLLECTIONS) {
    const seen = new Set<string>();
    const emails = new Set<string>();
    for (const [index, record] of (data[name] as { _id: string; email?: string }[]).entries()) {
      if (seen.has(record._id)) return `${name}[${index}] repeats _id ${record._id}`;
      seen.add(record._id);
      if (name !== 'users' || record.email === undefined) continue;
      if (emails.has(record.email)) return `${name}[${index}] repeats email ${record.email}`;
      emails.add(record.email);
    }
  }
  return undefined;
}

export async function openDb(options: StoreOptions): Promise<Low<Data>> {
  if (options.file === null) {
    return new Low<Data>(new Memory<Data>(), structuredClone(options.seed));
  }
  const file = await StoreFile.at(options.file, options.seed);
  try {
    return await openFile(file, options.file, options);
  } catch (error) {
    await file.close();
    throw error;
  }
}

async function openFile(file: StoreFile, name: string, options: StoreOptions) {
  const db = new Low<Data>(file, structuredClone(options.seed));
  const refuse = (problem: string, cause?: unknown) =>
    new StoreError(
      `${problem}. The file was left untouched; fix it, move it away or point --db at another file.`,
      { cause },
    );
  let existing: Data | null;
  try {
    existing = await file.read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse(`cannot read the store file ${name}: ${reason}`, error);
  }
  // A full disk at start says which file it could not write.
  const write = () =>
    db.write().catch((error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StoreError(`cannot write the store file ${name}: ${reason}`, { cause: error });
    });
  if (existing === null) {
    await write();
    return db;
  }
  db.data = checkShape(existing, name);
  const problem = options.check?.(db.data) ?? findDuplicate(db.data);
  if (problem) throw refuse(`the store file ${name} is invalid: ${problem}`);
  // Fold the changes of the last run into a fresh snapshot; this also drops a torn last line,
  // which later appends would otherwise turn into a corrupt line in the middle of the log.
  if (file.logHadContent) await write();
  return db;
}
