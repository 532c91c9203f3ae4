/**
 * npx tsx bench/start.ts [--runs 9] [--before <dir>] [--deps] [--no-prism] [--out <file>]
 *
 * Issue 27's start-up figures, each in a fresh process, the targets in turn within each round
 * so that the machine's noise falls on all of them alike:
 *
 * - `import('dist/index.js')`, then the first and a second `startEmulator()` in that process
 *   (in memory, port 0, as a test file calls it), the sum import + first, and the first
 *   request after the first start (a signin: what a module loaded on first use costs);
 * - the CLI (`node dist/bin.js`, a new store file each run): spawn → first 2xx, and its RSS 1 s
 *   later (idle);
 * - CPU time (user + system) beside the wall times: the in-process one from node's start to the
 *   first start's end, the CLI's and the floor's to their first 2xx; less swayed by a busy machine;
 * - Prism 5.14.2 and the floor (a bare node:http server): spawn → first 2xx;
 * - with `--before <dir>`, the same for another checkout's build (its `dist/`), beside this one;
 * - with `--deps`, each dependency's import alone in a fresh `node`.
 *
 * Prints medians and the load average at the start and the end; writes the JSON to
 * bench/results/start-latest.json. See bench/README.md ("Start-up").
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  childEnv,
  cpuMs,
  freePort,
  type Kind,
  launch,
  median,
  memory,
  ROOT,
  stop,
  track,
  waitFor2xx,
} from './lib.js';

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '9' },
    before: { type: 'string' },
    deps: { type: 'boolean', default: false },
    'no-prism': { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const runs = Number(flags.runs);
const outFile = resolve(flags.out ?? join(ROOT, 'bench/results/start-latest.json'));

/** The builds measured: this checkout ("after"), and another one ("before") when given. */
const builds: Record<string, string> = {
  ...(flags.before && { before: resolve(flags.before) }),
  after: ROOT,
};

/** The dependencies whose import is timed alone, with `--deps`. */
const DEPENDENCIES = [
  'fastify',
  '@fastify/jwt',
  '@fastify/cors',
  'fast-jwt',
  'ajv',
  'yaml',
  '@apidevtools/json-schema-ref-parser',
  '@apidevtools/swagger-parser',
  'validator',
  'validator/lib/isEmail.js',
  'qs',
  'lowdb',
  '@node-rs/bcrypt',
  'leven',
  'pino-pretty',
  'swagger-ui-dist',
];

interface InProcess {
  importMs: number;
  firstMs: number;
  /** The first request after it, a signin (validated: its validators are loaded by then). */
  signinMs: number;
  secondMs: number;
  /** CPU time (user + system) of the process from its start to the first start's end. */
  cpuMs: number;
}

/** Runs `script` in a fresh `node` (ES module) from `cwd`; resolves with its last stdout line. */
function runNode(script: string, cwd: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = track(
      spawn(process.execPath, ['--input-type=module', '-e', script], {
        cwd,
        env: childEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
      }),
    );
    let out = '';
    let err = '';
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      err = (err + chunk.toString()).slice(-2000);
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      if (code === 0) resolvePromise(out.trim().split('\n').at(-1) ?? '');
      else reject(new Error(`node exited ${code}: ${err}`));
    });
  });
}

function inProcessScript(root: string): string {
  const index = JSON.stringify(pathToFileURL(join(root, 'dist/index.js')).href);
  return `
import { request } from 'node:http';
import { performance } from 'node:perf_hooks';
const signin = (port) => new Promise((resolve, reject) => {
  const body = JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' });
  const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/auth/signin',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => res.statusCode === 200 ? resolve() : reject(new Error(String(res.statusCode)))); });
  req.on('error', reject);
  req.end(body);
});
const t0 = performance.now();
const { startEmulator } = await import(${index});
const t1 = performance.now();
const first = await startEmulator();
const t2 = performance.now();
const cpu = process.cpuUsage();
await signin(first.port);
const signinMs = performance.now() - t2;
await first.close();
const t3 = performance.now();
const second = await startEmulator();
const t4 = performance.now();
await second.close();
process.stdout.write(JSON.stringify({ importMs: t1 - t0, firstMs: t2 - t1, signinMs, secondMs: t4 - t3, cpuMs: (cpu.user + cpu.system) / 1000 }) + '\\n');
`;
}

async function measureInProcess(root: string): Promise<InProcess> {
  return JSON.parse(await runNode(inProcessScript(root), root)) as InProcess;
}

/** Spawn → first 2xx; for the emulator, its RSS 1 s after that too. */
async function coldStart(
  kind: Kind,
  dir: string,
  root: string,
): Promise<{ ms: number; cpuMs: number; idleRssMb?: number }> {
  const port = await freePort();
  const proc = launch(kind, { port, dir, root, db: join(dir, `cold-${port}.json`) });
  try {
    const ms = await waitFor2xx(proc);
    const cpu = cpuMs(proc.pid);
    if (kind !== 'emulator') return { ms, cpuMs: cpu };
    await sleep(1000);
    return { ms, cpuMs: cpu, idleRssMb: memory(proc.pid).rssMb };
  } finally {
    await stop(proc);
  }
}

async function importAlone(dependency: string): Promise<number> {
  const script = `
import { performance } from 'node:perf_hooks';
const t0 = performance.now();
await import(${JSON.stringify(dependency)});
process.stdout.write(String(performance.now() - t0) + '\\n');
`;
  return Number(await runNode(script, ROOT));
}

type Series = Record<string, number[]>;
const push = (series: Series, key: string, value: number) => {
  series[key] ??= [];
  series[key].push(value);
};

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'tiledesk-start-'));
  const loadAtStart = loadavg();
  const series: Series = {};
  try {
    process.stderr.write(`start: ${runs} rounds, load average ${loadAtStart.join(' ')}\n`);
    for (let round = 0; round < runs; round++) {
      for (const [name, root] of Object.entries(builds)) {
        const figures = await measureInProcess(root);
        push(series, `${name} import`, figures.importMs);
        push(series, `${name} first startEmulator()`, figures.firstMs);
        push(series, `${name} import + first startEmulator()`, figures.importMs + figures.firstMs);
        push(series, `${name} first signin after it`, figures.signinMs);
        push(
          series,
          `${name} import + first startEmulator() + first signin`,
          figures.importMs + figures.firstMs + figures.signinMs,
        );
        push(series, `${name} second startEmulator()`, figures.secondMs);
        push(series, `${name} CPU time, node start to first startEmulator() done`, figures.cpuMs);
        const cli = await coldStart('emulator', dir, root);
        push(series, `${name} CLI spawn → first 2xx`, cli.ms);
        push(series, `${name} CLI CPU time to first 2xx`, cli.cpuMs);
        push(series, `${name} CLI idle RSS (MB)`, cli.idleRssMb ?? Number.NaN);
      }
      if (!flags['no-prism'])
        push(series, 'Prism spawn → first 2xx', (await coldStart('prism', dir, ROOT)).ms);
      const floor = await coldStart('bare', dir, ROOT);
      push(series, 'floor spawn → first 2xx', floor.ms);
      push(series, 'floor CPU time to first 2xx', floor.cpuMs);
      if (flags.deps) {
        for (const dependency of DEPENDENCIES) {
          push(series, `import ${dependency} alone`, await importAlone(dependency));
        }
      }
      process.stderr.write(`start: round ${round + 1}/${runs}\n`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const loadAtEnd = loadavg();
  const medians = Object.fromEntries(
    Object.entries(series).map(([key, values]) => [key, median(values)]),
  );
  const report = {
    date: new Date().toISOString(),
    runs,
    builds,
    loadAtStart,
    loadAtEnd,
    medians,
    series,
  };
  mkdirSync(dirname(outFile), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify(report, null, 2)}\n`);
  const rows = Object.entries(medians).map(
    ([key, value]) =>
      `| ${key} | ${value.toFixed(1)} | ${series[key]?.map((v) => v.toFixed(0)).join(', ')} |`,
  );
  process.stdout.write(
    `\n${report.date}, ${runs} rounds, load average ${loadAtStart.map((n) => n.toFixed(1)).join(' ')} → ` +
      `${loadAtEnd.map((n) => n.toFixed(1)).join(' ')}\n\n| figure | median (ms) | runs |\n| --- | ---: | --- |\n` +
      `${rows.join('\n')}\n\nwritten to ${outFile}\n`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `start: failed: ${error instanceof Error ? error.stack : String(error)}\n`,
    );
    process.exit(1);
  },
);
