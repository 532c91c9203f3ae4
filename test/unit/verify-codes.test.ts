/**
 * The store's verification codes and password reset keys (issue 25): kept in the store file,
 * expired codes dropped as new ones come, the oldest past --max-verify-codes, and a reset key
 * found by its value until it is used ('' then).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadFixtures } from '../../src/emulator/fixtures.js';
import { createStore } from '../../src/store/index.js';
import type { Data, VerifyCodeRecord } from '../../src/store/records.js';
import { createIds } from '../../src/tiledesk/ids.js';

const JANE_ID = '65f0a0000000000000000002';

async function seed(): Promise<Data> {
  const fixtures = await loadFixtures(join(import.meta.dirname, '../../fixtures/seed.json'), {
    config: { bcryptCost: 4, now: () => new Date() },
  });
  return fixtures.data;
}

function code(id: string, createdAt: string, seconds = 900): VerifyCodeRecord {
  const expiresAt = new Date(new Date(createdAt).getTime() + seconds * 1000).toISOString();
  return { _id: id, user_id: JANE_ID, email: 'jane.doe@example.com', createdAt, expiresAt };
}

t.test('codes are kept, found, written to the file and read back', async (t) => {
  const file = join(t.testdir(), 'store.json');
  const store = await createStore({ file, seed: await seed() });
  const now = new Date('2026-02-01T10:00:00.000Z');
  await store.insertVerifyCode(code('c1', now.toISOString()), now);
  t.same(store.findVerifyCode('c1')?.user_id, JANE_ID);
  t.equal(store.findVerifyCode('c2'), undefined);
  await store.close();
  const again = await createStore({ file, seed: await seed() });
  t.teardown(() => again.close());
  t.equal(again.findVerifyCode('c1')?._id, 'c1', 'replayed from the log');
  await again.flush();
  const onDisk = JSON.parse(readFileSync(file, 'utf8')) as Data;
  t.same(
    onDisk.verify_codes?.map((c) => c._id),
    ['c1'],
  );
});

t.test('a new code drops the expired ones, in memory and in the file', async (t) => {
  const file = join(t.testdir(), 'store.json');
  const store = await createStore({ file, seed: await seed() });
  await store.insertVerifyCode(
    code('old', '2026-02-01T10:00:00.000Z'),
    new Date('2026-02-01T10:00:00.000Z'),
  );
  await store.insertVerifyCode(
    code('mid', '2026-02-01T10:10:00.000Z'),
    new Date('2026-02-01T10:10:00.000Z'),
  );
  // 15 minutes after the first: it has expired, the second has not.
  const later = new Date('2026-02-01T10:15:00.000Z');
  await store.insertVerifyCode(code('new', later.toISOString()), later);
  t.equal(store.findVerifyCode('old'), undefined);
  t.same(
    store.data.verify_codes?.map((c) => c._id),
    ['mid', 'new'],
  );
  await store.close();
  const again = await createStore({ file, seed: await seed() });
  t.teardown(() => again.close());
  t.same(
    again.data.verify_codes?.map((c) => c._id),
    ['mid', 'new'],
  );
  t.equal(again.findVerifyCode('old'), undefined);
});

const LIMIT = 5;
t.test(`at most --max-verify-codes (${LIMIT}) codes: the oldest goes first`, async (t) => {
  const store = await createStore({ file: null, seed: await seed(), maxVerifyCodes: LIMIT });
  const now = new Date('2026-02-01T10:00:00.000Z');
  for (let i = 0; i <= LIMIT; i++) {
    await store.insertVerifyCode(code(`c${i}`, now.toISOString()), now);
  }
  t.equal(store.data.verify_codes?.length, LIMIT);
  t.equal(store.findVerifyCode('c0'), undefined);
  t.ok(store.findVerifyCode(`c${LIMIT}`));
});

t.test('a reset drops the codes', async (t) => {
  const store = await createStore({ file: null, seed: await seed() });
  const now = new Date();
  await store.insertVerifyCode(code('c1', now.toISOString()), now);
  await store.reset();
  t.equal(store.findVerifyCode('c1'), undefined);
});

t.test('a reset key finds its user until it is used', async (t) => {
  const store = await createStore({ file: null, seed: await seed() });
  await store.updateUser(JANE_ID, { resetpswrequestid: 'k1' });
  t.equal(store.findUserByResetKey('k1')?._id, JANE_ID);
  await store.updateUser(JANE_ID, { resetpswrequestid: 'k2' });
  t.equal(store.findUserByResetKey('k1'), undefined, 'a new request replaces the key');
  t.equal(store.findUserByResetKey('k2')?._id, JANE_ID);
  await store.updateUser(JANE_ID, { resetpswrequestid: '' });
  t.equal(store.findUserByResetKey('k2'), undefined);
  t.equal(store.findUserByResetKey(''), undefined);
});

t.test('uniqid: the process part, then strictly increasing times in base 36', async (t) => {
  const ids = createIds();
  const now = new Date('2026-02-01T10:00:00.000Z');
  const time = now.getTime().toString(36);
  const first = ids.uniqid(now);
  const second = ids.uniqid(now);
  t.equal(first, `${process.pid.toString(36)}${time}`);
  t.equal(second, `${process.pid.toString(36)}${(now.getTime() + 1).toString(36)}`);
  t.equal(createIds(7).uniqid(now), createIds(7).uniqid(now), 'the same with a seed');
});
