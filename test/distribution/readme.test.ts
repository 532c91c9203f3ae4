/**
 * The README's examples run as written, against `node dist/bin.js` (`npm run test:dist` builds
 * it first): every curl line of every ```sh block (the port moved from 3000 to the emulator's),
 * each exiting 0 and printing what the comment under it shows (`…` stands for anything), or a
 * 2xx when there is no comment; the "Use in tests" examples run with tap and node:test and
 * type-checked, importing 'tiledesk-auth-emulator' from a consumer project; the generated-client
 * snippet (openapi-typescript, then openapi-fetch); the Vite proxy. Docker examples can only be
 * checked for syntax and against the Dockerfile (no engine here).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import t from 'tap';
import { parse as parseYaml } from 'yaml';
import { startCli } from '../reliability/cli.js';
import {
  type Block,
  blocks,
  blocksIn,
  commands,
  movePort,
  README,
  ROOT,
  shownPattern,
} from './readme.js';

const LOADER = pathToFileURL(join(ROOT, 'test/loader/register.mjs')).href;
const TSC = join(ROOT, 'node_modules/typescript/bin/tsc');
const OPENAPI_TS = join(ROOT, 'tools/gen-types/node_modules/openapi-typescript');
const where = (b: Block) => `README.md:${b.line} (${b.section})`;

/** Runs a child to its end (bounded), its output collected; killed on timeout. */
function run(
  cmd: string,
  args: string[],
  opts: { cwd: string; env?: Record<string, string>; input?: string; timeoutMs?: number },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child: ChildProcess = spawn(cmd, args, {
      cwd: opts.cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...opts.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d) => {
      stdout += d;
    });
    child.stderr?.on('data', (d) => {
      stderr += d;
    });
    const killGroup = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {}
    };
    const timer = setTimeout(killGroup, opts.timeoutMs ?? 60_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      killGroup(); // anything the example left behind in its group
      resolve({ code, stdout, stderr });
    });
    child.stdin?.end(opts.input ?? '');
  });
}

const cli = await startCli(['--port', '0', '--in-memory', '--log-level', 'silent']);
t.teardown(() => cli.kill());
const hostPort = new URL(cli.url).host;

t.test('every ```sh block is valid shell', async (t) => {
  const sh = blocks().filter((b) => b.lang === 'sh');
  t.ok(sh.length >= 8, `${sh.length} sh blocks`);
  for (const block of sh) {
    const res = spawnSync('sh', ['-n'], { input: block.code, encoding: 'utf8' });
    t.equal(res.status, 0, `${where(block)} ${res.stderr}`);
  }
});

/** The commands of a block that run against the emulator: curl lines and `VAR=$(…)` before them. */
const isRunnable = (text: string) => /^curl\s/.test(text) || /^[A-Z_]+=\$\(/.test(text);

t.test('every curl line of the README answers as its comment shows', async (t) => {
  const withCurl = blocks().filter(
    (b) => b.lang === 'sh' && commands(b).some((c) => c.text.startsWith('curl ')),
  );
  t.ok(withCurl.length >= 6, `${withCurl.length} sh blocks with curl lines`);
  for (const block of withCurl) {
    const cmds = commands(block).filter((c) => isRunnable(c.text));
    // curl's output is followed by its status code, so that a line without a comment is held
    // to a 2xx: `curl -s` exits 0 on a 404 too.
    // A `VAR=$(curl …)` line gets curl's output as it is (the reader's), without the status.
    const dir = t.testdir();
    const wrapCurl = `curl() { command curl -w '\\n%{http_code}' "$@"; }`;
    const script = [
      `cd ${JSON.stringify(ROOT)}`, // npm run mint-token is run in this repository
      wrapCurl,
      ...cmds.map((c, i) => {
        const text = movePort(c.text, hostPort);
        const body = c.text.startsWith('curl ') ? text : `unset -f curl\n${text}\n${wrapCurl}`;
        return `{\n${body}\n} > ${dir}/out.${i} 2> ${dir}/err.${i}; echo $? > ${dir}/rc.${i}`;
      }),
    ].join('\n');
    writeFileSync(join(dir, 'script.sh'), `${script}\n`);
    await run('bash', [join(dir, 'script.sh')], {
      cwd: ROOT,
      env: { npm_config_update_notifier: 'false' },
    });
    cmds.forEach((cmd, i) => {
      const name = `README.md:${cmd.line} ${cmd.text.split('\n')[0]}`;
      const read = (f: string) => readFileSync(join(dir, `${f}.${i}`), 'utf8');
      t.equal(read('rc').trim(), '0', `${name}: exits 0`, { stderr: read('err') });
      if (!cmd.text.startsWith('curl ')) return;
      const out = read('out').replaceAll('\r', '');
      const status = Number(out.slice(out.lastIndexOf('\n') + 1));
      const body = out.slice(0, out.lastIndexOf('\n'));
      if (cmd.shows.length === 0) {
        t.ok(status >= 200 && status < 300, `${name}: a 2xx`, { status, body });
      } else if (/\s-[a-zA-Z]*i[a-zA-Z]*\s/.test(cmd.text)) {
        // -i: every shown line is a line of the answer, in order (headers between them).
        const lines = body.split('\n');
        let at = 0;
        for (const shown of cmd.shows) {
          const pattern = shownPattern(shown);
          while (at < lines.length && !pattern.test(lines[at] as string)) at++;
          t.ok(at < lines.length, `${name}: shows ${JSON.stringify(shown)}`, { body });
          at++;
        }
      } else {
        const shown = cmd.shows.map((s, j) => (j ? s.trimStart() : s)).join('');
        t.match(body.trim(), shownPattern(shown), `${name}: answers what it shows`);
      }
    });
  }
});

/**
 * A consumer project inside the repository: `tiledesk-auth-emulator` in its node_modules is a
 * symlink to this package (so its `exports` lead to the built dist/), next to the test
 * runners and client tools a user installs.
 */
function consumer(dir: string): string {
  mkdirSync(join(dir, 'node_modules/.bin'), { recursive: true });
  mkdirSync(join(dir, 'node_modules/@types'), { recursive: true });
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', type: 'module' }));
  symlinkSync(ROOT, join(dir, 'node_modules/tiledesk-auth-emulator'));
  // typescript: the README's `npx -p typescript@5 -p openapi-typescript@7` finds both here;
  // openapi-typescript is tools/gen-types' (test:dist installs it), not the top-level npm ci's.
  for (const pkg of ['tap', 'openapi-fetch', 'typescript', '@types/node']) {
    symlinkSync(join(ROOT, 'node_modules', pkg), join(dir, 'node_modules', pkg));
  }
  symlinkSync(OPENAPI_TS, join(dir, 'node_modules/openapi-typescript'));
  symlinkSync(join(OPENAPI_TS, 'bin/cli.js'), join(dir, 'node_modules/.bin/openapi-typescript'));
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: ['node'],
      },
      include: ['*.ts'],
    }),
  );
  return dir;
}

const node = (dir: string, file: string) =>
  run(process.execPath, ['--import', LOADER, file], { cwd: dir, timeoutMs: 60_000 });

t.test('the "Use in tests" examples pass, and type-check', async (t) => {
  const examples = blocksIn('Use in tests', 'ts');
  t.equal(examples.length, 2, 'a tap example and a node:test example');
  const dir = consumer(t.testdir());
  const files = examples.map((block, i) => {
    const file = `example-${i}.test.ts`;
    writeFileSync(join(dir, file), block.code);
    return { block, file };
  });
  const tsc = await run(process.execPath, [TSC, '-p', 'tsconfig.json'], { cwd: dir });
  t.equal(tsc.code, 0, 'tsc', { output: tsc.stdout + tsc.stderr });
  for (const { block, file } of files) {
    const res = await node(dir, file);
    t.equal(res.code, 0, `${where(block)} passes`, { output: res.stdout + res.stderr });
    // Both runners print how many tests passed; none must have been skipped or left out.
    t.match(res.stdout, /# pass\s+[1-9]|ok 1 - /, `${where(block)} ran its test`);
    t.notMatch(res.stdout, /not ok/, `${where(block)} no test failed`);
  }
});

t.test('the generated client: openapi-typescript, then openapi-fetch', async (t) => {
  const [gen, snippet, ...rest] = blocksIn('Generating a client');
  t.equal(gen?.lang, 'sh');
  t.equal(snippet?.lang, 'ts');
  t.same(rest, [], 'two blocks');
  if (!gen || !snippet) return;
  const dir = consumer(t.testdir());
  const [fromFile] = commands(gen);
  const fromServer = /^or from a running emulator: (npx .+)$/.exec(fromFile?.shows[0] ?? '')?.[1];
  t.ok(fromServer, 'the commented alternative is there');
  for (const line of [fromFile?.text ?? '', movePort(fromServer ?? '', hostPort)]) {
    const res = await run('sh', ['-c', line], {
      cwd: dir,
      env: { npm_config_offline: 'true', npm_config_update_notifier: 'false' },
    });
    t.equal(res.code, 0, line, { stderr: res.stderr });
    const types = readFileSync(join(dir, 'src/tiledesk-api.ts'), 'utf8');
    t.match(
      types,
      /export interface paths \{[\s\S]*"\/auth\/signin": \{/,
      'paths, signin among them',
    );
  }
  // The snippet as written, then what its last comment promises.
  const code = `${movePort(snippet.code, hostPort)}
if (response.status !== 200 || !data?.success || !data.token.startsWith('JWT ') || error) {
  throw new Error(\`signin: \${response.status} \${JSON.stringify(data ?? error)}\`);
}
const wrong = await tiledesk.POST('/auth/signin', {
  body: { email: 'jane.doe@example.com', password: 'wrong' },
});
const told = JSON.stringify(wrong.error);
if (told !== '{"success":false,"msg":"Authentication failed. Wrong password."}') {
  throw new Error(\`wrong password: \${told}\`);
}
console.log('client ok');
`;
  writeFileSync(join(dir, 'src/client.ts'), code);
  // A frontend project resolves './tiledesk-api' without an extension: a bundler's resolution.
  writeFileSync(
    join(dir, 'src/tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        strict: true,
        skipLibCheck: true,
        noEmit: true,
        types: [],
        lib: ['ES2022', 'DOM'],
      },
      include: ['*.ts'],
    }),
  );
  const tsc = await run(process.execPath, [TSC, '-p', 'src/tsconfig.json'], { cwd: dir });
  t.equal(tsc.code, 0, 'tsc', { output: tsc.stdout + tsc.stderr });
  const res = await node(dir, 'src/client.ts');
  t.equal(res.code, 0, `${where(snippet)} runs`, { output: res.stdout + res.stderr });
  t.equal(res.stdout.trim(), 'client ok');
});

t.test('the Vite proxy sends /api/… to the emulator', async (t) => {
  const [vite] = blocksIn('In frontend development', 'ts');
  if (!vite) return t.fail('no vite.config.ts example');
  const dir = consumer(t.testdir());
  writeFileSync(join(dir, 'vite.config.ts'), movePort(vite.code, hostPort));
  writeFileSync(
    join(dir, 'check.ts'),
    `import config from './vite.config.ts';
const rule = config.server.proxy['/api'];
const res = await fetch(rule.target + rule.rewrite('/api/auth/signin'), {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' }),
});
console.log(res.status);
`,
  );
  const res = await node(dir, 'check.ts');
  t.equal(res.stdout.trim(), '200', where(vite), { stderr: res.stderr });
});

t.test('the Docker examples agree with the Dockerfile', async (t) => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const exposed = /^EXPOSE (\d+)/m.exec(dockerfile)?.[1];
  const [sh, compose] = blocksIn('Use with Docker');
  if (!sh || !compose) return t.fail('the Docker blocks');
  const tag = /docker build -t (\S+) \./.exec(sh.code)?.[1];
  t.ok(tag, 'docker build names a tag');
  for (const cmd of commands(sh).filter((c) => c.text.startsWith('docker run'))) {
    t.ok(cmd.text.endsWith(` ${tag}`), `${cmd.text}: runs the image built`);
    t.match(cmd.text, new RegExp(`-p \\d+:${exposed}\\b`), 'publishes the port the image exposes');
  }
  const service = parseYaml(compose.code).services.tiledesk;
  t.equal(service.build, '.');
  t.same(service.ports, [`3000:${exposed}`]);
  t.match(service.volumes[0], /:\/data$/, 'the store volume at /data');
  t.match(dockerfile, /DB_FILE=\/data\//, 'where the image keeps its store');
  // The compose health check is plain node: it runs here, and fails on a closed port.
  const [cmd, ...args] = service.healthcheck.test.slice(1) as string[];
  t.equal(cmd, 'node');
  const up = await run(
    process.execPath,
    args.slice(0, 1).concat(movePort(args[1] ?? '', hostPort)),
    {
      cwd: ROOT,
    },
  );
  t.equal(up.code, 0, 'healthy while the emulator answers');
  const down = await run(
    process.execPath,
    [args[0] ?? '', movePort(args[1] ?? '', '127.0.0.1:1')],
    {
      cwd: ROOT,
    },
  );
  t.equal(down.code, 1, 'unhealthy when nothing answers');
});

t.test('every file of this repository the README names exists', async (t) => {
  const named = new Set<string>();
  for (const [, path] of README.matchAll(
    /`((?:src|test|spec|fixtures|bench|conformance|scripts)\/[\w./-]+)`/g,
  )) {
    named.add(path as string);
  }
  for (const [, path] of README.matchAll(/\]\(((?!https?:)[^)#\s]+)\)/g)) named.add(path as string);
  t.ok(named.size >= 10, `${named.size} paths`);
  for (const path of named) t.ok(existsSync(join(ROOT, path)), path);
});
