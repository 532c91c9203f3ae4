/**
 * Requests that are legal but unusual, answered as the real server 2.19.16 answers them (each
 * checked against it, conformance/cases/transport-*): compressed bodies, charsets, a BOM, the
 * absolute-form request target, and what Express adds to every answer.
 */

import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { request } from 'undici';
import { emulator, JANE, rawExchange, send } from '../helpers.js';

const SERVER_ERROR = { err: 'error' };

async function post(url: string, body: Buffer, headers: Record<string, string>) {
  const res = await request(`${url}/auth/signin`, { method: 'POST', headers, body });
  const text = await res.body.text();
  return { status: res.statusCode, headers: res.headers, text };
}

t.test('Content-Encoding: gzip and deflate are inflated, others refused', async (t) => {
  const { url } = await emulator(t);
  const json = Buffer.from(JSON.stringify(JANE));
  const type = { 'content-type': 'application/json' };
  for (const [encoding, bytes] of [
    ['gzip', gzipSync(json)],
    ['GZIP', gzipSync(json)],
    ['deflate', deflateSync(json)],
    ['identity', json],
  ] as const) {
    const res = await post(url, bytes, { ...type, 'content-encoding': encoding });
    t.equal(res.status, 200, `${encoding}: signed in`);
  }
  for (const [encoding, bytes] of [
    ['br', brotliCompressSync(json)],
    ['x-unknown', json],
    ['gzip', json], // says gzip, is not
    ['gzip, identity', gzipSync(json)],
  ] as const) {
    const res = await post(url, bytes, { ...type, 'content-encoding': encoding });
    t.equal(res.status, 500, `${encoding}: refused`);
    t.same(JSON.parse(res.text), SERVER_ERROR);
    t.notOk(res.headers['access-control-allow-origin'], 'before cors, as body-parser answers');
    t.match(String(res.headers['x-emulator-diagnostic']), /Content-Encoding|inflate/);
  }
  const big = gzipSync(JSON.stringify({ email: 'a'.repeat(600_000) }));
  t.ok(big.length < 10_000, 'small on the wire');
  const res = await post(url, big, { ...type, 'content-encoding': 'gzip' });
  t.equal(res.status, 413, 'the limit applies to the inflated body');
  t.same(JSON.parse(res.text), { err: 'Request entity too large', limit: 512_000 });
});

t.test('a body is decoded in its charset, a BOM dropped', async (t) => {
  const { url } = await emulator(t);
  const text = JSON.stringify(JANE);
  const cases: [string, Buffer, number][] = [
    ['application/json', Buffer.from(`\ufeff${text}`), 200],
    ['application/json; charset=utf-16', Buffer.from(`\ufeff${text}`, 'utf16le'), 200],
    ['application/json; charset=utf-16', Buffer.from(text), 500],
    ['application/json; charset=utf-16le', Buffer.from(text), 500],
    ['application/json; charset=utf-foo', Buffer.from(text), 500],
    ['application/json; charset=latin1', Buffer.from(text), 500],
    [
      'application/x-www-form-urlencoded',
      Buffer.from(`\ufeff${new URLSearchParams(JANE).toString()}`),
      200,
    ],
  ];
  for (const [type, bytes, status] of cases) {
    const res = await post(url, bytes, { 'content-type': type });
    t.equal(res.status, status, `${type} ${bytes.subarray(0, 2).toString('hex')}…: ${status}`);
  }
});

t.test('an absolute-form request target is routed by its path', async (t) => {
  const { url } = await emulator(t);
  const body = JSON.stringify(JANE);
  const exchange = (target: string) =>
    rawExchange(
      url,
      `POST ${target} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
    );
  t.match(await exchange('http://127.0.0.1:3000/auth/signin'), /^HTTP\/1\.1 200 /);
  t.match(await exchange('HTTP://Example.COM/AUTH/signin?x=1'), /^HTTP\/1\.1 200 /);
  t.match(await exchange('/auth/signin#fragment'), /^HTTP\/1\.1 200 /, 'a fragment is dropped');
  t.match(
    await exchange('http://example.com/x/../auth/signin'),
    /^HTTP\/1\.1 400 [\s\S]*\{"error":"Invalid project id: x"\}$/,
  );
  t.match(await exchange('http://example.com'), /^HTTP\/1\.1 404 /);
});

t.test('the asterisk-form target (`OPTIONS *`): no route, no session cookie', async (t) => {
  const { url } = await emulator(t);
  const exchange = (method: string) =>
    rawExchange(
      url,
      `${method} * HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`,
    );
  const get = await exchange('GET');
  // finalhandler's page, as the real server 2.19.16 answers (not the `/:projectid` 400).
  t.match(get, /^HTTP\/1\.1 404 /);
  t.match(get, /<pre>Cannot GET \*<\/pre>/);
  t.notMatch(get, /set-cookie/i, "express-session skips a path outside its cookie's");
  const options = await exchange('OPTIONS');
  t.match(options, /^HTTP\/1\.1 204 /);
  t.notMatch(options, /set-cookie/i);
  t.match(await exchange('POST'), /<pre>Cannot POST \*<\/pre>/);
});

t.test('what Express adds: X-Powered-By, and the connection kept after a body error', async (t) => {
  const { url } = await emulator(t);
  const ok = await send(url, '/auth/signin', JANE);
  t.equal(ok.headers['x-powered-by'], 'Express');
  const unrouted = await send(url, '/nowhere', {});
  t.equal(unrouted.headers['x-powered-by'], 'Express', 'on the 404 page too');
  const control = await send(url, '/__emulator/health', undefined, { method: 'GET' });
  t.notOk(control.headers['x-powered-by'], 'not on the control API');
  const malformed = await post(url, Buffer.from('{"email":'), {
    'content-type': 'application/json',
  });
  t.equal(malformed.status, 500);
  t.equal(malformed.headers.connection, 'keep-alive', 'the whole body was read: kept');
  t.equal(malformed.headers['keep-alive'], 'timeout=5');
});

t.test('a new user is serialised in mongoose key order: status first', async (t) => {
  const { url } = await emulator(t);
  const res = await send(url, '/auth/signup', {
    email: 'order@example.com',
    password: 'order-password',
    firstname: 'Or',
    lastname: 'Der',
  });
  t.equal(res.status, 200);
  t.match(
    res.text,
    /^\{"success":true,"msg":"Successfully created new user.","user":\{"status":100,"_id":"[0-9a-f]{24}","email":"order@example.com","firstname":"Or","lastname":"Der","emailverified":false,"createdAt":"[^"]+","updatedAt":"[^"]+","__v":0\}\}$/,
  );
});

// ---- body boundaries ----------------------------------------------------------------------------

/**
 * body-parser's boundaries (src/tiledesk/body-parsers.ts), each answered as tiledesk-server
 * 2.19.16 answers it: the 500 KB limit at its last byte (JSON, a form, a gzip body once
 * inflated, a GET's body with or without Content-Length), the charset parameter's forms, and the
 * whitespace strict JSON may start with.
 */

const LIMIT = 512_000;
const TOO_LARGE = '{"err":"Request entity too large","limit":512000}';
const SERVER_ERROR_TEXT = '{"err":"error"}';

/** Jane's credentials as JSON of exactly `size` bytes (a padding field the route ignores). */
function janeJson(size: number): string {
  const base = JSON.stringify({ ...JANE, pad: '' });
  return base.replace('"pad":""', `"pad":"${'x'.repeat(size - base.length)}"`);
}

/** Jane's credentials as a form of exactly `size` bytes. */
function janeForm(size: number): string {
  const base = `${new URLSearchParams(JANE).toString()}&pad=`;
  return base + 'x'.repeat(size - base.length);
}

t.test('body-parser boundaries', async (t) => {
  const { url } = await emulator(t);
  async function exchange(
    headers: Record<string, string>,
    body: Buffer | string | Readable,
    method = 'POST',
  ) {
    const path = method === 'GET' ? '/users' : '/auth/signin';
    const res = await request(`${url}${path}`, { method, headers, body });
    return { status: res.statusCode, text: await res.body.text() };
  }
  const JSON_TYPE = { 'content-type': 'application/json' };
  const FORM_TYPE = { 'content-type': 'application/x-www-form-urlencoded' };

  t.test('500 KB is read to its last byte; one more is 413', async (t) => {
    t.equal(janeJson(LIMIT).length, LIMIT);
    t.equal((await exchange(JSON_TYPE, janeJson(LIMIT))).status, 200, 'JSON of 512,000 bytes');
    t.strictSame(await exchange(JSON_TYPE, janeJson(LIMIT + 1)), { status: 413, text: TOO_LARGE });
    t.equal(janeForm(LIMIT).length, LIMIT);
    t.equal((await exchange(FORM_TYPE, janeForm(LIMIT))).status, 200, 'a form of 512,000 bytes');
    t.strictSame(await exchange(FORM_TYPE, janeForm(LIMIT + 1)), { status: 413, text: TOO_LARGE });
  });

  t.test('a gzip body is measured once inflated', async (t) => {
    const gzip = { ...JSON_TYPE, 'content-encoding': 'gzip' };
    t.equal((await exchange(gzip, gzipSync(janeJson(LIMIT)))).status, 200);
    t.strictSame(await exchange(gzip, gzipSync(janeJson(LIMIT + 1))), {
      status: 413,
      text: TOO_LARGE,
    });
  });

  t.test("a GET's body too: by its Content-Length, or as it streams (chunked)", async (t) => {
    t.equal((await exchange(JSON_TYPE, janeJson(LIMIT), 'GET')).status, 401, 'read, then routed');
    t.strictSame(await exchange(JSON_TYPE, janeJson(LIMIT + 1), 'GET'), {
      status: 413,
      text: TOO_LARGE,
    });
    const chunked = (size: number) => {
      const text = janeJson(size);
      return Readable.from([Buffer.from(text.slice(0, 1000)), Buffer.from(text.slice(1000))]);
    };
    t.equal((await exchange(JSON_TYPE, chunked(LIMIT), 'GET')).status, 401);
    t.strictSame(await exchange(JSON_TYPE, chunked(LIMIT + 1), 'GET'), {
      status: 413,
      text: TOO_LARGE,
    });
  });

  t.test('the charset parameter: any case, quoted or spaced; JSON in utf-* only', async (t) => {
    const json = janeJson(100);
    const read: [string, Buffer][] = [
      // In UTF-16 (read as UTF-8 it would be malformed): the charset was found in each form.
      ['application/json; charset="utf-16le"', Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['application/json; CHARSET=UTF-16LE', Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['application/json; charset = utf-16le', Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['application/json;charset=utf-16le', Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['application/json; charset=utf-16le', Buffer.from(`\ufeff${json}`, 'utf16le')],
      ['application/json; charset=utf-16be', Buffer.from(json, 'utf16le').swap16()],
      ['application/json; charset=utf-7', Buffer.from(json)],
      [
        'application/x-www-form-urlencoded; charset=UTF-8',
        Buffer.from(new URLSearchParams(JANE).toString()),
      ],
    ];
    for (const [type, bytes] of read) {
      t.equal((await exchange({ 'content-type': type }, bytes)).status, 200, type);
    }
    const refused: [string, Buffer][] = [
      ['application/json; charset=utf8', Buffer.from(json)],
      ['application/json; charset=us-ascii', Buffer.from(json)],
      ['application/json; charset=utf-32', Buffer.from(json)],
      [
        'application/x-www-form-urlencoded; charset=utf8',
        Buffer.from(new URLSearchParams(JANE).toString()),
      ],
      [
        'application/x-www-form-urlencoded; charset=latin1',
        Buffer.from(new URLSearchParams(JANE).toString()),
      ],
      [
        'application/x-www-form-urlencoded; charset=utf-16',
        Buffer.from(new URLSearchParams(JANE).toString(), 'utf16le'),
      ],
    ];
    for (const [type, bytes] of refused) {
      t.strictSame(
        await exchange({ 'content-type': type }, bytes),
        { status: 500, text: SERVER_ERROR_TEXT },
        type,
      );
    }
  });

  t.test('strict JSON may start after spaces, tabs and line ends only', async (t) => {
    const json = janeJson(100);
    const feed = await request(`${url}/auth/signin`, {
      method: 'POST',
      headers: JSON_TYPE,
      body: `\f${json}`,
    });
    await feed.body.text();
    t.equal(
      feed.headers['x-emulator-diagnostic'],
      'the JSON body must start with "{" or "[" (body-parser strict mode), it starts with "\\f"',
      'a form feed is no JSON whitespace',
    );
    t.equal((await exchange(JSON_TYPE, ` \t\n\r${json}`)).status, 200);
    t.equal((await exchange(JSON_TYPE, ' []')).status, 422, 'a list is JSON too (then invalid)');
    const refused: [string, string][] = [
      ['a form feed', `\f${json}`],
      ['a no-break space', `\u00a0${json}`],
      ['spaces only', '   '],
    ];
    for (const [name, body] of refused) {
      t.strictSame(await exchange(JSON_TYPE, body), { status: 500, text: SERVER_ERROR_TEXT }, name);
    }
  });
});
