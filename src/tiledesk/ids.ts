import { randomBytes, randomUUID } from 'node:crypto';

const PROCESS_UNIQUE = randomBytes(5).toString('hex');
let counter = randomBytes(3).readUIntBE(0, 3);

/** A MongoDB ObjectId: 4-byte seconds timestamp, 5 bytes unique to this process, 3-byte counter. */
export function objectId(now: Date): string {
  counter = (counter + 1) % 0xffffff;
  const seconds = Math.floor(now.getTime() / 1000) >>> 0;
  return (
    seconds.toString(16).padStart(8, '0') + PROCESS_UNIQUE + counter.toString(16).padStart(6, '0')
  );
}

/** 24 hexadecimal characters: the ids the emulator looks projects up by. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value);
}

/**
 * What mongoose makes of a value saved into an ObjectId path, as 24 lower-case hex digits:
 * 24 hex digits, or any 12-character string (its 12 bytes, as bson reads it), also inside a
 * one-element array; undefined when the cast fails (the save fails).
 */
export function castObjectId(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length === 1 ? castObjectId(value[0]) : undefined;
  if (isObjectId(value)) return value.toLowerCase();
  if (typeof value === 'string' && value.length === 12) {
    return Buffer.from(value, 'latin1').toString('hex');
  }
  return undefined;
}

export const uuid = randomUUID;
