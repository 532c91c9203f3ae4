/**
 * What bounds signin's throughput: the server's CPU time per answered request, side by side for
 *
 *   - bare:           the bench's bare node:http server (a constant body);
 *   - fastify:        a Fastify route answering the same constant body;
 *   - fastify + jwt:  a Fastify route that signs one HS256 token per request with @fastify/jwt
 *                     (the signin token's claims) and answers it, as signin must at least do;
 *   - emulator:       `POST /auth/signin` of the built emulator (`node dist/bin.js`);
 *   - "per turn":     bare and fastify + jwt again, each answer held until the end of the
 *                     event-loop turn as the emulator does (src/operations.ts, endOfTurn), so
 *                     the floor is compared like with like.
 *
 *   npx tsx bench/floor.ts [--rounds 3] [--duration 5] [--connections 50]
 *
 * CPU time (utime + stime from /proc/<pid>/stat, during the measured run, ÷ the 2xx answers) is
 * steadier than req/s on a shared machine: it does not count the time the server waited for the
 * core. Medians of the rounds; the servers take turns. See bench/README.md ("What bounds the
 * target still missed").
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BARE_SERVER,
  childEnv,
  freePort,
  load,
  median,
  operationRequest,
  ROOT,
  waitForLine,
} from './lib.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    duration: { type: 'string', default: '5' },
    connections: { type: 'string', default: '50' },
  },
});

/** Node code defining `endOfTurn()`: one setImmediate shared by every answer of the turn. */
const END_OF_TURN = `
let turnEnd;
const endOfTurn = () => (turnEnd ??= new Promise((resolve) => setImmediate(() => {
  turnEnd = undefined;
  resolve();
})));
`;

/** The bare server with each answer written at the end of the turn. */
const BARE_PER_TURN = BARE_SERVER.replace(
  "const http = require('node:http');",
  `const http = require('node:http');${END_OF_TURN}`,
)
  .replace('res.writeHead(200', 'endOfTurn().then(() => {\n    res.writeHead(200')
  .replace('res.end(body);', 'res.end(body);\n    });');
// String.replace does nothing when BARE_SERVER's text changes: the row would measure the plain one.
if (!BARE_PER_TURN.includes('endOfTurn().then(() => {') || !BARE_PER_TURN.includes('    });')) {
  throw new Error('bench/floor.ts: BARE_SERVER changed; update BARE_PER_TURN');
}

const FASTIFY_SERVER = (sign: boolean, perTurn = false) => `
const fastify = require('fastify')({ logger: false });${perTurn ? END_OF_TURN : ''}
const { randomUUID } = require('node:crypto');
const user = { _id: '65f0a0000000000000000002', email: 'jane.doe@example.com', firstname: 'Jane',
  lastname: 'Doe', emailverified: true };
const constant = JSON.stringify({ success: true, token: 'JWT ' + 'x'.repeat(380), user });
${sign ? "fastify.register(require('@fastify/jwt'), { secret: 'nodeauthsecret' });" : ''}
fastify.post('/auth/signin', async (request, reply) => {
  reply.type('application/json; charset=utf-8');
  ${
    sign
      ? `// The claims as src/tokens.ts builds them: by assignment (one hidden class for all).
  const claims = {};
  for (const key of Object.keys(user)) claims[key] = user[key];
  claims.iat = Math.floor(Date.now() / 1000);
  claims.aud = 'https://tiledesk.com';
  claims.iss = 'https://tiledesk.com';
  claims.sub = 'user';
  claims.jti = randomUUID();
  claims.exp = undefined;
  claims.nbf = undefined;
  const token = fastify.jwt.sign(claims);
  ${perTurn ? 'await endOfTurn();' : ''}
  return JSON.stringify({ success: true, token: 'JWT ' + token, user });`
      : 'return constant;'
  }
});
fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' })
  .then(() => process.stdout.write('ready at\\n'));
`;

interface Server {
  name: string;
  args: (port: number, dir: string) => string[];
}

const SERVERS: Server[] = [
  { name: 'bare node:http', args: () => ['-e', BARE_SERVER] },
  { name: 'Fastify, constant body', args: () => ['-e', FASTIFY_SERVER(false)] },
  { name: 'Fastify + @fastify/jwt sign', args: () => ['-e', FASTIFY_SERVER(true)] },
  { name: 'bare node:http, per turn', args: () => ['-e', BARE_PER_TURN] },
  {
    name: 'Fastify + @fastify/jwt sign, per turn',
    args: () => ['-e', FASTIFY_SERVER(true, true)],
  },
  {
    name: 'emulator signin',
    args: (port, dir) => [
      'dist/bin.js',
      '--port',
      String(port),
      '--db',
      join(dir, `store-${port}.json`),
      '--log-level',
      'silent',
    ],
  },
];

/** CPU time the process has used, in microseconds (clock ticks are 10 ms on Linux). */
function cpuMicros(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * 10_000;
}

const dir = mkdtempSync(join(tmpdir(), 'bench-floor-'));
const results = new Map<string, { cpu: number[]; rps: number[] }>();
let child: ChildProcess | undefined;
try {
  for (let round = 0; round < Number(values.rounds); round++) {
    for (const server of SERVERS) {
      const port = await freePort();
      child = spawn(process.execPath, server.args(port, dir), {
        cwd: ROOT,
        env: childEnv({ PORT: String(port) }),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      await waitForLine(child, 'ready at', 30_000);
      const request = operationRequest('signin', '');
      const connections = Number(values.connections);
      await load(port, request, { connections, durationS: 1 }); // warm-up
      const before = cpuMicros(child.pid as number);
      const figure = await load(port, request, { connections, durationS: Number(values.duration) });
      const cpu = (cpuMicros(child.pid as number) - before) / figure.ok;
      const entry = results.get(server.name) ?? { cpu: [], rps: [] };
      entry.cpu.push(cpu);
      entry.rps.push(figure.rps);
      results.set(server.name, entry);
      process.stderr.write(
        `round ${round + 1}: ${server.name}: ${cpu.toFixed(0)} µs CPU per answer, ${figure.rps.toFixed(0)} req/s, ${figure.non2xx} non-2xx\n`,
      );
      child.kill('SIGTERM');
      await new Promise((resolve) => child?.once('exit', resolve));
      child = undefined;
    }
  }
} finally {
  child?.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

const bare = median(results.get('bare node:http')?.cpu ?? [NaN]);
console.log('| server | CPU per answer (µs, median) | ÷ bare | req/s (median) |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, { cpu, rps }] of results) {
  const c = median(cpu);
  console.log(
    `| ${name} | ${c.toFixed(0)} | ${(c / bare).toFixed(2)} | ${median(rps).toFixed(0)} |`,
  );
}
