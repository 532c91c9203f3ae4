/**
 * The conformance runner's comparison, fed known-different pairs: each difference must be
 * reported (and named), each listed divergence must explain only what it lists.
 */
import t from 'tap';
import { type Difference, Divergences, diff, glob } from '../../src/conformance/compare.js';
import { type Exchange, requestTarget } from '../../src/conformance/http.js';
import { Masker, normalize } from '../../src/conformance/normalize.js';
import { compareAnswers, explainAll } from '../../src/conformance/run.js';

const KNOWN_ID = '65f0a0000000000000000002';
const jwt = (claims: object, header: object = { alg: 'HS256', typ: 'JWT' }) =>
  `JWT ${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.c2lnbmF0dXJl`;

function exchange(body: string, headers: Record<string, string | string[]> = {}): Exchange {
  return {
    method: 'POST',
    path: '/auth/signin',
    requestHeaders: {},
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
    chunked: false,
    text: body,
  };
}

/** The fields where two answers differ, each masked by its own side's Masker. */
function differences(real: Exchange, emulator: Exchange): string[] {
  const known = new Masker([KNOWN_ID]);
  return compareAnswers(normalize(real, known.fresh()), normalize(emulator, known.fresh())).map(
    (d) => d.field,
  );
}

t.test('diff reports every kind of leaf difference, by path', async (t) => {
  const fields = (a: unknown, b: unknown) => diff(a, b).map((d) => [d.field, d.real, d.emulator]);
  t.same(fields({ a: 1 }, { a: 1 }), []);
  t.same(fields({ a: 1 }, { a: 2 }), [['a', 1, 2]]);
  t.same(fields({ a: 1 }, {}), [['a', 1, '(absent)']]);
  t.same(fields({}, { a: null }), [['a', '(absent)', null]]);
  t.same(fields({ a: [1, 2] }, { a: [1] }), [['a[1]', 2, '(absent)']]);
  t.same(fields({ a: [1] }, { a: { 0: 1 } }), [['a', [1], { 0: 1 }]]);
  t.same(fields({ a: { b: 'x' } }, { a: { b: 'y' } }), [['a.b', 'x', 'y']]);
  t.same(fields('x', 'y'), [['(root)', 'x', 'y']]);
  t.same(fields(0, false), [['(root)', 0, false]]);
});

t.test('diff compares key order only where asked', async (t) => {
  const real = { body: { user: { status: 100, _id: 'a' } }, headers: { a: '1', b: '2' } };
  const emu = { body: { user: { _id: 'a', status: 100 } }, headers: { b: '2', a: '1' } };
  t.same(diff(real, emu), [], 'no order compared by default');
  const ordered = diff(real, emu, '', { keyOrder: (p) => p.startsWith('body') });
  t.same(ordered, [{ field: 'body.user (key order)', real: 'status,_id', emulator: '_id,status' }]);
});

t.test('bodies are compared as bytes after masking', async (t) => {
  const body = '{"success":true,"user":{"_id":"65f0a0000000000000000002"}}';
  t.same(differences(exchange(body), exchange(body)), [], 'the same bytes');
  t.same(
    differences(exchange(body), exchange(body.replace(':true', ': true'))),
    ['body (bytes)'],
    'a space',
  );
  t.same(
    differences(exchange('{"a":"é"}'), exchange('{"a":"\\u00e9"}')),
    ['body (bytes)'],
    'an escape',
  );
  t.same(differences(exchange('{"n":1.0}'), exchange('{"n":1}')), ['body (bytes)'], '1.0 and 1');
  t.same(
    differences(exchange('{"a":1,"b":2}'), exchange('{"b":2,"a":1}')),
    ['body (key order)'],
    'the key order, reported once',
  );
  t.same(differences(exchange('plain'), exchange('plain ')), ['body'], 'a text body');
});

t.test('generated ids are masked, and their relations compared', async (t) => {
  const id = (n: number) => `6b16fb00${String(n).padStart(16, '0')}`;
  const answer = (tokenId: string, bodyId: string) =>
    exchange(JSON.stringify({ token: jwt({ _id: tokenId, iat: 100 }), user: { _id: bodyId } }));
  t.same(differences(answer(id(1), id(1)), answer(id(2), id(2))), [], 'other ids, same relation');
  t.same(
    differences(answer(id(1), id(1)), answer(id(2), id(3))),
    ['body.user._id'],
    'the token and the body disagree on one side',
  );
  const masker = new Masker([KNOWN_ID]);
  t.equal(masker.string(KNOWN_ID), KNOWN_ID, 'a fixture id is kept');
  t.equal(masker.string(id(5)), '<ObjectId#1>');
  t.equal(masker.string(id(6)), '<ObjectId#2>');
  t.equal(masker.string(id(5).toUpperCase()), '<ObjectId#1>', 'case does not make another id');
  t.equal(masker.string('0b7c2c61-6fd3-4a4e-9e0e-6a3a1f0e9c11'), '<uuid#1>');
  t.equal(masker.string('2026-12-07T18:29:20.009Z'), '<date>');
  t.equal(masker.string('guest#1a2b'), 'guest#<hex>');
  t.equal(masker.string(`$2a$10$${'x'.repeat(53)}`), '<bcrypt $2a$>');
});

t.test("a token's lifetime is compared, its times are not", async (t) => {
  const token = (iat: number, exp: number) =>
    exchange(JSON.stringify({ token: jwt({ _id: KNOWN_ID, iat, exp, jti: `j${iat}` }) }));
  t.same(differences(token(1000, 1000 + 86400), token(2000, 2000 + 86400)), []);
  t.same(differences(token(1000, 1000 + 86400), token(1000, 1000 + 3600)), [
    'body.token.$jwt.claims.exp',
  ]);
  const claims = new Masker([]).value({ iat: 10, exp: 70, nbf: 5, jti: 'x' }, true);
  t.same(claims, { iat: '<time>', exp: '<iat+60>', nbf: '<iat-5>', jti: '<jti>' });
  t.same(new Masker([]).value({ exp: 70 }), { exp: '<time>' }, 'no iat: exp alone is masked');
  t.same(
    differences(
      exchange(JSON.stringify({ token: jwt({ a: 1 }, { alg: 'HS256', typ: 'JWT' }) })),
      exchange(JSON.stringify({ token: jwt({ a: 1 }, { alg: 'HS512', typ: 'JWT' }) })),
    ),
    ['body.token.$jwt.header.alg'],
  );
});

t.test('every header is compared but the volatile ones', async (t) => {
  const body = '{}';
  t.same(
    differences(
      exchange(body, { date: 'Mon, 07 Dec 2026 18:29:19 GMT' }),
      exchange(body, { date: 'Tue, 08 Dec 2026 00:00:00 GMT' }),
    ),
    [],
    'date',
  );
  t.same(differences(exchange(body, { 'cache-control': 'no-store' }), exchange(body)), [
    'headers.cache-control',
  ]);
  t.same(differences(exchange(body, { 'x-powered-by': 'Express' }), exchange(body)), [
    'headers.x-powered-by',
  ]);
  t.same(
    differences(
      exchange(body, { 'set-cookie': ['connect.sid=a; Path=/; HttpOnly'] }),
      exchange(body, { 'set-cookie': ['connect.sid=b; Path=/; HttpOnly'] }),
    ),
    [],
    "a cookie's value",
  );
  t.same(
    differences(
      exchange(body, { 'set-cookie': ['connect.sid=a; Path=/; HttpOnly'] }),
      exchange(body, { 'set-cookie': ['connect.sid=a; Path=/'] }),
    ),
    ['headers.set-cookie[0]'],
    "a cookie's attributes",
  );
  t.same(
    differences(exchange(body, { etag: 'W/"2-aaaa"' }), exchange(body, { etag: 'W/"2-bbbb"' })),
    [],
    "an ETag's hash",
  );
  t.same(
    differences(exchange(body, { etag: 'W/"2-aaaa"' }), exchange(body, { etag: 'W/"3-aaaa"' })),
    ['headers.etag'],
    "an ETag's length",
  );
  t.same(
    differences(
      exchange(body, { connection: 'keep-alive' }),
      exchange(body, { connection: 'close' }),
    ),
    ['headers.connection'],
  );
  t.same(
    differences(
      exchange(body, { 'content-type': 'application/json; charset=utf-8' }),
      exchange(body, { 'content-type': 'application/json;charset=utf-8' }),
    ),
    ['headers.content-type'],
  );
});

t.test('divergences explain only the cases and fields they list', async (t) => {
  t.throws(
    () => new Divergences([{ id: 'x', reason: 'r' } as never]),
    /divergence x: "cases" must list/,
  );
  t.throws(() => new Divergences([{ id: 'x', reason: 'r', cases: [] }]), /must list/);
  const list = new Divergences([
    { id: 'hash', reason: 'r', cases: ['custom.roles.*'], fields: ['body.user.password'] },
    { id: 'hang', reason: 'r', cases: ['custom.401.empty-_id'], realError: '^timeout$' },
    {
      id: 'absent',
      reason: 'r',
      cases: ['*'],
      fields: ['headers.x-*'],
      real: '^"\\(absent\\)"$',
      emulator: '^"x"$',
    },
  ]);
  const d = (field: string, real: unknown = 'a', emulator: unknown = 'b'): Difference => ({
    step: 1,
    field,
    real,
    emulator,
  });
  t.equal(list.explain('custom.roles.agent', d('body.user.password')), 'hash');
  t.equal(list.explain('signup.200.json', d('body.user.password')), undefined, 'another case');
  t.equal(list.explain('custom.roles.agent', d('body.user.email')), undefined, 'another field');
  t.equal(list.explain('custom.401.empty-_id', d('status'), 'timeout'), 'hang');
  t.equal(list.explain('custom.401.empty-_id', d('status'), ''), undefined, 'it answered');
  t.equal(list.explain('custom.401.other', d('status'), 'timeout'), undefined, 'not listed');
  t.equal(list.explain('any', d('headers.x-a', '(absent)', 'x')), 'absent');
  t.equal(list.explain('any', d('headers.x-a', 'y', 'x')), undefined, 'real does not match');
  t.equal(list.explain('any', d('headers.x-a', '(absent)', 'z')), undefined, 'emulator neither');

  t.ok(glob('custom.*').test('custom.roles.agent'));
  t.notOk(glob('custom.*').test('xcustom.roles'));
  t.ok(glob('a.b').test('a.b'));
  t.notOk(glob('a.b').test('axb'), 'a dot is a dot');
  t.ok(glob('body.user (key order)').test('body.user (key order)'), 'parentheses are literal');
});

t.test("a length or ETag difference follows its step's body", async (t) => {
  const list = new Divergences([
    { id: 'hash', reason: 'r', cases: ['c'], fields: ['body.user.password'] },
  ]);
  const explained: Difference[] = [
    { step: 1, field: 'body.user.password', real: 'h', emulator: '(absent)' },
    { step: 1, field: 'headers.content-length', real: '90', emulator: '80' },
    { step: 2, field: 'headers.etag', real: 'W/"1-<hash>"', emulator: 'W/"2-<hash>"' },
  ];
  explainAll(list, 'c', explained);
  t.same(
    explained.map((d) => d.divergence),
    ['hash', 'hash', undefined],
    'not the ETag of another step',
  );
  const open: Difference[] = [
    { step: 1, field: 'body.user.password', real: 'h', emulator: '(absent)' },
    { step: 1, field: 'body.user.email', real: 'a', emulator: 'b' },
    { step: 1, field: 'headers.content-length', real: '90', emulator: '80' },
  ];
  explainAll(list, 'c', open);
  t.same(
    open.map((d) => d.divergence),
    ['hash', undefined, undefined],
    'not while the body has an open difference',
  );
});

t.test('the request target under a base path', async (t) => {
  t.equal(requestTarget('', '/auth/signin'), '/auth/signin');
  t.equal(requestTarget('/v3', '/auth/signin'), '/v3/auth/signin');
  t.equal(requestTarget('/v3', 'http://h:1/auth/signin?x'), 'http://h:1/v3/auth/signin?x');
  t.equal(requestTarget('/v3', 'http://h'), 'http://h/v3');
  t.equal(requestTarget('/v3', '*'), '*');
});
