/**
 * The conformance runner itself, without the real server (the conformance tier runs it against
 * that): an emulator compared with another emulator of the same fixtures agrees on every case
 * but the listed divergences; one that answers differently is caught, named and fails the run.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { conformanceMain } from '../../src/conformance/main.js';
import { runConformance } from '../../src/conformance/run.js';
import { emulator, send } from '../helpers.js';

const SUBSET = ['signin.*', 'custom.401.*', 'anon.200.*', 'signup.sequence.*', '*.method.GET'];

t.test('an emulator against itself: nothing but listed divergences', async (t) => {
  const target = await emulator(t);
  const report = await runConformance({ target: target.url, allowWrites: true, only: SUBSET });
  t.ok(report.cases.length > 40, `${report.cases.length} cases run`);
  t.equal(
    report.counts.different,
    0,
    JSON.stringify(
      report.cases.filter((c) => !['same', 'divergent'].includes(c.outcome)).map((c) => c.id),
    ),
  );
  t.ok(report.ok);
});

t.test("a target with a base path: the emulator's own /v3 is identical", async (t) => {
  const target = await emulator(t);
  const report = await runConformance({
    target: `${target.url}/v3`,
    only: ['*.path.*', 'signin.200.*', 'signup.media.*', 'custom.401.*'],
  });
  t.ok(report.cases.length > 60, `${report.cases.length} cases run`);
  t.same(
    report.cases.filter((c) => c.outcome !== 'same' && c.outcome !== 'skipped').map((c) => c.id),
    [],
    'every case the same',
  );
});

t.test('a target that cannot be compared: one line, exit status 2', async (t) => {
  const printed: string[] = [];
  const io = { stdout: (s: string) => printed.push(s), stderr: (s: string) => printed.push(s) };
  const closed = await emulator(t);
  const url = closed.url;
  await closed.close();
  t.equal(await conformanceMain(['--target', url], {}, io), 2, 'unreachable');
  t.match(
    printed.join(''),
    /^conformance: cannot reach http:\/\/127\.0\.0\.1:\d+: ECONNREFUSED\n$/,
  );

  const other = await emulator(t);
  printed.length = 0;
  t.equal(await conformanceMain(['--target', `${other.url}/docs`], {}, io), 2, 'not a Tiledesk');
  t.match(printed.join(''), /does not answer like a Tiledesk server/);
  t.equal(printed.join('').split('\n').length, 2, 'one line');

  printed.length = 0;
  t.equal(await conformanceMain(['--target', 'nowhere'], {}, io), 2, 'not a URL');
  t.match(printed.join(''), /nowhere is not a URL/);
});

t.test('the summary gives the real reason of the skips', async (t) => {
  const target = await emulator(t);
  const printed: string[] = [];
  const io = { stdout: (s: string) => printed.push(s), stderr: (s: string) => printed.push(s) };
  const code = await conformanceMain(['--target', target.url, '--only', 'signup.200.*'], {}, io);
  t.equal(code, 0);
  t.match(
    printed.join(''),
    /0 different, (\d+) skipped \(\1 writes: use --allow-writes\); database not compared/,
  );
});

t.test('a target that answers otherwise is caught, and the command exits 1', async (t) => {
  // Another global key: tokens signed with `nodeauthsecret` are refused there.
  const other = await emulator(t, { globalSecret: 'another-secret' });
  const report = await runConformance({
    target: other.url,
    only: ['custom.200.global-*', 'signin.200*'],
  });
  const different = report.cases.filter((c) => c.outcome === 'different');
  t.ok(different.length > 0, 'at least one case differs');
  t.notOk(report.ok);
  t.ok(different.every((c) => c.differences.some((d) => !d.divergence)));

  const printed: string[] = [];
  const io = { stdout: (s: string) => printed.push(s), stderr: (s: string) => printed.push(s) };
  const code = await conformanceMain(
    ['--target', other.url, '--only', 'custom.200.global-*'],
    {},
    io,
  );
  t.equal(code, 1);
  t.match(printed.join(''), /different/);
});

t.test('the command: usage errors, an options file, JSON output', async (t) => {
  const printed: string[] = [];
  const io = { stdout: (s: string) => printed.push(s), stderr: (s: string) => printed.push(s) };
  t.equal(await conformanceMain([], {}, io), 2, 'no target');
  t.equal(await conformanceMain(['--bogus'], {}, io), 2, 'unknown flag');
  // A Tiledesk of the user's own: not seeded with the fixtures, a user and a project of its own.
  const empty = join(t.testdir(), 'empty.json');
  writeFileSync(empty, '{"users":[]}');
  const target = await emulator(t, { fixtures: empty });
  const user = {
    email: 'opt@example.com',
    password: 'opt-password',
    firstname: 'O',
    lastname: 'P',
  };
  const project = { _id: '65f0b00000000000000000aa', name: 'Own', jwtSecret: 'own-secret' };
  const seeded = await send(target.url, '/__emulator/seed', { users: [user], projects: [project] });
  t.equal(seeded.status, 200);
  const options = join(t.testdir(), 'options.json');
  writeFileSync(
    options,
    JSON.stringify({ user, project: { id: project._id, secret: project.jwtSecret } }),
  );
  printed.length = 0;
  const code = await conformanceMain(
    [
      '--target',
      target.url,
      '--options',
      options,
      '--only',
      'signin.401*',
      '--only',
      'custom.401*',
      '--json',
    ],
    {},
    io,
  );
  t.equal(code, 0);
  const report = JSON.parse(printed.join(''));
  t.ok(report.cases.length > 0);
  t.ok(report.ok);
});
