/**
 * Values the real server (mongoose 5, bson 1) casts to an ObjectId that are not 24 hex digits:
 * the text of a number, of an array, or of an object's `_id`, when it is 12 characters or 24 hex
 * digits. Each answer below is the real server's (2.19.16) to the same request.
 */
import t from 'tap';
import { emulator, findProjectUser, JANE, PROJECT_ID, send } from '../helpers.js';
import { sign } from './users-helpers.js';

const ADMIN_ID = '65f0a0000000000000000001';
const JANE_ID = '65f0a0000000000000000002';
const SUSPENDED_ID = '65f0a0000000000000000003';
const NOBODY = '65f0a00000000000000000ff';
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
  t.equal((await users(123456789012)).status, 401, 'a number of 12 digits: no such user');
  // User.findOne({ _id: { $in }, status: 100 }): the first active user in the store's order.
  // Each answer is the real server's, with the bundled fixtures.
  const cases: [string, unknown, number, string?][] = [
    ['[[id]]: its element', [[JANE_ID]], 200, JANE_ID],
    ['[{ _id }]: its _id', [{ _id: JANE_ID }], 200, JANE_ID],
    ['[]: no user', [], 401],
    ['[jane, admin]: admin, first in the store', [JANE_ID, ADMIN_ID], 200, ADMIN_ID],
    ['[admin, jane]: admin', [ADMIN_ID, JANE_ID], 200, ADMIN_ID],
    ['[suspended, jane]: jane, the active one', [SUSPENDED_ID, JANE_ID], 200, JANE_ID],
    ['[unknown, jane]: jane', [NOBODY, JANE_ID], 200, JANE_ID],
    ['[unknown, unknown]: no user', [NOBODY, NOBODY], 401],
    ['[jane, jane]: jane', [JANE_ID, JANE_ID], 200, JANE_ID],
    ['[suspended]: not active', [SUSPENDED_ID], 401],
    ['[[jane, admin]]: the inner array is its text, no ObjectId', [[JANE_ID, ADMIN_ID]], 500],
    ['[jane, "abcde"]: one cast that fails', [JANE_ID, 'abcde'], 500],
    ['["abcde", "fghijk"]: each element is cast', ['abcde', 'fghijk'], 500],
  ];
  for (const [name, _id, status, id] of cases) {
    const res = await users(_id);
    t.equal(res.status, status, name);
    if (status === 200) t.equal((res.body as { _id: string })._id, id, `${name}: ${id}`);
    if (status === 401) t.equal(res.text, 'Unauthorized', `${name}: passport's body`);
    if (status === 500) t.strictSame(res.body, { err: 'error' }, `${name}: the 500's body`);
  }
  // A user signed up now comes after the suspended one in the store: still the active one.
  const signup = await send(emu.url, '/auth/signup', {
    email: 'new.user@example.com',
    password: 'newpassword1',
    firstname: 'N',
    lastname: 'U',
  });
  const created = (signup.body as { user: { _id: string } }).user._id;
  const late = await users([created, SUSPENDED_ID]);
  t.equal(late.status, 200, '[new, suspended]: the new user, though later in the store');
  t.equal((late.body as { _id: string })._id, created);
});

t.test("a guest token's _id: GET /users finds the first user of its ids, any status", async (t) => {
  const emu = await emulator(t);
  const cases: [unknown, number, string?][] = [
    [[JANE_ID, ADMIN_ID], 200, ADMIN_ID],
    [[SUSPENDED_ID, JANE_ID], 200, JANE_ID],
    [[NOBODY, SUSPENDED_ID], 200, SUSPENDED_ID],
    [[], 404],
    [[NOBODY], 404],
  ];
  for (const [_id, status, id] of cases) {
    const token = sign({ _id, sub: 'guest', firstname: 'g' }, 'nodeauthsecret');
    const res = await send(emu.url, '/users', undefined, {
      method: 'GET',
      headers: { authorization: `JWT ${token}` },
    });
    const name = JSON.stringify(_id);
    t.equal(res.status, status, name);
    if (id) t.equal((res.body as { _id: string })._id, id, `${name}: ${id}`);
    else t.strictSame(res.body, { success: false, msg: 'Object not found.' });
  }
});
