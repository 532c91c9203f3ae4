/**
 * The store on disk: a JSON snapshot (the lowdb file) plus a log of the changes made since, one
 * JSON line each, in `<file>.log`. A change costs an append the size of the change, not a
 * rewrite of the whole store (at 100k records a rewrite is ~57 MB).
 *
 * - Group commit: appends that arrive while one is being written share the next write; each
 *   caller's promise resolves once a write that holds its change has completed.
 * - The snapshot is written atomically (a temporary file, fsync'd, then renamed over the file),
 *   on load when the log is not empty, on reset, at close and when the log grows long; the log
 *   is emptied after. Its text is `JSON.stringify(data, null, 2)`, as lowdb's JSONFile writes it.
 * - The snapshot is never held as one string (at 100k records, 57 MB of text, plus its buffer):
 *   it is written a hundred records at a time, and parsed as it is read, a chunk at a time.
 * - Replay is idempotent (records are keyed by `_id`), so a change both in the snapshot and in
 *   the log is applied once. A torn last line (a crash in the middle of an append that was never
 *   acknowledged) is dropped.
 */
import {
  appendFile,
  type FileHandle,
  open,
  readFile,
  rename,
  rm,
  truncate,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Adapter } from 'lowdb';
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

/** Strings of one record compared with each other: a record's first few are enough. */
const SHARED_PER_RECORD = 16;

/**
 * JSON.parse makes a string for each value it reads, where records made in memory share theirs
 * (a project_user's createdBy and updatedBy are its uuid_user; its three dates are one string).
 * Shares equal strings again, within each record (among its first 16 strings, so a hand-edited
 * record with thousands of fields costs no more) and with the same field of the record before.
 */
function shareStrings(records: unknown[]): void {
  const strings: string[] = [];
  let previous: Record<string, unknown> | undefined;
  for (const record of records) {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) continue;
    const fields = record as Record<string, unknown>;
    let count = 0;
    for (const key in fields) {
      const value = fields[key];
      if (typeof value !== 'string') continue;
      let shared: string | undefined;
      for (let i = 0; i < count; i++) {
        const string = strings[i] as string;
        if (string.length === value.length && string === value) {
          shared = string;
          break;
        }
      }
      if (shared === undefined && previous !== undefined && previous[key] === value) {
        shared = previous[key] as string;
      }
      if (shared !== undefined) fields[key] = shared;
      else if (count < SHARED_PER_RECORD) strings[count++] = value;
    }
    previous = fields;
  }
}

/**
 * Records serialized per piece of the snapshot: ~60 kB of text, under V8's large-object size, so
 * a piece alive across a scavenge (while it is being written) is not promoted at once.
 */
const RECORDS_PER_PIECE = 100;

/**
 * `JSON.stringify(data, null, 2)` plus a newline, in pieces. The collections are copied (not
 * their records) when this is called, so records added or removed while the pieces are being
 * written change nothing; each record is serialized whole, as it is when its piece is made.
 */
export function snapshotPieces(data: object): Iterable<string> {
  const fields: [key: string, value: string | unknown[]][] = [];
  for (const [key, value] of Object.entries(data)) {
    if (Array.isArray(value)) {
      fields.push([key, [...value]]);
    } else {
      const text = JSON.stringify(value, null, 2) as string | undefined;
      if (text !== undefined) fields.push([key, text.replaceAll('\n', '\n  ')]);
    }
  }
  return pieces(fields);
}

function* pieces(fields: [key: string, value: string | unknown[]][]): Generator<string> {
  if (fields.length === 0) {
    yield '{}\n';
    return;
  }
  let text = '{\n';
  for (const [index, [key, value]] of fields.entries()) {
    text += `  ${JSON.stringify(key)}: `;
    if (typeof value === 'string') {
      text += value;
    } else if (value.length === 0) {
      text += '[]';
    } else {
      text += '[\n';
      for (let start = 0; start < value.length; start += RECORDS_PER_PIECE) {
        // Nested one level deeper, the records come out indented as they are in the file:
        // '[\n  [\n' + records + '\n  ]\n]'.
        const nested = JSON.stringify([value.slice(start, start + RECORDS_PER_PIECE)], null, 2);
        text += nested.slice(6, -6);
        if (start + RECORDS_PER_PIECE < value.length) text += ',\n';
        yield text;
        text = '';
      }
      text += '\n  ]';
    }
    text += index < fields.length - 1 ? ',\n' : '\n}\n';
  }
  yield text;
}

/** Bytes read from the snapshot at a time. */
const READ_CHUNK = 1 << 20;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const WHITESPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[byte] = 1;

/** Where the parser is in the top-level object, between the values it hands to JSON.parse. */
type Place = 'start' | 'first-key' | 'key' | 'colon' | 'value' | 'next' | 'done';

/**
 * What is being scanned: a key, a value of the top-level object, the top-level value when it
 * is not an object, or the elements of a top-level array (parsed a batch at a time).
 */
type Span = 'key' | 'value' | 'root' | 'elements';

/**
 * Parses JSON a chunk of bytes at a time, so that a store file is never held as one string: it
 * follows the top-level object byte by byte and hands JSON.parse its keys and values, and the
 * elements of its arrays in batches of whole elements (about a chunk's worth each). It accepts
 * what JSON.parse accepts and gives the same value; errors are SyntaxErrors that say "JSON".
 *
 * Hand-written rather than a streaming JSON library, measured (2026-11-28, 100k records, 57 MB,
 * medians of 7 fresh processes): this scanner reads the file in 626 ms at 145 MB peak RSS;
 * stream-json 3.8 took 1,720–1,951 ms at 189–211 MB, @streamparser/json 0.0.26 1,742–1,913 ms
 * at 140–147 MB. Their tokenizers alone, building nothing, were 1.75–1.83× this whole parser:
 * they build every value in JavaScript, where this one only finds where values end and leaves
 * building them to V8's JSON.parse. (readFile + JSON.parse: 393 ms at 240 MB.)
 */
export class SnapshotParser {
  #place: Place = 'start';
  #span: Span | null = null;
  /** The span's bytes from earlier chunks (copied); where it starts in this one; its file offset. */
  #parts: Buffer[] = [];
  #spanStart = 0;
  #spanOffset = 0;
  /** A number, true, false or null: it ends before a delimiter, not at a closing byte. */
  #literal = false;
  #depth = 0;
  #inString = false;
  #escaped = false;
  /** The batch of elements being scanned follows a comma, so it must hold an element. */
  #afterComma = false;
  /** Bytes in the chunks before this one. */
  #offset = 0;
  #object: Record<string, unknown> = {};
  /** The value: the top-level object, or what JSON.parse made of the whole text. */
  #root: unknown;
  #key = '';
  #array: unknown[] = [];

  push(chunk: Buffer): void {
    let i = 0;
    while (i < chunk.length) {
      if (this.#span === 'elements') {
        i = this.#scanElements(chunk, i);
      } else if (this.#span !== null) {
        i = this.#scanValue(chunk, i);
      } else if (WHITESPACE[chunk[i] as number]) {
        i++;
      } else {
        i = this.#step(chunk, i);
      }
    }
    if (this.#span !== null) {
      // A copy: the chunk's buffer is read into again.
      this.#parts.push(Buffer.from(chunk.subarray(this.#spanStart)));
      this.#spanStart = 0;
    }
    this.#offset += chunk.length;
  }

  /** The value, once every chunk has been pushed. */
  end(): unknown {
    if (this.#span !== null && this.#literal) this.#finish(Buffer.alloc(0), 0);
    if (this.#place !== 'done' || this.#span !== null) {
      throw new SyntaxError('Unexpected end of JSON input');
    }
    return this.#root;
  }

  /** One byte of the top-level object's own syntax (not white space); returns the next index. */
  #step(chunk: Buffer, i: number): number {
    const byte = chunk[i] as number;
    switch (this.#place) {
      case 'start':
        if (byte !== OPEN_BRACE) return this.#start('root', chunk, i);
        this.#root = this.#object;
        this.#place = 'first-key';
        return i + 1;
      case 'first-key':
      case 'key':
        if (byte === CLOSE_BRACE && this.#place === 'first-key') {
          this.#place = 'done';
          return i + 1;
        }
        if (byte !== QUOTE) this.#fail(byte, i);
        return this.#start('key', chunk, i);
      case 'colon':
        if (byte !== COLON) this.#fail(byte, i);
        this.#place = 'value';
        return i + 1;
      case 'value':
        if (byte !== OPEN_BRACKET) return this.#start('value', chunk, i);
        this.#array = [];
        this.#afterComma = false;
        return this.#start('elements', chunk, i + 1);
      case 'next':
        if (byte === COMMA) this.#place = 'key';
        else if (byte === CLOSE_BRACE) this.#place = 'done';
        else this.#fail(byte, i);
        return i + 1;
      case 'done':
        return this.#fail(byte, i);
    }
  }

  #start(span: Span, chunk: Buffer, i: number): number {
    const byte = chunk[i];
    this.#span = span;
    this.#spanStart = i;
    this.#spanOffset = this.#offset + i;
    this.#depth = 0;
    this.#escaped = false;
    this.#inString = span !== 'elements' && byte === QUOTE;
    this.#literal =
      span !== 'elements' && byte !== QUOTE && byte !== OPEN_BRACE && byte !== OPEN_BRACKET;
    return this.#inString ? i + 1 : i;
  }

  /** Scans a key or a value up to its end; returns the next index. */
  #scanValue(chunk: Buffer, from: number): number {
    const length = chunk.length;
    if (this.#literal) {
      for (let i = from; i < length; i++) {
        const byte = chunk[i] as number;
        if (byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || WHITESPACE[byte]) {
          this.#finish(chunk, i);
          return i;
        }
      }
      return length;
    }
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    for (let i = from; i < length; i++) {
      const byte = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (depth === 0) return this.#finish(chunk, i + 1);
        }
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++;
      } else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && --depth === 0) {
        return this.#finish(chunk, i + 1);
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    return length;
  }

  /**
   * Scans the elements of a top-level array; at its closing bracket, or at the end of the
   * chunk if a comma between elements was seen, parses the elements scanned so far.
   */
  #scanElements(chunk: Buffer, from: number): number {
    const length = chunk.length;
    let depth = this.#depth;
    let inString = this.#inString;
    let escaped = this.#escaped;
    let comma = -1;
    // Strings are most of a store's text: one without a backslash is skipped with indexOf.
    let backslash = chunk.indexOf(BACKSLASH, from);
    if (backslash === -1) backslash = length;
    for (let i = from; i < length; i++) {
      const byte = chunk[i] as number;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        const end = chunk.indexOf(QUOTE, i + 1);
        if (backslash < i) {
          backslash = chunk.indexOf(BACKSLASH, i);
          if (backslash === -1) backslash = length;
        }
        if (end !== -1 && end < backslash) i = end;
        else inString = true;
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        if (depth > 0) {
          depth--;
        } else {
          if (byte === CLOSE_BRACE) this.#fail(byte, i);
          this.#finish(chunk, i);
          return i + 1;
        }
      } else if (byte === COMMA && depth === 0) {
        comma = i;
      }
    }
    this.#depth = depth;
    this.#inString = inString;
    this.#escaped = escaped;
    if (comma >= 0) {
      this.#batch(chunk, comma, true);
      this.#spanStart = comma + 1;
      this.#spanOffset = this.#offset + comma + 1;
      this.#afterComma = true;
    }
    return length;
  }

  /** The span's text: its bytes from earlier chunks, then this chunk's up to `end`. */
  #text(chunk: Buffer, end: number): string {
    const last = chunk.subarray(this.#spanStart, end);
    const text = (
      this.#parts.length === 0 ? last : Buffer.concat([...this.#parts, last])
    ).toString();
    this.#parts = [];
    return text;
  }

  #parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new SyntaxError(
        `${(error as Error).message} (in the JSON at byte ${this.#spanOffset})`,
      );
    }
  }

  /**
   * Parses the elements scanned so far, up to `end` (a comma or the closing bracket), onto the
   * array. Only a batch between both brackets may be empty.
   */
  #batch(chunk: Buffer, end: number, atComma: boolean): void {
    const elements = this.#parse(`[${this.#text(chunk, end)}]`) as unknown[];
    if ((atComma || this.#afterComma) && elements.length === 0) {
      throw new SyntaxError(`Unexpected token in JSON at position ${this.#spanOffset}`);
    }
    for (const element of elements) this.#array.push(element);
  }

  /** Ends the span at `end` (exclusive); returns `end`. */
  #finish(chunk: Buffer, end: number): number {
    const span = this.#span;
    this.#span = null;
    if (span === 'elements') {
      this.#batch(chunk, end, false);
      this.#set(this.#array);
      this.#array = [];
      this.#place = 'next';
      return end;
    }
    const value = this.#parse(this.#text(chunk, end));
    if (span === 'key') {
      this.#key = value as string;
      this.#place = 'colon';
    } else if (span === 'value') {
      this.#set(value);
      this.#place = 'next';
    } else {
      this.#root = value;
      this.#place = 'done';
    }
    return end;
  }

  /** As JSON.parse sets a property: an own one, even for "__proto__". */
  #set(value: unknown): void {
    Object.defineProperty(this.#object, this.#key, {
      value,
      writable: true,
      enumerable: true,
      configurable: true,
    });
  }

  #fail(byte: number, i: number): never {
    const token = JSON.stringify(String.fromCharCode(byte));
    throw new SyntaxError(`Unexpected token ${token} in JSON at position ${this.#offset + i}`);
  }
}

/** Windows reports a file some other process has open (an indexer, an antivirus) this way. */
const TRANSIENT_RENAME_ERRORS = new Set(['EPERM', 'EACCES', 'EBUSY']);

async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (attempt >= 10 || !TRANSIENT_RENAME_ERRORS.has(code)) throw error;
      await sleep(100);
    }
  }
}

export class StoreFile implements Adapter<Data> {
  readonly #file: string;
  readonly #temp: string;
  readonly #log: string;
  #queue: Promise<void> = Promise.resolve();
  #lines: string[] = [];
  #nextAppend: Promise<void> | null = null;
  /** Changes in the log since the last snapshot. */
  logged = 0;
  /** The log read at open held anything at all (changes, or only a torn line). */
  dirty = false;

  constructor(filename: string) {
    this.#file = filename;
    this.#temp = join(dirname(filename), `.${basename(filename)}.tmp`);
    this.#log = `${filename}.log`;
  }

  /** The snapshot with the log replayed onto it; null when there is no snapshot yet. */
  async read(): Promise<Data | null> {
    const data = await this.#readSnapshot();
    if (data === undefined) return null;
    // Else a file holding `null` would pass for a missing one, and be overwritten.
    if (data === null) throw new Error('it holds null, not a JSON object');
    const changes = await this.#readLog();
    replay(data, changes);
    this.logged = changes.length;
    if (typeof data === 'object' && !Array.isArray(data)) {
      for (const value of Object.values(data)) if (Array.isArray(value)) shareStrings(value);
    }
    return data;
  }

  /** Parses the snapshot as it is read, a chunk at a time; undefined when there is none. */
  async #readSnapshot(): Promise<Data | null | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.#file, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const parser = new SnapshotParser();
      const { size } = await handle.stat();
      const buffer = Buffer.allocUnsafe(Math.max(1, Math.min(READ_CHUNK, size)));
      for (;;) {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length);
        if (bytesRead === 0) break;
        parser.push(buffer.subarray(0, bytesRead));
      }
      return parser.end() as Data | null;
    } finally {
      await handle.close();
    }
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

  /** Writes a full snapshot of `data` (taken when its turn comes), then empties the log. */
  write(data: Data): Promise<void> {
    return this.#enqueue(async () => {
      await this.#writeSnapshot(data);
      await truncate(this.#log, 0).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
      this.logged = 0;
    });
  }

  /** Streams the snapshot into the temporary file, then renames it over the file. */
  async #writeSnapshot(data: Data): Promise<void> {
    const pieces = snapshotPieces(data);
    try {
      const handle = await open(this.#temp, 'w');
      try {
        // writeFile takes an iterable and writes it a piece at a time, partial writes included.
        await writeFile(handle, pieces);
        // On disk before it replaces the file, or a power cut could leave an empty store.
        await handle.sync();
      } finally {
        await handle.close();
      }
      await renameWithRetry(this.#temp, this.#file);
    } catch (error) {
      await rm(this.#temp, { force: true }).catch(() => undefined);
      throw error;
    }
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
