/**
 * Hostile input, round two (issue 26), over HTTP against the built CLI (`node dist/bin.js`)
 * with small limits, so that each is reached quickly: DNS rebinding, namespaces, the journal's
 * bytes, stalled live-journal streams, snapshots, faults, the 431 answer and custom tokens
 * with a falsy `_id`. The figures at the default limits: scripts/hostile-memory.ts.
 */
import t from 'tap';
import { Pool, request } from 'undici';
import { mintCustomToken } from '../../src/emulator/custom-tokens.js';
import {
  JANE,
  matchesSpec,
  PROJECT_ID,
  PROJECT_SECRET,
  rawExchange,
  send,
  type Test,
} from '../helpers.js';
import { journalFlood, namespaceFlood, stalledStreams } from './attacks.js';
import { type Cli, rssOf, startCli } from './cli.js';

const json = { 'content-type': 'application/json' };
let cli: Cli;
t.before(async () => {
  cli = await startCli([
    '--port',
    '0',
    '--in-memory',
    '--log-level',
    'silent',
    '--allowed-host',
    'emulator.test',
    '--max-namespaces',
    '5',
    '--max-faults',
    '3',
    '--max-streams',
    '2',
    '--journal-limit',
    '1MB',
    '--snapshot-limit',
    '20KB',
  ]);
});
t.teardown(() => cli.kill());

async function get(path: string, headers: Record<string, string> = {}) {
  return send(cli.url, path, undefined, { method: 'GET', headers });
}

async function stillServes(t: Test, what: string): Promise<void> {
  t.equal((await send(cli.url, '/auth/signin', JANE)).status, 200, `after ${what}, a signin: 200`);
}

/** A limit's answer: 507, the control API's body naming the flag, as the spec declares it. */
async function refused(t: Test, res: Awaited<ReturnType<typeof send>>, flag: string) {
  t.equal(res.status, 507, `507 past ${flag}`);
  t.match(res.body, { error: 'limit_reached', message: new RegExp(flag) });
}

t.test(
  'DNS rebinding: a Host that only starts with 127. is refused, nothing changes',
  async (t) => {
    const port = new URL(cli.url).port;
    const users = Number((await get('/__emulator/users')).headers['x-total-count']);
    for (const host of [
      `127.0.0.1.evil.example:${port}`,
      '127.attacker.example',
      'localhost.evil',
    ]) {
      for (const path of ['/__emulator/reset', '/__emulator/seed']) {
        const res = await send(
          cli.url,
          path,
          path.endsWith('seed') ? { users: [{ email: 'rebound@example.com', password: 'x' }] } : {},
          { headers: { ...json, host } },
        );
        t.equal(res.status, 403, `${host} ${path}: 403`);
        t.match(res.body, { error: 'forbidden', message: /--allowed-host/ });
        await matchesSpec(t, res, path.endsWith('seed') ? 'seedState' : 'resetState', 'control');
      }
    }
    t.equal(
      Number((await get('/__emulator/users')).headers['x-total-count']),
      users,
      'no user was seeded',
    );
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, '[::1]', 'emulator.test']) {
      t.equal((await get('/__emulator/health', { host })).status, 200, `${host}: answered`);
    }
  },
);

t.test('namespaces: capped; past the cap a 507, and the process keeps answering', async (t) => {
  const statuses = await namespaceFlood(cli.url, 40);
  t.strictSame(Object.fromEntries(statuses), { 200: 5, 507: 35 }, '5 made, 35 refused');
  const res = await get('/__ns/one-more/__emulator/health');
  await refused(t, res, '--max-namespaces');
  t.equal(res.body && (res.body as { field?: string }).field, 'x-emulator-namespace');
  await matchesSpec(t, res, 'getHealth', 'control');
  t.equal((await get('/__ns/n0/__emulator/health')).status, 200, 'a namespace made still answers');
  const tiledesk = await send(cli.url, '/__ns/another/auth/signin', JANE);
  t.equal(tiledesk.status, 507, 'a Tiledesk call naming a new namespace: 507 too');
  t.equal((await get('/__emulator/namespaces')).text.match(/"name"/g)?.length, 5);
  const dropped = await send(cli.url, '/__emulator/namespaces/n0', undefined, {
    method: 'DELETE',
  });
  t.equal(dropped.status, 204);
  t.equal((await get('/__ns/one-more/__emulator/health')).status, 200, 'a drop frees a place');
  await stillServes(t, 'the namespace flood');
});

t.test('the journal: all namespaces together stay under --journal-limit', async (t) => {
  await send(cli.url, '/__emulator/requests', undefined, { method: 'DELETE' });
  // 60 requests of 100 KB answered with ~500 KB each: journaled whole, 36 MB.
  await journalFlood(cli.url, 60, 100 * 1024);
  await journalFlood(cli.url, 30, 100 * 1024, '/__ns/n1');
  const main = await get('/__emulator/requests');
  const other = await get('/__ns/n1/__emulator/requests');
  t.equal(main.status, 200);
  const kept = (main.body as unknown[]).length + (other.body as unknown[]).length;
  const bytes = main.text.length + other.text.length;
  t.ok(kept > 10 && kept < 90, `${kept} of 90 entries kept`);
  t.ok(
    bytes < 1.5 * 1024 * 1024,
    `the journals hold ${bytes} bytes of JSON, about --journal-limit`,
  );
  t.ok((other.body as unknown[]).length > 0, 'the newer namespace kept its latest entries');
  const last = (main.body as { body: string; bodyTruncated?: true }[]).at(-1);
  t.equal(last?.bodyTruncated, true, 'a large body is kept as its start');
  t.ok((last?.body.length ?? 0) <= 16 * 1024 + 1);
  await stillServes(t, 'the journal flood');
});

t.test('live-journal streams: capped, and a stalled one holds no backlog', async (t) => {
  const { sockets, statuses } = await stalledStreams(cli.url, 4);
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
  });
  t.strictSame(
    Object.fromEntries(statuses),
    { 'HTTP/1.1 200 OK': 2, 'HTTP/1.1 507 Insufficient Storage': 2 },
    'two open, two refused',
  );
  // 600 requests of 20 KB while the two read nothing: about 20 MB of events for each, which
  // piled up in the emulator before (8 MB each, 4 GB for 500); now each stream pulls from the
  // journal only as fast as its socket drains (the rest waits in the kernel's socket buffers).
  const before = await rssOf(cli.pid);
  await journalFlood(cli.url, 600, 20 * 1024);
  const after = await rssOf(cli.pid);
  t.ok(after - before < 100 * 1024 * 1024, `RSS ${before} → ${after} bytes`);
  await stillServes(t, 'the stalled streams');
  for (const socket of sockets) socket.destroy();
  // Their places are free again.
  const again = await stalledStreams(cli.url, 1);
  t.strictSame(Object.fromEntries(again.statuses), { 'HTTP/1.1 200 OK': 1 });
  for (const socket of again.sockets) socket.destroy();
});

t.test('snapshots: bounded by bytes, a clear 507 past it, room after a drop', async (t) => {
  // In a namespace made from the fixtures (~3 KB): the emulator's own store grew above.
  let saved = 0;
  let last: Awaited<ReturnType<typeof send>> | undefined;
  for (let i = 0; i < 20; i++) {
    last = await send(
      cli.url,
      '/__ns/n2/__emulator/snapshots',
      { name: `s${i}` },
      { headers: json },
    );
    if (last.status !== 201) break;
    saved++;
  }
  t.ok(saved > 0 && saved < 20, `${saved} saved in 20 KB`);
  await refused(t, last as NonNullable<typeof last>, '--snapshot-limit');
  t.match(last?.body, { message: /Nothing was saved/ });
  await matchesSpec(t, last as NonNullable<typeof last>, 'saveSnapshot', 'control');
  t.equal((await get('/__ns/n2/__emulator/snapshots')).text.match(/"name"/g)?.length, saved);
  t.equal(
    (await send(cli.url, '/__ns/n2/__emulator/snapshots/s0', undefined, { method: 'DELETE' }))
      .status,
    204,
  );
  const room = await send(
    cli.url,
    '/__ns/n2/__emulator/snapshots',
    { name: 'again' },
    { headers: json },
  );
  t.equal(room.status, 201, 'a drop makes room');
  const restored = await send(
    cli.url,
    '/__ns/n2/__emulator/snapshots/again/restore',
    {},
    { headers: json },
  );
  t.equal(restored.status, 200);
});

t.test('faults: capped per namespace, the list paged', async (t) => {
  const arm = (path = '') =>
    send(
      cli.url,
      `${path}/__emulator/faults`,
      { operationId: 'signup', status: 500, times: 1 },
      {
        headers: json,
      },
    );
  for (let i = 0; i < 3; i++) t.equal((await arm()).status, 201);
  const fourth = await arm();
  await refused(t, fourth, '--max-faults');
  await matchesSpec(t, fourth, 'armFault', 'control');
  t.equal((await arm('/__ns/n1')).status, 201, 'another namespace has its own count');
  const page = await get('/__emulator/faults?limit=2');
  t.equal((page.body as unknown[]).length, 2);
  t.equal(page.headers['x-total-count'], '3');
  t.match(page.headers.link, /offset=2/);
  await matchesSpec(t, page, 'listFaults', 'control');
  t.equal((await send(cli.url, '/auth/signin', JANE)).status, 200, 'signin has no fault armed');
  await send(cli.url, '/__emulator/faults', undefined, { method: 'DELETE' });
  await send(cli.url, '/__ns/n1/__emulator/faults', undefined, { method: 'DELETE' });
});

t.test(
  "431: the real server's bytes, Connection: close, and a keep-alive client recovers",
  async (t) => {
    const raw = await rawExchange(
      cli.url,
      `GET /auth/signin HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
    );
    // What the real server (Node's own handler) sends.
    t.equal(raw, 'HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\n\r\n');
    const pool = new Pool(cli.url, { connections: 1, pipelining: 1 });
    t.teardown(() => pool.close());
    let errors = 0;
    for (let i = 0; i < 10; i++) {
      const big = i % 2 === 0;
      try {
        const res = await pool.request({
          method: 'POST',
          path: '/auth/signin',
          headers: { ...json, ...(big && { 'x-big': 'a'.repeat(20_000) }) },
          body: JSON.stringify(JANE),
        });
        await res.body.dump();
        t.equal(res.statusCode, big ? 431 : 200, `request ${i}: ${big ? 431 : 200}`);
      } catch {
        errors++;
      }
    }
    t.equal(errors, 0, 'no request failed on a socket the 431 closed');
  },
);

t.test('custom tokens with a falsy _id: 401, as the README says', async (t) => {
  for (const _id of [0, false, '']) {
    const { token } = mintCustomToken({
      secret: PROJECT_SECRET,
      projectId: PROJECT_ID,
      claims: { _id },
      now: new Date(),
    });
    const res = await request(`${cli.url}/auth/signinWithCustomToken`, {
      method: 'POST',
      headers: { ...json, authorization: token },
      body: '{}',
    });
    t.equal(res.statusCode, 401, `_id ${JSON.stringify(_id)}: 401`);
    t.match(res.headers['x-emulator-diagnostic'], /_id claim is/);
    t.equal(await res.body.text(), 'Unauthorized');
  }
});
