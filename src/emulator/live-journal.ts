/**
 * GET /__emulator/requests/stream (streamRequests): the journal as server-sent events, for the
 * web UI. On connect, the entries the journal holds; then each request as it is answered, and
 * `cleared` when the journal is emptied. Streams end when the emulator closes (endStreams() for
 * every namespace's journal, from app.ts's preClose hook), so an open page never holds up a
 * shutdown.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import { Readable } from 'node:stream';
import type { Context } from './context.js';
import type { Journal, JournalEntry } from './journal.js';

/** A comment this often keeps proxies (and the page) from taking the stream for dead. */
export const HEARTBEAT_MS = 15_000;
/** A client that reads slower than this much is written is dropped; it reconnects. */
const MAX_BUFFERED = 8 * 1024 * 1024;

const open = new WeakMap<Journal, Set<Readable>>();

function event(name: string, data: unknown): string {
  // JSON.stringify escapes newlines, so the data is always one `data:` line.
  return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

function liveJournal(journal: Journal): Readable {
  const streams = open.get(journal) ?? new Set<Readable>();
  open.set(journal, streams);
  const stream = new Readable({ read() {} });
  const send = (text: string) => {
    if (stream.destroyed || stream.readableEnded) return;
    if (stream.readableLength > MAX_BUFFERED) stream.destroy();
    else stream.push(text);
  };
  // The backlog and the subscription in the same turn: nothing is missed, nothing sent twice.
  send(': connected\nretry: 2000\n\n');
  for (const entry of journal.list()) send(event('request', entry));
  const unsubscribe = journal.subscribe({
    entry: (entry: JournalEntry) => send(event('request', entry)),
    cleared: () => send(event('cleared', {})),
  });
  const heartbeat = setInterval(() => send(': heartbeat\n\n'), HEARTBEAT_MS);
  heartbeat.unref();
  streams.add(stream);
  // Fastify destroys the stream when the client goes away; push(null) ends it at shutdown.
  stream.once('close', () => {
    clearInterval(heartbeat);
    unsubscribe();
    streams.delete(stream);
  });
  return stream;
}

/** Ends every open stream of this journal (their answers end; the clients see the close). */
export function endStreams(journal: Journal): void {
  for (const stream of open.get(journal) ?? []) stream.push(null);
}

export async function streamRequests(_input: unknown, ctx: Context) {
  return {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // The socket serves only this stream: closed with it, it cannot linger after a shutdown.
      connection: 'close',
      'x-accel-buffering': 'no',
    },
    body: liveJournal(ctx.journal),
  };
}
