/**
 * POST /auth/signinWithCustomToken for an agent without a user: the new user takes the token's
 * firstname and lastname as mongoose casts them to String paths (values read from
 * tiledesk-server 2.19.16, conformance cases custom.types.firstname.*): a scalar becomes a
 * string, null stays null, an object stands for its string `_id`; anything else fails the save,
 * where the real server never answers and the emulator answers 500 and saves nothing.
 */
import t from 'tap';
import { mintCustomToken } from '../../src/emulator/custom-tokens.js';
import { decodeToken, emulator, findUser, PROJECT_ID, PROJECT_SECRET, send } from '../helpers.js';

const NOW = new Date('2026-06-01T09:00:00.000Z');

t.test('an agent token creates its user with the names mongoose casts', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  let n = 0;
  const signin = (names: Record<string, unknown>) => {
    const email = `agent-${++n}@example.com`;
    const { jwt } = mintCustomToken({
      secret: PROJECT_SECRET,
      projectId: PROJECT_ID,
      claims: { _id: `ext-${n}`, role: 'agent', email, ...names },
      now: NOW,
    });
    return {
      email,
      res: send(emu.url, '/auth/signinWithCustomToken', undefined, {
        headers: { authorization: `JWT ${jwt}` },
      }),
    };
  };

  const saved: [string, Record<string, unknown>, Record<string, unknown>][] = [
    ['an object with a string _id', { firstname: { _id: 'Idname' } }, { firstname: 'Idname' }],
    ['a number', { firstname: 12, lastname: true }, { firstname: '12', lastname: 'true' }],
    ['null', { firstname: null, lastname: null }, { firstname: null, lastname: null }],
  ];
  for (const [name, names, expected] of saved) {
    t.test(name, async (t) => {
      const { email, res } = signin(names);
      const answer = await res;
      t.equal(answer.status, 200);
      t.match(answer.body, { success: true, user: expected });
      const token = (answer.body as { token: string }).token;
      t.match(decodeToken(token).payload, expected, "the token's claims are the user's");
      t.match(await findUser(emu, email), expected, 'saved');
    });
  }

  const refused: [string, unknown][] = [
    ['an object without a string _id', { a: 1 }],
    ['an empty _id', { _id: '' }],
    ['a list', ['x']],
  ];
  for (const [name, value] of refused) {
    t.test(`${name}: 500, nothing saved`, async (t) => {
      const { email, res } = signin({ lastname: value });
      const answer = await res;
      t.equal(answer.status, 500);
      t.strictSame(answer.body, { err: 'error' });
      t.match(
        answer.headers['x-emulator-diagnostic'],
        /^the lastname claim cannot be saved as the user's lastname \(Cast to string failed for value .* at path "lastname"\); the real server's save fails and it never answers$/,
      );
      t.equal(await findUser(emu, email), undefined, 'no user');
    });
  }
});
