import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { main, parseCli, pathList, UsageError } from '../../src/cli.js';
import { DEFAULT_CONTROL_SPEC_FILE, DEFAULT_SPEC_FILE } from '../../src/config.js';
import { loadSpec } from '../../src/openapi.js';

const PKG = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));

t.test('parseCli', async (t) => {
  t.strictSame(parseCli([]), { kind: 'start', options: {}, files: {} });
  t.strictSame(parseCli(['--help']), { kind: 'help' });
  t.strictSame(parseCli(['-v']), { kind: 'version' });
  t.strictSame(parseCli(['-p', '0', '--in-memory', '--base-path', '/', '--base-path', '/v2']), {
    kind: 'start',
    options: { port: '0', db: null, basePaths: ['/', '/v2'] },
    files: {},
  });
  t.match(
    parseCli([
      '--control-token',
      'ct',
      '--global-secret',
      'gs',
      '--algorithm',
      'HS512',
      '--admin-email',
      'a@b.co',
      '--body-limit',
      '1mb',
    ]),
    {
      options: {
        controlToken: 'ct',
        globalSecret: 'gs',
        algorithm: 'HS512',
        adminEmail: 'a@b.co',
        bodyLimit: '1mb',
      },
    },
  );
  t.throws(() => parseCli(['--nope']), UsageError);
  t.throws(() => parseCli(['--db', 'x.json', '--in-memory']), { message: /exclude each other/ });
});

/** Runs main() in this process and returns its exit code and what it printed. */
async function runMain(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const printed = { stdout: '', stderr: '' };
  const write = { stdout: process.stdout.write, stderr: process.stderr.write };
  process.stdout.write = ((chunk: string) => {
    printed.stdout += chunk;
    return true;
  }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string) => {
    printed.stderr += chunk;
    return true;
  }) as typeof process.stderr.write;
  try {
    return { code: await main(argv, env), ...printed };
  } finally {
    process.stdout.write = write.stdout;
    process.stderr.write = write.stderr;
  }
}

t.test("the banner's path lists: the prefix once, the paths outside it whole", async (t) => {
  const api = await loadSpec(DEFAULT_SPEC_FILE);
  t.equal(
    pathList(api.operations, '/auth'),
    '/auth/signin, /signup, /signinAnonymously, /signinWithCustomToken, /requestresetpsw, ' +
      '/checkpswresetkey/{resetpswrequestid}, /resetpsw/{resetpswrequestid}, ' +
      '/verifyemail/{userid}/{code}; /users, /users/resendverifyemail, /users/changepsw, ' +
      '/chat21/native/auth/createCustomToken',
  );
  const control = await loadSpec(DEFAULT_CONTROL_SPEC_FILE);
  const listed = pathList(control.operations, '/__emulator');
  t.match(listed, /^\/__emulator\/health, \/reset, /);
  t.notMatch(listed, /;/, 'every control path is under /__emulator');
  t.equal(pathList([], '/auth'), '');
});

t.test('main', async (t) => {
  t.test('mint-token prints a token ready for the Authorization header', async (t) => {
    const res = await runMain(['mint-token', '--claims', '{"_id":"ext-9"}', '--role', 'agent']);
    t.equal(res.code, 0);
    t.match(res.stdout, /^JWT [\w-]+\.[\w-]+\.[\w-]+\n$/);
    const claims = JSON.parse(Buffer.from(res.stdout.split('.')[1] ?? '', 'base64url').toString());
    t.match(claims, {
      _id: 'ext-9',
      role: 'agent',
      sub: 'userexternal',
      aud: 'https://tiledesk.com/projects/65f0b0000000000000000001',
    });
    t.match(await runMain(['mint-token', '--help']), { code: 0, stdout: /mint-token \[options\]/ });
    t.match(await runMain(['mint-token', '--claims', '{nope']), {
      code: 2,
      stderr: /^mint-token: .*JSON.*\nSee mint-token --help\.\n$/s,
    });
    t.match(await runMain(['mint-token', '--project', '65f0b00000000000000000ff']), {
      code: 2,
      stderr: /no project with a jwtSecret/,
    });
  });

  t.test('conformance --help describes the command', async (t) => {
    t.match(await runMain(['conformance', '--help']), {
      code: 0,
      stdout: /conformance --target <url>/,
    });
  });

  t.test('secrets from files and variables from a .env file', async (t) => {
    const dir = t.testdir({ token: 'tok\n', '.env': 'PORT=eighty\nGLOBAL_SECRET=s\n' });
    t.match(await runMain(['--env-file', join(dir, '.env')]), {
      code: 2,
      stderr: /port \(PORT\) must be an integer/,
    });
    t.match(await runMain(['--env-file', join(dir, 'missing')]), {
      code: 2,
      stderr: /cannot read the env file/,
    });
    t.match(await runMain(['--control-token-file', join(dir, 'missing')]), {
      code: 2,
      stderr: /cannot read the control token from/,
    });
    t.match(await runMain(['--control-token', 'a', '--control-token-file', join(dir, 'token')]), {
      code: 2,
      stderr: /exclude each other/,
    });
  });

  t.test('--help prints the usage and returns 0', async (t) => {
    const res = await runMain(['--help']);
    t.equal(res.code, 0);
    t.match(res.stdout, /Usage: tiledesk-auth-emulator/);
    // Every resource of the control spec, in its order, none twice.
    const control = /the control API under \/__emulator:\n((?: {2}.+\n)+)/.exec(res.stdout)?.[1];
    t.equal(
      control?.replace(/\n {2}/g, ' ').trim(),
      'health, reset, seed, users, projects, project-users, requests, outbox, custom-tokens, ' +
        'faults, clock, snapshots, coverage, tokens, namespaces',
    );
  });

  t.test('--version prints the package version', async (t) => {
    const res = await runMain(['--version']);
    t.equal(res.code, 0);
    t.equal(res.stdout.trim(), PKG.version);
  });

  t.test('an unknown flag returns 2 with a one-line error and a pointer to --help', async (t) => {
    const res = await runMain(['--bogus']);
    t.equal(res.code, 2);
    t.match(
      res.stderr,
      /^tiledesk-auth-emulator: Unknown option '--bogus'.*\nSee tiledesk-auth-emulator --help\.\n$/s,
    );
  });

  t.test('an invalid value returns 2 naming it, from a flag or from the environment', async (t) => {
    t.match(await runMain(['--port', 'eighty']), {
      code: 2,
      stderr: /invalid configuration: port \(PORT\) must be an integer/,
    });
    t.match(await runMain([], { PORT: 'eighty' }), { code: 2, stderr: /port \(PORT\)/ });
  });

  t.test('a port in use returns 1 with a clear message', async (t) => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    t.teardown(() => blocker.close());
    const port = (blocker.address() as { port: number }).port;
    const res = await runMain(['--port', String(port), '--in-memory']);
    t.equal(res.code, 1);
    t.match(res.stderr, `port ${port} on 127.0.0.1 is already in use`);
  });

  t.test('a corrupt store file returns 1 naming the file, which stays untouched', async (t) => {
    const db = join(t.testdir(), 'db.json');
    writeFileSync(db, 'not json');
    const res = await runMain(['--port', '0', '--db', db]);
    t.equal(res.code, 1);
    t.match(res.stderr, /cannot read the store file .*db\.json/);
    t.equal(readFileSync(db, 'utf8'), 'not json');
  });
});
