import { createVerifier } from 'fast-jwt';
import t from 'tap';
import { decodeToken, emulator, JANE, matchesSpec, PROJECT_ID, send } from '../helpers.js';

const NOW = new Date('2026-03-01T10:00:00.600Z');
const PATH = '/chat21/native/auth/createCustomToken';
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const JANE_BASIC = `Basic ${Buffer.from(`${JANE.email}:${JANE.password}`).toString('base64')}`;

function expectedClaims(id: string) {
  const iat = Math.round(NOW.getTime() / 1000);
  return {
    sub: id,
    scope: [
      `rabbitmq.read:*/*/apps.tilechat.users.${id}.*`,
      `rabbitmq.write:*/*/apps.tilechat.users.${id}.*`,
      `rabbitmq.write:*/*/apps.tilechat.outgoing.users.${id}.*`,
      'rabbitmq.configure:*/*/*',
    ],
    client_id: id,
    cid: id,
    azp: id,
    user_id: id,
    app_id: 'tilechat',
    iat,
    exp: iat + 30 * 24 * 3600,
    aud: ['rabbitmq', id],
    kid: 'tiledesk-key',
    tiledesk_api_roles: 'user',
  };
}

t.test('POST /chat21/native/auth/createCustomToken (createChatToken)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  const chatToken = (authorization: string, path = PATH) =>
    send(emu.url, path, undefined, { headers: { authorization } });

  t.test(
    "returns the user's chat token, HS256 with tokenKey, claims in the real order",
    async (t) => {
      const res = await chatToken(JANE_BASIC);
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'createChatToken');
      const body = res.body as Record<string, string>;
      t.strictSame(Object.keys(body), ['userid', 'fullname', 'firstname', 'lastname', 'token']);
      t.match(body, {
        userid: '65f0a0000000000000000002',
        fullname: 'Jane Doe',
        firstname: 'Jane',
        lastname: 'Doe',
      });
      const { header, payload } = decodeToken(body.token as string);
      t.strictSame(header, { alg: 'HS256', typ: 'JWT' });
      t.strictSame(Object.keys(payload), ['jti', ...Object.keys(expectedClaims('x'))]);
      t.match(payload.jti, UUID_V4);
      t.strictSame(
        { ...payload, jti: undefined },
        { jti: undefined, ...expectedClaims('65f0a0000000000000000002') },
      );
      t.equal(payload.iat, 1772359201, 'iat is rounded, not floored: 10:00:00.600 gives :01');
      const verify = createVerifier({
        key: 'tokenKey',
        algorithms: ['HS256'],
        ignoreExpiration: true,
      });
      t.doesNotThrow(() => verify(body.token as string), 'signed with the default secret tokenKey');
    },
  );

  t.test(
    'answers the same with a signin token, under /v2 and /v3 and with a trailing slash',
    async (t) => {
      const token = ((await send(emu.url, '/auth/signin', JANE)).body as { token: string }).token;
      for (const path of [PATH, `/v2${PATH}`, `/v3${PATH}/`]) {
        const res = await chatToken(token, path);
        t.equal(res.status, 200, path);
        t.equal((res.body as { userid: string }).userid, '65f0a0000000000000000002');
      }
    },
  );

  t.test(
    "gives a guest one: the guest's id, no lastname, a fullname with a trailing space",
    async (t) => {
      const signedIn = (
        await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID, firstname: 'Ada' })
      ).body as { token: string; user: { _id: string } };
      const res = await chatToken(signedIn.token);
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'createChatToken');
      const body = res.body as Record<string, string>;
      t.strictSame(Object.keys(body), ['userid', 'fullname', 'firstname', 'token']);
      t.equal(body.userid, signedIn.user._id);
      t.equal(body.fullname, 'Ada ');
      t.match(decodeToken(body.token as string).payload, expectedClaims(signedIn.user._id));
    },
  );

  t.test('signs with CHAT21_JWT_SECRET', async (t) => {
    const other = await emulator(t, { now: () => NOW, chat21Secret: 'another-secret' });
    const res = await send(other.url, PATH, undefined, { headers: { authorization: JANE_BASIC } });
    const verify = createVerifier({ key: 'another-secret', ignoreExpiration: true });
    t.doesNotThrow(() => verify((res.body as { token: string }).token));
  });

  t.test('returns 401, 400 and 403 as the other Basic-or-JWT routes', async (t) => {
    const none = await send(emu.url, PATH, undefined);
    t.equal(none.status, 401);
    t.equal(none.headers['www-authenticate'], 'Basic realm="Users"');
    await matchesSpec(t, none, 'createChatToken');
    const malformed = await chatToken('Basic');
    t.equal(malformed.status, 400);
    await matchesSpec(t, malformed, 'createChatToken');
    const parts = await chatToken(`${JANE_BASIC} x`);
    t.equal(parts.status, 403);
    await matchesSpec(t, parts, 'createChatToken');
  });
});
