/**
 * GET /__emulator/requests/stream (streamRequests): the journal as server-sent events, for the
 * web UI. On connect, the entries the journal holds; then each request as it is answered, and
 * `cleared` when the journal is emptied. Streams end when the emulator closes (endStreams() for
 * every namespace's journal, from app.ts's preClose hook), so an open page never holds up a
 * shutdown.
 *
 * Bounded for a client that connects and never reads: the stream pulls entries from the journal
 * by sequence number only as fast as the client reads (Node's stream buffer, ~16 KB, plus the
 * socket's), so nothing piles up per stream; a stream whose reader fell so far behind that the
 * journal has dropped entries it had not sent is ended (the page reconnects and reads the
 * journal afresh). At most --max-streams are open at once, all namespaces together; past it a
 * new one is answered 507.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import { Readable } from 'node:stream';
import type { Context } from './context.js';
import { controlError } from './control-errors.js';
import type { Journal } from './journal.js';

/** A comment this often keeps proxies (and the page) from taking the stream for dead. */
export const HEARTBEAT_MS = 15_000;
/** Entries taken from the journal per read. */
const BATCH = 16;

const open = new WeakMap<Journal, Set<Readable>>();

function event(name: string, data: unknown): string {
  // JSON.stringify escapes newlines, so the data is always one `data:` line.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function liveJournal(journal: Journal, all: Set<Readable>): Readable {
  const streams = open.get(journal) ?? new Set<Readable>();
  open.set(journal, streams);
  /** The last sequence number sent. */
  let sent = 0;
  /** The journal was emptied since the last read: `cleared` goes first. */
  let cleared = false;
  /** The client read everything: the next entry is pushed as soon as it is journaled. */
  let waiting = false;
  const stream = new Readable({
    read() {
      waiting = false;
      pump();
    },
  });
  const pump = () => {
    if (stream.destroyed || stream.readableEnded) return;
    if (cleared) {
      cleared = false;
      if (!stream.push(event('cleared', {}))) return;
    }
    for (;;) {
      const entries = journal.after(sent, BATCH);
      const first = entries[0];
      if (!first) break;
      // Entries it never sent were dropped (by count or bytes) while the client did not read.
      if (sent > 0 && first.seq > sent + 1) {
        stream.destroy();
        return;
      }
      for (const entry of entries) {
        sent = entry.seq;
        if (!stream.push(event('request', entry))) return;
      }
    }
    waiting = true;
  };
  stream.push(': connected\nretry: 2000\n\n');
  const unsubscribe = journal.subscribe({
    entry: () => {
      if (waiting) pump();
    },
    cleared: () => {
      // Whatever was not sent yet is gone; the next entries follow the clear.
      sent = journal.lastSeq;
      cleared = true;
      if (waiting) pump();
    },
  });
  const heartbeat = setInterval(() => {
    // Only to a client that reads: to one that does not, nothing more is queued.
    if (waiting && !stream.destroyed) stream.push(': heartbeat\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();
  streams.add(stream);
  all.add(stream);
  // Fastify destroys the stream when the client goes away; push(null) ends it at shutdown.
  stream.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(stream);
    all.delete(stream);
  });
  return stream;
}

/** Ends every open stream of this journal (their answers end; the clients see the close). */
export function endStreams(journal: Journal): void {
  for (const stream of open.get(journal) ?? []) stream.push(null);
}

export async function streamRequests(_input: unknown, ctx: Context) {
  const all = ctx.namespaces.streams;
  if (all.size >= ctx.config.maxStreams) {
    throw controlError(
      'limit_reached',
      `${all.size} live-journal streams are open, the most --max-streams (MAX_STREAMS) allows; close a page that shows the journal, or raise the limit`,
    );
  }
  return {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The socket serves only this stream: closed with it, it cannot linger after a shutdown.
      connection: 'close',
      'x-accel-buffering': 'no',
    },
    body: liveJournal(ctx.journal, all),
  };
}
