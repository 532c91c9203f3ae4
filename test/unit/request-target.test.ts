/**
 * originForm(): the request target as Express routes it. The answers in comments are the real
 * server's (2.19.16) to the same request line, sent over a raw socket. Node's parser refuses
 * (400) a target that starts with `#`, a scheme with other characters than letters, and `http:/h`.
 */
import t from 'tap';
import { originForm } from '../../src/tiledesk/request-target.js';

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
