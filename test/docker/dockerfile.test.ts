/**
 * There is no Docker engine here, so the Dockerfile is tested by what can run without one: its
 * static properties, dockerfilelint, and a simulation of its stages in a clean temporary copy of
 * the repository, then the server started the way CMD starts it and probed the way HEALTHCHECK
 * probes it. The stages' `npm ci` are not run again (CI has just run one): the build stage gets
 * the installed node_modules, and the production stage the packages package-lock.json marks as
 * not dev, copied from there, which is what `npm ci --omit=dev` installs. The runtime then
 * fails if the code needs a dev dependency.
 */
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { send } from '../helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface Instruction {
  keyword: string;
  args: string;
}
interface Stage {
  image: string;
  name: string | undefined;
  steps: Instruction[];
}

/** Splits the Dockerfile into stages of instructions (continuations joined, comments dropped). */
function parseDockerfile(text: string): Stage[] {
  const joined = text.replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const raw of joined.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const [image = '', , name] = args.split(/\s+/);
      stages.push({ image, name, steps: [] });
    } else {
      stages.at(-1)?.steps.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages.at(-1) as Stage;
const find = (stage: Stage, keyword: string) => stage.steps.filter((s) => s.keyword === keyword);
const env: Record<string, string> = {};
for (const step of find(runtime, 'ENV')) {
  for (const [, key, value] of step.args.matchAll(/(\w+)=(\S+)/g))
    env[key as string] = value as string;
}
const execForm = (args: string) => JSON.parse(args.slice(args.indexOf('['))) as string[];

t.test('Dockerfile, statically', async (t) => {
  t.ok(stages.length >= 3, 'multi-stage: build, production dependencies, runtime');
  for (const stage of stages)
    t.match(
      stage.image,
      /^node:\d+\.\d+\.\d+-[a-z]+-slim$/,
      `${stage.name ?? 'runtime'} pins a slim Node image by version`,
    );
  t.ok(
    find(runtime, 'USER').some((s) => s.args !== 'root' && s.args !== '0'),
    'runs as a non-root user',
  );
  t.equal(env.HOST, '0.0.0.0', 'listens on every interface inside the image');
  t.ok(
    find(runtime, 'EXPOSE').some((s) => s.args === env.PORT),
    'EXPOSE is the default port',
  );
  t.ok(
    find(runtime, 'VOLUME').some((s) => s.args.includes(join(env.DB_FILE ?? '/x', '..'))),
    'the store file is on a declared volume',
  );
  const healthcheck = find(runtime, 'HEALTHCHECK')[0]?.args ?? '';
  t.match(healthcheck, /CMD \["node"/, 'the health check needs nothing but node');
  t.notMatch(healthcheck, /curl|wget/);
  t.notOk(
    Object.keys(env).some((k) => /SECRET|KEY|TOKEN|PASSWORD/.test(k)),
    'no secret is baked in',
  );
  t.ok(
    find(stages[1] as Stage, 'RUN').some((s) => s.args.includes('--omit=dev')),
    'production dependencies only',
  );
  const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8').split('\n');
  for (const entry of ['node_modules', 'dist', '.git', 'test'])
    t.ok(ignored.includes(entry), `.dockerignore has ${entry}`);
});

t.test('dockerfilelint finds no issue', async (t) => {
  const bin = join(ROOT, 'test/docker/node_modules/dockerfilelint/bin/dockerfilelint');
  const report = JSON.parse(
    execFileSync(process.execPath, [bin, '-o', 'json', 'Dockerfile'], {
      cwd: ROOT,
      encoding: 'utf8',
    }),
  );
  t.equal(report.totalIssues, 0, JSON.stringify(report.files?.[0]?.issues));
});

/**
 * What `npm ci` puts into `workdir`, from the repository's node_modules: all of it, or with
 * --omit=dev the packages package-lock.json does not mark dev (each with what it nests).
 */
function simulateNpmCi(command: string, workdir: string): void {
  const source = join(ROOT, 'node_modules');
  if (!command.includes('--omit=dev')) {
    symlinkSync(source, join(workdir, 'node_modules'), 'dir');
    return;
  }
  const lock = JSON.parse(readFileSync(join(workdir, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, { dev?: boolean }>;
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    // Top-level packages only: a nested one comes with its parent.
    if (!path || entry.dev || path.lastIndexOf('node_modules/') !== 0) continue;
    const from = join(ROOT, path);
    if (existsSync(from)) cpSync(from, join(workdir, path), { recursive: true });
    else if (!(entry as { optional?: boolean }).optional)
      throw new Error(`${path} is not installed`);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

t.test('the image, simulated stage by stage', async (t) => {
  const root = t.testdir();
  const context = join(root, 'context');
  // A clean copy of the repository's files (tracked, or new and not ignored), as a clone has them.
  const tracked = execFileSync(
    'git',
    ['ls-files', '-z', '--cached', '--others', '--exclude-standard'],
    { cwd: ROOT, encoding: 'utf8' },
  )
    .split('\0')
    .filter(Boolean);
  for (const file of tracked) {
    if (existsSync(join(ROOT, file)))
      cpSync(join(ROOT, file), join(context, file), { recursive: true });
  }
  const dataDir = join(root, 'data');
  const dirs = new Map<string, string>();
  const base = (stage: Stage) => join(root, `stage-${stage.name ?? 'runtime'}`);
  /** The image's absolute paths, mapped into this stage's directory (and /data into the volume). */
  const local = (stage: Stage, path: string) =>
    path.startsWith('/data') ? join(dataDir, path.slice(5)) : join(base(stage), path);

  for (const stage of stages) {
    let workdir = base(stage);
    for (const { keyword, args } of stage.steps) {
      if (keyword === 'WORKDIR') {
        workdir = local(stage, args);
        mkdirSync(workdir, { recursive: true });
      } else if (keyword === 'COPY') {
        const from = /--from=(\S+)/.exec(args)?.[1];
        const parts = args.replace(/--\S+/g, '').trim().split(/\s+/);
        const destination = parts.pop() as string;
        const target = destination.startsWith('/')
          ? local(stage, destination)
          : join(workdir, destination);
        for (const source of parts) {
          const origin = from
            ? join(dirs.get(from) as string, source.replace(/^\/app\/?/, ''))
            : join(context, source);
          const into =
            parts.length > 1 || destination.endsWith('/')
              ? join(target, source.split('/').pop() as string)
              : target;
          cpSync(origin, into, { recursive: true });
        }
      } else if (keyword === 'RUN' && /^npm ci\b/.test(args)) {
        simulateNpmCi(args, workdir);
      } else if (keyword === 'RUN') {
        // chown needs the image's `node` user; the directory it prepares is what matters here.
        const command = args.replace(/\/data/g, dataDir).replace(/chown \S+ \S+/g, 'true');
        execFileSync('sh', ['-c', command], {
          cwd: workdir,
          stdio: 'pipe',
          env: { ...process.env, npm_config_update_notifier: 'false' },
        });
      }
    }
    if (stage.name) dirs.set(stage.name, workdir);
    dirs.set('runtime', workdir);
  }

  const app = dirs.get('runtime') as string;
  t.ok(existsSync(join(app, 'dist/bin.js')), 'dist/ was built and copied');
  t.notOk(
    existsSync(join(app, 'node_modules/typescript')),
    'no dev dependency in the runtime image',
  );
  t.ok(existsSync(join(app, 'node_modules/fastify')), 'production dependencies are there');

  const port = String(await freePort());
  const runEnv = {
    PATH: process.env.PATH ?? '',
    ...env,
    PORT: port,
    DB_FILE: env.DB_FILE?.replace('/data', dataDir) ?? '',
    LOG_LEVEL: 'silent',
  };
  const [cmd, ...cmdArgs] = execForm(find(runtime, 'CMD')[0]?.args ?? '');
  const server = spawn(cmd as string, cmdArgs, {
    cwd: app,
    env: runEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => server.on('exit', resolve));
  t.teardown(() => server.kill('SIGKILL'));
  await new Promise<void>((resolve, reject) => {
    server.stdout?.on('data', (d) => String(d).includes('ready at') && resolve());
    server.on('exit', (code) => reject(new Error(`CMD exited ${code}`)));
  });

  const [hcCmd, ...hcArgs] = execForm(find(runtime, 'HEALTHCHECK')[0]?.args ?? '');
  const probe = spawn(hcCmd as string, hcArgs, { cwd: app, env: runEnv });
  t.equal(await new Promise((resolve) => probe.on('exit', resolve)), 0, 'HEALTHCHECK passes');

  const url = `http://127.0.0.1:${port}`;
  const signup = await send(url, '/auth/signup', {
    email: 'docker@example.com',
    password: 'pw',
    firstname: 'D',
    lastname: 'K',
  });
  t.equal(signup.status, 200);
  t.equal(
    (await send(url, '/__emulator/reset', {})).status,
    403,
    'on 0.0.0.0 without a control token the control API is off',
  );
  server.kill('SIGTERM');
  t.equal(await exited, 0, 'SIGTERM exits 0');
  t.match(
    readFileSync(runEnv.DB_FILE, 'utf8'),
    /docker@example\.com/,
    'the store is on the volume',
  );
});
