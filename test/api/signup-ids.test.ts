/**
 * POST /auth/signup with an object for a String path: mongoose casts `{"_id":"x"}` to "x" (a
 * document's _id stands for it), so the real server (tiledesk-server 2.19.16) saves it; an
 * object without a string _id, or with an empty one, fails the save (500).
 */
import t from 'tap';
import { emulator, matchesSpec, send } from '../helpers.js';

const NOW = new Date('2026-04-02T08:30:00.000Z');

t.test('POST /auth/signup: an object with a string _id is saved as that _id', async (t) => {
  const emu = await emulator(t, { now: () => NOW });

  t.test('names, phone (trimmed) and password; the password signs in', async (t) => {
    const res = await send(emu.url, '/auth/signup', {
      email: 'ids@example.com',
      password: { _id: 'secret-pw' },
      firstname: { _id: 'Idname' },
      lastname: { _id: 'Last' },
      phone: { _id: ' +3912345 ' },
    });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signup');
    t.match(res.body, {
      success: true,
      user: { firstname: 'Idname', lastname: 'Last', phone: '+3912345' },
    });
    const signin = await send(emu.url, '/auth/signin', {
      email: 'ids@example.com',
      password: 'secret-pw',
    });
    t.equal(signin.status, 200, 'the _id is the password');
  });

  const refused: [string, unknown][] = [
    ['an empty _id', { _id: '' }],
    ['a number _id', { _id: 5 }],
  ];
  for (const [name, value] of refused) {
    t.test(`${name} fails the save`, async (t) => {
      const res = await send(emu.url, '/auth/signup', {
        email: 'refused@example.com',
        password: 'pw',
        firstname: 'F',
        lastname: value,
      });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, message: 'Registration cannot be completed' });
      t.equal(
        res.headers['x-emulator-diagnostic'],
        'lastname is an object, which cannot be saved as a string',
      );
    });
  }
});
