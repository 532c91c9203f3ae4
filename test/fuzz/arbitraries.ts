/**
 * fast-check generators of HTTP requests for the fuzz properties (test/fuzz.test.ts and
 * scripts/fuzz.ts): bodies shaped by the specs' schemas and bodies far outside them, every
 * encoding a client can send, and random Authorization headers and JWTs.
 *
 * A generated request is plain data (method, path, headers, body text), so a counterexample
 * can be printed, saved and replayed with curl.
 */
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import qs from 'qs';

export const PROJECT_ID = '65f0b0000000000000000001';
export const PROJECT_SECRET = '3f9e2c1a-7b4d-4e8f-9a6b-5c2d1e0f8a7b';
export const GLOBAL_SECRET = 'nodeauthsecret';
export const CONTROL_TOKEN = 'fuzz-control-token-7d1e';
/** The fixture users with their plain passwords (test/fuzz/harness.ts rehashes them at cost 4). */
export const FIXTURE_USERS = [
  { email: 'admin@tiledesk.com', password: 'adminadmin' },
  { email: 'jane.doe@example.com', password: 'janepassword' },
  { email: 'suspended@example.com', password: 'suspendedpassword' },
] as const;
/** A small pool, so that a seed, a signup and a signin in one case meet the same user. */
const POOL_EMAILS = ['fuzz1@example.com', 'Fuzz2@Example.COM', 'fuzz3@example.org'];
const POOL_PASSWORDS = ['pw1', 'pw2', 'janepassword'];
/** A real bcrypt hash (cost 4) of `pw1`, and one with the right shape that is not a hash. */
const HASHES = [
  '$2b$04$1AjsKyUNzEIwP8KS.zAFXutYofkMfM54iCmbJKfdz7AUuScd2HlVi',
  '$2b$04$abcdefghijklmnopqrstuv/ABCDEFGHIJKLMNOPQRSTUVWXYZ01234',
];

export type Api = 'tiledesk' | 'control';

/** Generated headers and URLs stay well under Node's 16 KB header limit (431 is tested apart). */
const MAX_HEADER = 6_000;

export const TILEDESK_OPERATIONS = [
  'signin',
  'signup',
  'signinAnonymously',
  'signinWithCustomToken',
] as const;
export const CONTROL_OPERATIONS = [
  'getHealth',
  'resetState',
  'seedState',
  'listUsers',
  'listProjects',
  'listProjectUsers',
  'listRequests',
  'clearRequests',
  'createCustomToken',
] as const;
export type TiledeskOperation = (typeof TILEDESK_OPERATIONS)[number];
export type ControlOperation = (typeof CONTROL_OPERATIONS)[number];
export type OperationId = TiledeskOperation | ControlOperation;

export interface FuzzRequest {
  api: Api;
  operationId: OperationId;
  method: 'GET' | 'POST' | 'DELETE';
  /** Base path, route and query string. */
  path: string;
  headers: Record<string, string>;
  body?: string;
}

const ROUTES: Record<OperationId, { method: FuzzRequest['method']; path: string }> = {
  signin: { method: 'POST', path: '/auth/signin' },
  signup: { method: 'POST', path: '/auth/signup' },
  signinAnonymously: { method: 'POST', path: '/auth/signinAnonymously' },
  signinWithCustomToken: { method: 'POST', path: '/auth/signinWithCustomToken' },
  getHealth: { method: 'GET', path: '/__emulator/health' },
  resetState: { method: 'POST', path: '/__emulator/reset' },
  seedState: { method: 'POST', path: '/__emulator/seed' },
  listUsers: { method: 'GET', path: '/__emulator/users' },
  listProjects: { method: 'GET', path: '/__emulator/projects' },
  listProjectUsers: { method: 'GET', path: '/__emulator/project-users' },
  listRequests: { method: 'GET', path: '/__emulator/requests' },
  clearRequests: { method: 'DELETE', path: '/__emulator/requests' },
  createCustomToken: { method: 'POST', path: '/__emulator/custom-tokens' },
};

// ---- printing ---------------------------------------------------------------------------

function clip(text: string, max = 240): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} chars)`;
}

/** One line per request, bodies clipped: what a counterexample prints as. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${clip(JSON.stringify(value), 160)}`)
    .join(', ');
  const body = request.body === undefined ? 'no body' : clip(JSON.stringify(request.body));
  return `${request.method} ${clip(request.path, 160)} [${headers}] ${body}`;
}

/** A curl command that sends the request as it is (the body from a file when it is large). */
export function curlCommand(base: string, request: FuzzRequest, bodyFile?: string): string {
  const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
  const parts = ['curl -si', '-X', request.method, quote(`${base}${request.path}`)];
  for (const [name, value] of Object.entries(request.headers)) {
    parts.push('-H', quote(`${name}: ${value}`));
  }
  if (request.body !== undefined) {
    parts.push(
      '--data-binary',
      bodyFile !== undefined ? quote(`@${bodyFile}`) : quote(request.body),
    );
  }
  return parts.join(' ');
}

function withPrinter(request: FuzzRequest): FuzzRequest {
  Object.defineProperty(request, fc.toStringMethod, { value: () => describeRequest(request) });
  return request;
}

// ---- values -----------------------------------------------------------------------------

/** JSON text inserted as it is by toJson(): deep nesting that JSON.stringify could not write. */
export class Raw {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
  }
}

/** JSON.stringify, except that Raw values are inserted verbatim and own `__proto__` keys kept. */
export function toJson(value: unknown): string {
  if (value instanceof Raw) return value.text;
  if (Array.isArray(value)) return `[${value.map((item) => toJson(item ?? null)).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.keys(value).map(
      (key) => `${JSON.stringify(key)}:${toJson((value as Record<string, unknown>)[key] ?? null)}`,
    );
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The value with Raw parts turned into strings, for encodings other than JSON. */
function plain(value: unknown, depth = 0): unknown {
  if (value instanceof Raw) return value.text;
  if (depth > 40) return null;
  if (Array.isArray(value)) return value.map((item) => plain(item, depth + 1));
  if (typeof value === 'object' && value !== null) {
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      Object.defineProperty(copy, key, {
        value: plain((value as Record<string, unknown>)[key], depth + 1),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return copy;
  }
  return value;
}

const PROTO_KEYS = ['__proto__', 'constructor', 'prototype'];

const controlChars = fc.string({
  unit: fc.integer({ min: 0, max: 31 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 12,
});

/** Large strings; the largest make bodies over the 500 KB limit. */
const hugeString = fc
  .tuple(
    fc.constantFrom(1_000, 20_000, 120_000, 530_000),
    fc.constantFrom('a', 'é', '\u0000', '😀', '\\', '"'),
  )
  .map(([n, c]) => c.repeat(Math.ceil(n / c.length)));

export const fuzzString: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
  { weight: 2, arbitrary: controlChars },
  { weight: 2, arbitrary: fc.constant('') },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      ' ',
      '  padded  ',
      '__proto__',
      'constructor',
      'prototype',
      'null',
      'undefined',
      '0',
      'false',
      '\u2028\u2029',
      '\ufeff',
      '\ud800',
      '<script>alert(1)</script>',
      "' OR 1=1 --",
      `\${jndi:ldap://x}`,
      '../../etc/passwd',
      '%00',
      'JWT ',
    ),
  },
  { weight: 1, arbitrary: hugeString },
);

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 5, arbitrary: fuzzString },
  { weight: 2, arbitrary: fc.integer() },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, 1, -1, 1e308, 2 ** 53, true, false, null) },
);

const anyKey = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 2, arbitrary: fc.constantFrom(...PROTO_KEYS) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('toString', 'valueOf', 'hasOwnProperty', 'length', '', '$where'),
  },
);

/** Deeply nested arrays or objects, as JSON text. */
const deepNesting: fc.Arbitrary<Raw> = fc
  .tuple(fc.constantFrom(64, 1_000, 20_000, 80_000), fc.constantFrom('array', 'object', 'proto'))
  .map(([depth, kind]) => {
    if (kind === 'array') return new Raw(`${'['.repeat(depth)}${']'.repeat(depth)}`);
    const key = kind === 'proto' ? '__proto__' : 'a';
    return new Raw(`${`{"${key}":`.repeat(depth)}1${'}'.repeat(depth)}`);
  });

/** Attempts at prototype pollution, as JSON text (so `__proto__` is an own key). */
const pollution: fc.Arbitrary<Raw> = fc.constantFrom(
  new Raw('{"__proto__":{"polluted":"yes"}}'),
  new Raw('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  new Raw('{"prototype":{"polluted":"yes"}}'),
  new Raw('{"__proto__":{"toString":"x","hasOwnProperty":"x"}}'),
  new Raw('[{"__proto__":{"polluted":"yes"}}]'),
);

const { value: anyValue } = fc.letrec<{ value: unknown; array: unknown[]; object: object }>(
  (tie) => ({
    value: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      { weight: 6, arbitrary: scalar },
      { weight: 2, arbitrary: tie('array') },
      { weight: 3, arbitrary: tie('object') },
      { weight: 1, arbitrary: pollution },
    ),
    array: fc.array(tie('value'), { maxLength: 4 }),
    object: fc.dictionary(anyKey, tie('value'), { maxKeys: 5 }),
  }),
);

export { anyValue };

/** A value for a field: mostly the field's own kind, sometimes anything at all. */
function field(own: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: 6, arbitrary: own },
    { weight: 2, arbitrary: scalar },
    { weight: 1, arbitrary: anyValue },
    { weight: 1, arbitrary: fc.oneof(deepNesting, pollution) },
  );
}

/** An object with any subset of the schema's fields, plus unknown and prototype keys. */
function specObject(fields: Record<string, fc.Arbitrary<unknown>>): fc.Arbitrary<object> {
  const known = fc.record(
    Object.fromEntries(Object.entries(fields).map(([name, arb]) => [name, field(arb)])),
    { requiredKeys: [] },
  );
  const extra = fc.oneof(
    { weight: 4, arbitrary: fc.constant({}) },
    { weight: 1, arbitrary: fc.dictionary(anyKey, anyValue, { maxKeys: 3 }) },
  );
  return fc.tuple(known, extra).map(([a, b]) => merge(b, a));
}

/** Own keys of each object in turn, later ones winning; `__proto__` stays an own key. */
function merge(...sources: object[]): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const source of sources as Record<string, unknown>[]) {
    for (const key of Object.keys(source)) {
      Object.defineProperty(merged, key, {
        value: source[key],
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
  }
  return merged;
}

/**
 * A body: a plausible one (the required fields, each of its own kind) or one shaped by the
 * schema with odd values most of the time, else anything a client could send.
 */
function bodyValue(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: string[] = [],
): fc.Arbitrary<unknown> {
  const shaped = specObject(fields);
  const plausible = fc.record(fields, { requiredKeys: required });
  return fc.oneof(
    { weight: 8, arbitrary: plausible },
    { weight: 8, arbitrary: shaped },
    { weight: 1, arbitrary: fc.array(shaped, { minLength: 1, maxLength: 2 }) },
    { weight: 2, arbitrary: anyValue },
    { weight: 1, arbitrary: deepNesting },
    { weight: 1, arbitrary: pollution },
  );
}

const objectId = fc.stringMatching(/^[0-9a-f]{24}$/);
const email = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FIXTURE_USERS.map((u) => u.email), ...POOL_EMAILS) },
  { weight: 2, arbitrary: fc.emailAddress() },
  { weight: 1, arbitrary: fc.mixedCase(fc.constantFrom('JANE.DOE@example.com', 'a@b.co')) },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      ' jane.doe@example.com',
      'jane.doe@example.com ',
      'user@localhost',
      'ü@ü.com',
      'İ@example.com',
      'a@b',
      '"quoted"@example.com',
      'a+tag@example.com',
      `${'a'.repeat(64)}@${'b'.repeat(63)}.com`,
      `${'a'.repeat(250)}@x.co`,
    ),
  },
  { weight: 1, arbitrary: fuzzString },
);
const password = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...FIXTURE_USERS.map((u) => u.password)) },
  { weight: 2, arbitrary: fc.constantFrom(...POOL_PASSWORDS) },
  { weight: 3, arbitrary: fuzzString },
  { weight: 1, arbitrary: fc.constantFrom(0, false, 1, true, null, [], {}, ...HASHES) },
);
const name = fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Ada', 'Grace', 'Ünïcødé'));
const phone = fc.oneof(
  fc.stringMatching(/^\+?[1-9]\d{1,14}$/),
  fc.constantFrom(' +393331234567 ', '+0123', '12345678901234567', '+1 555 0100', '+', ''),
  fc.integer(),
);
const projectId = fc.oneof(
  { weight: 4, arbitrary: fc.constant(PROJECT_ID) },
  { weight: 1, arbitrary: fc.constant(PROJECT_ID.toUpperCase()) },
  { weight: 2, arbitrary: objectId },
  { weight: 1, arbitrary: fc.stringMatching(/^[0-9a-fA-F]{23,25}$/) },
);

// ---- JWTs -------------------------------------------------------------------------------

const audience = fc.oneof(
  { weight: 6, arbitrary: fc.constant(`https://tiledesk.com/projects/${PROJECT_ID}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'https://tiledesk.com',
      'https://tiledesk.com/',
      'https://tiledesk.com/projects/',
      `https://tiledesk.com/projects/${PROJECT_ID.toUpperCase()}`,
      'https://tiledesk.com/projects/65f0b0000000000000000999',
      'https://tiledesk.com/projects/not-an-id',
      'https://tiledesk.com/bots/65f0b0000000000000000001',
      'https://tiledesk.com/subscriptions/',
      'https://tiledesk.com/subscriptions/abc',
      'http://evil.example/projects/65f0b0000000000000000001',
      'not a url',
      '',
      'javascript:alert(1)',
    ),
  },
  { weight: 1, arbitrary: objectId.map((id) => `https://tiledesk.com/projects/${id}`) },
  { weight: 1, arbitrary: scalar },
  { weight: 1, arbitrary: fc.array(fc.string(), { maxLength: 2 }) },
);
const nowSeconds = () => Math.floor(Date.now() / 1000);
const timeClaim = fc.oneof(
  fc.integer({ min: -100_000, max: 100_000 }).map((d) => nowSeconds() + d),
  scalar,
);
const rarely = (arb: fc.Arbitrary<unknown>) =>
  fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arb });
const role = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('user', 'agent', 'owner', 'admin') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('guest', 'supervisor', 'teammate', 'king', 'Agent', '', 'root'),
  },
  { weight: 1, arbitrary: scalar },
);

/** Claims a customer's backend might sign, and some no backend should. */
export const claims: fc.Arbitrary<object> = fc
  .tuple(
    fc.record({
      // Most tokens carry an `_id` and an `aud`, so that they reach the handler.
      _id: fc.option(
        fc.oneof(
          { weight: 3, arbitrary: fc.constantFrom('ext-1', 'ext-2', '65f0a0000000000000000002') },
          { weight: 2, arbitrary: fc.string({ minLength: 1, maxLength: 24 }) },
          { weight: 1, arbitrary: scalar },
        ),
        { freq: 8, nil: undefined },
      ),
      aud: fc.option(audience, { freq: 8, nil: undefined }),
      // Time claims are rarer, so that most signatures that verify also pass exp and nbf.
      exp: rarely(timeClaim),
      nbf: rarely(timeClaim),
      iat: rarely(timeClaim),
    }),
    specObject({
      sub: fc.constantFrom('userexternal', 'user', 'guest'),
      role,
      email,
      firstname: name,
      lastname: name,
      iss: fc.constantFrom('https://tiledesk.com', 'me'),
      _doc: specObject({ _id: fc.string({ minLength: 1, maxLength: 24 }) }),
    }),
  )
  .map(([core, rest]) =>
    merge(
      rest,
      Object.fromEntries(Object.entries(core).filter(([, value]) => value !== undefined)),
    ),
  );

const b64 = (text: string) => Buffer.from(text).toString('base64url');
const HMAC: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/** A compact JWT: signed with the right key, a wrong key, none, or not a JWT at all. */
export const jwt: fc.Arbitrary<string> = fc
  .oneof(
    {
      weight: 8,
      arbitrary: fc
        .record({
          alg: fc.oneof(
            { weight: 8, arbitrary: fc.constant('HS256') },
            {
              weight: 2,
              arbitrary: fc.constantFrom('HS384', 'HS512', 'none', 'RS256', 'ES256', 'hs256', ''),
            },
          ),
          extraHeader: fc.oneof(
            { weight: 6, arbitrary: fc.constant({}) },
            {
              weight: 1,
              arbitrary: specObject({ kid: fuzzString, typ: fuzzString, crit: anyValue }),
            },
          ),
          payload: fc.oneof({ weight: 9, arbitrary: claims }, { weight: 1, arbitrary: anyValue }),
          key: fc.constantFrom('matching', 'matching', 'matching', 'project', 'global', 'wrong'),
          signature: fc.constantFrom('hmac', 'hmac', 'hmac', 'hmac', 'empty', 'garbage'),
        })
        .map(({ alg, extraHeader, payload, key, signature }) => {
          const header = b64(toJson({ ...(extraHeader as object), alg, typ: 'JWT' }));
          const body = b64(toJson(payload));
          const aud = (payload as { aud?: unknown } | null)?.aud;
          const forProject = typeof aud === 'string' && aud.includes('/projects/');
          const secret =
            key === 'project' || (key === 'matching' && forProject)
              ? PROJECT_SECRET
              : key === 'wrong'
                ? 'wrong-secret'
                : GLOBAL_SECRET;
          const input = `${header}.${body}`;
          if (signature === 'empty') return `${input}.`;
          if (signature === 'garbage') return `${input}.c2lnbmF0dXJl`;
          const mac = createHmac(HMAC[alg] ?? 'sha256', secret)
            .update(input)
            .digest('base64url');
          return `${input}.${mac}`;
        }),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        'a.b.c',
        '..',
        'e30.e30.',
        'eyJhbGciOiJIUzI1NiJ9.bnVsbA.x',
        'eyJhbGciOiJIUzI1NiJ9.WzFd.x',
        'not-a-jwt',
      ),
    },
    { weight: 1, arbitrary: fc.base64String({ maxLength: 60 }) },
  )
  // Headers over Node's 16 KB limit are answered 431 before any route (test/limits.test.ts).
  .filter((token) => token.length <= MAX_HEADER);

// ---- headers ----------------------------------------------------------------------------

/** What undici lets a header value be: no CR, LF or NUL, no leading or trailing blanks. */
const headerChar = fc.oneof(
  {
    weight: 20,
    arbitrary: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
  },
  { weight: 2, arbitrary: fc.constantFrom(' ', '\t') },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }).map((c) => String.fromCharCode(c)) },
);
export const headerValue = fc
  .string({ unit: headerChar, maxLength: 80 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);

/** A custom-token style Authorization header. */
const tokenAuthorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 10, arbitrary: jwt.map((t) => `JWT ${t}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.constantFrom(
          'jwt {t}',
          'Jwt {t}',
          'Bearer {t}',
          'JWT  {t}',
          'JWT {t} extra',
          '{t}',
          'JWT\t{t}',
          'JWT {t}{t}',
        ),
        jwt,
      )
      .map(([format, t]) => format.replaceAll('{t}', t)),
  },
  { weight: 2, arbitrary: headerValue },
  { weight: 1, arbitrary: fc.constantFrom('JWT', 'JWT ', 'Bearer', 'Basic YWRtaW46YWRtaW4=') },
  { weight: 2, arbitrary: fc.constant(undefined) },
);

/** Control API Authorization: mostly the right bearer token, else anything. */
const controlAuthorization: fc.Arbitrary<string | undefined> = fc.oneof(
  { weight: 12, arbitrary: fc.constant(`Bearer ${CONTROL_TOKEN}`) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      undefined,
      `bearer ${CONTROL_TOKEN}`,
      `Bearer  ${CONTROL_TOKEN}`,
      `Bearer ${CONTROL_TOKEN}x`,
      `Bearer ${CONTROL_TOKEN.slice(0, -1)}`,
      `JWT ${CONTROL_TOKEN}`,
      CONTROL_TOKEN,
      'Bearer',
    ),
  },
  { weight: 1, arbitrary: headerValue },
);

// ---- encodings --------------------------------------------------------------------------

interface Encoded {
  body?: string;
  contentType?: string;
}

const JSON_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=UTF-8',
  'application/json; charset=utf-16',
  'application/json; charset=latin1',
];
const FORM_TYPES = [
  'application/x-www-form-urlencoded',
  'application/x-www-form-urlencoded; charset=utf-8',
];
const OTHER_TYPES = [
  'text/plain',
  'text/plain; charset=utf-8',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/vnd.api+json',
  'application/merge-patch+json',
  'application/octet-stream',
  '*/*',
  'application/*',
  'json',
  'foo',
  ';',
  'application/json, text/plain',
];

const otherType = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...OTHER_TYPES) },
  { weight: 1, arbitrary: headerValue },
);

/** JSON that does not parse, or that body-parser's strict mode refuses. */
const malformedJson = fc.oneof(
  fc.constantFrom(
    '{',
    '{"email":',
    '{"a":1,}',
    "{'a':1}",
    'null',
    'true',
    '123',
    '"text"',
    '[1,2',
    '\ufeff{}',
    '{"a":1}{"b":2}',
    '{"a":undefined}',
    '{"a":NaN}',
    '{"a":"\\u00"}',
    ' \n\t{"x":1}',
    '{"__proto__":',
  ),
  fuzzString,
);

/** Form bodies qs reads with nesting, and some that attack it. */
const rawForm = fc.oneof(
  fc.constantFrom(
    '__proto__[polluted]=yes',
    'constructor[prototype][polluted]=yes',
    'a[__proto__][polluted]=yes',
    'email[]=a@b.co&email[]=c@d.co&password=x',
    'email[a][b][c]=1',
    `a${'[b]'.repeat(100)}=1`,
    Array.from({ length: 2_000 }, (_, i) => `k${i}=v`).join('&'),
    'a=%ZZ&b=%',
    '&&&==&=',
    'id_project=65f0b0000000000000000001&attributes[plan]=pro&attributes[__proto__][x]=1',
  ),
  fc.string({ maxLength: 60 }),
);

function encodings(value: fc.Arbitrary<unknown>): fc.Arbitrary<Encoded> {
  return fc.oneof(
    {
      weight: 12,
      arbitrary: fc
        .tuple(value, fc.constantFrom(...JSON_TYPES))
        .map(([v, contentType]) => ({ body: toJson(v), contentType })),
    },
    {
      weight: 3,
      arbitrary: fc
        .tuple(value, fc.constantFrom(...FORM_TYPES))
        .map(([v, contentType]) => ({ body: qs.stringify(plain(v)), contentType })),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(rawForm, fc.constantFrom(...FORM_TYPES))
        .map(([body, contentType]) => ({ body, contentType })),
    },
    {
      weight: 2,
      arbitrary: fc
        .tuple(malformedJson, fc.constantFrom(...JSON_TYPES))
        .map(([body, contentType]) => ({ body, contentType })),
    },
    {
      weight: 2,
      arbitrary: fc.tuple(value, otherType).map(([v, contentType]) => ({
        body: toJson(v),
        contentType,
      })),
    },
    { weight: 1, arbitrary: value.map((v) => ({ body: toJson(v) })) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Encoded>(
        {},
        { contentType: 'application/json' },
        { body: '', contentType: 'application/json' },
        { body: '', contentType: 'application/x-www-form-urlencoded' },
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom(
          { size: 512_001, contentType: 'application/json' },
          { size: 600_000, contentType: 'application/json' },
          { size: 102_401, contentType: 'application/x-www-form-urlencoded' },
          { size: 600_000, contentType: 'text/plain' },
        )
        .map(({ size, contentType }) =>
          contentType.includes('json')
            ? { body: `{"email":"${'a'.repeat(size)}"}`, contentType }
            : { body: `email=${'a'.repeat(size)}`, contentType },
        ),
    },
  );
}

// ---- requests ---------------------------------------------------------------------------

const BODIES: Record<TiledeskOperation, fc.Arbitrary<unknown>> = {
  signin: bodyValue({ email, password }, ['email', 'password']),
  signup: bodyValue(
    {
      email,
      password,
      firstname: name,
      lastname: name,
      phone,
      disableEmail: fc.boolean(),
    },
    ['email', 'password', 'firstname', 'lastname'],
  ),
  signinAnonymously: bodyValue(
    {
      id_project: projectId,
      firstname: name,
      lastname: name,
      email,
      attributes: anyValue,
    },
    ['id_project'],
  ),
  signinWithCustomToken: bodyValue({ id_project: projectId }),
};

/** Records of a seed: plausible ones (the required fields, each of its kind) or odd ones. */
function seedRecord(
  fields: Record<string, fc.Arbitrary<unknown>>,
  required: string[],
): fc.Arbitrary<unknown> {
  return fc.oneof(fc.record(fields, { requiredKeys: required }), specObject(fields));
}

const seedUser = seedRecord(
  {
    _id: objectId,
    email,
    password: fc.oneof(
      fc.constantFrom(...POOL_PASSWORDS, ...HASHES),
      fc.string({ minLength: 1, maxLength: 80 }),
    ),
    firstname: name,
    lastname: name,
    emailverified: fc.boolean(),
    status: fc.constantFrom(100, 0, 200),
    phone,
    attributes: anyValue,
  },
  ['email', 'password'],
);
const seedProject = seedRecord(
  {
    _id: fc.oneof(objectId, fc.constant(PROJECT_ID), fc.constant(PROJECT_ID.toUpperCase())),
    name,
    jwtSecret: fc.oneof(fc.constant(PROJECT_SECRET), fuzzString),
    status: fc.constantFrom(100, 0),
    createdBy: fc.string(),
  },
  ['name'],
);
const seedProjectUser = seedRecord(
  {
    _id: objectId,
    id_project: projectId,
    id_user: objectId,
    uuid_user: fc.constantFrom('ext-1', 'ext-2', 'guest-1'),
    role: fc.constantFrom('owner', 'admin', 'supervisor', 'agent', 'teammate', 'user', 'guest'),
    roleType: fc.constantFrom(1, 2),
    status: fc.constantFrom('active', 'disabled'),
  },
  ['id_project', 'role'],
);
const CONTROL_BODIES: Partial<Record<ControlOperation, fc.Arbitrary<unknown>>> = {
  seedState: bodyValue({
    users: fc.array(seedUser, { maxLength: 3 }),
    projects: fc.array(seedProject, { maxLength: 2 }),
    project_users: fc.array(seedProjectUser, { maxLength: 2 }),
  }),
  createCustomToken: bodyValue(
    {
      projectId,
      claims,
      expiresIn: fc.oneof(fc.nat(), fc.constantFrom(0, -1, 1.5, 2 ** 31, 2 ** 53, 1e300)),
    },
    ['projectId'],
  ),
  resetState: bodyValue({}),
};

/** Lone surrogates cannot be sent in a URL: they become U+FFFD, as a browser would send them. */
function wellFormed(text: string): string {
  return text.replace(
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g,
    '\ufffd',
  );
}

/** Query strings: usually none, sometimes odd ones. */
const oddQuery = fc.constantFrom(
  '?a=1',
  '?%ZZ',
  '?a[b][c]=1',
  '?__proto__[polluted]=yes',
  '?constructor[prototype][polluted]=yes',
  '?x=1&x=2',
  `?${'a'.repeat(2_000)}=1`,
  '?',
  '?&&',
);
function query(params: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const named = Object.entries(params).map(([key, arb]) =>
    arb.map((v) => `?${encodeURIComponent(key)}=${encodeURIComponent(wellFormed(v))}`),
  );
  return fc.oneof(
    { weight: 6, arbitrary: fc.constant('') },
    ...named.map((arbitrary) => ({
      weight: 3,
      arbitrary: arbitrary.filter((q) => q.length <= MAX_HEADER),
    })),
    { weight: 2, arbitrary: oddQuery },
  );
}
const QUERIES: Partial<Record<OperationId, fc.Arbitrary<string>>> = {
  signinWithCustomToken: query({ secret_token: jwt }),
  listProjectUsers: query({ id_project: fc.oneof(projectId, fuzzString) }),
  listRequests: query({
    operationId: fc.oneof(fc.constantFrom(...TILEDESK_OPERATIONS), fuzzString),
  }),
};

function build(
  operationId: OperationId,
  api: Api,
  base: string,
  queryString: string,
  encoded: Encoded,
  authorization: string | undefined,
): FuzzRequest {
  const route = ROUTES[operationId];
  const headers: Record<string, string> = {};
  if (encoded.contentType !== undefined) headers['content-type'] = encoded.contentType;
  if (authorization !== undefined) headers.authorization = authorization;
  return withPrinter({
    api,
    operationId,
    method: route.method,
    path: `${base}${route.path}${queryString}`,
    headers,
    ...(encoded.body !== undefined && { body: encoded.body }),
  });
}

/** Requests for one operation of either API. */
export function requestFor(operationId: OperationId): fc.Arbitrary<FuzzRequest> {
  const queryArb = QUERIES[operationId] ?? query({});
  if ((TILEDESK_OPERATIONS as readonly string[]).includes(operationId)) {
    const op = operationId as TiledeskOperation;
    const authorization =
      op === 'signinWithCustomToken'
        ? tokenAuthorization
        : fc.oneof(
            { weight: 8, arbitrary: fc.constant(undefined) },
            { weight: 1, arbitrary: tokenAuthorization },
          );
    return fc
      .tuple(fc.constantFrom('', '/v2', '/v3'), queryArb, encodings(BODIES[op]), authorization)
      .map(([base, q, encoded, auth]) => build(op, 'tiledesk', base, q, encoded, auth));
  }
  const op = operationId as ControlOperation;
  const bodyArb = CONTROL_BODIES[op];
  // GET and DELETE have no body in practice; send one now and then anyway.
  const encoded: fc.Arbitrary<Encoded> = bodyArb
    ? encodings(bodyArb)
    : fc.oneof(
        { weight: 8, arbitrary: fc.constant({}) },
        { weight: 1, arbitrary: encodings(anyValue) },
      );
  return fc
    .tuple(queryArb, encoded, controlAuthorization)
    .map(([q, enc, auth]) => build(op, 'control', '', q, enc, auth));
}

/** A case: a few requests of one operation, or a mix of all (seed, then sign in, …). */
export function caseFor(group: OperationId | 'mixed'): fc.Arbitrary<FuzzRequest[]> {
  if (group !== 'mixed') return fc.array(requestFor(group), { minLength: 1, maxLength: 3 });
  const any = fc.oneof(
    ...TILEDESK_OPERATIONS.map((op) => ({ weight: 3, arbitrary: requestFor(op) })),
    ...CONTROL_OPERATIONS.map((op) => ({
      weight: op === 'seedState' || op === 'createCustomToken' ? 2 : 1,
      arbitrary: requestFor(op),
    })),
  );
  return fc.array(any, { minLength: 2, maxLength: 6 });
}
