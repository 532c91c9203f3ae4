import { createHmac, generateKeyPairSync } from 'node:crypto';
import fastifyJwt from '@fastify/jwt';
import { createSigner, createVerifier } from 'fast-jwt';
import Fastify from 'fastify';
import t, { type Test } from 'tap';
import { ApiError } from '../../src/errors.js';
import { createIds } from '../../src/tiledesk/ids.js';
import { createTokens } from '../../src/tiledesk/tokens.js';
import { decodeToken, emulator, JANE, send } from '../helpers.js';

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

t.test('createTokens().sign: the claims of { ...payload, iat, aud, iss, sub, jti }', async (t) => {
  // sign() builds the claims by assignment (a stable hidden class; see src/tokens.ts): the
  // token must hold what the spread held, in its order, odd keys included.
  const { default: Fastify } = await import('fastify');
  const { default: fastifyJwt } = await import('@fastify/jwt');
  const { createTokens } = await import('../../src/tiledesk/tokens.js');
  const app = Fastify();
  await app.register(fastifyJwt, { secret: 'nodeauthsecret' });
  await app.ready();
  t.teardown(() => app.close());
  const now = new Date('2026-03-01T10:00:00.000Z');
  const config = { now: () => now, ids: createIds(1), jwt: { verifyKey: 'nodeauthsecret' } };
  const tokens = createTokens(app.jwt, config as unknown as Parameters<typeof createTokens>[1]);
  const payload = JSON.parse(
    '{"_id":"65f0a0000000000000000002","__proto__":{"x":1},"iat":1,"exp":1900000000,"2":"two"}',
  ) as Record<string, unknown>;
  const claims = decodeToken(tokens.sign(payload, 'user')).payload;
  const jti = claims.jti;
  t.strictSame(
    JSON.stringify(claims),
    JSON.stringify({
      ...payload,
      iat: Math.floor(now.getTime() / 1000),
      aud: 'https://tiledesk.com',
      iss: 'https://tiledesk.com',
      sub: 'user',
      jti,
    }),
  );
  t.ok(Object.hasOwn(claims, '__proto__'), 'an own __proto__ stays a claim');
  t.equal(claims.exp, 1900000000, 'a given exp is kept');
  const plain = decodeToken(tokens.sign({ _id: 'a' }, 'guest')).payload;
  t.strictSame(Object.keys(plain), ['_id', 'iat', 'aud', 'iss', 'sub', 'jti'], 'no exp or nbf');
});

// ---- token checks -------------------------------------------------------------------------------

/**
 * createTokens(): how a token is verified (its key, then `nbf` and `exp` as jsonwebtoken 8.5.1
 * checks them for the real server's passport-jwt, against the emulator's clock), issued and
 * decoded. The error's code and message make the 401's x-emulator-diagnostic.
 */

const SECONDS = 1_772_359_200; // 2026-03-01T10:00:00Z
let clock = new Date(SECONDS * 1000);

async function tokens(t: Test, verifyKey = 'nodeauthsecret') {
  const app = Fastify();
  await app.register(fastifyJwt, { secret: 'nodeauthsecret' });
  await app.ready();
  t.teardown(() => app.close());
  const config = { now: () => clock, ids: createIds(1), jwt: { verifyKey } };
  return createTokens(app.jwt, config as unknown as Parameters<typeof createTokens>[1]);
}

/** An HS256 token of exactly these claims (fast-jwt's signer refuses an nbf or exp of text). */
function signed(claims: Record<string, unknown>, key = 'nodeauthsecret'): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const content = `${part({ alg: 'HS256', typ: 'JWT' })}.${part(claims)}`;
  return `${content}.${createHmac('sha256', key).update(content).digest('base64url')}`;
}

/** The TokenError's code and message, or 'valid'. */
function outcome(verify: () => unknown): string {
  try {
    verify();
    return 'valid';
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
}

t.test('nbf and exp, in whole seconds of the emulator clock', async (t) => {
  const { verifyWithKey } = await tokens(t);
  clock = new Date(SECONDS * 1000 + 999);
  const check = (claims: Record<string, unknown>) =>
    outcome(() => verifyWithKey(signed({ _id: 'a', ...claims }), 'nodeauthsecret'));
  t.equal(check({}), 'valid', 'neither');
  t.equal(check({ nbf: SECONDS }), 'valid', 'nbf: from its second on');
  t.equal(check({ nbf: SECONDS + 1 }), `FAST_JWT_INACTIVE: jwt not active: nbf is ${SECONDS + 1}`);
  t.equal(check({ exp: SECONDS + 1 }), 'valid', 'exp: until the second before');
  t.equal(check({ exp: SECONDS }), `FAST_JWT_EXPIRED: jwt expired at ${SECONDS}`);
  t.equal(check({ nbf: '1' }), 'FAST_JWT_INVALID_CLAIM_TYPE: invalid nbf value');
  t.equal(check({ nbf: null }), 'FAST_JWT_INVALID_CLAIM_TYPE: invalid nbf value');
  t.equal(check({ exp: '9999999999' }), 'FAST_JWT_INVALID_CLAIM_TYPE: invalid exp value');
  t.equal(check({ exp: null }), 'FAST_JWT_INVALID_CLAIM_TYPE: invalid exp value');
  t.equal(
    check({ nbf: SECONDS + 1, exp: SECONDS - 1 }),
    `FAST_JWT_INACTIVE: jwt not active: nbf is ${SECONDS + 1}`,
    'nbf first, as jsonwebtoken',
  );
  // The verifier of a key is kept; the clock is read at each check.
  const token = signed({ _id: 'a', exp: SECONDS + 60 });
  t.equal(
    outcome(() => verifyWithKey(token, 'nodeauthsecret')),
    'valid',
  );
  clock = new Date((SECONDS + 60) * 1000);
  t.equal(
    outcome(() => verifyWithKey(token, 'nodeauthsecret')),
    `FAST_JWT_EXPIRED: jwt expired at ${SECONDS + 60}`,
  );
});

t.test("nbf and exp against the emulator's clock, not the machine's", async (t) => {
  const { verifyWithKey } = await tokens(t);
  const machine = Math.floor(Date.now() / 1000);
  const token = signed({ _id: 'a', nbf: machine + 86_400, exp: machine + 3 * 86_400 });
  clock = new Date((machine + 2 * 86_400) * 1000);
  t.equal(
    outcome(() => verifyWithKey(token, 'nodeauthsecret')),
    'valid',
    'a clock set ahead',
  );
  const old = signed({ _id: 'a', nbf: machine - 3 * 86_400, exp: machine - 86_400 });
  clock = new Date((machine - 2 * 86_400) * 1000);
  t.equal(
    outcome(() => verifyWithKey(old, 'nodeauthsecret')),
    'valid',
    'a clock set back',
  );
});

t.test('verifyWithKey: the key given, each with its own verifier', async (t) => {
  clock = new Date(SECONDS * 1000);
  const { verifyWithKey } = await tokens(t);
  const one = signed({ _id: 'a' }, 'k1');
  t.strictSame(verifyWithKey(one, 'k1'), { _id: 'a' });
  t.match(
    outcome(() => verifyWithKey(one, 'k2')),
    /^FAST_JWT_INVALID_SIGNATURE: /,
  );
  t.strictSame(verifyWithKey(signed({ _id: 'b' }, 'k2'), 'k2'), { _id: 'b' });
  const { privateKey, publicKey } = generateKeyPairSync('ec', {
    namedCurve: 'P-256',
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const es = createSigner({ key: privateKey, algorithm: 'ES256', noTimestamp: true })({ _id: 'c' });
  t.strictSame(verifyWithKey(es, publicKey), { _id: 'c' }, 'a PEM public key: ES256');
  t.match(
    outcome(() => verifyWithKey(signed({ _id: 'd' }), publicKey)),
    /^FAST_JWT_/,
    'not HS256 with it',
  );
});

t.test('verifyGlobal: the configured verifying key', async (t) => {
  clock = new Date(SECONDS * 1000);
  const { verifyGlobal } = await tokens(t, 's3cr3t');
  t.strictSame(verifyGlobal(signed({ _id: 'a' }, 's3cr3t')), { _id: 'a' });
  t.match(
    outcome(() => verifyGlobal(signed({ _id: 'a' }))),
    /^FAST_JWT_INVALID_SIGNATURE: /,
  );
  t.match(
    outcome(() => verifyGlobal(signed({ _id: 'a', exp: SECONDS }, 's3cr3t'))),
    /^FAST_JWT_EXPIRED: /,
  );
});

t.test('issue: "JWT " and the signed token; decode: the payload or null', async (t) => {
  clock = new Date(SECONDS * 1000);
  const { issue, decode } = await tokens(t);
  const issued = issue({ _id: 'a' }, 'guest');
  t.match(issued, /^JWT [\w-]+\.[\w-]+\.[\w-]+$/);
  const claims = decodeToken(issued.slice(4)).payload;
  t.match(claims, { _id: 'a', iat: SECONDS, sub: 'guest', aud: 'https://tiledesk.com' });
  t.strictSame(decode(issued.slice(4)), claims);
  t.equal(decode('not a token'), null);
  t.equal(decode(''), null);
});

t.test('sign: claims nested too deeply are a 500 with a diagnostic', async (t) => {
  clock = new Date(SECONDS * 1000);
  const { sign } = await tokens(t);
  let deep: unknown = 'x';
  for (let i = 0; i < 100_000; i++) deep = [deep];
  const error = (() => {
    try {
      sign({ _id: 'a', attributes: deep }, 'guest');
    } catch (caught) {
      return caught;
    }
  })();
  t.ok(error instanceof ApiError);
  t.match(error, {
    statusCode: 500,
    code: 'TOKEN_PAYLOAD_TOO_DEEP',
    body: { err: 'error' },
    diagnostic: /^the token's claims are nested too deeply to serialise \(Maximum call stack/,
  });
  t.throws(() => sign({ _id: 1n }, 'guest'), TypeError, 'another error is not one');
});
