/**
 * The outbox: every e-mail the real server would have sent, in the order sent, per namespace
 * (GET /__emulator/outbox). Bounded by count (--outbox-limit, default 1,000): past it the
 * oldest e-mails go, `seq` keeps counting (a gap shows what went), and the answer says how
 * many were dropped. Emptied by DELETE /__emulator/outbox and by a reset.
 */
import type { Mail } from '../tiledesk/mail.js';

export interface OutboxEntry extends Mail {
  /** The outbox's sequence number, from 1; never reused, not even after a reset. */
  seq: number;
  /** When it was sent, on the emulator's clock. */
  at: string;
}

/** The addresses of a `to` field (`a@x.com, b@x.com`), lower-cased. */
function addresses(field: string): string[] {
  return field
    .split(',')
    .map((part) => (/<([^>]*)>/.exec(part)?.[1] ?? part).trim().toLowerCase())
    .filter(Boolean);
}

export class Outbox {
  readonly #limit: number;
  #entries: OutboxEntry[] = [];
  #seq = 0;
  #dropped = 0;

  constructor(limit = 1000) {
    this.#limit = limit;
  }

  get limit(): number {
    return this.#limit;
  }

  /** E-mails dropped to keep the bound since the outbox was last emptied. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Keeps an e-mail; returns its entry. */
  add(mail: Mail, at: Date): OutboxEntry {
    const entry: OutboxEntry = { seq: ++this.#seq, at: at.toISOString(), ...mail };
    this.#entries.push(entry);
    if (this.#entries.length > this.#limit) {
      this.#entries.shift();
      this.#dropped++;
    }
    return entry;
  }

  /** Oldest first; only those sent to `to` (an address, any case), when given. */
  list(to?: string): OutboxEntry[] {
    if (to === undefined) return [...this.#entries];
    const wanted = to.trim().toLowerCase();
    return this.#entries.filter((entry) => addresses(entry.to).includes(wanted));
  }

  /** The latest e-mail (to `to`, when given), or undefined. */
  last(to?: string): OutboxEntry | undefined {
    return this.list(to).at(-1);
  }

  clear(): void {
    this.#entries = [];
    this.#dropped = 0;
  }
}
