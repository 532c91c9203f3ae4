/**
 * The memory attacks of issue 26, replayed against `node dist/bin.js` over HTTP: by
 * scripts/hostile-memory.ts at full size (figures for the README), and by
 * test/reliability/hostile-memory.test.ts at a small size with small limits.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { Pool } from 'undici';
import { JANE, PROJECT_ID } from '../helpers.js';

/** Runs `count` jobs, `concurrency` at a time; resolves with the statuses counted. */
export async function flood(
  count: number,
  concurrency: number,
  job: (i: number) => Promise<number>,
): Promise<Map<number, number>> {
  const statuses = new Map<number, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        const status = await job(next++);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return statuses;
}

function pool(url: string, connections = 16): Pool {
  return new Pool(url, { connections, pipelining: 1 });
}

async function call(
  client: Pool,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<number> {
  const res = await client.request({
    method,
    path,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    ...(body !== undefined && { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  await res.body.dump();
  return res.statusCode;
}

/** `count` × GET /__ns/<a new name>/__emulator/health. */
export async function namespaceFlood(url: string, count: number): Promise<Map<number, number>> {
  const client = pool(url);
  try {
    return await flood(count, 16, (i) => call(client, 'GET', `/__ns/n${i}/__emulator/health`));
  } finally {
    await client.close();
  }
}

/** A signinAnonymously body of about `bytes` bytes (its firstname). */
export function bigGuest(bytes: number): string {
  return JSON.stringify({ id_project: PROJECT_ID, firstname: 'x'.repeat(bytes - 60) });
}

/** `count` signinAnonymously calls with `bytes`-byte bodies, under `prefix` (a namespace's). */
export async function journalFlood(
  url: string,
  count: number,
  bytes: number,
  prefix = '',
): Promise<Map<number, number>> {
  const client = pool(url, 4);
  const body = bigGuest(bytes);
  try {
    return await flood(count, 4, () =>
      call(client, 'POST', `${prefix}/auth/signinAnonymously`, body),
    );
  } finally {
    await client.close();
  }
}

/**
 * Opens `count` live-journal streams that never read (the socket is paused); resolves with the
 * sockets and the status line each got.
 */
export async function stalledStreams(
  url: string,
  count: number,
): Promise<{ sockets: Socket[]; statuses: Map<string, number> }> {
  const { hostname, port } = new URL(url);
  const statuses = new Map<string, number>();
  const sockets = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Socket>((resolve) => {
          const socket = connect(Number(port), hostname, () => {
            socket.write(
              `GET /__emulator/requests/stream HTTP/1.1\r\nHost: ${hostname}:${port}\r\n\r\n`,
            );
          });
          socket.once('data', (chunk: Buffer) => {
            const status = chunk.toString('latin1').split('\r\n')[0] ?? '';
            statuses.set(status, (statuses.get(status) ?? 0) + 1);
            // Reads no more: whatever the server sends piles up in its buffers.
            socket.pause();
            resolve(socket);
          });
          socket.on('error', () => resolve(socket));
        }),
    ),
  );
  return { sockets, statuses };
}

/** A fixtures file of about `bytes` bytes (users with Jane's password hash), for a large store. */
export function bigFixtures(file: string, bytes: number): void {
  const seed = JSON.parse(
    readFileSync(new URL('../../fixtures/seed.json', import.meta.url), 'utf8'),
  ) as { users: Record<string, unknown>[] };
  const jane = seed.users[1] as Record<string, unknown>;
  const users = [...seed.users];
  const one = JSON.stringify(jane).length + 40;
  for (let i = 0; users.length * one < bytes; i++) {
    users.push({
      ...jane,
      _id: `66${i.toString(16).padStart(22, '0')}`,
      email: `user${i}@example.com`,
    });
  }
  writeFileSync(file, JSON.stringify({ ...seed, $schema: undefined, users }, null, 2));
}

/** `count` × POST /__emulator/snapshots, each under a name of its own. */
export async function snapshotFlood(url: string, count: number): Promise<Map<number, number>> {
  const client = pool(url, 1);
  try {
    return await flood(count, 1, (i) =>
      call(client, 'POST', '/__emulator/snapshots', { name: `s${i}` }),
    );
  } finally {
    await client.close();
  }
}

/** A signin of Jane: 200 when the emulator still answers. */
export async function signin(url: string): Promise<number> {
  const client = pool(url, 1);
  try {
    return await call(client, 'POST', '/auth/signin', JANE);
  } finally {
    await client.close();
  }
}

/** The peak resident set size of a process so far (Linux: VmHWM), in bytes. */
export function peakRss(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1] ?? 0) * 1024;
}
