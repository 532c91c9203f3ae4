/**
 * The `tiledesk-auth-emulator` command as it ships: `node dist/bin.js` (run `npm run build`
 * first; `npm run test:dist` does).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { JANE, send } from '../helpers.js';

const BIN = fileURLToPath(new URL('../../dist/bin.js', import.meta.url));
const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', ...env },
    timeout: 20000,
  });
}

/** Spawns the CLI and resolves with the URL from its ready line. */
function start(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ child: ChildProcess; url: string; stdout: () => string }> {
  const child = spawn(process.execPath, [BIN, ...args], {
    env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d) => {
      err += d;
    });
    child.stdout?.on('data', (d) => {
      out += d;
      const match = /ready at (http:\/\/\S+) \(health: \1\/__emulator\/health/.exec(out);
      if (match?.[1]) resolve({ child, url: match[1], stdout: () => out });
    });
    child.on('exit', (code) => reject(new Error(`exited ${code}: ${err}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

t.test('the tiledesk-auth-emulator command', async (t) => {
  t.test('--help prints the usage and exits 0', async (t) => {
    const res = run(['--help']);
    t.equal(res.status, 0);
    t.match(res.stdout, /Usage: tiledesk-auth-emulator/);
    t.match(res.stdout, /--port/);
  });

  t.test('--version prints the package version', async (t) => {
    const res = run(['--version']);
    t.equal(res.status, 0);
    t.equal(res.stdout.trim(), PKG.version);
  });

  t.test('an unknown flag exits 2 with a one-line error and a pointer to --help', async (t) => {
    const res = run(['--bogus']);
    t.equal(res.status, 2);
    t.match(res.stderr, /tiledesk-auth-emulator: Unknown option '--bogus'/);
    t.match(res.stderr, /See tiledesk-auth-emulator --help\./);
  });

  t.test('an invalid value exits 2 naming it', async (t) => {
    const res = run(['--port', 'eighty']);
    t.equal(res.status, 2);
    t.match(res.stderr, /invalid configuration: port \(PORT\) must be an integer/);
  });

  t.test('a port in use exits 1 with a clear message', async (t) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.teardown(() => blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const res = run(['--port', String(port), '--in-memory']);
    t.equal(res.status, 1);
    t.match(res.stderr, new RegExp(`port ${port} on 127.0.0.1 is already in use`));
  });

  t.test('a corrupt store file exits 1 naming the file, which stays untouched', async (t) => {
    const db = join(t.testdir(), 'db.json');
    writeFileSync(db, 'not json');
    const res = run(['--port', '0', '--db', db]);
    t.equal(res.status, 1);
    t.match(res.stderr, /cannot read the store file .*db\.json/);
    t.equal(readFileSync(db, 'utf8'), 'not json');
  });

  t.test(
    '--port 0 prints the real URL; it serves; SIGTERM exits 0 with the signup on disk',
    async (t) => {
      const db = join(t.testdir(), 'db.json');
      const { child, url } = await start(['--port', '0', '--db', db]);
      t.match(url, /^http:\/\/127\.0\.0\.1:(?!0\b)\d+$/);
      t.equal((await send(url, '/__emulator/health', undefined, { method: 'GET' })).status, 200);
      t.equal((await send(url, '/auth/signin', JANE)).status, 200);
      const signup = await send(url, '/auth/signup', {
        email: 'last@example.com',
        password: 'pw',
        firstname: 'L',
        lastname: 'S',
      });
      t.equal(signup.status, 200);
      child.kill('SIGTERM');
      t.equal(await exited(child), 0);
      t.match(readFileSync(db, 'utf8'), /last@example\.com/);
    },
  );

  t.test('stdout: the ready line always; the banner at info and below only', async (t) => {
    for (const [level, banner] of [
      ['warn', false],
      ['error', false],
      ['info', true],
    ] as const) {
      const { child, stdout } = await start(['--port', '0', '--in-memory', '--log-level', level]);
      child.kill('SIGTERM');
      t.equal(await exited(child), 0);
      t.match(stdout(), /^tiledesk-auth-emulator ready at http:\/\/127\.0\.0\.1:\d+ /, level);
      t.equal(/\n {2}Docs {5}/.test(stdout()), banner, `--log-level ${level}: banner ${banner}`);
    }
  });

  t.test('PORT and HOST from the environment are used when no flag is given', async (t) => {
    const { child, url } = await start(['--in-memory'], { PORT: '0', HOST: '127.0.0.1' });
    t.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    child.kill('SIGINT');
    t.equal(await exited(child), 0);
  });
});
