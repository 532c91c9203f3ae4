import { hash as digest } from 'node:crypto';
import bcrypt from 'bcryptjs';

/**
 * bcrypt as the real server uses it (bcrypt-nodejs, `$2a$`). Hashes made elsewhere with
 * `$2a$`/`$2b$` and any cost verify here.
 */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

/**
 * Results of bcrypt comparisons, keyed by a SHA-256 of (hash, password): a cost-10 fixture hash
 * takes ~80 ms to compare in JavaScript, and tests sign the same users in again and again. The
 * cache lives in memory only, is bounded, and is keyed by the stored hash, so a changed password
 * (a new hash) is never served a stale answer.
 */
const COMPARISONS_KEPT = 10_000;
/** Settled and in-flight comparisons: concurrent first sign-ins of one user share one bcrypt run. */
const comparisons = new Map<string, Promise<boolean>>();

function comparisonKey(password: string, hash: string): string {
  // One-shot hashing (Node ≥ 20.12): a third of the cost of a Hash object and three updates.
  return digest('sha256', `${hash}\0${password}`, 'base64');
}

/** A failed comparison, a malformed hash and a non-string password all answer false ("Wrong password."). */
export function verifyPassword(password: unknown, hash: string): Promise<boolean> {
  if (typeof password !== 'string') return Promise.resolve(false);
  const key = comparisonKey(password, hash);
  let comparison = comparisons.get(key);
  if (!comparison) {
    comparison = bcrypt.compare(password, hash).catch(() => false);
    if (comparisons.size >= COMPARISONS_KEPT) {
      comparisons.delete(comparisons.keys().next().value as string);
    }
    comparisons.set(key, comparison);
  }
  return comparison;
}
