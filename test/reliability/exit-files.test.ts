/**
 * What the CLI leaves behind when it stops (issue 17): --export-on-exit writes the records,
 * --import starts from them, --coverage-report writes the contract coverage (Markdown, JUnit,
 * JSON) and --coverage-min fails the run below it. The built CLI, stopped with SIGTERM.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { JANE, send } from '../helpers.js';
import { startCli } from './cli.js';

const json = { 'content-type': 'application/json' };
const newUser = { email: 'exported@example.com', password: 'pw', firstname: 'E', lastname: 'X' };

async function stop(cli: Awaited<ReturnType<typeof startCli>>) {
  cli.child.kill('SIGTERM');
  return cli.exited;
}

t.test('--export-on-exit, then --import: the records survive, in another store', async (t) => {
  const dir = t.testdir();
  const exported = join(dir, 'export.json');
  const first = await startCli(['--port', '0', '--in-memory', '--export-on-exit', exported]);
  t.equal((await send(first.url, '/auth/signup', newUser)).status, 200);
  t.match(await stop(first), { code: 0 });
  t.ok(existsSync(exported));
  t.equal(statSync(exported).mode & 0o777, 0o600, 'it holds hashes: 0600');
  const records = JSON.parse(readFileSync(exported, 'utf8'));
  t.ok(records.users.some((u: { email: string }) => u.email === 'exported@example.com'));

  const second = await startCli(['--port', '0', '--in-memory', '--import', exported]);
  t.teardown(() => second.kill());
  const signin = await send(second.url, '/auth/signin', { email: newUser.email, password: 'pw' });
  t.equal(signin.status, 200, 'the exported user signs in');
  const reset = await send(second.url, '/__emulator/reset', {}, { headers: json });
  t.equal(reset.status, 200);
  t.equal(
    (await send(second.url, '/auth/signin', { email: newUser.email, password: 'pw' })).status,
    401,
    'a reset goes back to the fixtures, not to the import',
  );
});

t.test('--import of a file that is not an export fails the start, naming it', async (t) => {
  const dir = t.testdir({ 'bad.json': '{"users":[{"email":"x"}]}' });
  await t.rejects(startCli(['--port', '0', '--in-memory', '--import', join(dir, 'bad.json')]), {
    message: /cannot import .*bad\.json: users\[0\]/,
  });
});

t.test('--coverage-report and --coverage-min', async (t) => {
  const dir = t.testdir();
  for (const [file, pattern] of [
    ['coverage.md', /^# Contract coverage: 2 of \d+ declared answers/],
    [
      'coverage.xml',
      /<testsuite name="contract coverage" tests="\d+" failures="[1-9]\d*" skipped="0">/,
    ],
    ['coverage.json', /"covered": 2/],
  ] as const) {
    const cli = await startCli([
      '--port',
      '0',
      '--in-memory',
      '--coverage-report',
      join(dir, file),
      '--coverage-min',
      '100',
    ]);
    await send(cli.url, '/auth/signin', JANE);
    await send(cli.url, '/auth/signin', {});
    const exit = await stop(cli);
    t.equal(exit.code, 1, `${file}: under --coverage-min 100, the run fails`);
    t.match(
      cli.stderr(),
      /contract coverage [\d.]+% \(2 of \d+ declared answers\) is under --coverage-min 100%/,
    );
    t.match(readFileSync(join(dir, file), 'utf8'), pattern, file);
  }
  const enough = await startCli(['--port', '0', '--in-memory', '--coverage-min', '0']);
  t.match(await stop(enough), { code: 0 });
});
