/**
 * PUT /auth/verifyemail/{userid}/{code} with MongoDB's update operators in its body: the real
 * server (findByIdAndUpdate(id, req.body)) applies `$set`, `$unset`, `$inc`…; the emulator saves
 * the model's paths only and says what it did not apply (a deliberate divergence,
 * conformance/divergences.json "verifyemail-update-operators").
 */
import t from 'tap';
import { emulator, matchesSpec, send } from '../helpers.js';

t.test(
  'PUT /auth/verifyemail: update operators are not applied, and the diagnostic says so',
  async (t) => {
    const emu = await emulator(t);
    const email = 'operators@example.com';
    const signup = await send(emu.url, '/auth/signup', {
      email,
      password: 'pw',
      firstname: 'First',
      lastname: 'Last',
    });
    const id = (signup.body as { user: { _id: string } }).user._id;
    const outbox = await send(emu.url, `/__emulator/outbox?to=${email}`, undefined, {
      method: 'GET',
    });
    const code = (outbox.body as { code: string }[]).at(-1)?.code ?? '';
    const res = await send(
      emu.url,
      `/auth/verifyemail/${id}/${code}`,
      { firstname: 'Top', $set: { lastname: 'Set' }, $unset: { firstname: 1 } },
      { method: 'PUT' },
    );
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'verifyEmail');
    t.match(res.body, { firstname: 'Top', lastname: 'Last' }, 'the paths saved, the operators not');
    t.equal(
      res.headers['x-emulator-diagnostic'],
      "the body's $set was not applied: the emulator saves the user model's paths, not MongoDB's update operators (the real server applies them); " +
        "the body's $unset was not applied: the emulator saves the user model's paths, not MongoDB's update operators (the real server applies them)",
    );
    const plain = await send(
      emu.url,
      `/auth/verifyemail/${id}/${code}`,
      { foo: 'bar' },
      {
        method: 'PUT',
      },
    );
    t.equal(plain.status, 200);
    t.notOk(
      plain.headers['x-emulator-diagnostic'],
      'an unknown path is dropped silently, as on the real server',
    );
  },
);
