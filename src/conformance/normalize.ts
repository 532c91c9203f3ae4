/**
 * Turns an answer into what is compared: status, the headers a client can observe, framing and
 * the body, with what is volatile masked (generated ids, dates, jti/iat/exp, signatures,
 * cookie values, ETag). JWTs found in a body are decoded and compared by header and claims.
 */
import type { Exchange } from './http.js';

export interface Normalized {
  status: number;
  error?: string;
  chunked: boolean;
  headers: Record<string, unknown>;
  body: unknown;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ISO_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const JWT = /^((?:\S+ )*)(eyJ[\w-]*\.[\w-]*\.[\w-]*)$/;
const BCRYPT = /^\$2[aby]\$\d\d\$/;
const TIME_CLAIMS = new Set(['iat', 'exp', 'nbf']);

/** The headers compared (lower case); `access-control-*` and `x-emulator-*` are added by prefix. */
const COMPARED = ['content-type', 'www-authenticate', 'allow', 'vary'];

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  } catch {
    return '<undecodable>';
  }
}

export class Masker {
  readonly #known: Set<string>;
  constructor(known: Iterable<string>) {
    this.#known = new Set(known);
  }

  string(s: string): unknown {
    if (this.#known.has(s)) return s;
    const jwt = JWT.exec(s);
    if (jwt) {
      const [h = '', p = '', sig = ''] = (jwt[2] ?? '').split('.');
      const payload = decodePart(p);
      return {
        $jwt: {
          prefix: jwt[1],
          header: this.value(decodePart(h)),
          claims: this.value(payload, true),
          signature: sig === '' ? '(empty)' : '<signature>',
        },
      };
    }
    if (OBJECT_ID.test(s)) return '<ObjectId>';
    if (UUID.test(s)) return '<uuid>';
    if (ISO_DATE.test(s)) return '<date>';
    if (BCRYPT.test(s)) return `<bcrypt ${s.slice(0, 4)}>`;
    return s.replace(/guest#[0-9a-f]{4}/g, 'guest#<uuid>');
  }

  value(v: unknown, claims = false): unknown {
    if (typeof v === 'string') return this.string(v);
    if (Array.isArray(v)) return v.map((x) => this.value(x));
    if (v && typeof v === 'object') {
      return Object.fromEntries(
        Object.entries(v).map(([k, x]) => {
          // iat/exp also appear outside tokens: an echoed payload carries the claims as they were.
          if (TIME_CLAIMS.has(k) && typeof x === 'number') return [k, '<time>'];
          if (claims && k === 'jti') return [k, '<jti>'];
          return [k, this.value(x)];
        }),
      );
    }
    return v;
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v.join(', ') : v;
}

export function normalize(x: Exchange, masker: Masker): Normalized {
  const headers: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(x.headers)) {
    const v = headerValue(raw);
    if (v === undefined) continue;
    if (
      COMPARED.includes(name) ||
      name.startsWith('access-control-') ||
      name.startsWith('x-emulator-')
    ) {
      headers[name] = name === 'content-type' ? v.toLowerCase().replace(/\s+/g, '') : v;
    }
  }
  if (x.headers.etag) headers.etag = '<etag>';
  const cookies = x.headers['set-cookie'];
  if (cookies) {
    headers['set-cookie'] = (Array.isArray(cookies) ? cookies : [cookies]).map((c) =>
      c.replace(/^([^=]+)=[^;]*/, '$1=<value>'),
    );
  }
  let body: unknown = x.text;
  if (x.text !== '') {
    try {
      body = masker.value(JSON.parse(x.text));
    } catch {
      body = masker.string(x.text);
    }
  }
  return { status: x.status, error: x.error, chunked: x.chunked, headers, body };
}
