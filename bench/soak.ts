/**
 * npm run soak [-- --minutes 10 --rate 100 --connections 16]: a bounded soak of the emulator.
 *
 * Starts `node dist/bin.js` on 127.0.0.1 (loopback only) with a store file, and sends a fixed
 * rate of requests (open loop) mixing the four operations: signin 35% (one in ten with a wrong
 * password), signup 20%, signinAnonymously 25%, signinWithCustomToken 20%. Each minute it
 * prints the requests, the errors (a network error or an unexpected status), p50/p99/max
 * latency and the emulator's RSS; at each minute's end the traffic pauses, the state is reset
 * and reseeded (so the data stays bounded and RSS growth means a leak, not more users), and the
 * traffic resumes. RSS is sampled once a second over the second half of each minute; the
 * minute's median is reported with its max. It stops by itself after --minutes, and exits 1
 * when there was any error or the last minute's median RSS is more than 10% (--max-growth)
 * above the first minute's.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { Pool } from 'undici';
import { customToken, FIXTURE_PROJECT, freePort, memory, startReady, stop } from './lib.js';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '100' },
    connections: { type: 'string', default: '16' },
    'max-growth': { type: 'string', default: '0.10' },
  },
});
const MINUTES = Number(values.minutes);
const RATE = Number(values.rate);
const MAX_GROWTH = Number(values['max-growth']);
if (!(MINUTES > 0 && RATE > 0)) {
  console.error('--minutes and --rate must be positive numbers');
  process.exit(2);
}
const MINUTE_MS = 60_000;
const PROJECT_ID = FIXTURE_PROJECT;
const SEEDED = 50;
const EXTERNAL_IDS = 200;
/** More requests in flight than this means the emulator cannot keep up: counted as errors. */
const MAX_IN_FLIGHT = 2_000;

type Operation = 'signin' | 'signup' | 'signinAnonymously' | 'signinWithCustomToken';
const MIX: [Operation, number][] = [
  ['signin', 0.35],
  ['signup', 0.2],
  ['signinAnonymously', 0.25],
  ['signinWithCustomToken', 0.2],
];

interface Minute {
  requests: number;
  /** RSS samples, one a second, in bytes, of the second half of the minute. */
  rss: number[];
  errors: number;
  latencies: number[];
  byOperation: Map<string, number>;
  errorSamples: string[];
}
const newMinute = (): Minute => ({
  requests: 0,
  rss: [],
  errors: 0,
  latencies: [],
  byOperation: new Map(),
  errorSamples: [],
});

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const dir = mkdtempSync(join(tmpdir(), 'tiledesk-soak-'));
// `node dist/bin.js` on 127.0.0.1 (lib.ts starts every server on loopback only).
const cli = await startReady('emulator', {
  port: await freePort(),
  dir,
  db: join(dir, 'store.json'),
});
const cliUrl = `http://127.0.0.1:${cli.port}`;
const pool = new Pool(cliUrl, { connections: Number(values.connections) });

async function call(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  const res = await pool.request({
    method,
    path,
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

async function resetAndSeed(): Promise<void> {
  const reset = await call('POST', '/__emulator/reset', {});
  const seed = await call('POST', '/__emulator/seed', {
    users: Array.from({ length: SEEDED }, (_, i) => ({
      email: `soak-u${i}@example.com`,
      password: `soak-pw-${i}`,
      firstname: 'Soak',
    })),
  });
  if (reset.status !== 200 || seed.status !== 200) {
    throw new Error(`reset/seed failed: ${reset.status} ${seed.status} ${seed.text.slice(0, 200)}`);
  }
}

// Custom tokens are minted once: signing is the client's cost, not the emulator's.
const tokens = Array.from({ length: EXTERNAL_IDS }, (_, i) => customToken(`soak-ext-${i}`));

let signups = 0;
function pick(): Operation {
  let r = Math.random();
  for (const [op, share] of MIX) {
    r -= share;
    if (r < 0) return op;
  }
  return 'signin';
}

/** One request of the mix; resolves with what went wrong, or undefined. */
async function one(op: Operation): Promise<string | undefined> {
  const random = Math.floor(Math.random() * 1_000_000);
  let res: { status: number; text: string };
  let expected = 200;
  switch (op) {
    case 'signin': {
      const i = random % SEEDED;
      const wrong = random % 10 === 0;
      expected = wrong ? 401 : 200;
      res = await call('POST', '/auth/signin', {
        email: `soak-u${i}@example.com`,
        password: wrong ? 'not-the-password' : `soak-pw-${i}`,
      });
      break;
    }
    case 'signup': {
      const n = signups++;
      res = await call('POST', '/auth/signup', {
        email: `soak-new-${n}@example.com`,
        password: `new-pw-${n}`,
        firstname: 'New',
        lastname: `User ${n}`,
      });
      break;
    }
    case 'signinAnonymously':
      res = await call('POST', '/auth/signinAnonymously', {
        id_project: PROJECT_ID,
        attributes: { n: random },
      });
      break;
    case 'signinWithCustomToken':
      res = await call('POST', '/auth/signinWithCustomToken', undefined, {
        authorization: tokens[random % tokens.length] as string,
      });
      break;
  }
  return res.status === expected
    ? undefined
    : `${op}: ${res.status} (expected ${expected}) ${res.text.slice(0, 120)}`;
}

await resetAndSeed();
console.log(
  `soak: ${MINUTES} min at ${RATE} req/s against ${cliUrl} (pid ${cli.pid}); ` +
    `mix ${MIX.map(([op, share]) => `${op} ${share * 100}%`).join(', ')}`,
);
console.log('minute  requests  errors   p50 ms   p99 ms   max ms   RSS MB (median, max)');

const minutes: (Minute & { rssMedian: number })[] = [];
let inFlight = 0;
let totalErrors = 0;

for (let m = 1; m <= MINUTES; m++) {
  const minute = newMinute();
  const started = performance.now();
  let sent = 0;
  // RSS once a second over the second half of the minute, when the minute's state has built
  // up: its median is what is compared, single samples swing with V8's garbage collection.
  const sampler = setInterval(() => {
    if (performance.now() - started < MINUTE_MS / 2) return;
    try {
      minute.rss.push(memory(cli.pid).rssMb * 1048576);
    } catch {
      // The emulator has exited; the minute reports what it has.
    }
  }, 1_000);
  // Open loop: every 10 ms, send what the fixed rate says is due, whatever is still in flight.
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const elapsed = performance.now() - started;
      if (elapsed >= MINUTE_MS) {
        clearInterval(timer);
        resolve();
        return;
      }
      const due = Math.floor((elapsed / 1000) * RATE) - sent;
      for (let i = 0; i < due; i++) {
        sent++;
        minute.requests++;
        if (inFlight >= MAX_IN_FLIGHT) {
          minute.errors++;
          if (minute.errorSamples.length < 5) minute.errorSamples.push('overloaded: not sent');
          continue;
        }
        const op = pick();
        minute.byOperation.set(op, (minute.byOperation.get(op) ?? 0) + 1);
        const t0 = performance.now();
        inFlight++;
        one(op)
          .catch((error: unknown) => `${op}: ${String(error)}`)
          .then((problem) => {
            inFlight--;
            minute.latencies.push(performance.now() - t0);
            if (problem !== undefined) {
              minute.errors++;
              if (minute.errorSamples.length < 5) minute.errorSamples.push(problem);
            }
          });
      }
    }, 10);
  });
  clearInterval(sampler);
  // Drain, measure, reset.
  while (inFlight > 0) await sleep(5);
  const rssSorted = [...minute.rss].sort((a, b) => a - b);
  const rssMedian = percentile(rssSorted, 50);
  minutes.push({ ...minute, rssMedian });
  totalErrors += minute.errors;
  const sorted = [...minute.latencies].sort((a, b) => a - b);
  console.log(
    [
      String(m).padStart(6),
      String(minute.requests).padStart(9),
      String(minute.errors).padStart(7),
      percentile(sorted, 50).toFixed(1).padStart(8),
      percentile(sorted, 99).toFixed(1).padStart(8),
      (sorted.at(-1) ?? 0).toFixed(1).padStart(8),
      `${(rssMedian / 1048576).toFixed(1).padStart(8)}, ${((rssSorted.at(-1) ?? 0) / 1048576).toFixed(1)}`,
    ].join(' '),
  );
  for (const sample of minute.errorSamples) console.log(`        error: ${sample}`);
  if (m < MINUTES) await resetAndSeed();
}

await pool.close();
await stop(cli);
const code = await cli.exited;
rmSync(dir, { recursive: true, force: true });

const first = minutes[0]?.rssMedian ?? 0;
const last = minutes.at(-1)?.rssMedian ?? 0;
const growth = first > 0 ? (last - first) / first : 0;
const all = minutes.flatMap((m) => m.latencies).sort((a, b) => a - b);
console.log(
  `total: ${minutes.reduce((s, m) => s + m.requests, 0)} requests, ${totalErrors} errors, ` +
    `p99 ${percentile(all, 99).toFixed(1)} ms; median RSS ${(first / 1048576).toFixed(1)} MB in minute 1, ` +
    `${(last / 1048576).toFixed(1)} MB in the last (${(growth * 100).toFixed(1)}%); emulator exit code ${code}`,
);
const failures: string[] = [];
if (totalErrors > 0) failures.push(`${totalErrors} errors`);
if (MINUTES > 1 && growth > MAX_GROWTH) {
  failures.push(`RSS grew ${(growth * 100).toFixed(1)}% after the first minute`);
}
if (code !== 0) failures.push(`the emulator exited ${code} on SIGTERM`);
console.log(failures.length === 0 ? 'soak: ok' : `soak: FAILED (${failures.join('; ')})`);
process.exit(failures.length === 0 ? 0 : 1);
