/**
 * What PUT /auth/verifyemail/{userid}/{code} saves is read back after a restart: every value
 * the real server (mongoose) accepts for the user model's paths — nulls, any number for
 * `status` and `__v`, any value for `attributes`, dates outside the years 0000–9999 — is one the
 * store file holds and loads again (spec/control.yaml StoredUser).
 */
import t from 'tap';
import { emulator, findUserById, JANE, matchesSpec, send } from '../helpers.js';

const NOW = new Date('2026-02-01T10:00:00.000Z');

t.test('a user saved with odd values still loads from the store file', async (t) => {
  const db = `${t.testdir()}/store.json`;
  const first = await emulator(t, { db, now: () => NOW });
  const email = 'odd@example.com';
  const signup = await send(first.url, '/auth/signup', {
    email,
    password: 'pw',
    firstname: 'F',
    lastname: 'L',
  });
  const id = (signup.body as { user: { _id: string } }).user._id;
  const outbox = await send(first.url, `/__emulator/outbox?to=${email}`, undefined, {
    method: 'GET',
  });
  const code = (outbox.body as { code: string }[]).at(-1)?.code ?? '';
  const verify = (body: object) =>
    send(first.url, `/auth/verifyemail/${id}/${code}`, body, { method: 'PUT' });

  const res = await verify({
    firstname: null,
    lastname: null,
    phone: null,
    resetpswrequestid: null,
    status: null,
    __v: 1.5,
    attributes: [1, 'x'],
    signedInAt: 8640000000000000,
  });
  t.equal(res.status, 200);
  await matchesSpec(t, res, 'verifyEmail');
  t.match(res.body, { signedInAt: '+275760-09-13T00:00:00.000Z', status: null, __v: 1.5 });
  const dates = await verify({ signedInAt: '-271820', email: null });
  t.equal(dates.status, 200);
  await matchesSpec(t, dates, 'verifyEmail');
  const saved = await findUserById(first, id);
  t.match(saved, { email: null, signedInAt: '-271820-01-01T00:00:00.000Z', attributes: [1, 'x'] });
  await first.close();

  const second = await emulator(t, { db, now: () => NOW });
  t.strictSame(await findUserById(second, id), saved, 'loaded again, the same');
  t.equal((await send(second.url, '/auth/signin', JANE)).status, 200, 'and answers');
});
