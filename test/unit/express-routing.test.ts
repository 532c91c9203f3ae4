import t from 'tap';
import type { Operation } from '../../src/openapi.js';
import { expressRouting, MALFORMED_PARAM, UNROUTED } from '../../src/tiledesk/express.js';
import { originForm } from '../../src/tiledesk/request-target.js';

/** The fields expressRouting reads, for paths as the spec writes them. */
function op(path: string, mount = `/${path.split('/')[1]}`): Operation {
  return { path, mount } as Operation;
}

const operations = [
  op('/auth/signin'),
  op('/auth/verifyemail/{userid}/{code}'),
  op('/users'),
  op('/chat21/native/auth/createCustomToken', '/chat21/native/auth'),
];
const route = expressRouting(operations, ['', '/v3'], ['/__emulator']);

t.test(
  'paths without parameters: the spelling Express accepts becomes the registered one',
  async (t) => {
    for (const [url, routed] of [
      ['/auth/signin', '/auth/signin'],
      ['/AUTH/SignIn/', '/auth/signin'],
      ['/auth//signin?x=1', '/auth/signin?x=1'],
      ['/v3/Auth/signin', '/v3/auth/signin'],
      ['/users', '/users'],
      ['/Users/', '/users'],
      ['/users//', '/users'],
      ['/chat21/native/auth/createCustomToken', '/chat21/native/auth/createCustomToken'],
      ['/CHAT21/native/auth//createcustomtoken/', '/chat21/native/auth/createCustomToken'],
    ] as const) {
      t.equal(route(url), routed, url);
    }
  },
);

t.test('paths with parameters keep each parameter as sent, for Fastify to decode', async (t) => {
  for (const [url, routed] of [
    ['/auth/verifyemail/abc/123', '/auth/verifyemail/abc/123'],
    ['/AUTH/VerifyEmail/abc/123/', '/auth/verifyemail/abc/123'],
    ['/auth//verifyemail/a%2Fb/c%20d?q=1', '/auth/verifyemail/a%2Fb/c%20d?q=1'],
    ['/v3/auth/verifyemail/X/Y', '/v3/auth/verifyemail/X/Y'],
  ] as const) {
    t.equal(route(url), routed, url);
  }
});

t.test('a parameter that is not valid percent-encoding goes to the 500 route', async (t) => {
  t.equal(route('/auth/verifyemail/%E0/x'), MALFORMED_PARAM);
  t.equal(route('/auth/verifyemail/a/%?q=1'), `${MALFORMED_PARAM}?q=1`);
});

t.test('anything else goes to the catch-all; the emulator own paths stay', async (t) => {
  for (const url of [
    '/auth/verifyemail/a/b/c',
    '/auth/verifyemail//b',
    '/auth/verifyemail/a',
    '/auth/signinx',
    '/usersx',
    '/users///',
    '/chat21/native/createCustomToken',
    '/v2/auth/signin',
  ]) {
    t.equal(route(url), UNROUTED, url);
  }
  t.equal(route('/__emulator/health?x=1'), '/__emulator/health?x=1');
});

// ---- request target -----------------------------------------------------------------------------

/**
 * originForm(): the request target as Express routes it. The answers in comments are the real
 * server's (2.19.16) to the same request line, sent over a raw socket. Node's parser refuses
 * (400) a target that starts with `#`, a scheme with other characters than letters, and `http:/h`.
 */

t.test('an origin-form target is kept, less its fragment', async (t) => {
  t.equal(originForm('/auth/signin'), '/auth/signin');
  t.equal(originForm('/auth/signin?x=1'), '/auth/signin?x=1');
  t.equal(originForm('/auth/signin#top'), '/auth/signin');
  t.equal(originForm('/auth/signin?x=1#top#more'), '/auth/signin?x=1', 'from the first #');
  t.equal(originForm('*'), '*', 'the asterisk form');
});

t.test('an absolute-form target is routed by its path (and query)', async (t) => {
  t.equal(originForm('http://127.0.0.1:3000/auth/signin'), '/auth/signin');
  t.equal(originForm('HTTP://Example.COM/AUTH/signin?x=1'), '/AUTH/signin?x=1', 'any case');
  t.equal(originForm('https://host/auth/signin'), '/auth/signin');
  t.equal(originForm('http://user:pw@host:1/a/b'), '/a/b', 'userinfo is part of the host');
  t.equal(originForm('http://host'), '/', 'no path: /');
  t.equal(originForm('http://host?x=1'), '/?x=1', 'the query alone');
  t.equal(originForm('http://host/a#b'), '/a', 'without its fragment');
  t.equal(originForm('http://host#b'), '/');
});

t.test('a target that only contains a URL is not absolute-form', async (t) => {
  // The real server answers `POST /x?next=http://h/auth/signin` with the `/:projectid` route's
  // 400 {"error":"Invalid project id: x"}: the URL in the query is not the target.
  t.equal(originForm('/x?next=http://h/auth/signin'), '/x?next=http://h/auth/signin');
  // 400 {"error":"Invalid project id: http:"}
  t.equal(originForm('/http://h/auth/signin'), '/http://h/auth/signin');
});
