/**
 * The journal of Tiledesk API requests: what a test asserts with "my app called signin once".
 * Bounded by count (the last 1,000 per namespace) and by bytes: a body or an answer larger
 * than 16 KiB is kept as the start of its text (a copy, never a slice that would hold the whole
 * text alive), and the journals of all namespaces share one JournalBudget (--journal-limit):
 * past it, the oldest entries of the largest journal go first.
 */

export interface JournalEntry {
  /** The journal's sequence number: `GET /__emulator/requests?since=<seq>` lists what came after. */
  seq: number;
  /** Null for a request no operation matched. */
  operationId: string | null;
  method: string;
  path: string;
  status: number;
  time: string;
  durationMs: number;
  body?: unknown;
  /** The body was larger than the journal keeps: `body` is the start of its JSON text. */
  bodyTruncated?: true;
  /** The `x-emulator-diagnostic` the answer carried, if any. */
  diagnostic?: string;
  /** The request's headers, `authorization` and `cookie` redacted. */
  headers?: Record<string, unknown>;
  /** The answer: its body, tokens and secrets redacted. */
  response?: { body: unknown };
}

/** Told of each request as it is journaled, and of the journal being emptied. */
export interface JournalListener {
  entry(entry: JournalEntry): void;
  cleared(): void;
}

/** The largest body kept whole, in bytes of its JSON text. */
export const JOURNAL_BODY_LIMIT = 16 * 1024;

/**
 * What the journal keeps of a body of `size` bytes as sent: the body itself when it is small,
 * else the start of its JSON text (redacted first, so no secret is cut in half and kept).
 */
export function keptBody(body: unknown, size: number | undefined): JournalRecord['body'] {
  if (body === undefined) return undefined;
  if (size !== undefined && size <= JOURNAL_BODY_LIMIT) return body;
  const text = JSON.stringify(redact(body)) ?? '';
  if (text.length <= JOURNAL_BODY_LIMIT) return body;
  return new TruncatedBody(text);
}

/**
 * A copy of the start of `text`: V8's slice() of a long string keeps the whole string alive,
 * which made every journaled 490 KB body cost its full size (and more) for as long as it stayed.
 */
function startOf(text: string): string {
  return Buffer.from(text.slice(0, JOURNAL_BODY_LIMIT), 'utf8').toString('utf8');
}

/** A body cut to the journal's limit (a class, so no request body can pass for one). */
class TruncatedBody {
  readonly text: string;
  constructor(whole: string) {
    this.text = `${startOf(whole)}…`;
  }
}

/** About how many bytes a record holds: its texts' lengths (a small body as its JSON text). */
function sizeOf(record: JournalRecord): number {
  let bytes = 200 + record.url.length + (record.diagnostic?.length ?? 0);
  const body = record.body;
  if (body instanceof TruncatedBody) bytes += body.text.length;
  else if (body !== undefined) bytes += JSON.stringify(body)?.length ?? 0;
  if (record.response !== undefined) bytes += record.response.length;
  for (const [name, value] of Object.entries(record.headers ?? {})) {
    bytes += name.length + String(value).length;
  }
  return bytes;
}

/**
 * The bytes the journals of all namespaces may hold together (--journal-limit). Past it, the
 * largest journal drops its oldest entries until the total fits again.
 */
export class JournalBudget {
  readonly limit: number;
  #used = 0;
  readonly #journals = new Set<Journal>();

  constructor(limit: number) {
    this.limit = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Counts `journal`'s entries from now on (it is called by Journal). */
  join(journal: Journal): void {
    this.#journals.add(journal);
  }

  leave(journal: Journal): void {
    this.#journals.delete(journal);
  }

  /** Called by a journal when its entries grow or shrink by `bytes`. */
  change(bytes: number): void {
    this.#used += bytes;
    while (this.#used > this.limit) {
      let largest: Journal | undefined;
      for (const journal of this.#journals) {
        if (!largest || journal.bytes > largest.bytes) largest = journal;
      }
      const freed = largest?.dropOldest();
      if (freed === undefined) break;
      this.#used -= freed;
    }
  }
}

const SECRET_KEY = /password|token|secret|authorization|private|cookie/i;
export const REDACTED = '[redacted]';

/** A deep copy with every password, token, secret and authorization value replaced. */
export function redact(value: unknown, depth = 0): unknown {
  if (depth > 20) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  if (typeof value !== 'object' || value === null) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = SECRET_KEY.test(key) ? REDACTED : redact(item, depth + 1);
  }
  return copy;
}

/** The URL with secret query parameters (`?secret_token=`) redacted. */
export function redactUrl(url: string): string {
  const question = url.indexOf('?');
  if (question < 0) return url;
  const params = new URLSearchParams(url.slice(question + 1));
  for (const key of [...params.keys()]) if (SECRET_KEY.test(key)) params.set(key, REDACTED);
  return `${url.slice(0, question)}?${params.toString()}`;
}

/**
 * What the hook records for each answered request: cheap to take, with nothing copied. The
 * redacted JournalEntry is made only when the journal is read, which tests do rarely.
 */
export interface JournalRecord {
  /** Null for a request no operation matched (a 404, or the real server's 400 catch-all). */
  operationId: string | null;
  method: string;
  /** The request URL as received (secret query parameters are redacted when read). */
  url: string;
  status: number;
  /** Epoch milliseconds when the request arrived. */
  startedAt: number;
  durationMs: number;
  /**
   * The parsed body (never mutated after parsing, so keeping a reference is safe), or, past
   * the size the journal keeps, the start of its redacted JSON text (keptBody()).
   */
  body?: unknown;
  diagnostic?: string;
  /** The request's headers (redacted when read). */
  headers?: Record<string, unknown>;
  /**
   * The answer's body as sent, kept whole up to 16 KiB (redacted when read); past it, record()
   * keeps a copy of its start, ending with `…`.
   */
  response?: string;
  /** Set by record(): the journal's sequence number, for `?since=`. */
  seq?: number;
  /** Set by record(): about how many bytes the record holds. */
  bytes?: number;
}

/** The answer's body as the journal shows it: JSON parsed and redacted, else its text. */
function responseOf(text: string): unknown {
  if (text.length > JOURNAL_BODY_LIMIT) return text;
  try {
    return redact(JSON.parse(text));
  } catch {
    return text;
  }
}

function toEntry(record: JournalRecord): JournalEntry {
  return {
    seq: record.seq as number,
    operationId: record.operationId,
    method: record.method,
    path: redactUrl(record.url),
    status: record.status,
    time: new Date(record.startedAt).toISOString(),
    durationMs: Number(record.durationMs.toFixed(3)),
    ...(record.body !== undefined && bodyOf(record.body)),
    ...(record.diagnostic !== undefined && { diagnostic: record.diagnostic }),
    ...(record.headers !== undefined && {
      headers: redact(record.headers) as Record<string, unknown>,
    }),
    ...(record.response !== undefined && { response: { body: responseOf(record.response) } }),
  };
}

function bodyOf(body: unknown): Pick<JournalEntry, 'body' | 'bodyTruncated'> {
  if (body instanceof TruncatedBody) return { body: body.text, bodyTruncated: true };
  return { body: redact(body) };
}

export class Journal {
  /** A ring of the last `limit` records: recording is O(1) when full. */
  readonly #records: (JournalRecord | undefined)[];
  #next = 0;
  #size = 0;
  /** The last sequence number given; never reset, so a `since` cursor stays valid. */
  #seq = 0;
  readonly #listeners = new Set<JournalListener>();
  #bytes = 0;
  #budget: JournalBudget | undefined;

  constructor(limit = 1000) {
    this.#records = new Array(limit);
  }

  /** The bytes its records hold (about). */
  get bytes(): number {
    return this.#bytes;
  }

  /** Shares `budget` with the other namespaces' journals; undefined leaves it (and frees its bytes). */
  useBudget(budget: JournalBudget | undefined): void {
    this.#budget?.change(-this.#bytes);
    this.#budget?.leave(this);
    this.#budget = budget;
    budget?.join(this);
    budget?.change(this.#bytes);
  }

  #count(bytes: number): void {
    this.#bytes += bytes;
    this.#budget?.change(bytes);
  }

  /** Drops the oldest record (for the budget, which counts the bytes freed); undefined when empty. */
  dropOldest(): number | undefined {
    if (this.#size === 0) return undefined;
    const limit = this.#records.length;
    const at = (this.#next - this.#size + limit) % limit;
    const freed = this.#records[at]?.bytes ?? 0;
    this.#records[at] = undefined;
    this.#size--;
    this.#bytes -= freed;
    return freed;
  }

  record(record: JournalRecord): void {
    const limit = this.#records.length;
    if (limit === 0) return;
    record.seq = ++this.#seq;
    if (record.response !== undefined && record.response.length > JOURNAL_BODY_LIMIT) {
      record.response = `${startOf(record.response)}…`;
    }
    record.bytes = sizeOf(record);
    // Full, the ring's next slot holds the oldest record, which this one replaces.
    const overwritten = this.#size === limit ? (this.#records[this.#next]?.bytes ?? 0) : 0;
    this.#records[this.#next] = record;
    this.#next = (this.#next + 1) % limit;
    this.#size = Math.min(this.#size + 1, limit);
    this.#count(record.bytes - overwritten);
    // Redacted now only when someone listens (the UI's live journal); else when read.
    if (this.#listeners.size > 0) {
      const entry = toEntry(record);
      for (const listener of this.#listeners) listener.entry(entry);
    }
  }

  /** Tells `listener` of every request journaled from now on; returns the unsubscribe. */
  subscribe(listener: JournalListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The recorded requests, oldest first, redacted; only those after `since`, when given. */
  list(operationId?: string, since = 0): JournalEntry[] {
    const limit = this.#records.length;
    const entries: JournalEntry[] = [];
    for (let i = 0; i < this.#size; i++) {
      const record = this.#records[(this.#next - this.#size + i + limit) % limit];
      if (
        record &&
        (record.seq as number) > since &&
        (operationId === undefined || record.operationId === operationId)
      ) {
        entries.push(toEntry(record));
      }
    }
    return entries;
  }

  /** Up to `max` entries after `since`, oldest first, redacted; for a reader that pulls. */
  after(since: number, max: number): JournalEntry[] {
    const limit = this.#records.length;
    const entries: JournalEntry[] = [];
    for (let i = 0; i < this.#size && entries.length < max; i++) {
      const record = this.#records[(this.#next - this.#size + i + limit) % limit];
      if (record && (record.seq as number) > since) entries.push(toEntry(record));
    }
    return entries;
  }

  /** How many entries it holds. */
  get size(): number {
    return this.#size;
  }

  /** The last sequence number given (0 before the first request). */
  get lastSeq(): number {
    return this.#seq;
  }

  clear(): void {
    this.#records.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    this.#count(-this.#bytes);
    for (const listener of this.#listeners) listener.cleared();
  }
}
