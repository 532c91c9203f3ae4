import type { Adapter } from 'lowdb';
import { TextFile } from 'lowdb/node';

/**
 * A lowdb adapter over a JSON file with group commit: every write() that arrives while a file
 * write is in flight joins the single next one, which serializes the data once, when it starts.
 * Each caller's promise resolves only when a write that includes its mutation is on disk.
 * TextFile (steno) writes a temporary file and renames it, so the file is never half-written.
 */
export class GroupCommitFile<T> implements Adapter<T> {
  readonly #file: TextFile;
  #current: Promise<void> = Promise.resolve();
  #next: Promise<void> | null = null;
  #data: T | undefined;

  constructor(filename: string) {
    this.#file = new TextFile(filename);
  }

  async read(): Promise<T | null> {
    const text = await this.#file.read();
    return text === null ? null : (JSON.parse(text) as T);
  }

  /** Resolves when no write is in flight or queued (failed writes were reported to their callers). */
  async idle(): Promise<void> {
    let current: Promise<void> | undefined;
    while (current !== this.#current) {
      current = this.#current;
      await current.catch(() => undefined);
    }
  }

  write(data: T): Promise<void> {
    this.#data = data;
    if (this.#next) return this.#next;
    const next = this.#current
      .catch(() => undefined)
      .then(() => {
        this.#next = null;
        return this.#file.write(`${JSON.stringify(this.#data, null, 2)}\n`);
      });
    this.#next = next;
    this.#current = next;
    return next;
  }
}
