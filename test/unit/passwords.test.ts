/**
 * src/tiledesk/passwords.ts: bcrypt hashes as the real server makes them, and the cache of
 * comparisons: bounded (every wrong password a client tries is one more comparison), shared by
 * concurrent sign-ins, and exact in its answers. The cache's tests come first, so that the first
 * starts with the module's cache empty.
 */

import bcryptjs from 'bcryptjs';
import t from 'tap';
import {
  COMPARISONS_KEPT,
  cachedComparisons,
  hashPassword,
  verifyPassword,
} from '../../src/tiledesk/passwords.js';

const MALFORMED = 'not a hash';

t.test('keeps COMPARISONS_KEPT comparisons, dropping the oldest first', async (t) => {
  t.equal(cachedComparisons(), 0, 'empty at first');
  const oldest = verifyPassword('p0', MALFORMED);
  const second = verifyPassword('p1', MALFORMED);
  t.equal(cachedComparisons(), 2);
  const all: Promise<boolean>[] = [oldest, second];
  for (let i = 2; i < COMPARISONS_KEPT; i++) all.push(verifyPassword(`p${i}`, MALFORMED));
  t.equal(cachedComparisons(), COMPARISONS_KEPT, 'full');
  t.equal(verifyPassword('p0', MALFORMED), oldest, 'a kept comparison asked again: nothing goes');
  t.equal(cachedComparisons(), COMPARISONS_KEPT);
  all.push(verifyPassword('one more', MALFORMED));
  t.equal(cachedComparisons(), COMPARISONS_KEPT, 'one more came, one went');
  t.equal(verifyPassword('p1', MALFORMED), second, 'the second is kept');
  t.not(verifyPassword('p0', MALFORMED), oldest, 'the oldest went');
  t.equal(cachedComparisons(), COMPARISONS_KEPT);
  t.ok((await Promise.all(all)).every((answer) => answer === false));
});

t.test('a comparison made or under way is answered by the same promise', async (t) => {
  const hash = await hashPassword('pw', 4);
  const first = verifyPassword('pw', hash);
  t.equal(verifyPassword('pw', hash), first, 'under way: one bcrypt run for both');
  t.equal(await first, true);
  t.equal(verifyPassword('pw', hash), first, 'made: the same answer');
  t.not(verifyPassword('pw ', hash), first, 'another password is another comparison');
  t.not(verifyPassword('pw', await hashPassword('pw', 4)), first, 'another hash too');
});

t.test('every refusal is false, exactly (not another falsy value)', async (t) => {
  t.equal(await verifyPassword('pw', MALFORMED), false, 'a malformed hash');
  // An error of bcrypt's own is a refusal too, never a sign-in: the store keeps strings, so the
  // error is made here with bytes that are no UTF-8, which bcrypt rejects (asynchronously).
  const unreadable = Buffer.from([0xff, 0xfe]) as unknown as string;
  t.equal(await verifyPassword('pw', unreadable), false, 'a hash bcrypt cannot read');
  t.equal(await verifyPassword(42, MALFORMED), false, 'a password that is no string');
  t.equal(await verifyPassword('wrong', await hashPassword('pw', 4)), false, 'a wrong password');
});

t.test('new hashes are $2a$, as bcrypt-nodejs writes and accepts them', async (t) => {
  const hash = await hashPassword('a password', 4);
  t.match(hash, /^\$2a\$04\$[./A-Za-z0-9]{53}$/);
  t.ok(await bcryptjs.compare('a password', hash), 'another bcrypt implementation agrees');
  t.ok(await verifyPassword('a password', hash));
  t.notOk(await verifyPassword('another password', hash));
});

t.test('hashes made elsewhere verify; anything odd is a wrong password', async (t) => {
  const b = await bcryptjs.hash('pw', 4);
  t.match(b, /^\$2b\$/);
  t.ok(await verifyPassword('pw', b));
  t.ok(await verifyPassword('pw', b.replace('$2b$', '$2y$')));
  t.notOk(await verifyPassword('pw', 'not a hash'));
  t.notOk(await verifyPassword(42, b));
  t.notOk(await verifyPassword(['pw'], b));
});
