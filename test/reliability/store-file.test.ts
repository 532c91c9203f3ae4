/**
 * The store file as a user meets it: one emulator per file, writes that fail cleanly, hand-edited
 * files refused with the record named, private file modes and symlinks kept. Over HTTP where a
 * client would notice; the CLI where a second process is involved.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import {
  copyFileSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { resolveConfig } from '../../src/config.js';
import { startEmulator, startFromConfig } from '../../src/server.js';
import { JANE, matchesSpec, onDisk, PROJECT_ID, send } from '../helpers.js';
import { skipUnless } from './cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The CLI as users run it; resolves with the child once it is ready or gone. */
function cli(
  db: string,
  prefix: string[] = [],
): Promise<{ child: ChildProcess; ready: boolean; stderr: string; url: string }> {
  // The built CLI (the reliability tier builds first): nothing but the store writes files,
  // which matters under a file size limit.
  const args = ['dist/bin.js', '--port', '0', '--db', db, '--log-level', 'silent'];
  // `env -i`: nothing of the test runner's (NODE_OPTIONS, coverage) reaches the emulator,
  // whose only files must be the store's under a file size limit.
  const clean = ['env', '-i', `PATH=${process.env.PATH ?? ''}`];
  const [command, ...rest] = [...prefix, ...clean, process.execPath, ...args] as [
    string,
    ...string[],
  ];
  const child = spawn(command, rest, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk;
  });
  return new Promise((resolve) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      const url = /ready at (\S+)/.exec(String(chunk))?.[1];
      if (url) resolve({ child, ready: true, stderr, url });
    });
    child.on('exit', () => resolve({ child, ready: false, stderr, url: '' }));
  });
}

const signup = (email: string) => ({
  email,
  password: 'secret-password',
  firstname: 'Ann',
  lastname: 'Lee',
});

t.test('one emulator per store file', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'store.json');

  t.test('a second emulator in this process is refused, naming the file', async (t) => {
    const first = await startEmulator({ db });
    t.teardown(() => first.close());
    await t.rejects(startEmulator({ db }), {
      message: new RegExp(`${db.replaceAll('.', '\\.')} is in use by this process`),
    });
    // A symlink to the same file is the same file.
    const link = join(dir, 'link.json');
    symlinkSync(db, link);
    await t.rejects(startEmulator({ db: link }), { message: /is in use by this process/ });
  });

  t.test('a second process is refused with one line naming the holder', async (t) => {
    const holder = await cli(db);
    t.ok(holder.ready, holder.stderr);
    t.teardown(() => holder.child.kill('SIGKILL'));
    const second = await cli(db);
    t.notOk(second.ready);
    t.equal(second.child.exitCode, 1);
    const lines = second.stderr.trim().split('\n');
    t.equal(lines.length, 1, second.stderr);
    t.match(lines[0], `is in use by process ${holder.child.pid}`);
    t.match(lines[0], db);

    // The lock of a killed process is taken over at the next start.
    holder.child.kill('SIGKILL');
    await once(holder.child, 'exit');
    t.ok(existsSync(`${db}.lock`), 'the killed process left its lock behind');
    const next = await startEmulator({ db });
    t.teardown(() => next.close());
    t.equal((await send(next.url, '/auth/signin', JANE)).status, 200);
  });
});

const PRLIMIT = spawnSync('prlimit', ['--version']).status === 0;

t.test(
  'a write that fails (file size limit) answers 500 and leaves the store loadable',
  {
    skip: skipUnless(PRLIMIT, 'prlimit (util-linux) is not installed'),
  },
  async (t) => {
    // RLIMIT_FSIZE makes the kernel refuse writes past a size (EFBIG), after a short write of the
    // part that fits: a torn line, as a full disk gives. Room for the snapshot, not much more.
    const db = join(t.testdir(), 'store.json');
    const limited = await cli(db, ['prlimit', '--fsize=20000', '--']);
    t.ok(limited.ready, limited.stderr);
    t.teardown(() => limited.child.kill('SIGKILL'));
    let acknowledged = 0;
    let failed: Awaited<ReturnType<typeof send>> | undefined;
    for (let i = 0; i < 500 && !failed; i++) {
      const res = await send(limited.url, '/auth/signup', signup(`user${i}@example.com`));
      if (res.status === 200) acknowledged++;
      else failed = res;
    }
    if (!failed) throw new Error('the size limit never made a write fail');
    t.ok(acknowledged > 0, `${acknowledged} signups acknowledged before the limit`);
    t.equal(failed.status, 500);
    await matchesSpec(t, failed, 'signup');
    t.match(String(failed.headers['x-emulator-diagnostic']), /EFBIG|too large/i);
    const anonymous = await send(limited.url, '/auth/signinAnonymously', {
      id_project: PROJECT_ID,
    });
    t.equal(anonymous.status, 500, 'signinAnonymously cannot save its project_user either');
    await matchesSpec(t, anonymous, 'signinAnonymously');
    // Nothing half-written in the log: every line is a whole change.
    for (const line of readFileSync(`${db}.log`, 'utf8').trim().split('\n')) {
      t.doesNotThrow(() => JSON.parse(line), 'a whole line');
    }
    limited.child.kill('SIGKILL'); // a crash: the log is not folded
    await once(limited.child, 'exit');

    const restarted = await startEmulator({ db });
    t.teardown(() => restarted.close());
    const emails = (await restarted.tools.listUsers()).map((user) => user.email);
    for (let i = 0; i < acknowledged; i++) t.ok(emails.includes(`user${i}@example.com`));
    t.notOk(emails.includes(`user${acknowledged}@example.com`), 'the failed signup is not there');
    const signin = await send(restarted.url, '/auth/signin', {
      email: 'user0@example.com',
      password: 'secret-password',
    });
    t.equal(signin.status, 200);
  },
);

/** A 96 kB tmpfs, where root may mount one (else the test is skipped). */
const small = mkdtempSync(join(tmpdir(), 'tiledesk-auth-emulator-tmpfs-'));
const MOUNTED = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=96k', 'tmpfs', small]).status === 0;
t.teardown(() => {
  if (MOUNTED) spawnSync('umount', ['-l', small]);
  rmSync(small, { recursive: true, force: true });
});

t.test(
  'a full disk (a small tmpfs)',
  {
    skip: skipUnless(MOUNTED, 'cannot mount a tmpfs here (needs root)'),
  },
  async (t) => {
    const db = join(small, 'store.json');
    const { emulator, app } = await startFromConfig(resolveConfig({ db }, {}, 'api'));
    const seeded = (await emulator.tools.listUsers()).length;
    let status = 200;
    let acknowledged = 0;
    for (let i = 0; i < 2000 && status === 200; i++) {
      status = (await send(emulator.url, '/auth/signup', signup(`user${i}@example.com`))).status;
      if (status === 200) acknowledged++;
    }
    t.equal(status, 500, `the disk filled up after ${acknowledged} signups`);
    await app.close(); // a crash: no flush
    const data = await onDisk(db);
    t.equal(data.users.length, seeded + acknowledged, 'every acknowledged signup is on disk, once');
    // The files start elsewhere, as a user would move them off the full disk.
    const moved = join(t.testdir(), 'store.json');
    copyFileSync(db, moved);
    copyFileSync(`${db}.log`, `${moved}.log`);
    const restarted = await startEmulator({ db: moved });
    t.teardown(() => restarted.close());
    t.equal((await restarted.tools.listUsers()).length, seeded + acknowledged);
    await rm(`${db}.lock`);
  },
);

t.test('a hand-edited store it cannot trust is refused, and left as it was', async (t) => {
  const dir = t.testdir();
  const db = join(dir, 'store.json');
  const emulator = await startEmulator({ db });
  await emulator.close();
  const good = JSON.parse(readFileSync(db, 'utf8'));

  const cases = [
    {
      name: 'a duplicate _id',
      edit: (data: typeof good) => data.users.push({ ...data.users[0], email: 'x@example.com' }),
      message: /users\[\d+\] repeats _id/,
    },
    {
      name: 'a duplicate e-mail',
      edit: (data: typeof good) =>
        data.users.push({ ...data.users[0], _id: '65f0a0000000000000000fff' }),
      message: /users\[\d+\] repeats email /,
    },
  ];
  for (const { name, edit, message } of cases) {
    const data = structuredClone(good);
    edit(data);
    const text = `${JSON.stringify(data, null, 2)}\n`;
    writeFileSync(db, text);
    await t.rejects(startEmulator({ db }), { message }, name);
    await t.rejects(startEmulator({ db }), { message: new RegExp(db) }, `${name}: names the file`);
    t.equal(readFileSync(db, 'utf8'), text, `${name}: the file is unchanged`);
    t.notOk(existsSync(`${db}.lock`), `${name}: no lock left behind`);
  }

  const orphan = join(dir, 'orphan.json');
  writeFileSync(`${orphan}.log`, '{"op":"insert","into":"users","record":{"_id":"x"}}\n');
  await t.rejects(startEmulator({ db: orphan }), {
    message: /holds changes, but their JSON file is missing/,
  });
  t.notOk(existsSync(orphan), 'no store was created over the orphaned log');
});

t.test('files are private (0600) and a symlinked store stays a symlink', async (t) => {
  const dir = t.testdir();
  mkdirSync(join(dir, 'data'));
  const target = join(dir, 'data', 'real.json');
  const link = join(dir, 'store.json');
  symlinkSync(target, link);
  const emulator = await startEmulator({ db: link });
  t.equal((await send(emulator.url, '/auth/signup', signup('linked@example.com'))).status, 200);
  for (const file of [target, `${target}.log`, `${target}.lock`]) {
    t.equal(statSync(file).mode & 0o777, 0o600, `${file} is 0600`);
  }
  t.equal((await send(emulator.url, '/__emulator/reset', {})).status, 200);
  await emulator.close();
  t.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  t.equal(statSync(target).mode & 0o777, 0o600);
  t.ok(JSON.parse(readFileSync(target, 'utf8')).users.length > 0);
});
