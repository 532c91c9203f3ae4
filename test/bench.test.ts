/**
 * The benchmark harness works: its quick mode runs once, end to end, and produces every figure
 * and the JSON file. No timing is asserted: the machines are shared and noisy.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OPERATIONS = ['signin', 'signup', 'signinAnonymously', 'signinWithCustomToken'];

interface Figure {
  id: string;
  emulator: number;
  prism: number | null;
  bare: number | null;
  vsPrism: number | null;
  vsBare: number | null;
}

function runQuick(out: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // tap puts its loaders and coverage into NODE_OPTIONS of every child it sees spawned; `env -u`
  // keeps them out of the harness and so out of the servers it measures.
  const child = spawn(
    'env',
    [
      '-u',
      'NODE_OPTIONS',
      '-u',
      'NODE_V8_COVERAGE',
      process.execPath,
      '--import',
      'tsx',
      'bench/run.ts',
      '--quick',
      '--out',
      out,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  // The harness bounds itself (a watchdog at 180 s); this is the last resort.
  const timer = setTimeout(() => child.kill('SIGTERM'), 200_000);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

t.test('npm run bench -- --quick produces every figure and the JSON file', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'bench-test-'));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, 'quick.json');

  const { code, stdout, stderr } = await runQuick(out);
  t.equal(code, 0, 'the harness exits 0', { stderr: stderr.slice(-3000) });

  const report = JSON.parse(readFileSync(out, 'utf8'));
  t.equal(report.mode, 'quick');
  t.match(report.machine, { nproc: Number, node: process.version });

  const figures = new Map<string, Figure>(
    (report.figures as Figure[]).map((figure) => [figure.id, figure]),
  );
  const measured = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value >= 0;
  const positive = (value: unknown) =>
    typeof value === 'number' && Number.isFinite(value) && value > 0;
  const sideBySide = [
    'coldStart',
    ...OPERATIONS.flatMap((op) => [`${op}.rps`, `${op}.p50`, `${op}.p99`]),
    'idleRss',
    'peakRss',
  ];
  for (const id of sideBySide) {
    const figure = figures.get(id);
    t.ok(figure, `figure ${id}`);
    if (!figure) continue;
    // A load figure may be 0: autocannon's latency resolution is 1 ms, and in a 1 s run a server
    // can complete no request at all (signin's 50 concurrent bcrypt checks of cost 10 take ~4 s).
    const ok = id === 'coldStart' || id.endsWith('Rss') ? positive : measured;
    t.ok(ok(figure.emulator) && ok(figure.prism) && ok(figure.bare), `${id}: all three measured`, {
      figure,
    });
    t.ok(figure.vsPrism !== undefined && figure.vsBare !== undefined, `${id}: ratios`);
  }
  t.ok(positive(figures.get('coldStart')?.vsPrism), 'cold start ratio to Prism');

  t.equal(report.stores.length, 3, 'three store sizes');
  for (const [i, store] of (report.stores as { records: number }[]).entries()) {
    const n = store.records >= 1000 ? `${store.records / 1000}k` : String(store.records);
    t.equal(store.records, [0, 1000, 5000][i]);
    for (const id of [`store${n}.rps`, `store${n}.p99`, `store${n}.start`, `store${n}.peakRss`]) {
      t.ok(figures.has(id), `figure ${id}`);
    }
    t.ok(measured(figures.get(`store${n}.rps`)?.emulator), `signinAnonymously measured with ${n}`);
  }
  t.ok(positive(figures.get('reset')?.emulator), 'reset time');
  t.ok(report.reset.rounds > 0);

  t.equal(report.targets.length, 12, 'every target of the issue is checked');
  for (const target of report.targets) t.type(target.met, 'boolean', target.id);

  t.match(stdout, /\| cold start, spawn → first 2xx/, 'the table is printed');
  t.match(stdout, /\| target +\| +measured/, 'the targets are printed');
});
