/**
 * Limits: many connections at once, headers over Node's limit, bodies over 500 KB and slow
 * clients. The emulator runs as a child process, so that the clients here do not share its
 * event loop.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import t from 'tap';
import { Pool, request } from 'undici';
import {
  JANE,
  matchesSpec,
  PROJECT_ID,
  postRaw,
  rawExchange,
  send,
  type Test,
} from '../helpers.js';
import { type Cli, startCli } from './cli.js';

/** How long a client may take to send its headers (the default, passed explicitly). */
const HEADERS_TIMEOUT = 10_000;

let cli: Cli;
t.before(async () => {
  cli = await startCli([
    '--port',
    '0',
    '--in-memory',
    '--log-level',
    'silent',
    '--headers-timeout',
    String(HEADERS_TIMEOUT),
  ]);
});
t.teardown(() => cli.kill());

async function stillServes(t: Test, what: string): Promise<void> {
  const res = await send(cli.url, '/auth/signin', JANE);
  t.equal(res.status, 200, `after ${what}, a signin is still answered 200`);
}

t.test('1,000 concurrent connections are all served', async (t) => {
  const CONNECTIONS = 1_000;
  const pool = new Pool(cli.url, { connections: CONNECTIONS, pipelining: 1 });
  t.teardown(() => pool.destroy());
  const started = Date.now();
  let peak = 0;
  // `Prefer: delay=` holds every request (and so its connection) open for a while, so all
  // 1,000 connections are open at the same time.
  const results = await Promise.allSettled(
    Array.from({ length: CONNECTIONS }, async (_, i) => {
      const op = i % 2 === 0 ? 'signin' : 'signinAnonymously';
      const body =
        op === 'signin'
          ? { email: `nobody${i}@example.com`, password: 'x' }
          : { id_project: PROJECT_ID };
      const res = await pool.request({
        method: 'POST',
        path: `/auth/${op}`,
        headers: { 'content-type': 'application/json', prefer: 'delay=1000' },
        body: JSON.stringify(body),
      });
      // Sampled as each answer arrives (its connection is open then): the peak, whatever the
      // keep-alive timeout has closed by the end on a slow machine.
      peak = Math.max(peak, pool.stats.connected);
      await res.body.dump();
      return { op, status: res.statusCode };
    }),
  );
  const connected = peak;
  const errors = results.filter((r) => r.status === 'rejected');
  const statuses = new Map<string, number>();
  for (const r of results) {
    if (r.status !== 'fulfilled') continue;
    const key = `${r.value.op} ${r.value.status}`;
    statuses.set(key, (statuses.get(key) ?? 0) + 1);
  }
  t.equal(errors.length, 0, 'no request failed', {
    errors: errors.slice(0, 5).map((e) => String((e as PromiseRejectedResult).reason)),
  });
  t.strictSame(
    Object.fromEntries(statuses),
    { 'signin 401': CONNECTIONS / 2, 'signinAnonymously 200': CONNECTIONS / 2 },
    'every request got its normal answer',
  );
  t.ok(connected >= CONNECTIONS * 0.9, `${connected} connections were open at once`);
  t.ok(Date.now() - started < 20_000, `all answered in ${Date.now() - started} ms`);
  await stillServes(t, '1,000 connections');
});

t.test("headers over Node's 16 KB limit: 431, and the server keeps serving", async (t) => {
  // Raw sockets: the server answers 431 and closes while a client may still be writing.
  const body = JSON.stringify(JANE);
  const head = (headers: string) =>
    `POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n${headers}\r\n${body}`;
  for (const size of [17 * 1024, 64 * 1024]) {
    const raw = await rawExchange(cli.url, head(`X-Padding: ${'a'.repeat(size)}\r\n`));
    t.match(raw, /^HTTP\/1\.1 431 /, `a ${size}-byte header: 431`);
  }
  const many = Array.from({ length: 400 }, (_, i) => `X-H${i}: ${'b'.repeat(60)}\r\n`).join('');
  t.match(
    await rawExchange(cli.url, head(many)),
    /^HTTP\/1\.1 431 /,
    '400 headers of 60 bytes: 431',
  );
  // The same through an ordinary client.
  const res = await request(`${cli.url}/auth/signin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-padding': 'c'.repeat(20_000) },
    body,
  }).catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  if (res instanceof Error) t.fail(`undici got no answer: ${res.message}`);
  else {
    await res.body.dump();
    t.equal(res.statusCode, 431, 'a 20 KB header through undici: 431');
  }
  await stillServes(t, 'oversized headers');
});

t.test('bodies over 500 KB: 413 {"err":"Request entity too large","limit":512000}', async (t) => {
  const cases: [string, object][] = [
    ['signin', { email: 'a'.repeat(600_000), password: 'x' }],
    ['signup', { email: 'a@b.co', password: 'b'.repeat(512_001), firstname: 'F', lastname: 'L' }],
    ['signinAnonymously', { id_project: PROJECT_ID, attributes: { x: 'c'.repeat(700_000) } }],
    ['signinWithCustomToken', { id_project: 'd'.repeat(513_000) }],
  ];
  for (const [operationId, body] of cases) {
    // A raw socket: the server answers 413 and closes before the body is all sent, which a
    // client that is still writing (undici) may report as EPIPE instead of the answer.
    const res = await postRaw(cli.url, `/auth/${operationId}`, body);
    t.equal(res.status, 413, `${operationId}: 413`);
    t.strictSame(res.body, { err: 'Request entity too large', limit: 512_000 });
    await matchesSpec(t, res, operationId);
  }
  // Just under the limit is read (and answered on its merits).
  const under = await send(cli.url, '/auth/signin', {
    email: 'jane.doe@example.com',
    password: 'x'.repeat(500_000),
  });
  t.equal(under.status, 401, 'a body just under the limit is read: 401 Wrong password');
  // Without a Content-Length: a chunked body is cut off at the limit too. (A raw socket: the
  // server answers and closes before the body is all sent, which undici reports as EPIPE.)
  const chunk = `${(50_000).toString(16)}\r\n${' '.repeat(50_000)}\r\n`;
  const raw = await rawExchange(
    cli.url,
    `POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n${chunk.repeat(20)}0\r\n\r\n`,
  );
  t.match(raw, /^HTTP\/1\.1 413 /, 'a 1 MB chunked body: 413');
  t.match(raw, /\{"err":"Request entity too large","limit":512000\}/);
  // Form bodies share the JSON limit (the server passes JSON_BODY_LIMIT to both parsers).
  const form = await postRaw(
    cli.url,
    '/auth/signin',
    new URLSearchParams({ email: 'e'.repeat(600_000), password: 'x' }).toString(),
    'application/x-www-form-urlencoded',
  );
  t.equal(form.status, 413, 'a 600 KB form body: 413 (forms share the JSON limit)');
  t.strictSame(form.body, { err: 'Request entity too large', limit: 512_000 });
  await stillServes(t, 'oversized bodies');
});

/** A client that sends a request one byte every `intervalMs`, and never finishes. */
function trickle(port: number, text: string, intervalMs: number): Socket {
  const socket = connect(port, '127.0.0.1');
  socket.on('error', () => undefined);
  let i = 0;
  const timer = setInterval(() => {
    if (i >= text.length || socket.destroyed) {
      clearInterval(timer);
      return;
    }
    socket.write(text[i++] as string);
  }, intervalMs);
  socket.on('close', () => clearInterval(timer));
  return socket;
}

t.test("slow clients (slowloris) do not stall other clients' requests", async (t) => {
  const port = Number(new URL(cli.url).port);
  const slowHeaders = `POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Slow: ${'z'.repeat(2_000)}\r\n\r\n`;
  const slowBody = `POST /auth/signin HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"email":"${'y'.repeat(100_000)}`;
  const sockets = [
    ...Array.from({ length: 50 }, () => trickle(port, slowHeaders, 200)),
    // The body trickle starts with its headers at once, then one byte every 200 ms.
    ...Array.from({ length: 50 }, () => {
      const socket = trickle(port, slowBody.slice(slowBody.indexOf('\r\n\r\n') + 4), 200);
      socket.write(slowBody.slice(0, slowBody.indexOf('\r\n\r\n') + 4));
      return socket;
    }),
  ];
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
  });
  // Every slow client is connected and trickling.
  await Promise.all(sockets.map((s) => (s.connecting ? once(s, 'connect') : undefined)));

  const latencies: number[] = [];
  for (let i = 0; i < 20; i++) {
    const started = performance.now();
    const res = await send(cli.url, '/auth/signinAnonymously', { id_project: PROJECT_ID });
    latencies.push(performance.now() - started);
    t.equal(res.status, 200, `request ${i} answered while 100 clients trickle`);
  }
  // A server the slow clients stall answers only once they time out (the headers timeout,
  // 10 s by default) and free it; half of that holds on a busy machine and still tells the two apart.
  const slowest = Math.max(...latencies);
  t.ok(slowest < HEADERS_TIMEOUT / 2, `the slowest of 20 requests took ${slowest.toFixed(1)} ms`);
  const open = sockets.filter((s) => !s.destroyed).length;
  t.ok(open > 0, `${open} slow clients are still connected (they stall only themselves)`);
  await stillServes(t, 'slow clients');
});
