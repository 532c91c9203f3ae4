/**
 * The README's "Use in CI" recipes fail loudly. Their shell steps, read from the README (the
 * plain script, the GitHub Actions `run:` steps, the GitLab `script:` lines), run in a temporary
 * project whose `node_modules/.bin/tiledesk-auth-emulator` is the built `dist/bin.js`, with a
 * fake `npm` (`ci` does nothing, `test` signs in against the emulator) and the port moved from
 * 3000 to a free one. With a good start every recipe succeeds and its tests reach the emulator;
 * with a broken start (the binary exits at once, the port is taken, a stale emulator answers on
 * it) the step that starts and waits exits non-zero, and the tests never run.
 */
import { spawn } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { parse as parseYaml } from 'yaml';
import { startEmulator } from '../../src/server.js';
import { blocksIn, movePort, ROOT } from './readme.js';

const [plain, ...yamls] = blocksIn('Use in CI');
const github = yamls.find((b) => b.lang === 'yaml' && b.code.startsWith('jobs:'));
const gitlab = yamls.find((b) => b.lang === 'yaml' && b !== github);

interface Step {
  name: string;
  /** How the CI runs it: GitHub's default `bash -e`, GitLab's `set -eo pipefail`, or `sh`. */
  shell: string[];
  script: string;
  env: Record<string, string>;
}
interface Recipe {
  name: string;
  steps: Step[];
  /** The step that starts the emulator and waits for it. */
  start: string;
}

function recipes(): Recipe[] {
  const jobs = parseYaml(github?.code ?? '').jobs as Record<
    string,
    { steps: { name?: string; run?: string; env?: Record<string, string> }[] }
  >;
  const ghSteps = Object.values(jobs)[0]?.steps ?? [];
  const lab = Object.values(parseYaml(gitlab?.code ?? '') as object)[0] as {
    variables?: Record<string, string>;
    script: string[];
  };
  const named = (s: { name?: string; run?: string }) => s.name ?? s.run?.split('\n')[0] ?? '';
  return [
    {
      name: 'the plain script',
      steps: [{ name: 'script', shell: ['sh'], script: plain?.code ?? '', env: {} }],
      start: 'script',
    },
    {
      name: 'GitHub Actions',
      steps: ghSteps
        .filter((s) => s.run)
        .map((s) => ({
          name: named(s),
          shell: ['bash', '-e'],
          script: s.run as string,
          env: s.env ?? {},
        })),
      start: 'Start the Tiledesk auth emulator',
    },
    {
      name: 'GitLab CI',
      steps: [
        {
          name: 'script',
          shell: ['bash', '-eo', 'pipefail'],
          script: lab.script.join('\n'),
          env: lab.variables ?? {},
        },
      ],
      start: 'script',
    },
  ];
}

const FAKE_NPM = `#!/bin/sh
case "$1" in
  ci) exit 0 ;;
  test)
    echo "\${TILEDESK_API_URL:-}" > "$RECIPE_DIR/npm-test.url"
    exec curl -fs -X POST "http://127.0.0.1:$RECIPE_PORT/auth/signin" \\
      -H 'Content-Type: application/json' \\
      -d '{"email":"jane.doe@example.com","password":"janepassword"}' -o "$RECIPE_DIR/npm-test.out" ;;
  *) echo "fake npm: $*" >&2; exit 3 ;;
esac
`;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Outcome {
  /** Each step run, with its exit code, until the first that failed. */
  steps: { name: string; code: number | null; output: string }[];
  testsRan: boolean;
  testsUrl: string | undefined;
  seconds: number;
}

/** Runs a recipe's steps in `dir` as its CI would, each in its own process group, killed after. */
async function runRecipe(
  t: Test,
  recipe: Recipe,
  dir: string,
  port: number,
  bin: string,
): Promise<Outcome> {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  mkdirSync(join(dir, 'fakebin'), { recursive: true });
  symlinkSync(bin, join(dir, 'node_modules/.bin/tiledesk-auth-emulator'));
  writeFileSync(join(dir, 'fakebin/npm'), FAKE_NPM);
  chmodSync(join(dir, 'fakebin/npm'), 0o755);
  const groups: number[] = [];
  t.teardown(() => {
    for (const group of groups) {
      try {
        process.kill(-group, 'SIGKILL');
      } catch {}
    }
  });
  const started = Date.now();
  const steps: Outcome['steps'] = [];
  for (const [i, step] of recipe.steps.entries()) {
    const file = join(dir, `step-${i}.sh`);
    writeFileSync(
      file,
      movePort(step.script, `127.0.0.1:${port}`).replaceAll('--port 3000', `--port ${port}`),
    );
    const env: Record<string, string> = {
      PATH: `${join(dir, 'fakebin')}:${process.env.PATH}`,
      HOME: process.env.HOME ?? '',
      RECIPE_DIR: dir,
      RECIPE_PORT: String(port),
    };
    for (const [k, v] of Object.entries(step.env)) env[k] = movePort(v, `127.0.0.1:${port}`);
    const [cmd, ...args] = step.shell as [string, ...string[]];
    // Output to a file, not a pipe: the emulator left in the background keeps its stdout.
    const log = join(dir, `step-${i}.log`);
    const child = spawn('sh', ['-c', `exec "$@" > "${log}" 2>&1`, 'sh', cmd, ...args, file], {
      cwd: dir,
      env,
      stdio: 'ignore',
      detached: true,
    });
    groups.push(child.pid as number);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    steps.push({ name: step.name, code, output: readFileSync(log, 'utf8') });
    if (code !== 0) break; // the CI stops the job at the first failing step
  }
  const urlFile = join(dir, 'npm-test.url');
  return {
    steps,
    testsRan: existsSync(join(dir, 'npm-test.out')),
    testsUrl: existsSync(urlFile) ? readFileSync(urlFile, 'utf8').trim() : undefined,
    seconds: (Date.now() - started) / 1000,
  };
}

const DIST_BIN = join(ROOT, 'dist/bin.js');
chmodSync(DIST_BIN, 0o755); // as npm does to a package's bin when it installs it
const portAnswers = (port: number) =>
  fetch(`http://127.0.0.1:${port}/__emulator/health`).then(
    (r) => r.ok,
    () => false,
  );

t.test('the README has the three recipes', async (t) => {
  t.equal(plain?.lang, 'sh');
  t.ok(github, 'GitHub Actions');
  t.ok(gitlab, 'GitLab CI');
  for (const recipe of recipes()) {
    t.ok(
      recipe.steps.some((s) => s.name === recipe.start && /tiledesk-auth-emulator/.test(s.script)),
      `${recipe.name}: a step starts the emulator`,
    );
  }
});

t.test('a good start: every step succeeds and the tests reach the emulator', async (t) => {
  const all = recipes();
  const base = t.testdir();
  const ports = await Promise.all(all.map(() => freePort()));
  const outcomes = await Promise.all(
    all.map((r, i) => runRecipe(t, r, join(base, String(i)), ports[i] as number, DIST_BIN)),
  );
  for (const [i, recipe] of all.entries()) {
    const out = outcomes[i] as Outcome;
    t.same(
      out.steps.map((s) => [s.name, s.code]),
      recipe.steps.map((s) => [s.name, 0]),
      `${recipe.name}: every step exits 0`,
      { output: out.steps.map((s) => s.output).join('\n') },
    );
    t.ok(out.testsRan, `${recipe.name}: npm test signed in against the emulator`);
    if (recipe.name !== 'the plain script') {
      t.equal(out.testsUrl, `http://127.0.0.1:${ports[i]}`, `${recipe.name}: TILEDESK_API_URL`);
    }
  }
  // The plain script stops the emulator itself (its EXIT trap); the CIs end the job.
  t.notOk(await portAnswers(ports[0] as number), 'the plain script has stopped its emulator');
});

/**
 * Broken starts. `bin` replaces the emulator's binary; `stale` leaves another emulator answering
 * on the port; `squat` a process that is not one. `code` is the start step's exit: 1 when the
 * wait loop saw its own process exit (it did not wait out the 10 s, which would be timeout's 124),
 * 124 when its process lives but never answers as itself.
 */
const BROKEN: { name: string; bin: string; stale?: boolean; squat?: boolean; code: number }[] = [
  { name: 'a bad flag: the binary exits at once', bin: 'exit', code: 1 },
  { name: 'the port is taken by another program', bin: DIST_BIN, squat: true, code: 1 },
  { name: 'a stale emulator answers on the port', bin: DIST_BIN, stale: true, code: 1 },
  {
    name: 'a stale emulator answers, and the one started is alive but silent',
    bin: 'sleep',
    stale: true,
    code: 124,
  },
];

for (const broken of BROKEN) {
  t.test(`a broken start (${broken.name}): the start step fails, no test runs`, async (t) => {
    const all = recipes();
    const base = t.testdir();
    const ports = await Promise.all(all.map(() => freePort()));
    const others: { close(): void }[] = [];
    t.teardown(() => {
      for (const other of others) other.close();
    });
    for (const port of broken.squat ? ports : []) {
      // Takes the connection and hangs up: not an emulator, so the health wait must not pass.
      const squatter = createServer((socket) => socket.destroy());
      await new Promise<void>((resolve) => squatter.listen(port, '127.0.0.1', resolve));
      others.push(squatter);
    }
    for (const port of broken.stale ? ports : []) {
      // An emulator left over from an earlier job: it answers the health check, as another pid.
      const stale = await startEmulator({ port });
      others.push({ close: () => void stale.close() });
    }
    const scripts = join(base, 'bins');
    mkdirSync(scripts);
    const fake = (name: string, body: string) => {
      writeFileSync(join(scripts, name), `#!/bin/sh\n${body}\n`);
      chmodSync(join(scripts, name), 0o755);
      return join(scripts, name);
    };
    const bin =
      broken.bin === 'exit'
        ? fake('exit', 'echo "tiledesk-auth-emulator: Unknown option \'--bogus\'" >&2; exit 2')
        : broken.bin === 'sleep'
          ? fake('sleep', 'exec sleep 30')
          : broken.bin;
    const outcomes = await Promise.all(
      all.map((r, i) => runRecipe(t, r, join(base, String(i)), ports[i] as number, bin)),
    );
    for (const [i, recipe] of all.entries()) {
      const out = outcomes[i] as Outcome;
      const last = out.steps.at(-1);
      t.equal(last?.name, recipe.start, `${recipe.name}: the job stops at the start step`);
      t.equal(last?.code, broken.code, `${recipe.name}: which exits ${broken.code}`, {
        output: last?.output,
      });
      if (broken.code === 1) t.match(last?.output, /the emulator has exited/);
      t.notOk(out.testsRan, `${recipe.name}: npm test did not run`);
    }
  });
}
