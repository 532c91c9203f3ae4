/**
 * The store file's lock (src/store/lock.ts), as a start meets it: taken and released, refused
 * while its owner runs (here or in another process), taken over from a process that is gone, and
 * the races of two starts over one stale lock, the other start simulated between two steps.
 * The CLI's side (a killed emulator's lock) is in test/reliability/store-file.test.ts.
 */
import { spawnSync } from 'node:child_process';
import fs, {
  existsSync,
  linkSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { hostname } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { LockedError, lockStore } from '../../src/store/lock.js';
import type { Test } from '../helpers.js';

const HOST = hostname();

/** The pid of a process that has exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  if (child.pid === undefined) throw new Error('no child');
  return child.pid;
}

const owner = (lock: string) => JSON.parse(readFileSync(lock, 'utf8')) as unknown;

const refusal = (file: string, who: string, host = HOST) =>
  `the store file ${file} is in use by ${who} on ${host} (${file}.lock); stop that emulator or use another --db. If no emulator runs, delete the lock file.`;

/** Replaces fs.renameSync, as lock.ts sees it, for the rest of the test. */
function patchRename(t: Test, fake: typeof fs.renameSync) {
  const real = fs.renameSync;
  fs.renameSync = fake;
  syncBuiltinESMExports();
  t.teardown(() => {
    fs.renameSync = real;
    syncBuiltinESMExports();
  });
  return real;
}

t.test('a free file: the lock names this process, 0600, released by its release', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'db.json');
  const release = lockStore(file);
  t.strictSame(owner(`${file}.lock`), { pid: process.pid, host: HOST });
  t.equal(statSync(`${file}.lock`).mode & 0o777, 0o600);
  t.strictSame(readdirSync(dir), ['db.json.lock'], 'no draft left behind');
  release();
  t.notOk(existsSync(`${file}.lock`));
});

t.test('a lock whose owner runs is refused, naming it; the lock stays', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'db.json');
  const release = lockStore(file);
  t.teardown(release);
  t.throws(() => lockStore(file), new LockedError(refusal(file, 'this process')));
  t.strictSame(owner(`${file}.lock`), { pid: process.pid, host: HOST });
  t.strictSame(readdirSync(dir), ['db.json.lock'], 'no draft left behind');

  // Another process, alive (the test runner's parent).
  writeFileSync(`${file}.lock`, JSON.stringify({ pid: process.ppid, host: HOST }));
  t.throws(() => lockStore(file), { message: refusal(file, `process ${process.ppid}`) });
  t.strictSame(owner(`${file}.lock`), { pid: process.ppid, host: HOST });
});

t.test('a lock of another host is refused, whether or not its pid runs here', async (t) => {
  const file = join(t.testdir(), 'db.json');
  const pid = deadPid();
  writeFileSync(`${file}.lock`, JSON.stringify({ pid, host: 'elsewhere' }));
  t.throws(() => lockStore(file), { message: refusal(file, `process ${pid}`, 'elsewhere') });
});

t.test('a lock whose process is gone, or that is not a lock, is taken over', async (t) => {
  for (const [name, text] of [
    ['a dead process', JSON.stringify({ pid: deadPid(), host: HOST })],
    ['garbage', 'not json'],
  ] as const) {
    const dir = t.testdir();
    const file = join(dir, `${name.replaceAll(' ', '-')}.json`);
    writeFileSync(`${file}.lock`, text);
    const release = lockStore(file);
    t.strictSame(owner(`${file}.lock`), { pid: process.pid, host: HOST }, name);
    t.equal(readdirSync(dir).length, 1, `${name}: nothing but the lock left behind`);
    release();
  }
});

t.test('a store file with a second hard link is refused, and its lock released', async (t) => {
  const dir = t.testdir();
  const file = join(dir, 'db.json');
  writeFileSync(file, '{}');
  linkSync(file, join(dir, 'other.json'));
  t.throws(() => lockStore(file), {
    name: 'LockedError',
    message: new RegExp(`^the store file ${file} has 2 hard links: another name`),
  });
  t.notOk(existsSync(`${file}.lock`));
});

t.test('a lock that cannot be written says which file', async (t) => {
  const file = join(t.testdir(), 'missing', 'db.json');
  t.throws(() => lockStore(file), {
    message: `cannot write the lock file ${file}.lock.${process.pid}.new: ENOENT: no such file or directory, open '${file}.lock.${process.pid}.new'`,
  });
});

t.test('two starts over one stale lock', async (t) => {
  t.test('the other start took it over first: this one is refused, its lock kept', async (t) => {
    const dir = t.testdir();
    const file = join(dir, 'db.json');
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: HOST }));
    const live = { pid: process.ppid, host: HOST };
    const real = patchRename(t, (from, to) => {
      // Between this start's look at the stale lock and its rename: the other start's lock.
      // Written aside first, so that it cannot reuse the stale lock's inode.
      if (String(from) === `${file}.lock`) {
        writeFileSync(`${file}.other`, JSON.stringify(live));
        real(`${file}.other`, from);
      }
      real(from, to);
    });
    t.throws(() => lockStore(file), { message: refusal(file, `process ${process.ppid}`) });
    t.strictSame(owner(`${file}.lock`), live, "the other start's lock is back in place");
    t.strictSame(readdirSync(dir), ['db.json.lock'], 'nothing else left behind');
  });

  t.test('the other start removed it first: this one takes the lock', async (t) => {
    const dir = t.testdir();
    const file = join(dir, 'db.json');
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: deadPid(), host: HOST }));
    const real = patchRename(t, (from, to) => {
      if (String(from) === `${file}.lock`) fs.rmSync(from);
      real(from, to);
    });
    const release = lockStore(file);
    t.strictSame(owner(`${file}.lock`), { pid: process.pid, host: HOST });
    t.strictSame(readdirSync(dir), ['db.json.lock']);
    release();
  });
});
