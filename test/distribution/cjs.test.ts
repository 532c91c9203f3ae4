/**
 * CommonJS users, from the packed tarball installed in a fresh `npm init -y` project (no
 * "type": "module"): `require('tiledesk-auth-emulator')` in a `.cjs` file starts an emulator
 * that answers; the README's "Use with Jest (CommonJS)" files, as written, pass under Jest; and
 * a `require` in a Jest test file fails with the one line the README names.
 */
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { blocksIn, README, ROOT } from './readme.js';
import { installTarball, npm } from './tarball.js';

const JEST = join(ROOT, 'test/distribution/node_modules/jest/bin/jest.js');
/** Runs a command to its end in its own process group, killed on a timeout or after. */
function run(cmd: string, args: string[], cwd: string, timeoutMs = 60_000) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    const kill = () => {
      try {
        process.kill(-(child.pid as number), 'SIGKILL');
      } catch {}
    };
    const timer = setTimeout(kill, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      kill();
      resolve({ code, output });
    });
  });
}

const dir = t.testdir();
npm(['pack', '--ignore-scripts', '--pack-destination', dir], ROOT);
const project = join(dir, 'consumer');
execFileSync('mkdir', ['-p', project]);
npm(['init', '-y'], project); // CommonJS: no "type" field
installTarball(dir, project);

t.test('require() in a .cjs file starts an emulator that answers', async (t) => {
  writeFileSync(
    join(project, 'check.cjs'),
    `const { startEmulator, mintCustomToken } = require('tiledesk-auth-emulator');
(async () => {
  const emu = await startEmulator();
  const res = await fetch(emu.url + '/auth/signin', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' }),
  });
  console.log(res.status, typeof mintCustomToken);
  await emu.close();
})();
`,
  );
  const res = await run(process.execPath, ['check.cjs'], project);
  t.equal(res.code, 0, 'exits 0', { output: res.output });
  t.equal(res.output.trim(), '200 function', 'signin answered, nothing on stderr');
});

t.test("the README's Jest (CommonJS) example passes under Jest", async (t) => {
  const files = blocksIn('Use with Jest (CommonJS)', 'js');
  const names = files.map((b) => /^\/\/ (\S+)\n/.exec(b.code)?.[1]);
  t.same(names, [
    'jest.config.js',
    'jest.global-setup.js',
    'jest.global-teardown.js',
    'signin.test.js',
  ]);
  for (const [i, b] of files.entries()) writeFileSync(join(project, names[i] as string), b.code);
  const res = await run(process.execPath, [JEST, '--ci'], project);
  t.equal(res.code, 0, 'jest exits 0', { output: res.output });
  t.match(res.output, /Tests:\s+1 passed, 1 total/);
});

t.test("a require() in a Jest test file fails with the README's line", async (t) => {
  const dir = join(project, 'direct');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(
    join(dir, 'direct.test.js'),
    "const { startEmulator } = require('tiledesk-auth-emulator');\ntest('x', () => {});\n",
  );
  const res = await run(process.execPath, [JEST, '--ci', 'direct/'], project);
  t.not(res.code, 0, 'jest fails');
  // The prose before the section's first example names the error, in backquotes.
  const prose = README.slice(README.indexOf('### Use with Jest (CommonJS)'));
  const named = /fails with\s+`([^`]+)`/.exec(prose.slice(0, prose.indexOf('```')))?.[1];
  t.ok(named, 'the README names the error');
  t.ok(res.output.includes(named as string), `jest says: ${named}`, { output: res.output });
});
