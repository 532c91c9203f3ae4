import { createVerifier } from 'fast-jwt';
import t from 'tap';
import {
  decodeToken,
  emulator,
  findProjectUser,
  findUserById,
  matchesSpec,
  PROJECT_ID,
  send,
} from '../helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const NOW = new Date('2026-05-05T12:00:00.000Z');

interface Body {
  success: boolean;
  token: string;
  user: Record<string, unknown>;
}

t.test('POST /auth/signinAnonymously (signinAnonymously)', async (t) => {
  const emu = await emulator(t, { now: () => NOW });
  t.beforeEach(() => emu.reset());

  t.test(
    'returns 200 with a guest: uuid v4 _id, guest#xxxx, id and fullName with a trailing space',
    async (t) => {
      const res = await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
      t.equal(res.status, 200);
      await matchesSpec(t, res, 'signinAnonymously');
      const { user, success } = res.body as Body;
      t.equal(success, true);
      t.match(user._id, UUID_V4);
      const id = user._id as string;
      t.strictSame(user, {
        _id: id,
        firstname: `guest#${id.slice(0, 4)}`,
        id,
        fullName: `guest#${id.slice(0, 4)} `,
      });
      t.notOk('email' in user, 'no e-mail is generated');
    },
  );

  t.test(
    'signs a guest token: sub guest, the user fields, no exp, verifiable with the global key',
    async (t) => {
      const res = await send(emu.url, '/auth/signinAnonymously', {
        id_project: PROJECT_ID,
        lastname: 'Visitor',
      });
      const { token, user } = res.body as Body;
      const { payload } = decodeToken(token);
      t.strictSame(Object.keys(payload), [
        '_id',
        'firstname',
        'lastname',
        'id',
        'fullName',
        'iat',
        'aud',
        'iss',
        'sub',
        'jti',
      ]);
      t.match(payload, {
        ...user,
        iat: NOW.getTime() / 1000,
        aud: 'https://tiledesk.com',
        iss: 'https://tiledesk.com',
        sub: 'guest',
      });
      t.match(payload.jti, UUID_V4);
      t.notOk('exp' in payload);
      t.equal(createVerifier({ key: 'nodeauthsecret' })(token.slice(4)).sub, 'guest');
    },
  );

  t.test('echoes the optional fields exactly as sent', async (t) => {
    const sent = {
      id_project: PROJECT_ID,
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'Ada@Example.COM',
      attributes: { plan: 'pro', nested: { n: 1, list: [1, 'a'] } },
    };
    const res = await send(emu.url, '/auth/signinAnonymously', sent);
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signinAnonymously');
    const { user } = res.body as Body;
    t.strictSame(user, {
      _id: user._id,
      firstname: 'Ada',
      lastname: 'Lovelace',
      email: 'Ada@Example.COM',
      attributes: sent.attributes,
      id: user._id,
      fullName: 'Ada Lovelace',
    });
  });

  t.test('accepts a form-encoded body, attributes nested with qs', async (t) => {
    const res = await send(emu.url, '/auth/signinAnonymously', undefined, {
      raw: `id_project=${PROJECT_ID}&firstname=Bob&attributes[plan]=pro`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    t.equal(res.status, 200);
    t.match((res.body as Body).user, {
      firstname: 'Bob',
      attributes: { plan: 'pro' },
      fullName: 'Bob ',
    });
  });

  t.test('saves a guest project_user: role guest, roleType 2, uuid_user, active', async (t) => {
    const res = await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
    const id = (res.body as Body).user._id as string;
    const pu = await findProjectUser(emu, { id_project: PROJECT_ID, uuid_user: id });
    t.match(pu, {
      id_project: PROJECT_ID,
      uuid_user: id,
      role: 'guest',
      roleType: 2,
      user_available: true,
      status: 'active',
      createdBy: id,
      permissions: [],
      tags: [],
      createdAt: NOW.toISOString(),
    });
    t.notOk(pu?.id_user, 'no id_user for a guest');
    t.notOk(pu && 'updatedBy' in pu, 'no updatedBy: the real model has no such path');
    t.notOk(await findUserById(emu, id), 'no user document is created');
  });

  t.test('returns 200 for a project that does not exist, with a diagnostic', async (t) => {
    const res = await send(emu.url, '/auth/signinAnonymously', {
      id_project: '65f0bffffffffffffffffff9',
    });
    t.equal(res.status, 200);
    t.match(res.headers['x-emulator-diagnostic'], /does not exist/);
  });

  const invalid = [
    {
      name: 'no id_project',
      body: {},
      errors: [{ msg: 'Invalid value', param: 'id_project', location: 'body' }],
    },
    {
      name: 'an empty id_project',
      body: { id_project: '' },
      errors: [{ value: '', msg: 'Invalid value', param: 'id_project', location: 'body' }],
    },
  ];
  for (const row of invalid) {
    t.test(`returns 422 for ${row.name}`, async (t) => {
      const res = await send(emu.url, '/auth/signinAnonymously', row.body);
      t.equal(res.status, 422);
      t.strictSame(res.body, { errors: row.errors });
      await matchesSpec(t, res, 'signinAnonymously');
    });
  }

  for (const id of ['not-an-object-id', '12345', 12345]) {
    t.test(`returns 500 "Error saving object." for id_project ${JSON.stringify(id)}`, async (t) => {
      const res = await send(emu.url, '/auth/signinAnonymously', { id_project: id });
      t.equal(res.status, 500);
      t.strictSame(res.body, { success: false, msg: 'Error saving object.' });
      t.match(res.headers['x-emulator-diagnostic'], /not an ObjectId/);
      await matchesSpec(t, res, 'signinAnonymously');
    });
  }

  t.test('the guest token is accepted by signinWithCustomToken (generic aud: echo)', async (t) => {
    const guest = await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
    const { token, user } = guest.body as Body;
    const res = await send(emu.url, '/auth/signinWithCustomToken', undefined, {
      headers: { authorization: token },
    });
    t.equal(res.status, 200);
    t.match(res.body, { success: true, token, user: { _id: user._id, sub: 'guest' } });
  });

  t.test('echoes optional fields of any type, as the server copies them unvalidated', async (t) => {
    const res = await send(emu.url, '/auth/signinAnonymously', {
      id_project: PROJECT_ID,
      firstname: 12,
      lastname: null,
      email: 5,
      attributes: 'plain',
    });
    t.equal(res.status, 200);
    await matchesSpec(t, res, 'signinAnonymously');
    const { user } = res.body as Body;
    t.strictSame(user, {
      _id: user._id,
      firstname: 12,
      lastname: null,
      email: 5,
      attributes: 'plain',
      id: user._id,
      fullName: '12 ',
    });
  });
});
