import bcrypt from 'bcryptjs';

/**
 * bcrypt as the real server uses it (bcrypt-nodejs, `$2a$`). Hashes made elsewhere with
 * `$2a$`/`$2b$` and any cost verify here.
 */
export function hashPassword(password: string, cost: number): Promise<string> {
  return bcrypt.hash(password, cost);
}

/** A failed comparison, a malformed hash and a non-string password all answer false ("Wrong password."). */
export async function verifyPassword(password: unknown, hash: string): Promise<boolean> {
  if (typeof password !== 'string') return false;
  try {
    return await bcrypt.compare(password, hash);
  } catch {
    return false;
  }
}
