/**
 * The store on disk, as a lowdb Adapter: a JSON snapshot (`JSON.stringify(data, null, 2)`, as
 * lowdb's JSONFile writes it) plus a log of the changes made since, one JSON line each, in
 * `<file>.log`, so that a change costs an append the size of the change, not a rewrite.
 *
 * - Acknowledged means written: a change is in the log file (one write(2) on the event loop,
 *   shared by the changes that arrived meanwhile) before its caller's promise resolves, so it
 *   survives the process being killed. It is fsync'd when the log is folded into a snapshot (at
 *   open, close and when the log grows long), not per change: the store survives a crash of the
 *   emulator, not a power cut of the machine. A reset is a change like any other: one line.
 * - The snapshot is written to a temporary file, fsync'd, then renamed over the file (the target
 *   of a symlinked store, so the link stays a link); files are created with mode 0600.
 * - A failed append is cut back off the log, so no later line is fused with a torn one; if even
 *   that fails, every later append fails too, until a snapshot (at close) or a restart drops
 *   the torn last line.
 * - Replay is idempotent (records are keyed by `_id`), so a change both in the snapshot and in
 *   the log is applied once.
 */
import { createReadStream, ftruncateSync, writeSync } from 'node:fs';
import {
  type FileHandle,
  open,
  readFile,
  readlink,
  realpath,
  rename,
  rm,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Adapter } from 'lowdb';
import { lockStore } from './lock.js';
import type { Data, UserRecord } from './records.js';

export type Change =
  | { op: 'insert'; into: keyof Data; record: { _id: string } }
  | { op: 'update'; into: 'users'; _id: string; patch: Partial<UserRecord> }
  | { op: 'delete'; into: 'verify_codes'; ids: string[] }
  | { op: 'reset' }
  | { op: 'restore'; data: Data };

/** Every op a log line may hold; typed so that a new kind of Change cannot be left out. */
const OPS = new Set(
  Object.keys({ insert: 1, update: 1, delete: 1, reset: 1, restore: 1 } satisfies Record<
    Change['op'],
    1
  >),
);

/** What a log line must be: an object with a known `op`; else the problem. */
function changeProblem(change: unknown): string | undefined {
  if (typeof change !== 'object' || change === null || Array.isArray(change)) {
    return 'is not a JSON object';
  }
  const op = (change as { op?: unknown }).op;
  if (typeof op !== 'string' || !OPS.has(op)) {
    return `has an unknown op ${JSON.stringify(op)} (known: ${[...OPS].join(', ')})`;
  }
  return undefined;
}

/**
 * The changes in the log, read a line at a time (no string larger than one line, whatever the
 * log's size). Only the last line may be torn, by a crash during an append nobody was told
 * succeeded: it is dropped; any other line that is not a change refuses the store, naming the
 * file and the line.
 */
async function readLog(log: string): Promise<{ changes: Change[]; bytes: number }> {
  const changes: Change[] = [];
  let bytes = 0;
  let pending: { line: string; number: number } | undefined;
  const parse = ({ line, number }: { line: string; number: number }, last: boolean) => {
    let change: unknown;
    try {
      change = JSON.parse(line);
    } catch (error) {
      if (last) return;
      throw new Error(`${log} line ${number} is not JSON: ${(error as Error).message}`);
    }
    const problem = changeProblem(change);
    if (problem) throw new Error(`${log} line ${number} ${problem}`);
    changes.push(change as Change);
  };
  const lines = createInterface({
    input: createReadStream(log),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  let number = 0;
  for await (const line of lines) {
    number++;
    bytes += Buffer.byteLength(line) + 1;
    if (line === '') continue;
    if (pending) parse(pending, false);
    pending = { line, number };
  }
  if (pending) parse(pending, true);
  return { changes, bytes };
}

/**
 * Replays logged changes onto data, each once, with an index by `_id` per collection. A reset
 * puts the fixtures (`seed`) back, a restore the records it holds (a snapshot's).
 */
export function replay(data: Data, changes: readonly Change[], seed: Data): void {
  const indexes = new Map<keyof Data, Map<string, { _id: string }>>();
  for (const change of changes) {
    if (change.op === 'reset' || change.op === 'restore') {
      Object.assign(data, structuredClone(change.op === 'reset' ? seed : change.data));
      indexes.clear();
      continue;
    }
    // verify_codes is absent from fixtures and older files until its first record.
    data[change.into] ??= [];
    const records = data[change.into] as { _id: string }[];
    let index = indexes.get(change.into);
    if (!index) {
      index = new Map(records.map((record) => [record._id, record]));
      indexes.set(change.into, index);
    }
    if (change.op === 'insert') {
      if (index.has(change.record._id)) continue;
      records.push(change.record);
      index.set(change.record._id, change.record);
    } else if (change.op === 'delete') {
      const gone = new Set(change.ids);
      const kept = records.filter((record) => !gone.has(record._id));
      records.splice(0, records.length, ...kept);
      for (const id of change.ids) index.delete(id);
    } else {
      const record = index.get(change._id);
      if (record) Object.assign(record, change.patch);
    }
  }
}

/** Records serialized per piece of the snapshot: the event loop turns between pieces. */
const RECORDS_PER_PIECE = 500;

/** `JSON.stringify(data, null, 2)` and a newline, a few hundred records at a time. */
async function* snapshotText(data: Data): AsyncGenerator<string> {
  const entries = Object.entries(data);
  yield '{';
  for (const [i, [key, value]] of entries.entries()) {
    yield `${i ? ',' : ''}\n  ${JSON.stringify(key)}: `;
    if (!Array.isArray(value) || value.length === 0) {
      yield JSON.stringify(value, null, 2).replaceAll('\n', '\n  ');
      continue;
    }
    const records = [...value];
    for (let at = 0; at < records.length; at += RECORDS_PER_PIECE) {
      const piece = records.slice(at, at + RECORDS_PER_PIECE);
      const text = piece.map(
        (r) => `\n    ${JSON.stringify(r, null, 2).replaceAll('\n', '\n    ')}`,
      );
      yield `${at ? ',' : '['}${text.join(',')}`;
    }
    yield '\n  ]';
  }
  yield entries.length ? '\n}\n' : '}\n';
}

const exists = (error: unknown) => (error as NodeJS.ErrnoException).code !== 'ENOENT';

/** The file a path names, through symlinks, whether or not it exists yet. */
async function resolveLink(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if (exists(error)) throw error;
    // A link to a file not made yet (EINVAL: not a link; ENOENT: nothing there).
    const target = await readlink(path).catch(() => undefined);
    if (target !== undefined) return resolveLink(resolve(dirname(path), target));
    return join(await realpath(dirname(path)), basename(path));
  }
}

export class StoreFile implements Adapter<Data> {
  readonly #file: string;
  readonly #log: string;
  #handle: FileHandle | undefined;
  #size = 0;
  #broken: Error | undefined;
  #queue: Promise<void> = Promise.resolve();
  #lines: string[] = [];
  #nextAppend: Promise<void> | null = null;
  /** Changes in the log since the last snapshot. */
  changesSinceSnapshot = 0;

  /** Bytes in the log since the last snapshot (the store folds it past a limit). */
  get loggedBytes(): number {
    return this.#size;
  }
  /** The log read at open held anything at all (changes, or only a torn line). */
  logHadContent = false;

  readonly #unlock: () => void;

  readonly #seed: Data;

  private constructor(file: string, seed: Data) {
    this.#file = file;
    this.#log = `${file}.log`;
    this.#seed = seed;
    this.#unlock = lockStore(file);
  }

  /**
   * The adapter for `path`, holding its lock until close() (a symlink is followed, so that
   * writes keep it a link and both names share one lock). `seed` is what a logged reset puts back.
   */
  static async at(path: string, seed: Data): Promise<StoreFile> {
    return new StoreFile(await resolveLink(path), seed);
  }

  /** The snapshot with the log replayed onto it; null when neither exists yet. */
  async read(): Promise<Data | null> {
    const text = await readFile(this.#file, 'utf8').catch((error) => {
      if (exists(error)) throw error;
      return undefined;
    });
    const { changes, bytes } = await readLog(this.#log).catch((error) => {
      if (exists(error)) throw error;
      return { changes: [], bytes: 0 };
    });
    this.logHadContent = bytes > 0;
    if (text === undefined) {
      if (this.logHadContent)
        throw new Error(`${this.#log} holds changes, but their JSON file is missing`);
      return null;
    }
    const data = JSON.parse(text) as Data | null;
    // Else a file holding `null` would pass for a missing one, and be overwritten.
    if (data === null) throw new Error('it holds null, not a JSON object');
    // JSON.parse makes it an own key; spread or assigned, it would set an object's prototype.
    if (typeof data === 'object' && Object.hasOwn(data, '__proto__')) {
      throw new Error('it has a top-level "__proto__" key, which no store has');
    }
    replay(data, changes, this.#seed);
    this.changesSinceSnapshot = changes.length;
    return data;
  }

  /**
   * The log, for appending: created 0600, and an existing one (an older version's, or copied)
   * tightened to 0600, since its lines hold password hashes.
   */
  async #openLog(): Promise<FileHandle> {
    const handle = await open(this.#log, 'a', 0o600);
    try {
      await handle.chmod(0o600);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return handle;
  }

  #enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.#queue.catch(() => undefined).then(job);
    this.#queue = run;
    return run;
  }

  /**
   * Appends a change; resolves once it is written to the log file. Changes that arrive while one
   * waits its turn (behind a snapshot) share its write.
   */
  append(change: Change): Promise<void> {
    this.#lines.push(`${JSON.stringify(change)}\n`);
    this.#nextAppend ??= this.#enqueue(async () => {
      const lines = this.#lines;
      this.#lines = [];
      this.#nextAppend = null;
      if (this.#broken) throw this.#broken;
      this.#handle ??= await this.#openLog();
      this.#write(this.#handle.fd, Buffer.from(lines.join('')));
      this.changesSinceSnapshot += lines.length;
    });
    return this.#nextAppend;
  }

  /**
   * write(2) on the event loop, not libuv's thread pool: a line into the page cache took
   * 17–40 µs in bench/breakdown.ts, less than the hand-off to a pool thread and back (on a slow
   * or remote file system the loop waits for it instead). A short write is carried on; a failed
   * one is cut back off the log, so the next append does not follow a torn line.
   */
  #write(fd: number, bytes: Buffer): void {
    try {
      for (let at = 0; at < bytes.length; ) {
        const written = writeSync(fd, bytes, at);
        if (written === 0) throw new Error('the log accepted no bytes');
        at += written;
      }
    } catch (error) {
      try {
        ftruncateSync(fd, this.#size);
      } catch (cause) {
        this.#broken = new Error(
          `the store's log could not be repaired: ${(cause as Error).message}`,
        );
      }
      throw error;
    }
    this.#size += bytes.length;
  }

  /** Writes a full snapshot of `data` (taken when its turn comes), then empties the log. */
  write(data: Data): Promise<void> {
    return this.#enqueue(async () => {
      const temp = join(dirname(this.#file), `.${basename(this.#file)}.tmp`);
      try {
        const handle = await open(temp, 'w', 0o600);
        try {
          await writeFile(handle, snapshotText(data));
          // On disk before it replaces the file, or a power cut could leave an empty store.
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(temp, this.#file);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
      this.#handle ??= await this.#openLog();
      await this.#handle.truncate(0);
      this.#size = 0;
      this.#broken = undefined;
      this.changesSinceSnapshot = 0;
    });
  }

  /** Resolves when no write is in flight or queued (failed writes were reported to their callers). */
  async idle(): Promise<void> {
    let current: Promise<void> | undefined;
    while (current !== this.#queue) {
      current = this.#queue;
      await current.catch(() => undefined);
    }
  }

  /** Waits for the writes, then closes the log and releases the lock. */
  async close(): Promise<void> {
    try {
      await this.idle();
      await this.#handle?.close();
    } finally {
      this.#handle = undefined;
      this.#unlock();
    }
  }
}
