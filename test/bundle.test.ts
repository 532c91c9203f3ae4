/**
 * The CLI's fast start (src/bundle.ts): `npm run build` bundles the CLI into dist/emulator.cjs
 * with a V8 code cache, and dist/bin.js runs that bundle, or the modules when there is none.
 * The rest of the suite (test/cli.test.ts and every test that spawns dist/bin.js) runs the bundle.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t, { type Test } from 'tap';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Node without the test runner's loaders and coverage, which would change V8's flags. */
function node(args: string[], cwd = ROOT) {
  return spawnSync(process.execPath, args, {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
    timeout: 30000,
  });
}

t.test('the build wrote the bundle and a code cache that this Node accepts', async (t) => {
  t.ok(existsSync(join(ROOT, 'dist/emulator.cjs')), 'dist/emulator.cjs');
  t.ok(existsSync(join(ROOT, 'dist/emulator.cjs.cache')), 'dist/emulator.cjs.cache');
  const probe = node([
    '--input-type=module',
    '-e',
    `const { loadBundle } = await import('./dist/bundle.js');
     const bundle = loadBundle();
     console.log(JSON.stringify({ rejected: bundle.cacheRejected, exports: Object.keys(bundle.exports).sort() }));`,
  ]);
  t.equal(probe.status, 0, probe.stderr);
  t.same(JSON.parse(probe.stdout), { rejected: false, exports: ['main', 'startEmulator'] });
});

/** A copy of the package inside the project, so that node_modules resolves as usual. */
function copyPackage(t: Test): string {
  const pkg = t.testdir({});
  for (const entry of ['dist', 'spec', 'fixtures', 'package.json']) {
    cpSync(join(ROOT, entry), join(pkg, entry), { recursive: true });
  }
  return pkg;
}

t.test(
  'a cache V8 refuses (another Node, or damaged) is ignored: the bundle is compiled',
  async (t) => {
    const pkg = copyPackage(t);
    writeFileSync(join(pkg, 'dist/emulator.cjs.cache'), randomBytes(4096));
    const probe = node(
      [
        '--input-type=module',
        '-e',
        `const { loadBundle } = await import('./dist/bundle.js');
       const bundle = loadBundle();
       console.log(JSON.stringify({ rejected: bundle.cacheRejected, main: typeof bundle.exports.main }));`,
      ],
      pkg,
    );
    t.equal(probe.status, 0, probe.stderr);
    t.same(JSON.parse(probe.stdout), { rejected: true, main: 'function' });
    const help = node([join(pkg, 'dist/bin.js'), '--help'], pkg);
    t.equal(help.status, 0, help.stderr);
    t.match(help.stdout, /^Usage: tiledesk-auth-emulator/);
  },
);

t.test('without a bundle, bin.js runs the modules themselves', async (t) => {
  const pkg = copyPackage(t);
  for (const file of ['emulator.cjs', 'emulator.cjs.cache', 'emulator.cjs.map']) {
    rmSync(join(pkg, 'dist', file));
  }
  const version = node([join(pkg, 'dist/bin.js'), '--version'], pkg);
  t.equal(version.status, 0, version.stderr);
  t.match(version.stdout, /^\d+\.\d+\.\d+/);
  const start = node(
    [
      '--input-type=module',
      '-e',
      `const { loadBundle } = await import('./dist/bundle.js');
     const { startEmulator } = await import('./dist/index.js');
     const emulator = await startEmulator();
     const response = await fetch(emulator.url + '/auth/signinAnonymously', {
       method: 'POST', headers: { 'content-type': 'application/json' },
       body: JSON.stringify({ id_project: '65f0b0000000000000000001' }) });
     console.log(JSON.stringify({ bundle: loadBundle() ?? null, status: response.status }));
     await emulator.close();`,
    ],
    pkg,
  );
  t.equal(start.status, 0, start.stderr);
  t.same(JSON.parse(start.stdout), { bundle: null, status: 200 });
});
