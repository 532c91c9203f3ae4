/**
 * npx tsx bench/first-request.ts [--runs 9] [--before <dir>]
 *
 * What the first validated request costs after a start (issue 27): in a fresh `node`, import
 * `dist/index.js`, `startEmulator()`, then two invalid signins (`422`: validation only, no
 * bcrypt), the first timed, wall and CPU (it loads what validation needs: the generated validators, or Ajv
 * and its compile), then the second; and how many CommonJS files from `node_modules` the
 * process holds at start and after them. With `--before <dir>`, another checkout's build in
 * the same rounds, each round's "before" then "after", and the per-round ratio.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { childEnv, median, ROOT, track } from './lib.js';

const { values: flags } = parseArgs({
  options: { runs: { type: 'string', default: '9' }, before: { type: 'string' } },
});
const builds: Record<string, string> = {
  ...(flags.before && { before: resolve(flags.before) }),
  after: ROOT,
};

interface Figures {
  filesAtStart: number;
  filesAfter: number;
  firstMs: number;
  /** CPU time of the process (server and client) over the first 422. */
  firstCpuMs: number;
  secondMs: number;
}

function script(root: string): string {
  const index = JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href);
  return `
import { createRequire } from 'node:module';
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
const files = () => Object.keys(createRequire(import.meta.url).cache)
  .filter((file) => file.includes('/node_modules/')).length;
const invalid = (port) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ email: 'not-an-e-mail', password: 'x' });
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/auth/signin',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => res.statusCode === 422 ? resolve() : reject(new Error(String(res.statusCode)))); });
  req.on('error', reject);
  req.end(body);
});
const { startEmulator } = await import(${index});
const emulator = await startEmulator();
const filesAtStart = files();
const t0 = performance.now();
const c0 = process.cpuUsage();
await invalid(emulator.port);
const c1 = process.cpuUsage(c0);
const t1 = performance.now();
await invalid(emulator.port);
const t2 = performance.now();
const filesAfter = files();
await emulator.close();
process.stdout.write(JSON.stringify({ filesAtStart, filesAfter, firstMs: t1 - t0, firstCpuMs: (c1.user + c1.system) / 1000, secondMs: t2 - t1 }) + '\\n');
`;
}

function measure(root: string): Promise<Figures> {
  return new Promise((resolvePromise, reject) => {
    const child = track(
      spawn(process.execPath, ['--input-type=module', '-e', script(root)], {
        cwd: root,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'inherit'],
      }),
    );
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.once('close', (code) =>
      code === 0
        ? resolvePromise(JSON.parse(out.trim().split('\n').at(-1) ?? '{}') as Figures)
        : reject(new Error(`node exited ${code}`)),
    );
  });
}

const runs = Number(flags.runs);
const series: Record<string, Figures[]> = Object.fromEntries(
  Object.keys(builds).map((name) => [name, []]),
);
const loadAtStart = loadavg();
for (let round = 0; round < runs; round++) {
  for (const [name, root] of Object.entries(builds)) series[name]?.push(await measure(root));
}
const loadAtEnd = loadavg();
const lines = [
  `${new Date().toISOString()}, ${runs} rounds, load average ${loadAtStart.map((n) => n.toFixed(1)).join(' ')} → ${loadAtEnd.map((n) => n.toFixed(1)).join(' ')}`,
  '',
  '| build | first 422 (median ms) | its CPU time | second 422 | files from node_modules at start → after | first 422, each run |',
  '| --- | ---: | ---: | ---: | --- | --- |',
];
for (const [name, list] of Object.entries(series)) {
  lines.push(
    `| ${name} | ${median(list.map((f) => f.firstMs)).toFixed(1)} | ${median(list.map((f) => f.firstCpuMs)).toFixed(1)} | ${median(list.map((f) => f.secondMs)).toFixed(1)} | ` +
      `${list[0]?.filesAtStart} → ${list[0]?.filesAfter} | ${list.map((f) => f.firstMs.toFixed(0)).join(', ')} |`,
  );
}
const before = series.before;
const after = series.after ?? [];
if (before) {
  const ratios = after.map((f, i) => f.firstMs / (before[i]?.firstMs ?? Number.NaN));
  lines.push(
    '',
    `first 422, after ÷ before per round: median ${median(ratios).toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
