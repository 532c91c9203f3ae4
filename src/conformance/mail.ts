/**
 * The e-mails of a case (issue 25): what the target sent, read from a folder where an SMTP sink
 * writes one `<n>.json` per message (the rig's `$RUN/mail`: envelope, from, to, bcc, subject,
 * html), against what the emulator sent (GET /__emulator/outbox). Compared: envelope,
 * sender, recipients, subject and the dashboard links, their ids and codes masked; the text is
 * not compared (the emulator's is its own). `{{mail:userid}}`, `{{mail:code}}` and
 * `{{mail:key}}` read the latest e-mail's link on each side.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Vars } from './cases.js';
import { type Exchange, prepare, send } from './http.js';
import type { Masker } from './normalize.js';

/** One e-mail as compared. */
export interface SentMail {
  envelope: { from: string; to: string[] };
  from: string;
  to: string[];
  bcc: string[];
  subject: string;
  /** The links into the dashboard (`…/#/…`), in order, each once. */
  links: string[];
}

/** Reads the e-mails one side sent since mark(). */
export interface MailReader {
  mark(): Promise<void>;
  /** The e-mails since mark(), oldest first. */
  list(): Promise<SentMail[]>;
}

/**
 * Lists the e-mails since mark() once `ready` holds for them, or after `waitMs`: the real
 * server sends after it answers, so its e-mails land a moment later.
 */
export async function waitFor(
  reader: MailReader,
  ready: (mails: SentMail[]) => boolean,
  waitMs = 5000,
): Promise<SentMail[]> {
  const until = Date.now() + waitMs;
  let mails = await reader.list();
  while (!ready(mails) && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    mails = await reader.list();
  }
  return mails;
}

const lower = (addresses: string[]) => addresses.map((a) => a.trim().toLowerCase());

/** `Name <address>` or `address`, from a display form or a sink's parsed header. */
function sender(name: string | undefined, address: string): string {
  return name ? `${name} <${address.toLowerCase()}>` : address.toLowerCase();
}

function splitAddresses(field: string): string[] {
  return field
    .split(',')
    .map((part) => (/<([^>]*)>/.exec(part)?.[1] ?? part).trim())
    .filter(Boolean);
}

function linksOf(html: string): string[] {
  const hrefs = [...html.matchAll(/href="([^"]*\/#\/[^"]*)"/g)].map((m) => m[1] as string);
  return [...new Set(hrefs)];
}

interface SinkMail {
  envelope: { from: string; to: string[] };
  from: string[];
  to: string[];
  bcc?: string[];
  subject: string;
  html?: string;
  headers?: { from?: string };
}

function fromSink(mail: SinkMail): SentMail {
  let from = mail.from[0] ?? '';
  try {
    const header = JSON.parse(mail.headers?.from ?? '') as {
      value: { address: string; name: string }[];
    };
    const first = header.value[0];
    if (first) from = sender(first.name, first.address);
  } catch {
    // no parsed From header: the address alone
  }
  return {
    envelope: { from: mail.envelope.from.toLowerCase(), to: lower(mail.envelope.to) },
    from,
    to: lower(mail.to),
    bcc: lower(mail.bcc ?? []),
    subject: mail.subject,
    links: linksOf(mail.html ?? ''),
  };
}

interface OutboxMail {
  from: string;
  to: string;
  bcc: string[];
  subject: string;
  links: string[];
}

export function fromOutbox(mail: OutboxMail): SentMail {
  const display = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(mail.from);
  const from = display ? sender(display[1], display[2] as string) : mail.from.toLowerCase();
  const to = lower(splitAddresses(mail.to));
  const bcc = lower(mail.bcc);
  return {
    envelope: { from: (display?.[2] ?? mail.from).toLowerCase(), to: [...to, ...bcc] },
    from,
    to,
    bcc,
    subject: mail.subject,
    links: mail.links,
  };
}

/** The target's e-mails: the files an SMTP sink writes in `dir`. */
export function folderMail(dir: string): MailReader {
  let seen = new Set<string>();
  const files = async () => (await readdir(dir)).filter((n) => n.endsWith('.json')).sort();
  return {
    async mark() {
      seen = new Set(await files());
    },
    async list() {
      const fresh = (await files()).filter((n) => !seen.has(n));
      const mails = await Promise.all(
        fresh.map(async (n) => JSON.parse(await readFile(join(dir, n), 'utf8')) as SinkMail),
      );
      return mails.map(fromSink);
    },
  };
}

/** The emulator's e-mails: its outbox, after the seq marked. */
export function outboxMail(base: string): MailReader {
  let after = 0;
  const read = async () => {
    const res: Exchange = await send(base, prepare({ method: 'GET', path: '/__emulator/outbox' }));
    if (res.status !== 200) throw new Error(`emulator outbox: ${res.status} ${res.text}`);
    return JSON.parse(res.text) as (OutboxMail & { seq: number })[];
  };
  return {
    async mark() {
      after = (await read()).at(-1)?.seq ?? 0;
    },
    async list() {
      return (await read()).filter((m) => m.seq > after).map(fromOutbox);
    },
  };
}

const VERIFY = /\/#\/verify\/email\/([^/?#]+)\/([^/?#]+)/;
const RESET = /\/#\/resetpassword\/([^/?#]+)/;

/** `mail:userid`, `mail:code` and `mail:key` from the latest e-mail that carries each. */
export function mailVars(mails: SentMail[]): Vars {
  const vars: Vars = {};
  for (const link of mails.flatMap((m) => m.links)) {
    const verify = VERIFY.exec(link);
    if (verify) {
      vars['mail:userid'] = verify[1] as string;
      vars['mail:code'] = verify[2] as string;
    }
    const reset = RESET.exec(link);
    if (reset) vars['mail:key'] = reset[1] as string;
  }
  return vars;
}

/** A mail as compared: new ids masked as elsewhere, codes and keys replaced. */
export function maskMail(mail: SentMail, masker: Masker): unknown {
  const links = mail.links.map((link) =>
    link
      .replace(VERIFY, (_all, id: string) => `/#/verify/email/${masker.string(id)}/<code>`)
      .replace(RESET, '/#/resetpassword/<key>'),
  );
  const subject = masker.value(mail.subject);
  return { ...mail, subject, links };
}

/**
 * The masked e-mails of a case in a stable order (recipients, subject, links): the real server
 * sends the user's e-mail and its EMAIL_BCC copy at once, and they land in either order.
 */
export function comparable(mails: SentMail[], masker: Masker): unknown[] {
  const masked = mails.map((mail) => maskMail(mail, masker) as SentMail);
  const key = (m: SentMail) => JSON.stringify([m.to, m.subject, m.links]);
  return masked.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
