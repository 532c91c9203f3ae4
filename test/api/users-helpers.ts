import { createSigner } from 'fast-jwt';

/** A compact HS256 JWT with `iat` now, for the tests of routes behind a token. */
export function sign(claims: Record<string, unknown>, key: string): string {
  return createSigner({ key, algorithm: 'HS256' })(claims);
}
