/**
 * What the emulator gives a contract tester beyond the Tiledesk API (issue 17): faults armed on
 * the server, a settable clock, reproducible ids, snapshots and contract coverage. Real HTTP;
 * every control answer checked against spec/control.yaml.
 */
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import t from 'tap';
import { startEmulator } from '../../src/server.js';
import {
  decodeToken,
  emulator,
  findUser,
  JANE,
  matchesSpec,
  PROJECT_ID,
  send,
} from '../helpers.js';

const json = { 'content-type': 'application/json' };
const control = (url: string, path: string, body?: unknown, method: 'POST' | 'PUT' = 'POST') =>
  send(url, path, body ?? {}, { headers: json, method });
const get = (url: string, path: string) => send(url, path, undefined, { method: 'GET' });
const del = (url: string, path: string) => send(url, path, undefined, { method: 'DELETE' });

t.test('faults armed on the server', async (t) => {
  const emu = await emulator(t);

  t.test('a status for the next call, then the real answer again', async (t) => {
    const armed = await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 401,
    });
    t.equal(armed.status, 201);
    await matchesSpec(t, armed, 'armFault', 'control');
    const faulted = await send(emu.url, '/auth/signin', JANE);
    t.equal(faulted.status, 401);
    await matchesSpec(t, faulted, 'signin');
    t.match(faulted.headers['x-emulator-diagnostic'], /fault f\d+ armed on the server/);
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200, 'times defaults to 1');
  });

  t.test('a named example, for several calls; listed and cleared', async (t) => {
    await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 401,
      example: 'wrongPassword',
      times: 2,
    });
    const listed = await get(emu.url, '/__emulator/faults');
    await matchesSpec(t, listed, 'listFaults', 'control');
    t.match(listed.body, [{ operationId: 'signin', status: 401, times: 2, hits: 0 }]);
    const first = await send(emu.url, '/auth/signin', JANE);
    t.same(first.body, { success: false, msg: 'Authentication failed. Wrong password.' });
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 401);
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200);
    t.same((await get(emu.url, '/__emulator/faults')).body, []);
  });

  t.test('a probability: 1 every call until cleared, 0 never', async (t) => {
    const never = await control(emu.url, '/__emulator/faults', {
      operationId: 'signup',
      status: 500,
      probability: 0,
    });
    const always = await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 401,
      probability: 1,
    });
    for (let i = 0; i < 3; i++) t.equal((await send(emu.url, '/auth/signin', JANE)).status, 401);
    const id = (always.body as { id: string }).id;
    t.equal((await del(emu.url, `/__emulator/faults/${id}`)).status, 204);
    t.equal((await del(emu.url, `/__emulator/faults/${id}`)).status, 404);
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200);
    t.equal((await get(emu.url, '/__emulator/faults')).body?.toString(), [never.body].toString());
    t.equal((await del(emu.url, '/__emulator/faults')).status, 204);
  });

  t.test('a delay alone: the real answer, late', async (t) => {
    await control(emu.url, '/__emulator/faults', { operationId: 'signin', delayMs: 150 });
    const started = process.hrtime.bigint();
    const res = await send(emu.url, '/auth/signin', JANE);
    t.equal(res.status, 200);
    t.ok(process.hrtime.bigint() - started >= 140_000_000n, 'waited at least the delay');
  });

  t.test('transport faults: reset, malformed, hang', async (t) => {
    await control(emu.url, '/__emulator/faults', { operationId: 'signin', fault: 'reset' });
    await t.rejects(send(emu.url, '/auth/signin', JANE), 'the connection is dropped');
    await control(emu.url, '/__emulator/faults', { operationId: 'signin', fault: 'malformed' });
    await t.rejects(send(emu.url, '/auth/signin', JANE), 'a truncated answer');
    await control(emu.url, '/__emulator/faults', { operationId: 'signin', fault: 'hang' });
    const { port } = new URL(emu.url);
    const socket = connect(Number(port), '127.0.0.1');
    const body = JSON.stringify(JANE);
    socket.write(
      `POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
    );
    let answered = false;
    socket.on('data', () => {
      answered = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    t.notOk(answered, 'no answer');
    socket.destroy();
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200, 'the next call is served');
  });

  t.test(
    'a status the operation does not declare: a plain body, outside the contract',
    async (t) => {
      for (const status of [503, 429, 502]) {
        const armed = await control(emu.url, '/__emulator/faults', {
          operationId: 'signin',
          status,
        });
        t.equal(armed.status, 201, `${status} is armed`);
        await matchesSpec(t, armed, 'armFault', 'control');
      }
      const unavailable = await send(emu.url, '/auth/signin', JANE);
      t.equal(unavailable.status, 503);
      t.equal(unavailable.headers['content-type'], 'text/plain; charset=utf-8');
      t.equal(unavailable.text, 'Service Unavailable');
      t.match(
        unavailable.headers['x-emulator-diagnostic'],
        /status 503, which signin does not declare/,
      );
      t.equal((await send(emu.url, '/auth/signin', JANE)).text, 'Too Many Requests');
      t.equal((await send(emu.url, '/auth/signin', JANE)).text, 'Bad Gateway');
      t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200, 'then the real answer');
      const coverage = await get(emu.url, '/__emulator/coverage');
      await matchesSpec(t, coverage, 'getCoverage', 'control');
      const signin = (
        coverage.body as { operations: { operationId: string; undeclared?: unknown[] }[] }
      ).operations.find((op) => op.operationId === 'signin');
      t.same(
        signin?.undeclared,
        [
          { status: '503', count: 1 },
          { status: '429', count: 1 },
          { status: '502', count: 1 },
        ],
        'counted outside the contract',
      );
    },
  );

  t.test('refused when they cannot apply; a reset clears them', async (t) => {
    const unknown = await control(emu.url, '/__emulator/faults', {
      operationId: 'nope',
      status: 500,
    });
    t.equal(unknown.status, 400);
    await matchesSpec(t, unknown, 'armFault', 'control');
    const redirect = await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 302,
    });
    t.equal(redirect.status, 400, 'an undeclared status that is not an error');
    t.match(redirect.body, {
      message:
        /^status 302: signin declares 200, 401.*; any other status must be an error, 400 to 599$/,
      field: 'status',
    });
    const namedUndeclared = await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 503,
      example: 'wrongPassword',
    });
    t.equal(namedUndeclared.status, 400, 'an undeclared status has no examples');
    t.match(namedUndeclared.body, { message: /^status 503: signin declares / });
    const noExample = await control(emu.url, '/__emulator/faults', {
      operationId: 'signin',
      status: 401,
      example: 'nope',
    });
    t.equal(noExample.status, 400);
    t.match(noExample.body, { message: 'status 401, example nope: no such example in signin' });
    for (const refused of [redirect, namedUndeclared, noExample]) {
      t.notMatch(refused.body, { message: /Prefer/ }, 'no Prefer header was sent');
    }
    t.equal((await control(emu.url, '/__emulator/faults', { operationId: 'signin' })).status, 400);
    await control(emu.url, '/__emulator/faults', { operationId: 'signin', status: 401 });
    await control(emu.url, '/__emulator/reset');
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200);
  });
});

t.test('a settable clock', async (t) => {
  const emu = await emulator(t);
  const set = await control(
    emu.url,
    '/__emulator/clock',
    { now: '2030-01-01T00:00:00.000Z' },
    'PUT',
  );
  await matchesSpec(t, set, 'setClock', 'control');
  t.same(set.body, { now: '2030-01-01T00:00:00.000Z', frozen: true });
  const signin = await send(emu.url, '/auth/signin', JANE);
  const { payload } = decodeToken((signin.body as { token: string }).token);
  t.equal(payload.iat, Date.parse('2030-01-01T00:00:00.000Z') / 1000, 'iat from the clock');
  const signup = await send(emu.url, '/auth/signup', {
    email: 'clock@example.com',
    password: 'pw',
    firstname: 'C',
    lastname: 'L',
  });
  t.match(signup.body, { user: { createdAt: '2030-01-01T00:00:00.000Z' } });

  // A custom token valid now expires when the clock moves past its exp.
  const minted = await control(emu.url, '/__emulator/custom-tokens', {
    projectId: PROJECT_ID,
    claims: { _id: 'clock-ext' },
    expiresIn: 60,
  });
  const token = (minted.body as { token: string }).token;
  const custom = () =>
    send(emu.url, '/auth/signinWithCustomToken', {}, { headers: { authorization: token } });
  t.equal((await custom()).status, 200);
  const advanced = await control(emu.url, '/__emulator/clock', { advanceMs: 61_000 }, 'PUT');
  t.same(advanced.body, { now: '2030-01-01T00:01:01.000Z', frozen: true });
  const expired = await custom();
  t.equal(expired.status, 401);
  t.match(expired.headers['x-emulator-diagnostic'], /expired/);
  t.equal((await control(emu.url, '/__emulator/clock', {}, 'PUT')).status, 400);

  const released = await del(emu.url, '/__emulator/clock');
  await matchesSpec(t, released, 'releaseClock', 'control');
  t.equal((released.body as { frozen: boolean }).frozen, false);
  const now = await get(emu.url, '/__emulator/clock');
  t.ok(Math.abs(Date.parse((now.body as { now: string }).now) - Date.now()) < 60_000);
});

t.test('--seed: the same run gives byte-identical answers', async (t) => {
  const run = async () => {
    const emu = await emulator(t, { seed: 42, now: () => new Date('2031-05-05T05:05:05.000Z') });
    const anonymous = await send(emu.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
    const signin = await send(emu.url, '/auth/signin', JANE);
    const minted = await control(emu.url, '/__emulator/custom-tokens', { projectId: PROJECT_ID });
    return [anonymous.text, signin.text, minted.text];
  };
  const [a, b] = [await run(), await run()];
  t.same(a, b);
  const other = await emulator(t, { seed: 43 });
  const third = await send(other.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
  t.not(third.text, a[0], 'another seed, other ids');
});

t.test('snapshots', async (t) => {
  const emu = await emulator(t);
  const saved = await control(emu.url, '/__emulator/snapshots', { name: 'before' });
  t.equal(saved.status, 201);
  await matchesSpec(t, saved, 'saveSnapshot', 'control');
  t.match(saved.body, { name: 'before', users: 3 });
  await send(emu.url, '/auth/signup', {
    email: 'later@example.com',
    password: 'p',
    firstname: 'L',
    lastname: 'A',
  });
  t.equal(
    (await send(emu.url, '/auth/signin', { email: 'later@example.com', password: 'p' })).status,
    200,
  );
  const restored = await control(emu.url, '/__emulator/snapshots/before/restore');
  t.equal(restored.status, 200);
  await matchesSpec(t, restored, 'restoreSnapshot', 'control');
  t.equal(
    (await send(emu.url, '/auth/signin', { email: 'later@example.com', password: 'p' })).status,
    401,
  );
  const listed = await get(emu.url, '/__emulator/snapshots');
  await matchesSpec(t, listed, 'listSnapshots', 'control');
  t.match(listed.body, [{ name: 'before' }]);
  t.equal((await control(emu.url, '/__emulator/snapshots/nope/restore')).status, 404);
  t.equal((await del(emu.url, '/__emulator/snapshots/before')).status, 204);
  t.equal((await del(emu.url, '/__emulator/snapshots/before')).status, 404);
  t.equal((await control(emu.url, '/__emulator/snapshots', { name: 'bad name!' })).status, 400);
});

t.test('a restored snapshot is on disk too', async (t) => {
  const db = `${t.testdir()}/store.json`;
  const first = await emulator(t, { db });
  await control(first.url, '/__emulator/snapshots', { name: 's' });
  await send(first.url, '/auth/signup', {
    email: 'gone@example.com',
    password: 'p',
    firstname: 'G',
    lastname: 'O',
  });
  await control(first.url, '/__emulator/snapshots/s/restore');
  await first.close();
  const second = await emulator(t, { db });
  t.notOk(await findUser(second, 'gone@example.com'));
});

t.test('contract coverage', async (t) => {
  const emu = await emulator(t);
  await send(emu.url, '/auth/signin', JANE);
  await send(emu.url, '/auth/signin', { email: 'nobody@example.com', password: 'x' });
  await send(emu.url, '/auth/signin', {});
  await send(emu.url, '/auth/signin', JANE, {
    headers: { prefer: 'code=401, example=wrongPassword' },
  });
  const res = await get(emu.url, '/__emulator/coverage');
  await matchesSpec(t, res, 'getCoverage', 'control');
  const report = res.body as {
    operations: {
      operationId: string;
      statuses: { status: string; count: number; examples?: object }[];
    }[];
    covered: number;
    declared: number;
    percent: number;
    invalidRequests: number;
  };
  const signin = report.operations.find((op) => op.operationId === 'signin');
  t.match(signin?.statuses, [
    { status: '200', count: 1 },
    // The wrong password was steered; the unknown e-mail's real answer is the example's body.
    { status: '401', count: 2, examples: { wrongPassword: 1, userNotFound: 1 } },
    { status: '413', count: 0 },
    { status: '422', count: 1 },
    { status: '500', count: 0 },
  ]);
  t.equal(report.invalidRequests, 1);
  t.equal(report.covered, 3);
  t.ok(report.declared > 10);
  t.equal(report.percent, Number(((3 / report.declared) * 100).toFixed(1)));
  t.equal((await emu.tools.getCoverage()).covered, 3, 'the programmatic API has it too');
});

t.test('exportOnExit, import and coverageReport through startEmulator()', async (t) => {
  const dir = t.testdir({ 'bad.json': '{"users":[{"email":"x"}]}', 'notjson.json': '{' });
  const exported = `${dir}/export.json`;
  const first = await startEmulator({
    exportOnExit: exported,
    coverageReport: `${dir}/coverage.md`,
  });
  await send(first.url, '/auth/signup', {
    email: 'kept@example.com',
    password: 'p',
    firstname: 'K',
    lastname: 'E',
  });
  await send(first.url, '/auth/signin', JANE);
  await first.close();
  t.match(
    readFileSync(`${dir}/coverage.md`, 'utf8'),
    /^# Contract coverage: 2 of \d+ declared answers/,
  );
  const second = await startEmulator({ import: exported, coverageReport: `${dir}/coverage.xml` });
  t.ok(await findUser(second, 'kept@example.com'), 'the export is imported');
  await second.close();
  const junit = readFileSync(`${dir}/coverage.xml`, 'utf8');
  t.match(
    junit,
    /<testsuite name="contract coverage" tests="(\d+)" failures="0" skipped="\1">/,
    'nothing covered, and without a gate nothing failed: every case is skipped',
  );
  t.match(junit, /<skipped message="no request was answered 200"\/>/);
  t.notMatch(junit, /<failure/);
  const gated = await startEmulator({
    coverageReport: `${dir}/gated.xml`,
    coverageMin: 50,
  });
  await send(gated.url, '/auth/signin', JANE);
  await gated.close();
  const failed = readFileSync(`${dir}/gated.xml`, 'utf8');
  t.match(
    failed,
    /<testsuite name="contract coverage" tests="(\d+)" failures="(\d+)" skipped="0">/,
    'under the gate, the uncovered answers are failures',
  );
  t.match(failed, /<testcase classname="contract-coverage" name="signin 200"\/>/);
  t.match(
    failed,
    /<failure message="no request was answered 401; coverage [\d.]+% is under --coverage-min 50%"\/>/,
  );
  t.match(failed, /<property name="coverage-min" value="50"\/>/);
  const met = await startEmulator({ coverageReport: `${dir}/met.xml`, coverageMin: 0 });
  await met.close();
  t.notMatch(
    readFileSync(`${dir}/met.xml`, 'utf8'),
    /<failure/,
    'a gate that is met fails nothing',
  );
  const third = await startEmulator({ coverageReport: `${dir}/coverage.json` });
  await third.close();
  t.match(JSON.parse(readFileSync(`${dir}/coverage.json`, 'utf8')), { covered: 0 });
  await t.rejects(startEmulator({ import: `${dir}/bad.json` }), {
    message: /cannot import .*bad\.json: users\[0\]/,
  });
  await t.rejects(startEmulator({ import: `${dir}/notjson.json` }), {
    message: /cannot import .*notjson\.json/,
  });
});

t.test(
  'a fuller journal: the answer, the headers, unmatched requests, a since cursor',
  async (t) => {
    const emu = await emulator(t);
    await send(emu.url, '/auth/signin', JANE, {
      headers: { authorization: 'JWT secret-ish', cookie: 'a=b' },
    });
    await send(emu.url, '/auth/nothing', {});
    const all = await get(emu.url, '/__emulator/requests');
    await matchesSpec(t, all, 'listRequests', 'control');
    const [signin, unmatched] = all.body as {
      seq: number;
      operationId: string | null;
      headers: Record<string, unknown>;
      response: { body: Record<string, unknown> };
    }[];
    t.match(signin, {
      operationId: 'signin',
      headers: {
        authorization: '[redacted]',
        cookie: '[redacted]',
        'content-type': 'application/json',
      },
      response: { body: { success: true, token: '[redacted]', user: { email: JANE.email } } },
    });
    t.match(unmatched, {
      operationId: null,
      path: '/auth/nothing',
      status: 400,
      response: { body: { error: 'Invalid project id: auth' } },
    });
    const since = await get(emu.url, `/__emulator/requests?since=${signin?.seq}`);
    t.same(
      (since.body as { seq: number }[]).map((entry) => entry.seq),
      [unmatched?.seq],
    );
    await control(emu.url, '/__emulator/reset');
    await send(emu.url, '/auth/signin', JANE);
    const after = await get(emu.url, `/__emulator/requests?since=${unmatched?.seq}`);
    t.equal((after.body as unknown[]).length, 1, 'the cursor survives a reset');
    t.ok((after.body as { seq: number }[])[0]?.seq ?? 0 > (unmatched?.seq ?? 0));
  },
);

t.test('namespaces: parallel workers on one emulator, without cross-talk', async (t) => {
  const emu = await emulator(t);
  const as = (name: string) => ({ headers: { 'x-emulator-namespace': name } });
  const ada = { email: 'ada@example.com', password: 'p', firstname: 'A', lastname: 'L' };
  t.equal((await send(emu.url, '/auth/signup', ada, as('w1'))).status, 200);
  const signin = { email: ada.email, password: 'p' };
  t.equal((await send(emu.url, '/auth/signin', signin, as('w1'))).status, 200, 'w1 has Ada');
  t.equal((await send(emu.url, '/auth/signin', signin, as('w2'))).status, 401, 'w2 does not');
  t.equal((await send(emu.url, '/auth/signin', signin)).status, 401, 'nor the emulator itself');
  t.equal((await send(emu.url, '/__ns/w1/auth/signin', signin)).status, 200, 'the path form');
  t.equal((await send(emu.url, '/auth/signin', JANE, as('w2'))).status, 200, 'fixtures in each');

  const journal = await send(emu.url, '/__emulator/requests', undefined, {
    method: 'GET',
    ...as('w1'),
  });
  t.equal((journal.body as unknown[]).length, 3, "w1's journal has w1's requests only");
  await control(emu.url, '/__emulator/faults', { operationId: 'signin', status: 500 });
  t.equal(
    (await send(emu.url, '/auth/signin', JANE, as('w1'))).status,
    200,
    'faults per namespace',
  );
  t.equal((await send(emu.url, '/auth/signin', JANE)).status, 500);

  const reset = await send(
    emu.url,
    '/__emulator/reset',
    {},
    {
      headers: { ...json, 'x-emulator-namespace': 'w1' },
    },
  );
  t.equal(reset.status, 200);
  t.equal((await send(emu.url, '/auth/signin', signin, as('w1'))).status, 401, 'w1 was reset');

  const listed = await get(emu.url, '/__emulator/namespaces');
  await matchesSpec(t, listed, 'listNamespaces', 'control');
  t.same((listed.body as { name: string }[]).map((ns) => ns.name).sort(), ['w1', 'w2']);
  const dropped = await del(emu.url, '/__emulator/namespaces/w2');
  t.equal(dropped.status, 204);
  t.equal((await del(emu.url, '/__emulator/namespaces/w2')).status, 404);
  const bad = await send(emu.url, '/auth/signin', JANE, as('not a name!'));
  t.equal(bad.status, 400);
  t.match(bad.body, { error: 'invalid_request' });
});
