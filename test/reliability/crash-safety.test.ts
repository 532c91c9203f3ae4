/**
 * Crash safety: a signup acknowledged with a 200 survives a SIGKILL, and a write that cannot
 * reach the disk is never acknowledged. The emulator runs as a child process (dist/bin.js);
 * `npm run crash-loop` runs the kill rounds 20 times.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { JANE, matchesSpec, onDisk, PROJECT_ID, send } from '../helpers.js';
import { type Cli, startCli } from './cli.js';
import { type Credentials, crashRound } from './storm.js';

const ROUNDS = 3;

t.test('SIGKILL during a signup storm loses no acknowledged signup', async (t) => {
  const file = join(t.testdir(), 'store.json');
  const earlier: Credentials[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    const result = await crashRound({ file, round, earlier });
    t.strictSame(result.problems, [], `round ${round}: killed after ${result.killedAfterMs} ms`, {
      attempted: result.attempted,
      acknowledged: result.acknowledged.length,
      usersInFile: result.usersInFile,
    });
    t.ok(result.acknowledged.length > 0, `round ${round}: some signups were acknowledged`);
    earlier.push(...result.acknowledged);
  }
});

/** Puts a directory where a store file is (so no write to it can succeed, even as root). */
function block(path: string): () => void {
  const aside = `${path}.aside`;
  if (existsSync(path)) renameSync(path, aside);
  mkdirSync(path);
  return () => {
    rmSync(path, { recursive: true });
    if (existsSync(aside)) renameSync(aside, path);
  };
}

t.test(
  'an unwritable store file: 500 with the real body, never a 2xx, reads still served',
  async (t) => {
    const file = join(t.testdir(), 'store.json');
    const cli = await startCli(['--port', '0', '--db', file, '--log-level', 'info']);
    t.teardown(() => cli.kill());
    const { url } = cli;

    const before = await send(url, '/auth/signup', {
      email: 'before@example.com',
      password: 'before-pw',
      firstname: 'B',
      lastname: 'F',
    });
    t.equal(before.status, 200, 'a signup is written while the file is writable');

    // Directories where the snapshot and its change log are: every write fails, even as root.
    const unblockSnapshot = block(file);
    const unblockLog = block(`${file}.log`);

    const signup = await send(url, '/auth/signup', {
      email: 'lost@example.com',
      password: 'lost-pw',
      firstname: 'L',
      lastname: 'O',
    });
    t.equal(signup.status, 500, 'signup: 500');
    t.strictSame(signup.body, { success: false, message: 'Registration cannot be completed' });
    await matchesSpec(t, signup, 'signup');

    const anonymous = await send(url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
    t.equal(anonymous.status, 500, 'signinAnonymously: 500');
    t.strictSame(anonymous.body, { success: false, msg: 'Error saving object.' });
    await matchesSpec(t, anonymous, 'signinAnonymously');

    const token = await send(url, '/__emulator/custom-tokens', {
      projectId: PROJECT_ID,
      claims: { _id: 'ext-unwritable' },
    });
    t.equal(token.status, 200, 'minting a custom token writes nothing');
    const custom = await send(url, '/auth/signinWithCustomToken', undefined, {
      headers: { authorization: (token.body as { token: string }).token },
    });
    t.equal(custom.status, 500, 'signinWithCustomToken (a new project_user): 500');
    await matchesSpec(t, custom, 'signinWithCustomToken');

    const seed = await send(url, '/__emulator/seed', {
      users: [{ email: 'seeded@example.com', password: 'seeded-pw' }],
    });
    t.equal(seed.status, 500, 'seedState: 500');
    t.match(seed.body, { error: 'store_failure' });
    await matchesSpec(t, seed, 'seedState', 'control');

    const reset = await send(url, '/__emulator/reset');
    t.equal(reset.status, 500, 'resetState: 500');
    await matchesSpec(t, reset, 'resetState', 'control');

    // Reads keep working, and nothing unwritten is visible.
    const jane = await send(url, '/auth/signin', JANE);
    t.equal(jane.status, 200, 'signin of a fixture user still works');
    const earlier = await send(url, '/auth/signin', {
      email: 'before@example.com',
      password: 'before-pw',
    });
    t.equal(
      earlier.status,
      200,
      'a user written before still signs in (the failed reset changed nothing in memory)',
    );
    const lost = await send(url, '/auth/signin', {
      email: 'lost@example.com',
      password: 'lost-pw',
    });
    t.equal(lost.status, 401, 'the signup that failed left no user behind');
    const seeded = await send(url, '/auth/signin', {
      email: 'seeded@example.com',
      password: 'seeded-pw',
    });
    t.equal(seeded.status, 401, 'the seed that failed left no user behind');
    const health = await send(url, '/__emulator/health', undefined, { method: 'GET' });
    t.equal(health.status, 200, 'the health check still answers');

    const logs = cli.stderr();
    t.match(logs, /cannot write the store file/, 'a log line says the store cannot be written');
    t.ok(logs.includes(file), 'and names the file');

    // Once the files are writable again, writes succeed, and a restart sees them.
    unblockLog();
    unblockSnapshot();
    const after = await send(url, '/auth/signup', {
      email: 'after@example.com',
      password: 'after-pw',
      firstname: 'A',
      lastname: 'F',
    });
    t.equal(after.status, 200, 'a signup succeeds once the file is writable again');
    const emails = (await onDisk(file)).users.map((u) => u.email);
    t.ok(emails.includes('after@example.com'), 'the new signup is on disk');
    t.ok(emails.includes('before@example.com'), 'the user written before is still on disk');
    t.notOk(emails.includes('lost@example.com'), 'the failed signup never reached the disk');
  },
);

t.test('a torn last line in the change log swallows no later acknowledged write', async (t) => {
  const file = join(t.testdir(), 'store.json');
  const args = ['--port', '0', '--db', file, '--log-level', 'silent'];
  const signup = (url: string, email: string) =>
    send(url, '/auth/signup', { email, password: 'torn-pw', firstname: 'T', lastname: 'L' });

  // A clean run: its change is folded into the snapshot at close, and the log is emptied.
  const first = await startCli(args);
  t.equal((await signup(first.url, 'first@example.com')).status, 200);
  first.child.kill('SIGTERM');
  t.equal((await first.exited).code, 0);

  // What a crash (or a full disk) in the middle of an append leaves: half a line, no newline.
  appendFileSync(`${file}.log`, '{"op":"insert","into":"users","record":{"_id":"65f0a00000');

  const second = await startCli(args);
  t.teardown(() => second.kill());
  t.equal((await signup(second.url, 'second@example.com')).status, 200, 'a signup after it: 200');
  await second.kill(); // SIGKILL: the change is only in the log

  let third: Cli | undefined;
  try {
    third = await startCli(args);
  } catch (error) {
    t.fail(`the emulator no longer starts on the store: ${String(error).slice(0, 300)}`);
    return;
  }
  t.teardown(() => third?.kill());
  for (const email of ['first@example.com', 'second@example.com']) {
    const res = await send(third.url, '/auth/signin', { email, password: 'torn-pw' });
    t.equal(res.status, 200, `${email}, acknowledged, signs in after the restart`);
  }
});
