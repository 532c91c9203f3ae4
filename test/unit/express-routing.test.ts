import t from 'tap';
import type { Operation } from '../../src/openapi.js';
import { expressRouting, MALFORMED_PARAM, UNROUTED } from '../../src/tiledesk/express.js';

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
