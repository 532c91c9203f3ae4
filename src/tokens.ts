/**
 * Tiledesk JWTs as the real server issues them (reference §1.2): `"JWT " + jwt`, claims in the
 * order jsonwebtoken writes them — the user fields, then `iat`, `aud`, `iss`, `sub`, `jti` —
 * and no `exp`. Signing and verifying go through @fastify/jwt (fast-jwt underneath).
 */
import type { JWT } from '@fastify/jwt';
import type { Config } from './config.js';
import { uuid } from './ids.js';

export const TILEDESK_AUDIENCE = 'https://tiledesk.com';
export const TILEDESK_ISSUER = 'https://tiledesk.com';

export type Subject = 'user' | 'guest';
export type Claims = Record<string, unknown>;

export interface Tokens {
  /** Signs `payload` as a server-issued token and returns `JWT <jwt>`. */
  issue(payload: Claims, subject: Subject): string;
  /** Verifies with the global verifying key (signature, `exp`, `nbf`); throws when invalid. */
  verifyGlobal(token: string): Claims;
}

export function createTokens(jwt: JWT, config: Config): Tokens {
  return {
    issue(payload, subject) {
      const claims = {
        ...payload,
        iat: Math.floor(config.now().getTime() / 1000),
        aud: TILEDESK_AUDIENCE,
        iss: TILEDESK_ISSUER,
        sub: subject,
        jti: uuid(),
      };
      return `JWT ${jwt.sign(claims)}`;
    },
    verifyGlobal(token) {
      return jwt.verify<Claims>(token, {
        key: config.jwt.verifyKey,
        clockTimestamp: config.now().getTime(),
      });
    },
  };
}
