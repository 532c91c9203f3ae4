/**
 * The emulator's ids: ObjectIds as the real server's MongoDB driver makes them, v4 uuids (a
 * token's jti), uniqid() codes, and with --seed the same ids in the same order on every run, so
 * that a recorded run's answers stay byte-identical from one version to the next.
 */
import t from 'tap';
import {
  castObjectId,
  castObjectIdsInQuery,
  createIds,
  isObjectId,
  objectId,
} from '../../src/tiledesk/ids.js';

const NOW = new Date('2026-03-01T10:00:00.000Z');
const SECONDS = '69a40e20'; // NOW in seconds, hexadecimal
const OBJECT_ID = /^[0-9a-f]{24}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** mulberry32 as its author published it, 32 bits an output. */
function mulberry32(seed: number): () => number {
  let a = seed | 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return (x ^ (x >>> 14)) >>> 0;
  };
}

t.test('objectId: the time in seconds, 5 bytes of this process, a counter', async (t) => {
  const first = objectId(NOW);
  const second = objectId(NOW);
  t.match(first, OBJECT_ID);
  t.equal(first.slice(0, 8), SECONDS);
  t.equal(second.slice(0, 18), first.slice(0, 18), 'the same process part');
  t.equal(
    Number.parseInt(second.slice(18), 16),
    (Number.parseInt(first.slice(18), 16) + 1) % 0xffffff,
    'the counter goes up by one',
  );
  t.equal(objectId(new Date(0)).slice(0, 8), '00000000', 'eight digits');
  t.equal(objectId(new Date(-1000)).slice(0, 8), 'ffffffff', 'four bytes, as bson writes them');
  t.equal(objectId(new Date(2 ** 32 * 1000 + 5000)).slice(0, 8), '00000005');
});

t.test('without a seed: random uuids, Math.random, the process id in uniqid', async (t) => {
  const ids = createIds();
  t.match(ids.uuid(), UUID_V4);
  t.not(ids.uuid(), ids.uuid());
  t.match(ids.objectId(NOW), OBJECT_ID);
  t.equal(ids.objectId(NOW).slice(0, 8), SECONDS);
  const random = ids.random();
  t.ok(random >= 0 && random < 1);
  t.equal(ids.uniqid(NOW), process.pid.toString(36) + NOW.getTime().toString(36));
});

t.test('uniqid: strictly increasing times, the clock when it has moved on', async (t) => {
  const ids = createIds();
  const pid = process.pid.toString(36);
  const at = (ms: number) => pid + ms.toString(36);
  const time = NOW.getTime();
  t.equal(ids.uniqid(NOW), at(time));
  t.equal(ids.uniqid(NOW), at(time + 1), 'the same millisecond: one more');
  t.equal(ids.uniqid(new Date(time - 5000)), at(time + 2), 'a clock set back: one more');
  t.equal(ids.uniqid(new Date(time + 60_000)), at(time + 60_000), 'later: the clock');
});

t.test('with a seed: the same ids, in the same order, on every run', async (t) => {
  const ids = createIds(1);
  // What a run with --seed 1 gives: any change here changes every seeded answer.
  t.equal(ids.objectId(NOW), '69a40e20f3c9ebfd2bf66631');
  t.equal(ids.objectId(NOW), '69a40e20f3c9ebfd2bf66632');
  t.equal(ids.uuid(), 'f05c7071-0a2e-4d22-a0b2-ca16810c0b41');
  t.equal(ids.uuid(), '93639d9a-84fe-44bc-9ca6-d20a25c3dc39');
  t.equal(ids.uniqid(NOW), 'rtmm7kwn40', 'a process id of 1001');
  t.equal(ids.uniqid(NOW), 'rtmm7kwn41');
  t.equal(createIds(30_001).uniqid(NOW), 'rtmm7kwn40', 'seed % 30000');
  t.equal(createIds(0).uuid(), '5fe6812a-c605-4307-aea6-49462c3ecde9');
  t.equal(createIds(8).objectId(NOW), '69a40e20d39ba3670d0bd021', 'a counter of six digits');
  t.equal(createIds(2 ** 32 + 1).objectId(NOW), '69a40e20f3c9ebfd2bf66631', 'seeds are 32 bits');
  t.equal(createIds(7).objectId(new Date(0)).slice(0, 8), '00000000');
  t.equal(createIds(7).objectId(new Date(-1000)).slice(0, 8), 'ffffffff');
});

t.test('with a seed: random() is mulberry32, after the 6 draws of the process part', async (t) => {
  for (const seed of [0, 1, 7, 123_456_789, 2 ** 32 - 1]) {
    const ids = createIds(seed);
    const reference = mulberry32(seed);
    for (let i = 0; i < 6; i++) reference();
    const expected = Array.from({ length: 50 }, () => reference() / 2 ** 32);
    t.strictSame(
      Array.from({ length: 50 }, () => ids.random()),
      expected,
      `seed ${seed}`,
    );
  }
});

t.test('with a seed: v4 uuids and ObjectIds of the right form', async (t) => {
  const ids = createIds(42);
  const uuids = Array.from({ length: 200 }, () => ids.uuid());
  t.equal(uuids.filter((uuid) => UUID_V4.test(uuid)).length, 200);
  t.equal(new Set(uuids).size, 200, 'all different');
  const objectIds = Array.from({ length: 200 }, () => ids.objectId(NOW));
  t.equal(objectIds.filter((id) => OBJECT_ID.test(id) && id.startsWith(SECONDS)).length, 200);
  t.equal(new Set(objectIds).size, 200);
});

t.test('isObjectId: 24 hexadecimal digits, a string', async (t) => {
  t.ok(isObjectId('65f0a0000000000000000002'));
  t.ok(isObjectId('65F0A0000000000000000ABC'), 'upper case too');
  for (const value of [
    '65f0a000000000000000002',
    '65f0a00000000000000000022',
    '65f0a000000000000000000g',
    ' 65f0a000000000000000002',
    '65f0a000000000000000002\n',
    '',
    ['65f0a0000000000000000002'],
    0x65f0a,
    undefined,
  ]) {
    t.notOk(isObjectId(value), JSON.stringify(value));
  }
});

t.test('castObjectId: what mongoose 5 saves into an ObjectId path', async (t) => {
  // Each value checked as the real server's signinAnonymously id_project: 200 when cast.
  const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');
  const cases: [unknown, string][] = [
    ['65F0A0000000000000000ABC', '65f0a0000000000000000abc'],
    ['abcdefghijkl', hex('abcdefghijkl')],
    ['abcdéfghijkl', hex('abcdéfghijkl')],
    [['65f0a0000000000000000002'], '65f0a0000000000000000002'],
    [[['65f0a0000000000000000002']], '65f0a0000000000000000002'],
    [['abcde', 'fghijk'], hex('abcde,fghijk')],
    [123456789012, hex('123456789012')],
    [[123456789012], hex('123456789012')],
    [-12345678901, hex('-12345678901')],
    [1.2345678901, hex('1.2345678901')],
    [{ _id: '65f0a0000000000000000002' }, '65f0a0000000000000000002'],
    [{ _id: 123456789012, x: 1 }, hex('123456789012')],
  ];
  for (const [value, id] of cases) t.equal(castObjectId(value), id, JSON.stringify(value));
  for (const value of [
    'abcdefghijk',
    'abcdéfghijk',
    'abcdefghijklm',
    '65f0a000000000000000000g',
    '',
    [],
    ['65f0a0000000000000000002', '65f0a0000000000000000002'],
    12,
    true,
    { _id: 0, x: 1 },
    { _id: '', toString: 'abcdefghijkl' },
    JSON.parse('{"toString":"x"}'),
    null,
    undefined,
  ]) {
    t.equal(castObjectId(value), undefined, JSON.stringify(value));
  }
});

t.test('castObjectIdsInQuery: an array is $in of its elements, each cast', async (t) => {
  // As the real server looks up a token's _id (GET /users: 200, 401 when not found, 500).
  const J = '65f0a0000000000000000002';
  t.strictSame(castObjectIdsInQuery(J.toUpperCase()), [J]);
  t.strictSame(castObjectIdsInQuery([J.toUpperCase()]), [J]);
  t.strictSame(castObjectIdsInQuery([[J]]), [J]);
  t.strictSame(castObjectIdsInQuery({ _id: J }), [J]);
  t.strictSame(castObjectIdsInQuery([{ _id: J }]), [J]);
  t.strictSame(castObjectIdsInQuery(123456789012), [castObjectId(123456789012)]);
  t.strictSame(castObjectIdsInQuery([]), [], 'matches nothing');
  t.strictSame(castObjectIdsInQuery([J, '65F0A0000000000000000001']), [
    J,
    '65f0a0000000000000000001',
  ]);
  t.equal(castObjectIdsInQuery(['abcde', 'fghijk']), undefined, 'each element is cast');
  t.equal(castObjectIdsInQuery([J, 'abcde']), undefined, 'one that fails fails the lookup');
  t.equal(castObjectIdsInQuery([[J, J]]), undefined, 'an inner array is its text');
  t.equal(castObjectIdsInQuery('x'), undefined);
  t.equal(castObjectIdsInQuery(undefined), undefined);
});
