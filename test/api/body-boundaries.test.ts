/**
 * body-parser's boundaries (src/tiledesk/body-parsers.ts), each answered as tiledesk-server
 * 2.19.16 answers it: the 500 KB limit at its last byte (JSON, a form, a gzip body once
 * inflated, a GET's body with or without Content-Length), the charset parameter's forms, and the
 * whitespace strict JSON may start with.
 */
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import t from 'tap';
import { request } from 'undici';
import { emulator, JANE } from '../helpers.js';

const LIMIT = 512_000;
const TOO_LARGE = '{"err":"Request entity too large","limit":512000}';
const SERVER_ERROR = '{"err":"error"}';

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
        { status: 500, text: SERVER_ERROR },
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
      t.strictSame(await exchange(JSON_TYPE, body), { status: 500, text: SERVER_ERROR }, name);
    }
  });
});
