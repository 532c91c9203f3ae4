/**
 * The npm package on its own: `npm pack` (of the dist/ that `npm run test:dist` has just
 * built), install the tarball into an empty project from npm's cache, run its `bin` with npx
 * from there, every public route, stop it; and import the programmatic API.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { send } from '../helpers.js';
import { checkEveryRoute } from './routes.js';
import { installTarball, npm } from './tarball.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
function ready(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk) => {
      out += chunk;
      const match = /ready at (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) =>
      reject(new Error(`exited with ${code} before it was ready: ${out}`)),
    );
  });
}

t.test('the packed tarball', async (t) => {
  const dir = t.testdir();
  // --ignore-scripts: prepare would build dist/ a second time.
  const [packed] = JSON.parse(
    npm(['pack', '--json', '--ignore-scripts', '--pack-destination', dir], ROOT),
  ) as {
    filename: string;
    files: { path: string }[];
  }[];
  const files = (packed?.files ?? []).map((f) => f.path);

  t.test(
    'holds the built code, its types, the specs, the fixtures, the web UI, README and LICENSE only',
    async (t) => {
      for (const file of [
        'dist/bin.js',
        'dist/index.js',
        'dist/index.d.ts',
        'spec/openapi.yaml',
        'spec/control.yaml',
        // The bundled specs' validators (npm run gen:types): without them no request validates.
        'spec/validators.cjs',
        'fixtures/seed.json',
        'ui/index.html',
        ...['app', 'lib', 'data', 'journal', 'tokens', 'tools'].map((name) => `ui/${name}.js`),
        'README.md',
        'LICENSE',
        'package.json',
      ]) {
        t.ok(files.includes(file), file);
      }
      t.notOk(
        files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.startsWith('bench/')),
        'no sources or tests',
      );
    },
  );

  t.test('every relative link of the README leads to a file in the tarball', async (t) => {
    // On the npm page and in node_modules, only what is packed is there to link to.
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const targets = [...readme.matchAll(/\]\(([^)#\s]+)(#[^)]*)?\)/g)]
      .map((m) => m[1] as string)
      .filter((target) => !/^[a-z]+:/.test(target));
    t.ok(targets.includes('docs/ui.png'), 'the screenshot among them');
    for (const target of new Set(targets)) t.ok(files.includes(target), target);
  });

  const project = join(dir, 'consumer');
  npm(['init', '-y'], dir);
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(
    join(project, 'package.json'),
    JSON.stringify({ name: 'consumer', version: '1.0.0', private: true, type: 'module' }),
  );
  installTarball(dir, project);

  t.test('npx tiledesk-auth-emulator answers on every public route, then stops', async (t) => {
    // Its own process group: npm exec does not pass SIGTERM on, so the test signals the group,
    // as a terminal's Ctrl+C does.
    const child = spawn('npx', ['tiledesk-auth-emulator', '--port', '0', '--log-level', 'silent'], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const group = -(child.pid as number);
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    t.teardown(() => {
      try {
        process.kill(group, 'SIGKILL');
      } catch {}
    });
    const url = await ready(child);
    await checkEveryRoute(t, url);
    process.kill(group, 'SIGTERM');
    await exited;
    await t.rejects(
      send(url, '/__emulator/health', undefined, { method: 'GET' }),
      'the server has stopped',
    );
    // npm exits at once on SIGTERM; the emulator under it folds its log, then lets the lock go.
    const lock = join(project, 'tiledesk-auth-emulator.db.json.lock');
    for (let i = 0; i < 100 && existsSync(lock); i++) await sleep(100);
    t.notOk(existsSync(lock), 'the emulator let its store go');
    const store = readFileSync(join(project, 'tiledesk-auth-emulator.db.json'), 'utf8');
    // The control API's reset came after the signup; its seed example (grace@) after the reset.
    t.match(store, /grace@example\.com/, 'the store, in the working directory, holds the seed');
  });

  t.test(
    'the programmatic API imports and finds its spec and fixtures relative to itself',
    async (t) => {
      const script = [
        "import { startEmulator, mintCustomToken } from 'tiledesk-auth-emulator';",
        'const emu = await startEmulator();',
        "const res = await fetch(emu.url + '/auth/signin', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' }) });",
        'console.log(res.status, typeof mintCustomToken);',
        'await emu.close();',
      ].join('\n');
      writeFileSync(join(project, 'check.mjs'), script);
      const output = execFileSync(process.execPath, ['check.mjs'], {
        cwd: project,
        encoding: 'utf8',
      });
      t.equal(output.trim(), '200 function');
    },
  );
});
