/**
 * One emulator per store file: `<file>.lock` holds the owner's process id and host, created
 * exclusively. A lock whose process is gone (killed, crashed) is taken over; one whose process
 * runs, in this process or another, refuses the start with a line naming both.
 *
 * Not proper-lockfile: its locks go stale by age (a killed emulator's file would stay refused
 * for seconds after the crash), and they do not say who holds them.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Takes the lock on `file`; returns its release. */
export function lockStore(file: string): () => void {
  const lock = `${file}.lock`;
  const me: Owner = { pid: process.pid, host: hostname() };
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(lock, JSON.stringify(me), { flag: 'wx', mode: 0o600 });
      return () => rmSync(lock, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const holder = owner(lock);
    if (holder && (holder.host !== me.host || running(holder.pid))) {
      const who = holder.pid === me.pid ? 'this process' : `process ${holder.pid}`;
      throw new LockedError(
        `the store file ${file} is in use by ${who} on ${holder.host} (${lock}); stop that ` +
          'emulator or use another --db. If no emulator runs, delete the lock file.',
      );
    }
    rmSync(lock, { force: true });
  }
}
