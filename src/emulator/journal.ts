/**
 * The journal of Tiledesk API requests: what a test asserts with "my app called signin once".
 * Bounded by count (the last 1,000) and by bytes: a body larger than 16 KiB is kept as the
 * start of its JSON text, marked `bodyTruncated`, so the journal never holds more than ~16 MB.
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
  /** The outbox `seq` of each e-mail the request sent (GET /__emulator/outbox). */
  mails?: number[];
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
  return new TruncatedBody(`${text.slice(0, JOURNAL_BODY_LIMIT)}…`);
}

/** A body cut to the journal's limit (a class, so no request body can pass for one). */
class TruncatedBody {
  readonly text: string;
  constructor(text: string) {
    this.text = text;
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
  /** The answer's body as sent, kept whole up to 16 KiB (redacted when read). */
  response?: string;
  /** The outbox `seq` of each e-mail the request sent. */
  mails?: number[];
  /** Set by record(): the journal's sequence number, for `?since=`. */
  seq?: number;
}

/** The answer's body as the journal shows it: JSON parsed and redacted, else its text. */
function responseOf(text: string): unknown {
  if (text.length > JOURNAL_BODY_LIMIT) return `${text.slice(0, JOURNAL_BODY_LIMIT)}…`;
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
    ...(record.mails !== undefined && { mails: [...record.mails] }),
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

  constructor(limit = 1000) {
    this.#records = new Array(limit);
  }

  record(record: JournalRecord): void {
    const limit = this.#records.length;
    if (limit === 0) return;
    record.seq = ++this.#seq;
    this.#records[this.#next] = record;
    this.#next = (this.#next + 1) % limit;
    this.#size = Math.min(this.#size + 1, limit);
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

  clear(): void {
    this.#records.fill(undefined);
    this.#next = 0;
    this.#size = 0;
    for (const listener of this.#listeners) listener.cleared();
  }
}
