import { randomBytes, randomUUID } from 'node:crypto';

const PROCESS_UNIQUE = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/** A MongoDB ObjectId: 4-byte seconds timestamp, 5 bytes unique to this process, 3-byte counter. */
export function objectId(now: Date): string {
  counter = (counter + 1) % 0xffffff;
  return objectIdOf(now, PROCESS_UNIQUE, counter);
}

/** The ObjectId of a time, a process part (10 hex digits) and a counter. */
function objectIdOf(now: Date, unique: string, count: number): string {
  const seconds = Math.floor(now.getTime() / 1000) >>> 0;
  return seconds.toString(16).padStart(8, '0') + unique + count.toString(16).padStart(6, '0');
}

/** How one emulator makes its ids: random by default, reproducible with a seed (--seed). */
export interface Ids {
  objectId(now: Date): string;
  uuid(): string;
  /** A number in [0, 1), for faults armed with a probability. */
  random(): number;
  /**
   * A code of uniqid()'s form, as the real server's verification codes and password reset
   * keys: the process id, then the time in milliseconds (one more than the last when the clock
   * has not moved on), both in base 36.
   */
  uniqid(now: Date): string;
}

/** uniqid() for one process part: its times strictly increase, as uniqid's own. */
function uniqids(processPart: string): (now: Date) => string {
  let last = 0;
  return (now) => {
    last = Math.max(now.getTime(), last + 1);
    return processPart + last.toString(36);
  };
}

/** mulberry32: a small, fast 32-bit generator; enough for reproducible test ids. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let x = Math.imul(state ^ (state >>> 15), 1 | state);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (x ^ (x >>> 14)) >>> 0;
  };
}

/**
 * Random ids (ObjectIds as objectId() makes them, v4 uuids), or, with a seed, the same ids in
 * the same order on every run: a test run then gives byte-identical answers.
 */
export function createIds(seed?: number): Ids {
  if (seed === undefined) {
    return {
      objectId,
      uuid: randomUUID,
      random: Math.random,
      uniqid: uniqids(process.pid.toString(36)),
    };
  }
  const next = mulberry32(seed);
  const bytes = (n: number) => Buffer.from(Array.from({ length: n }, () => next() & 0xff));
  const unique = bytes(5).toString('hex');
  let count = next() & 0xffffff;
  // A process id of the usual range, the same on every run with this seed.
  const uniqid = uniqids((1000 + (seed % 30000)).toString(36));
  return {
    uniqid,
    objectId(now) {
      count = (count + 1) % 0xffffff;
      return objectIdOf(now, unique, count);
    },
    random: () => next() / 2 ** 32,
    uuid() {
      const b = bytes(16);
      b[6] = ((b[6] as number) & 0x0f) | 0x40;
      b[8] = ((b[8] as number) & 0x3f) | 0x80;
      const h = b.toString('hex');
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
    },
  };
}

/** 24 hexadecimal characters: the ids the emulator looks projects up by. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value);
}

/**
 * What mongoose 5 makes of a value saved into (or looked up by) an ObjectId path, as 24
 * lower-case hex digits; undefined when the cast fails (the save or the lookup fails). Mongoose
 * casts the text of the value's truthy `_id`, or else of the value itself (an array's is its
 * elements joined by commas, a number's its digits), and bson takes 24 hex digits, or any 12
 * characters as their 12 bytes: `123456789012`, `["abcde", "fghijk"]` and `{"_id": "65f0…"}`
 * are ObjectIds too.
 */
export function castObjectId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const id = (value as { _id?: unknown })._id;
  let text: string;
  try {
    text = String(id ? id : value);
  } catch {
    return undefined; // an object whose toString is not a function: mongoose's cast fails too
  }
  if (text.length === 12) return Buffer.from(text, 'latin1').toString('hex');
  return isObjectId(text) ? text.toLowerCase() : undefined;
}

/**
 * The ids a lookup by an ObjectId matches (`findById(value)`, `findOne({ _id: value })`):
 * mongoose reads an array there as `$in` of its elements, each cast as above, so `[]` matches
 * nothing, `[a, b]` either, and `["abcde", "fghijk"]` fails; any other value is its one cast.
 * Undefined when a cast fails (the lookup fails).
 */
export function castObjectIdsInQuery(value: unknown): string[] | undefined {
  const values = Array.isArray(value) ? value : [value];
  const ids = values.map(castObjectId);
  return ids.every((id) => id !== undefined) ? (ids as string[]) : undefined;
}

export const uuid = randomUUID;
