/**
 * Crash safety: a signup acknowledged with a 200 survives a SIGKILL, and a write that cannot
 * reach the disk (a full one) is never acknowledged. The emulator runs as a child process
 * (dist/bin.js); `npm run crash-loop` runs the kill rounds 20 times.
 */
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JANE, matchesSpec, onDisk, PROJECT_ID, send } from '../helpers.js';
import { type Cli, skipUnless, startCli } from './cli.js';
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

/** A 512 kB tmpfs, where root may mount one (else the test that needs it is skipped). */
const small = mkdtempSync(join(tmpdir(), 'tiledesk-auth-emulator-full-'));
const MOUNTED = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=512k', 'tmpfs', small]).status === 0;
t.teardown(() => {
  if (MOUNTED) spawnSync('umount', ['-l', small]);
  rmSync(small, { recursive: true, force: true });
});

/** Fills the tmpfs with a file; returns the removal of that file. */
function fillDisk(): () => void {
  const filler = join(small, 'filler');
  const chunk = Buffer.alloc(4096);
  try {
    for (;;) appendFileSync(filler, chunk);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error;
  }
  return () => rmSync(filler);
}

t.test(
  'a full disk: 500 with the real body, never a 2xx, reads still served',
  { skip: skipUnless(MOUNTED, 'cannot mount a tmpfs here (needs root)') },
  async (t) => {
    const file = join(small, 'store.json');
    const args = ['--port', '0', '--db', file, '--log-level', 'info'];
    const first = await startCli(args);
    t.teardown(() => first.kill());
    const before = await send(first.url, '/auth/signup', {
      email: 'before@example.com',
      password: 'before-pw',
      firstname: 'B',
      lastname: 'F',
    });
    t.equal(before.status, 200, 'a signup is written while there is room');
    // Stopped, the store folds its log into the snapshot and empties it: the next append needs
    // a page of its own, which the full disk refuses.
    first.child.kill('SIGTERM');
    t.equal((await first.exited).code, 0);
    const cli = await startCli(args);
    t.teardown(() => cli.kill());
    const { url } = cli;
    const freeDisk = fillDisk();

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

    const reset = await send(url, '/__emulator/reset', {});
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

    // Once there is room again, writes succeed, and a restart sees them.
    freeDisk();
    const after = await send(url, '/auth/signup', {
      email: 'after@example.com',
      password: 'after-pw',
      firstname: 'A',
      lastname: 'F',
    });
    t.equal(after.status, 200, 'a signup succeeds once there is room again');
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
