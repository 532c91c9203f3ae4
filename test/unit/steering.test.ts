import t from 'tap';
import { DEFAULT_SPEC_FILE } from '../../src/config.js';
import { parsePrefer } from '../../src/emulator/steering.js';
import { loadSpec } from '../../src/openapi.js';
import { emulator, JANE, matchesSpec, send } from '../helpers.js';

const { operations } = await loadSpec(DEFAULT_SPEC_FILE);

t.test('parsePrefer', async (t) => {
  t.strictSame(parsePrefer('code=401'), { code: '401' });
  t.strictSame(parsePrefer('code=401, example=wrongPassword; delay=20'), {
    code: '401',
    example: 'wrongPassword',
    delay: 20,
  });
  t.strictSame(parsePrefer('example="admin"'), { example: 'admin' });
  t.strictSame(parsePrefer('delay=999999'), { delay: 30000 }, 'delays are capped');
  t.strictSame(parsePrefer('respond-async, wait=10'), {}, 'other preferences are ignored');
});

t.test(
  'Prefer steering answers every declared status of every operation with its examples',
  async (t) => {
    const emu = await emulator(t);
    const counts = async () =>
      JSON.stringify([
        (await emu.tools.listUsers()).length,
        (await emu.tools.listProjectUsers()).length,
      ]);
    const before = await counts();
    for (const op of operations) {
      const path = op.path;
      for (const [status, media] of op.examples) {
        for (const [contentType, named] of media) {
          for (const [name, example] of named) {
            t.test(`${op.operationId} ${status} ${contentType} "${name}"`, async (t) => {
              const res = await send(
                emu.url,
                path,
                {},
                { headers: { prefer: `code=${status}, example=${name}` } },
              );
              t.equal(res.status, Number(status));
              t.match(res.contentType, contentType);
              if (contentType.includes('json')) t.strictSame(res.body, example);
              else t.equal(res.text, example);
              t.equal(res.headers['x-emulator-steered'], `code=${status}, example=${name}`);
              await matchesSpec(t, res, op.operationId);
            });
          }
        }
      }
    }
    t.test('no steered answer changed the state', async (t) => {
      t.equal(await counts(), before);
    });
  },
);

t.test('Prefer details', async (t) => {
  const emu = await emulator(t);

  t.test('code alone picks the first example of that status', async (t) => {
    const res = await send(emu.url, '/auth/signin', JANE, { headers: { prefer: 'code=401' } });
    t.equal(res.status, 401);
    t.strictSame(res.body, { success: false, msg: 'Authentication failed. User not found.' });
  });

  t.test('example alone finds the status that declares it', async (t) => {
    const res = await send(
      emu.url,
      '/auth/signup',
      {},
      { headers: { prefer: 'example=missingPassword' } },
    );
    t.equal(res.status, 200);
    t.strictSame(res.body, { success: false, msg: 'Please pass email and password.' });
  });

  t.test('delay waits, then gives the real answer', async (t) => {
    const started = Date.now();
    const res = await send(emu.url, '/auth/signin', JANE, { headers: { prefer: 'delay=250' } });
    t.ok(Date.now() - started >= 240, 'waited');
    t.equal(res.status, 200);
    t.notOk(res.headers['x-emulator-steered']);
  });

  t.test('an undeclared code is a 400 that lists the declared ones', async (t) => {
    const res = await send(emu.url, '/auth/signin', JANE, { headers: { prefer: 'code=418' } });
    t.equal(res.status, 400);
    t.match(res.body, {
      error: 'invalid_request',
      message: /signin declares 200, 401, 413, 422, 500/,
    });
  });

  t.test('an unknown example name is a 400', async (t) => {
    const res = await send(emu.url, '/auth/signin', JANE, {
      headers: { prefer: 'code=401, example=nope' },
    });
    t.equal(res.status, 400);
  });
});
