/**
 * Signs the tokens a case describes (claims + key name), with node:crypto only, so that attack
 * tokens (alg none, HS/RS confusion, a bad signature) can be built as easily as good ones.
 */
import { createHmac, createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { TokenSpec } from './cases.js';

export interface Keys {
  project: string;
  global: string;
}

const b64 = (v: unknown): string =>
  Buffer.from(typeof v === 'string' ? v : JSON.stringify(v)).toString('base64url');

let rsa: { privateKey: KeyObject; publicPem: string } | undefined;
function rsaKeys(): { privateKey: KeyObject; publicPem: string } {
  if (!rsa) {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    rsa = {
      privateKey: pair.privateKey,
      publicPem: pair.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    };
  }
  return rsa;
}

const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

export function signToken(spec: TokenSpec, keys: Keys, nowSeconds: number): string {
  const alg = spec.key === 'none' ? 'none' : spec.key === 'rsa' ? 'RS256' : (spec.alg ?? 'HS256');
  const header = { alg, typ: 'JWT', ...spec.header };
  const claims: Record<string, unknown> = { ...spec.claims };
  if (!spec.noIat && claims.iat === undefined) claims.iat = nowSeconds;
  if (spec.expiresIn !== undefined) claims.exp = nowSeconds + spec.expiresIn;
  if (spec.notBefore !== undefined) claims.nbf = nowSeconds + spec.notBefore;
  const input = `${b64(header)}.${b64(claims)}`;
  let signature: string;
  if (spec.key === 'none') signature = '';
  else if (spec.key === 'rsa') {
    signature = createSign('RSA-SHA256').update(input).sign(rsaKeys().privateKey, 'base64url');
  } else {
    const secret =
      spec.key === 'project'
        ? keys.project
        : spec.key === 'global'
          ? keys.global
          : spec.key === 'rsa-public-as-hmac'
            ? rsaKeys().publicPem
            : 'not-the-secret-of-anything';
    const hash = HMAC[alg];
    if (!hash) throw new Error(`token alg ${alg} is not supported with key ${spec.key}`);
    signature = createHmac(hash, secret).update(input).digest('base64url');
  }
  if (spec.tamper === 'signature') {
    signature = `${signature.slice(0, -4)}${signature.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  }
  if (spec.tamper === 'payload') {
    return `${b64(header)}.${b64({ ...claims, role: 'owner' })}.${signature}`;
  }
  return `${input}.${signature}`;
}
