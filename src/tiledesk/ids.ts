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

/** What `mongoose.Types.ObjectId` accepts as an id: 24 hexadecimal characters. */
export function isObjectId(value: unknown): value is string {
  return typeof value === 'string' && /^[0-9a-fA-F]{24}$/.test(value);
}

export const uuid = randomUUID;
