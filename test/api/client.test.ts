/**
 * A typed client generated from the bundled spec (openapi-typescript types in src/api-types.ts,
 * openapi-fetch), calling all four operations against a running emulator, error bodies included.
 */
import createClient from 'openapi-fetch';
import t from 'tap';
import type { paths } from '../../src/api-types.js';
import { mintCustomToken } from '../../src/emulator/custom-tokens.js';
import { emulator, JANE, JWT_TOKEN, PROJECT_ID, PROJECT_SECRET } from '../helpers.js';

t.test('a client generated from spec/openapi.yaml', async (t) => {
  const emu = await emulator(t);
  const client = createClient<paths>({ baseUrl: emu.url });

  t.test('signin: the token and user, then the 401 body', async (t) => {
    const ok = await client.POST('/auth/signin', { body: JANE });
    t.equal(ok.response.status, 200);
    t.equal(ok.data?.user.email, JANE.email);
    t.match(ok.data?.token, JWT_TOKEN);
    const denied = await client.POST('/auth/signin', {
      body: { email: JANE.email, password: 'wrong' },
    });
    t.equal(denied.response.status, 401);
    t.strictSame(denied.error, { success: false, msg: 'Authentication failed. Wrong password.' });
  });

  t.test('signup: the created user, then 403 with key message', async (t) => {
    const body = { email: 'client@example.com', password: 'pw', firstname: 'C', lastname: 'L' };
    const ok = await client.POST('/auth/signup', { body });
    t.equal(ok.response.status, 200);
    t.match(ok.data, { success: true, user: { email: 'client@example.com', status: 100 } });
    const again = await client.POST('/auth/signup', { body });
    t.equal(again.response.status, 403);
    t.strictSame(again.error, { success: false, message: 'Email already registered' });
  });

  t.test('signinAnonymously: the guest, then 422 without id_project', async (t) => {
    const ok = await client.POST('/auth/signinAnonymously', { body: { id_project: PROJECT_ID } });
    t.equal(ok.response.status, 200);
    t.match(ok.data?.user.firstname, /^guest#/);
    const invalid = await client.POST('/auth/signinAnonymously', { body: { id_project: '' } });
    t.equal(invalid.response.status, 422);
    t.strictSame(invalid.error, {
      errors: [{ value: '', msg: 'Invalid value', param: 'id_project', location: 'body' }],
    });
  });

  t.test('signinWithCustomToken: the echo, then the plain-text 401', async (t) => {
    const token = `JWT ${mintCustomToken({ secret: PROJECT_SECRET, projectId: PROJECT_ID, claims: { _id: 'client-1' } }).jwt}`;
    const ok = await client.POST('/auth/signinWithCustomToken', {
      headers: { authorization: token },
    });
    t.equal(ok.response.status, 200);
    t.equal(ok.data?.token, token);
    const denied = await client.POST('/auth/signinWithCustomToken', {
      headers: { authorization: 'JWT not.a.token' },
      parseAs: 'text',
    });
    t.equal(denied.response.status, 401);
    t.equal(denied.error, 'Unauthorized');
  });
});
