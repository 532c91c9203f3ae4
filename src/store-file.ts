/**
 * The store on disk: a JSON snapshot (the lowdb file) plus a log of the changes made since, one
 * JSON line each, in `<file>.log`. A change costs an append the size of the change, not a
 * rewrite of the whole store (at 100k records a rewrite is ~57 MB and ~0.4 s of CPU).
 *
 * - Group commit: appends that arrive while one is being written share the next write; each
 *   caller's promise resolves once a write that holds its change has completed.
 * - The snapshot is written atomically (steno: temporary file, then rename), on load when the
 *   log is not empty, on reset, at close and when the log grows long; the log is emptied after.
 * - Replay is idempotent (records are keyed by `_id`), so a change both in the snapshot and in
 *   the log is applied once. A torn last line (a crash in the middle of an append that was never
 *   acknowledged) is dropped.
 */
import { appendFile, readFile, truncate } from 'node:fs/promises';
import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';
import type { Data, UserRecord } from './records.js';

export type Change =
  | { op: 'insert'; into: keyof Data; record: { _id: string } }
  | { op: 'update'; into: 'users'; _id: string; patch: Partial<UserRecord> };

/** Replays logged changes onto data, each once, with an index by `_id` per collection. */
export function replay(data: Data, changes: readonly Change[]): void {
  const indexes = new Map<keyof Data, Map<string, { _id: string }>>();
  const indexOf = (name: keyof Data) => {
    let index = indexes.get(name);
    if (!index) {
      index = new Map((data[name] as { _id: string }[]).map((record) => [record._id, record]));
      indexes.set(name, index);
    }
    return index;
  };
  for (const change of changes) {
    const index = indexOf(change.into);
    if (change.op === 'insert') {
      if (index.has(change.record._id)) continue;
      (data[change.into] as { _id: string }[]).push(change.record);
      index.set(change.record._id, change.record);
    } else {
      const record = index.get(change._id);
      if (record) Object.assign(record, change.patch);
    }
  }
}

export class StoreFile implements Adapter<Data> {
  readonly #snapshot: TextFile;
  readonly #log: string;
  #queue: Promise<void> = Promise.resolve();
  #lines: string[] = [];
  #nextAppend: Promise<void> | null = null;
  /** Changes in the log since the last snapshot. */
  logged = 0;
  /** The log read at open held anything at all (changes, or only a torn line). */
  dirty = false;

  constructor(filename: string) {
    this.#snapshot = new TextFile(filename);
    this.#log = `${filename}.log`;
  }

  /** The snapshot with the log replayed onto it; null when there is no snapshot yet. */
  async read(): Promise<Data | null> {
    const text = await this.#snapshot.read();
    if (text === null) return null;
    const data = JSON.parse(text) as Data;
    const changes = await this.#readLog();
    replay(data, changes);
    this.logged = changes.length;
    return data;
  }

  async #readLog(): Promise<Change[]> {
    let text: string;
    try {
      text = await readFile(this.#log, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    this.dirty = text.length > 0;
    const lines = text.split('\n');
    const changes: Change[] = [];
    for (const [index, line] of lines.entries()) {
      if (line === '') continue;
      try {
        changes.push(JSON.parse(line) as Change);
      } catch (error) {
        // Only the last line can be torn, by a crash during an append nobody was told succeeded.
        if (index === lines.length - 1) break;
        throw new Error(`${this.#log} line ${index + 1} is not JSON: ${(error as Error).message}`);
      }
    }
    return changes;
  }

  #enqueue(job: () => Promise<void>): Promise<void> {
    const run = this.#queue.catch(() => undefined).then(job);
    this.#queue = run;
    return run;
  }

  /** Appends a change; resolves once it is in the log file. */
  append(change: Change): Promise<void> {
    this.#lines.push(`${JSON.stringify(change)}\n`);
    this.#nextAppend ??= this.#enqueue(async () => {
      const lines = this.#lines;
      this.#lines = [];
      this.#nextAppend = null;
      await appendFile(this.#log, lines.join(''));
      this.logged += lines.length;
    });
    return this.#nextAppend;
  }

  /** Writes a full snapshot of `data` (serialized when its turn comes), then empties the log. */
  write(data: Data): Promise<void> {
    return this.#enqueue(async () => {
      await this.#snapshot.write(`${JSON.stringify(data, null, 2)}\n`);
      await truncate(this.#log, 0).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      this.logged = 0;
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
}
