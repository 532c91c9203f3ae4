/**
 * One emulator per store file: `<file>.lock` holds the owner's process id and host, created
 * exclusively. A lock whose process is gone (killed, crashed) is taken over; one whose process
 * runs, in this process or another, refuses the start with a line naming both.
 *
 * - Taking over is race-free: the stale lock is renamed to a name of this process's own, and
 *   it is removed only if what was renamed is the very file (device and inode) found stale;
 *   if another start had already replaced it with its own live lock, that lock is put back and
 *   this start is refused. Of two starts over one stale lock, exactly one runs.
 * - The lock follows the file, not its name: a symlink is resolved before (file.ts), and a store
 *   file with a second hard link is refused, since a second name would get a lock of its own
 *   (and the emulator's atomic rewrites would leave that name pointing at an old copy).
 *
 * Not proper-lockfile: its locks go stale by age (a killed emulator's file would stay refused
 * for seconds after the crash), and they do not say who holds them.
 */
import {
  linkSync,
  readFileSync,
  renameSync,
  rmSync,
  type Stats,
  statSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';

export class LockedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LockedError';
  }
}

interface Owner {
  pid: number;
  host: string;
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function owner(lock: string): Owner | undefined {
  try {
    return JSON.parse(readFileSync(lock, 'utf8')) as Owner;
  } catch {
    return undefined; // being written, or not ours: treated as abandoned
  }
}

const code = (error: unknown) => (error as NodeJS.ErrnoException).code;

/** Device and inode of `path`, or undefined when it does not exist. */
function identity(path: string): string | undefined {
  try {
    const stat = statSync(path);
    return `${stat.dev}:${stat.ino}`;
  } catch (error) {
    if (code(error) === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Removes the stale lock `seen` (its device:inode) if it is still the one at `lock`. Returns
 * false when someone else's lock was there instead (it is put back).
 */
function takeOver(lock: string, seen: string): boolean {
  const mine = `${lock}.${process.pid}.stale`;
  try {
    renameSync(lock, mine);
  } catch (error) {
    if (code(error) === 'ENOENT') return true; // another start removed it: try to create it
    throw error;
  }
  if (identity(mine) === seen) {
    rmSync(mine, { force: true });
    return true;
  }
  // A live lock made meanwhile: back under its name (link fails if yet another took the name).
  try {
    linkSync(mine, lock);
  } finally {
    rmSync(mine, { force: true });
  }
  return false;
}

function refuse(file: string, lock: string, holder: Owner): LockedError {
  const who = holder.pid === process.pid ? 'this process' : `process ${holder.pid}`;
  return new LockedError(
    `the store file ${file} is in use by ${who} on ${holder.host} (${lock}); stop that ` +
      'emulator or use another --db. If no emulator runs, delete the lock file.',
  );
}

/**
 * Refuses a store file that has another name (a hard link): the lock would not follow it; and a
 * directory.
 */
function checkLinks(file: string): void {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch (error) {
    if (code(error) === 'ENOENT') return;
    throw error;
  }
  // A directory has two links or more, and is no store: said as such.
  if (stat.isDirectory()) {
    throw new LockedError(`the store file ${file} is a directory: --db names a JSON file`);
  }
  const links = stat.nlink;
  if (links > 1) {
    throw new LockedError(
      `the store file ${file} has ${links} hard links: another name for it would get a lock of its own, so two emulators could share it. Use one name (a symlink is fine), or copy the file`,
    );
  }
}

/** Takes the lock on `file`; returns its release. */
export function lockStore(file: string): () => void {
  const lock = `${file}.lock`;
  const me: Owner = { pid: process.pid, host: hostname() };
  // Written whole under a name of its own, then linked into place (which fails if a lock is
  // there): a lock is never seen empty, half-written, and taken for an abandoned one.
  const draft = `${lock}.${process.pid}.new`;
  try {
    writeFileSync(draft, JSON.stringify(me), { mode: 0o600 });
  } catch (error) {
    rmSync(draft, { force: true });
    throw new Error(`cannot write the lock file ${draft}: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(draft, lock);
        break;
      } catch (error) {
        if (code(error) !== 'EEXIST' || attempt > 3) throw error;
      }
      const seen = identity(lock);
      const holder = owner(lock);
      if (holder && (holder.host !== me.host || running(holder.pid))) {
        throw refuse(file, lock, holder);
      }
      if (seen !== undefined && !takeOver(lock, seen)) {
        throw refuse(file, lock, owner(lock) ?? { pid: Number.NaN, host: 'an unknown host' });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  const release = () => rmSync(lock, { force: true });
  try {
    checkLinks(file);
  } catch (error) {
    release();
    throw error;
  }
  return release;
}
