/**
 * Values the real server (mongoose 5, bson 1) casts to an ObjectId that are not 24 hex digits:
 * the text of a number, of an array, or of an object's `_id`, when it is 12 characters or 24 hex
 * digits. Each answer below is the real server's (2.19.16) to the same request.
 */
import t from 'tap';
import { emulator, findProjectUser, JANE, PROJECT_ID, send } from '../helpers.js';
import { sign } from './users-helpers.js';

const JANE_ID = '65f0a0000000000000000002';
const hex = (text: string) => Buffer.from(text, 'latin1').toString('hex');

t.test('signinAnonymously: id_project is saved as mongoose casts it', async (t) => {
  const emu = await emulator(t);
  const cases: [unknown, string | undefined][] = [
    [123456789012, hex('123456789012')],
    [['abcde', 'fghijk'], hex('abcde,fghijk')],
    [{ _id: PROJECT_ID }, PROJECT_ID],
    [{ _id: 123456789012 }, hex('123456789012')],
    [12, undefined],
    [true, undefined],
    [{ _id: 0, x: 1 }, undefined],
  ];
  for (const [id_project, saved] of cases) {
    const res = await send(emu.url, '/auth/signinAnonymously', { id_project });
    const name = JSON.stringify(id_project);
    if (saved === undefined) {
      t.equal(res.status, 500, `${name}: 500`);
      t.strictSame(res.body, { success: false, msg: 'Error saving object.' });
      continue;
    }
    t.equal(res.status, 200, `${name}: 200`);
    const guest = (res.body as { user: { _id: string } }).user._id;
    const member = await findProjectUser(emu, { id_project: saved, uuid_user: guest });
    t.equal(member?.id_project, saved, `${name}: saved as ${saved}`);
  }
});

t.test("a user token's _id is looked up as mongoose casts it (an array is $in)", async (t) => {
  const emu = await emulator(t);
  const users = (_id: unknown) =>
    send(emu.url, '/users', undefined, {
      method: 'GET',
      headers: {
        authorization: `JWT ${sign({ _id, sub: 'user', email: JANE.email }, 'nodeauthsecret')}`,
      },
    });
  const jane = await users({ _id: JANE_ID });
  t.equal(jane.status, 200, '{ _id }: the user of that _id');
  t.equal((jane.body as { _id: string })._id, JANE_ID);
  t.equal((await users([[JANE_ID]])).status, 200, '[[id]]: its element');
  t.equal((await users(123456789012)).status, 401, 'a number of 12 digits: no such user');
  const pair = await users(['abcde', 'fghijk']);
  t.equal(pair.status, 500, 'each element of an array is cast');
  t.strictSame(pair.body, { err: 'error' });
});
