import { generateKeyPairSync } from 'node:crypto';
import { createSigner, createVerifier } from 'fast-jwt';
import t from 'tap';
import { decodeToken, emulator, JANE, send } from './helpers.js';

async function signinToken(url: string): Promise<string> {
  const res = await send(url, '/auth/signin', JANE);
  return (res.body as { token: string }).token.replace(/^JWT /, '');
}

t.test('server tokens', async (t) => {
  t.test('verify with the default GLOBAL_SECRET "nodeauthsecret"', async (t) => {
    const emu = await emulator(t);
    const token = await signinToken(emu.url);
    const payload = createVerifier({ key: 'nodeauthsecret' })(token);
    t.equal(payload.sub, 'user');
    t.throws(() => createVerifier({ key: 'another-secret' })(token), 'not with another secret');
  });

  t.test('are signed with a configured GLOBAL_SECRET', async (t) => {
    const emu = await emulator(t, { globalSecret: 's3cr3t' });
    const token = await signinToken(emu.url);
    t.equal(createVerifier({ key: 's3cr3t' })(token).email, JANE.email);
  });

  t.test('are RS256 with a PEM key pair and GLOBAL_SECRET_ALGORITHM=RS256', async (t) => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', {
      modulusLength: 2048,
      privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
      publicKeyEncoding: { type: 'spki', format: 'pem' },
    });
    // As in a .env file: newlines written as literal \n.
    const emu = await emulator(t, {
      privateKey: privateKey.replace(/\n/g, '\\n'),
      publicKey: publicKey.replace(/\n/g, '\\n'),
      algorithm: 'RS256',
    });
    const token = await signinToken(emu.url);
    t.strictSame(decodeToken(token).header, { alg: 'RS256', typ: 'JWT' });
    const payload = createVerifier({ key: publicKey })(token);
    t.match(payload, { sub: 'user', aud: 'https://tiledesk.com', iss: 'https://tiledesk.com' });
    t.throws(() => createVerifier({ key: 'nodeauthsecret' })(token));
  });

  t.test('a signup Authorization token is verified with the configured key', async (t) => {
    const emu = await emulator(t, { globalSecret: 'k1', adminEmail: 'admin@tiledesk.com' });
    const foreign = createSigner({ key: 'k2' })({ _id: 'x', email: 'admin@tiledesk.com' });
    const res = await send(
      emu.url,
      '/auth/signup',
      { email: 'a@example.com', password: 'p', firstname: 'A', lastname: 'B' },
      { headers: { authorization: `JWT ${foreign}` } },
    );
    t.equal(res.status, 500, 'a token signed with another key is rejected');
  });
});
