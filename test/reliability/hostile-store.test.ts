/**
 * Hostile input, round two (issue 26): the store file. Restores that once made a log no
 * restart could read, two starts racing over a stale lock, a hard link to the store, files made
 * before with a loose mode, a store or a log line the emulator never writes, and a restart on a
 * full disk. Through the built CLI (`node dist/bin.js`), killed with SIGKILL where a crash is
 * the point.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { JANE, send } from '../helpers.js';
import { bigFixtures } from './attacks.js';
import { BIN, startCli } from './cli.js';

const json = { 'content-type': 'application/json' };
const signup = (email: string) => ({ email, password: 'pw', firstname: 'F', lastname: 'L' });

/** Starts the CLI; resolves with how it went: ready (and its handle) or its exit and stderr. */
async function tryStart(args: string[]) {
  try {
    return { cli: await startCli(args), error: undefined };
  } catch (error) {
    return { cli: undefined, error: (error as Error).message };
  }
}

/** A process id that is not running: a child that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

t.test(
  'restores fold by bytes: the log stays small and a kill -9 leaves a store that loads',
  async (t) => {
    const dir = t.testdir();
    const fixtures = join(dir, 'big.json');
    bigFixtures(fixtures, 1024 * 1024);
    const db = join(dir, 'store.json');
    const args = ['--port', '0', '--db', db, '--fixtures', fixtures, '--log-level', 'silent'];
    const cli = await startCli(args);
    t.teardown(() => cli.kill());
    const saved = await send(
      cli.url,
      '/__emulator/snapshots',
      { name: 'before' },
      { headers: json },
    );
    t.equal(saved.status, 201);
    let largest = 0;
    for (let i = 0; i < 40; i++) {
      const restored = await send(
        cli.url,
        '/__emulator/snapshots/before/restore',
        {},
        { headers: json },
      );
      t.equal(restored.status, 200, `restore ${i + 1}`, { bail: restored.status !== 200 });
      largest = Math.max(largest, existsSync(`${db}.log`) ? statSync(`${db}.log`).size : 0);
    }
    const acknowledged = await send(cli.url, '/auth/signup', signup('after@example.com'));
    t.equal(acknowledged.status, 200);
    // 40 restores of a 1 MB store logged 40 MB before; the log is folded past 16 MB.
    t.ok(largest < 20 * 1024 * 1024, `the log stayed under 20 MB (largest ${largest} bytes)`);
    await cli.kill();

    const again = await startCli(args);
    t.teardown(() => again.kill());
    t.equal((await send(again.url, '/auth/signin', JANE)).status, 200, 'the store loads again');
    const after = await send(again.url, '/auth/signin', {
      email: 'after@example.com',
      password: 'pw',
    });
    t.equal(after.status, 200, 'the signup acknowledged before the kill is there');
  },
);

t.test('two starts over a stale lock: exactly one runs, every round', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'store.json');
  const first = await startCli(['--port', '0', '--db', db, '--log-level', 'silent']);
  await first.kill();
  const pid = deadPid();
  for (let round = 1; round <= 12; round++) {
    // A lock left by a process that is gone (killed, crashed).
    writeFileSync(`${db}.lock`, JSON.stringify({ pid, host: hostname() }));
    const both = await Promise.all([
      tryStart(['--port', '0', '--db', db, '--log-level', 'silent']),
      tryStart(['--port', '0', '--db', db, '--log-level', 'silent']),
    ]);
    const running = both.filter((start) => start.cli);
    t.equal(running.length, 1, `round ${round}: one of the two runs`, {
      errors: both.map((start) => start.error),
    });
    const refused = both.find((start) => start.error)?.error ?? '';
    t.match(refused, /is in use by process \d+/, `round ${round}: the other is told who holds it`);
    for (const start of both) await start.cli?.kill();
    rmSync(`${db}.lock`, { force: true });
  }
});

t.test('a hard link to the store file does not get a lock of its own', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'store.json');
  const first = await startCli(['--port', '0', '--db', db, '--log-level', 'silent']);
  t.teardown(() => first.kill());
  const other = join(dir, 'other-name.json');
  linkSync(db, other);
  const second = await tryStart(['--port', '0', '--db', other, '--log-level', 'silent']);
  await second.cli?.kill();
  t.notOk(second.cli, 'the start through the hard link is refused');
  t.match(second.error, /has 2 hard links/);
  t.equal((await send(first.url, '/auth/signin', JANE)).status, 200, 'the first still serves');
});

t.test('an existing .log or --export-on-exit file with mode 0644 is made 0600', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'store.json');
  const exported = join(dir, 'export.json');
  const first = await startCli(['--port', '0', '--db', db, '--log-level', 'silent']);
  await first.kill();
  writeFileSync(`${db}.log`, '');
  chmodSync(`${db}.log`, 0o644);
  writeFileSync(exported, '{}');
  chmodSync(exported, 0o644);
  const cli = await startCli([
    '--port',
    '0',
    '--db',
    db,
    '--log-level',
    'silent',
    '--export-on-exit',
    exported,
  ]);
  t.teardown(() => cli.kill());
  t.equal((await send(cli.url, '/auth/signup', signup('new@example.com'))).status, 200);
  t.equal(statSync(`${db}.log`).mode & 0o777, 0o600, 'the log, holding a hash now, is 0600');
  cli.child.kill('SIGTERM');
  t.match(await cli.exited, { code: 0 });
  t.equal(statSync(exported).mode & 0o777, 0o600, 'the export is 0600');
  t.match(readFileSync(exported, 'utf8'), /new@example\.com/);
});

t.test(
  'a store with a top-level __proto__, or a log line with an unknown op, is refused',
  async (t) => {
    const dir = t.testdir();
    const db = join(dir, 'store.json');
    const first = await startCli(['--port', '0', '--db', db, '--log-level', 'silent']);
    await first.kill();
    const good = readFileSync(db, 'utf8');

    const poisoned = good.replace(/^\{/, '{\n  "__proto__": { "polluted": true },');
    writeFileSync(db, poisoned);
    const proto = await tryStart(['--port', '0', '--db', db, '--log-level', 'silent']);
    await proto.cli?.kill();
    t.notOk(proto.cli, '__proto__: refused');
    t.match(proto.error, new RegExp(`${db}.*__proto__`), 'names the file and the key');
    t.equal(readFileSync(db, 'utf8'), poisoned, 'the file is left as it was');

    writeFileSync(db, good);
    const log = `{"op":"reset"}\n{"op":"drop","into":"users"}\n{"op":"reset"}\n`;
    writeFileSync(`${db}.log`, log);
    const unknown = await tryStart(['--port', '0', '--db', db, '--log-level', 'silent']);
    await unknown.cli?.kill();
    t.notOk(unknown.cli, 'unknown op: refused');
    t.match(unknown.error, /store\.json\.log line 2 has an unknown op "drop"/);
    t.equal(readFileSync(`${db}.log`, 'utf8'), log, 'the log is left as it was');
  },
);

/** A 256 kB tmpfs, where root may mount one (else the test is skipped). */
const small = mkdtempSync(join(tmpdir(), 'tiledesk-auth-emulator-tmpfs-'));
const MOUNTED = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=256k', 'tmpfs', small]).status === 0;
t.teardown(() => {
  if (MOUNTED) spawnSync('umount', ['-l', small]);
  rmSync(small, { recursive: true, force: true });
});

t.test(
  'a restart on a still-full disk names the file it cannot write',
  { skip: MOUNTED ? false : 'cannot mount a tmpfs here (needs root)' },
  async (t) => {
    const dir = t.testdir();
    const fixtures = join(dir, 'fixtures.json');
    bigFixtures(fixtures, 40 * 1024);
    const made = join(dir, 'store.json');
    const first = await startCli(['--port', '0', '--db', made, '--fixtures', fixtures]);
    t.equal((await send(first.url, '/auth/signup', signup('logged@example.com'))).status, 200);
    await first.kill(); // the signup stays in the log: the restart folds it in
    const db = join(small, 'store.json');
    copyFileSync(made, db);
    copyFileSync(`${made}.log`, `${db}.log`);
    // Fill the disk, then give back 8 kB: room for the lock, not for the folded store.
    writeFileSync(join(small, 'room'), Buffer.alloc(8 * 1024));
    const fill = spawn('sh', ['-c', `cat /dev/zero > ${join(small, 'filler')}`]);
    await new Promise((resolve) => fill.on('exit', resolve));
    rmSync(join(small, 'room'));
    const restart = await tryStart(['--port', '0', '--db', db, '--fixtures', fixtures]);
    await restart.cli?.kill();
    t.notOk(restart.cli, 'the restart fails');
    t.match(restart.error, /ENOSPC/);
    t.match(restart.error, new RegExp(`cannot write the (store|lock) file ${small}/store\\.json`));
    t.ok(existsSync(db), 'the store is still there');
    rmSync(join(small, 'filler'));
    void BIN;
  },
);
