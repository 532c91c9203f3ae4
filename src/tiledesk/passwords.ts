import { hash as digest } from 'node:crypto';
import { hash, verify } from '@node-rs/bcrypt';

/**
 * bcrypt as the real server stores it: bcrypt-nodejs writes `$2a$` and refuses `$2b$`, so new
 * hashes carry `$2a$` (for passwords of up to 72 bytes, all bcrypt hashes, the two versions
 * compute the same). Hashing and comparing run natively on libuv's thread pool (@node-rs/bcrypt),
 * not on the event loop. Hashes made elsewhere with `$2a$`/`$2b$`/`$2y$` and any cost verify here.
 */
export async function hashPassword(password: string, cost: number): Promise<string> {
  return (await hash(password, cost)).replace(/^\$2b\$/, '$2a$');
}

/**
 * Results of bcrypt comparisons, keyed by a SHA-256 of (hash, password): a cost-10 fixture hash
 * takes tens of milliseconds to compare, and tests sign the same users in again and again. The
 * cache lives in memory only, is bounded, and is keyed by the stored hash, so a changed password
 * (a new hash) is never served a stale answer, and an answer for an unchanged hash stays true
 * across a reset.
 */
export const COMPARISONS_KEPT = 10_000;
/** Settled and in-flight comparisons: concurrent first sign-ins of one user share one bcrypt run. */
const comparisons = new Map<string, Promise<boolean>>();

/** How many comparisons the cache holds now (at most COMPARISONS_KEPT): what tests see of it. */
export function cachedComparisons(): number {
  return comparisons.size;
}

/**
 * A failed comparison, a malformed hash and a non-string password all answer false ("Wrong
 * password."). A comparison already made or under way is answered by the same promise.
 */
export function verifyPassword(password: unknown, stored: string): Promise<boolean> {
  if (typeof password !== 'string') return Promise.resolve(false);
  const key = digest('sha256', `${stored}\0${password}`, 'base64');
  let comparison = comparisons.get(key);
  if (!comparison) {
    comparison = verify(password, stored).catch(() => false);
    if (comparisons.size >= COMPARISONS_KEPT) {
      comparisons.delete(comparisons.keys().next().value as string);
    }
    comparisons.set(key, comparison);
  }
  return comparison;
}
