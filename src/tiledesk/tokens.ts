/**
 * Tiledesk JWTs as the real server issues them (its routes/auth.js): `"JWT " + jwt`, claims in
 * the order jsonwebtoken writes them — the user fields, then `iat`, `aud`, `iss`, `sub`, `jti` —
 * and no `exp`. Signing goes through @fastify/jwt; verifying uses one fast-jwt verifier per key.
 */
import type { JWT } from '@fastify/jwt';
import { createVerifier, TokenError } from 'fast-jwt';
import type { Config } from '../config.js';
import { serverError } from '../errors.js';

export const TILEDESK_AUDIENCE = 'https://tiledesk.com';
export const TILEDESK_ISSUER = 'https://tiledesk.com';

export type Subject = 'user' | 'guest';
export type Claims = Record<string, unknown>;

const INVALID_TYPE = TokenError.codes.invalidClaimType;

export interface Tokens {
  /** Signs `payload` as a server-issued token: the compact JWT, without the `JWT ` scheme. */
  sign(payload: Claims, subject: Subject): string;
  /** `JWT ` + sign(): what signin and signinAnonymously return. */
  issue(payload: Claims, subject: Subject): string;
  /** Verifies with the global verifying key (signature, `exp`, `nbf`); throws when invalid. */
  verifyGlobal(token: string): Claims;
  /**
   * Verifies the signature and `exp`/`nbf` with `key`, nothing else (no `aud`, `iss` or
   * algorithm option, as passport-jwt is configured): the algorithms allowed follow the key,
   * HS* for a secret and RS/PS/ES for a PEM public key. Throws fast-jwt's TokenError.
   * (fast-jwt directly: @fastify/jwt builds a new verifier for every call with options.)
   */
  verifyWithKey(token: string, key: string): unknown;
  /** Decodes without verifying, as `jsonwebtoken.decode`: the payload, or null. */
  decode(token: string): unknown;
}

/**
 * `exp` and `nbf` as jsonwebtoken checks them for passport-jwt (whole seconds: expired from the
 * second of `exp` on), against the emulator's clock, which a test may have set.
 */
function checkTimes(claims: Claims, now: Date): void {
  const seconds = Math.floor(now.getTime() / 1000);
  const { exp, nbf } = claims;
  if (nbf !== undefined) {
    if (typeof nbf !== 'number') throw new TokenError(INVALID_TYPE, 'invalid nbf value');
    if (nbf > seconds)
      throw new TokenError(TokenError.codes.inactive, `jwt not active: nbf is ${nbf}`);
  }
  if (exp !== undefined) {
    if (typeof exp !== 'number') throw new TokenError(INVALID_TYPE, 'invalid exp value');
    if (seconds >= exp) throw new TokenError(TokenError.codes.expired, `jwt expired at ${exp}`);
  }
}

export function createTokens(jwt: JWT, config: Config): Tokens {
  // One verifier per key (project secrets, the global key): building one costs more than verifying.
  // Times are checked by checkTimes(), so a verifier does not depend on the clock.
  const verifiers = new Map<string, (token: string) => unknown>();
  const sign = (payload: Claims, subject: Subject): string => {
    try {
      return jwt.sign({
        ...payload,
        iat: Math.floor(config.now().getTime() / 1000),
        aud: TILEDESK_AUDIENCE,
        iss: TILEDESK_ISSUER,
        sub: subject,
        jti: config.ids.uuid(),
      });
    } catch (error) {
      // A value nested thousands deep (a guest's attributes): JSON.stringify overflows the stack.
      if (!(error instanceof RangeError)) throw error;
      throw serverError(
        'TOKEN_PAYLOAD_TOO_DEEP',
        `the token's claims are nested too deeply to serialise (${error.message}); the real server never answers here (its signing throws in a callback)`,
      );
    }
  };
  const verifyWithKey = (token: string, key: string): unknown => {
    let verify = verifiers.get(key);
    if (!verify) {
      verify = createVerifier({ key, ignoreExpiration: true, ignoreNotBefore: true });
      verifiers.set(key, verify);
    }
    const claims = verify(token);
    checkTimes(claims as Claims, config.now());
    return claims;
  };
  return {
    sign,
    verifyWithKey,
    verifyGlobal: (token) => verifyWithKey(token, config.jwt.verifyKey) as Claims,
    issue: (payload, subject) => `JWT ${sign(payload, subject)}`,
    decode(token) {
      try {
        return jwt.decode(token);
      } catch {
        return null;
      }
    },
  };
}
