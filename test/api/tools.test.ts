/**
 * The public handle's tools (src/tools.ts): one typed call per control operation, answered
 * in-process as over HTTP, refusals thrown as ToolError; and the control API's parameters,
 * validated from their declarations in spec/control.yaml.
 */
import t from 'tap';
import { ToolError } from '../../src/index.js';
import { emulator, JANE, matchesSpec, send } from '../helpers.js';

const get = (url: string, path: string) => send(url, path, undefined, { method: 'GET' });

t.test('tools: the control API in-process, typed', async (t) => {
  const emu = await emulator(t);
  t.match(Object.keys(emu), ['url', 'port', 'reset', 'seed', 'tools', 'close'], 'nothing more');
  const seeded = await emu.seed({ users: [{ email: 'tool@example.com', password: 'pw' }] });
  t.equal(seeded.users[0]?.email, 'tool@example.com');
  const users = await emu.tools.listUsers({ query: { limit: 1000 } });
  t.ok(
    users.some((user) => user.email === 'tool@example.com'),
    'seeded, then listed',
  );
  t.notOk(JSON.stringify(users).includes('$2'), 'no hash');
  await send(emu.url, '/auth/signin', JANE);
  const calls = await emu.tools.listRequests({ query: { operationId: 'signin' } });
  t.equal(calls.length, 1, 'the journal');
  await emu.tools.saveSnapshot({ body: { name: 'before' } });
  t.equal((await emu.tools.listSnapshots()).length, 1);
  t.equal(await emu.tools.dropSnapshot({ params: { name: 'before' } }), undefined, 'a 204');
  const missing = await emu.tools.dropSnapshot({ params: { name: 'before' } }).catch((e) => e);
  t.type(missing, ToolError);
  t.equal(missing.status, 404);
  t.match(missing.body, { error: 'not_found', message: /no snapshot named before/ });
  t.match(missing.message, /^dropSnapshot: 404 no snapshot named before/);
  await emu.reset();
  t.notOk(
    (await emu.tools.listUsers()).some((user) => user.email === 'tool@example.com'),
    'reset',
  );
});

t.test('tools carry the control token when one is set', async (t) => {
  const emu = await emulator(t, { controlToken: 'tool-token' });
  t.equal((await get(emu.url, '/__emulator/users')).status, 401, 'over HTTP without it');
  t.ok((await emu.tools.listUsers()).length > 0);
  t.equal((await emu.tools.getHealth()).status, 'ok');
});

t.test('control parameters are validated from their declarations', async (t) => {
  const emu = await emulator(t);
  const cases: [string, string, string][] = [
    ['/__emulator/users?limit=0', 'listUsers', 'query parameter limit: must be >= 1'],
    ['/__emulator/users?limit=1001', 'listUsers', 'query parameter limit: must be <= 1000'],
    ['/__emulator/users?offset=x', 'listUsers', 'query parameter offset: must be integer'],
    ['/__emulator/requests?since=-1', 'listRequests', 'query parameter since: must be >= 0'],
    [
      '/__emulator/users?emial=x',
      'listUsers',
      'unknown query parameter "emial" (known: limit, offset)',
    ],
    [
      '/__emulator/health?verbose=1',
      'getHealth',
      'unknown query parameter "verbose" (this operation takes none)',
    ],
  ];
  for (const [path, operationId, message] of cases) {
    const res = await get(emu.url, path);
    t.equal(res.status, 400, path);
    t.match(res.body, { error: 'invalid_request', message }, path);
    await matchesSpec(t, res, operationId, 'control');
  }
  const paged = await get(emu.url, '/__emulator/users?limit=1&offset=1');
  t.equal(paged.status, 200);
  t.equal((paged.body as unknown[]).length, 1, 'limit read as a number');
  t.match(paged.headers.link, /limit=1&offset=2/);
});
