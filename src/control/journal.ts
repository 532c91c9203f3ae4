/** The journal of Tiledesk API requests: what a test asserts with "my app called signin once". */

export interface JournalEntry {
  operationId: string;
  method: string;
  path: string;
  status: number;
  time: string;
  durationMs: number;
  body?: unknown;
}

const SECRET_KEY = /password|token|secret|authorization|private/i;
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

export class Journal {
  readonly #entries: JournalEntry[] = [];
  readonly #limit: number;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  record(entry: JournalEntry): void {
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) this.#entries.shift();
  }

  list(operationId?: string): JournalEntry[] {
    return operationId === undefined
      ? [...this.#entries]
      : this.#entries.filter((entry) => entry.operationId === operationId);
  }

  clear(): void {
    this.#entries.length = 0;
  }
}
