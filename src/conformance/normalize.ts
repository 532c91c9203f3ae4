/**
 * Turns an answer into what is compared: status, every header but the few that are volatile,
 * framing, the body as parsed JSON and the body as the bytes a client receives, with what is
 * volatile masked. JWTs found in a body are decoded and compared by header and claims.
 *
 * Masking keeps what can be compared:
 * - a generated ObjectId or UUID becomes a label numbered in order of appearance within a case
 *   (`<ObjectId#1>`), so that the token's `_id` and the body's `_id` must agree on both sides;
 * - `iat` becomes `<time>`, and `exp`/`nbf` next to it `<iat+N>`: a token's lifetime is compared.
 */
import type { Exchange } from './http.js';

export interface Normalized {
  status: number;
  error?: string;
  chunked: boolean;
  /** `100 Continue` was sent before the answer. */
  continued?: boolean;
  headers: Record<string, unknown>;
  body: unknown;
  /** The body's bytes (as UTF-8 text) with the same values masked; only for a JSON body. */
  bytes?: string;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const JWT = /^((?:\S+ )*)(eyJ[\w-]*\.[\w-]*\.[\w-]*)$/;
const BCRYPT = /^\$2[aby]\$\d\d\$/;

/**
 * Headers never compared: they change from one answer to the next on the same server. Everything
 * else is compared (`set-cookie` by its cookies' names and attributes, `etag` by its length part).
 */
export const VOLATILE_HEADERS: readonly string[] = ['date'];

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return '<undecodable>';
  }
}

/** One Masker per case and side: it numbers the generated ids it meets. */
export class Masker {
  readonly #known: ReadonlySet<string>;
  readonly #labels = new Map<string, string>();
  readonly #counts = new Map<string, number>();
  constructor(known: Iterable<string>) {
    this.#known = new Set(known);
  }

  /** A fresh Masker (no ids numbered yet) that knows the same values. */
  fresh(): Masker {
    return new Masker(this.#known);
  }

  #label(kind: string, value: string): string {
    const key = `${kind}:${value.toLowerCase()}`;
    let label = this.#labels.get(key);
    if (label === undefined) {
      const n = (this.#counts.get(kind) ?? 0) + 1;
      this.#counts.set(kind, n);
      label = `<${kind}#${n}>`;
      this.#labels.set(key, label);
    }
    return label;
  }

  string(s: string): unknown {
    if (this.#known.has(s)) return s;
    const jwt = JWT.exec(s);
    if (jwt) {
      const [h = '', p = '', sig = ''] = (jwt[2] ?? '').split('.');
      return {
        $jwt: {
          prefix: jwt[1],
          header: this.value(decodePart(h)),
          claims: this.value(decodePart(p), true),
          signature: sig === '' ? '(empty)' : '<signature>',
        },
      };
    }
    if (OBJECT_ID.test(s)) return this.#label('ObjectId', s);
    if (UUID.test(s)) return this.#label('uuid', s);
    if (ISO_DATE.test(s)) return '<date>';
    if (BCRYPT.test(s)) return `<bcrypt ${s.slice(0, 4)}>`;
    return s.replace(/guest#[0-9a-f]{4}/g, 'guest#<hex>');
  }

  value(v: unknown, claims = false): unknown {
    if (typeof v === 'string') return this.string(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const iat = typeof o.iat === 'number' ? o.iat : undefined;
      return Object.fromEntries(
        Object.entries(o).map(([k, x]) => {
          // iat/exp also appear outside tokens: an echoed payload carries the claims as they were.
          if (k === 'iat' && typeof x === 'number') return [k, '<time>'];
          if ((k === 'exp' || k === 'nbf') && typeof x === 'number')
            return [k, iat === undefined ? '<time>' : `<iat${x - iat >= 0 ? '+' : ''}${x - iat}>`];
          if (claims && k === 'jti') return [k, '<jti>'];
          return [k, this.value(x)];
        }),
      );
    }
    return v;
  }

  /**
   * The body's text with every string literal masked as `string()` masks it (a JWT as
   * `"<prefix><jwt>"`) and the numbers of `iat`/`exp`/`nbf` as `<time>`; everything else
   * (key order, spacing, escapes) byte for byte.
   */
  text(json: string): string {
    return json
      .replace(/"(?:[^"\\]|\\.)*"/g, (literal) => {
        let s: string;
        try {
          s = JSON.parse(literal) as string;
        } catch {
          return literal;
        }
        const masked = this.string(s);
        if (masked === s) return literal;
        if (typeof masked === 'string') return JSON.stringify(masked);
        const jwt = (masked as { $jwt: { prefix: string } }).$jwt;
        return JSON.stringify(`${jwt.prefix}<jwt>`);
      })
      .replace(/("(?:iat|exp|nbf)"\s*:\s*)-?\d+(\.\d+)?/g, '$1<time>');
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

export function normalize(x: Exchange, masker: Masker): Normalized {
  const headers: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(x.headers)) {
    const v = headerValue(raw);
    if (v === undefined || VOLATILE_HEADERS.includes(name)) continue;
    if (name === 'set-cookie') {
      headers[name] = (Array.isArray(raw) ? raw : [v]).map((c) =>
        c.replace(/^([^=]+)=[^;]*/, '$1=<value>'),
      );
    } else if (name === 'etag') {
      // Express's weak ETag: W/"<length in hex>-<hash>"; the hash covers volatile bytes.
      headers[name] = v.replace(/^(W\/)?"([0-9a-f]+)-[^"]*"$/i, '$1"$2-<hash>"');
    } else headers[name] = v;
  }
  let body: unknown = x.text;
  let bytes: string | undefined;
  if (x.text !== '') {
    try {
      body = masker.value(JSON.parse(x.text));
      bytes = masker.text(x.text);
    } catch {
      body = masker.string(x.text);
    }
  }
  return {
    status: x.status,
    error: x.error,
    chunked: x.chunked,
    ...(x.continued && { continued: true }),
    headers,
    body,
    ...(bytes !== undefined && { bytes }),
  };
}
