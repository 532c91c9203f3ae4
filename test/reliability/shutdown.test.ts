/**
 * Graceful shutdown of the CLI: on SIGTERM or SIGINT the requests in flight complete with their
 * normal answer, the store is flushed, and the process exits 0 once they are done (a stalled
 * one is cut after the 1.5 s grace period); a second signal exits at once.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import bcrypt from 'bcryptjs';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { JANE, JWT_TOKEN, onDisk, PROJECT_ID } from '../helpers.js';
import { postInFlight, refusesConnections, sleep, startCli } from './cli.js';

/**
 * How long `Prefer: delay=` keeps a request in flight. The signal follows the requests' arrival
 * at once, so this needs little; the rest of the 1.5 s grace period is for a busy machine.
 */
const DELAY = 200;

/**
 * The bundled fixtures with Jane's password hashed at cost 4: a cost-10 compare can take more
 * than the 1.5 s grace period on a busy machine, and the signin in flight would then be cut.
 */
function quickFixtures(dir: string): string {
  const seed = JSON.parse(readFileSync(DEFAULT_FIXTURES_FILE, 'utf8')) as {
    users: { email: string; password: string }[];
  };
  for (const user of seed.users) {
    if (user.email === JANE.email) user.password = bcrypt.hashSync(JANE.password, 4);
  }
  const file = join(dir, 'fixtures.json');
  writeFileSync(file, JSON.stringify(seed));
  return file;
}

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  t.test(`${signal} with requests in flight`, async (t) => {
    const file = join(t.testdir(), 'store.json');
    const fixtures = quickFixtures(t.testdir());
    const cli = await startCli([
      '--port',
      '0',
      '--db',
      file,
      '--fixtures',
      fixtures,
      '--log-level',
      'silent',
    ]);
    t.teardown(() => cli.kill());
    const delayed = { prefer: `delay=${DELAY}` };
    const email = `shutdown-${signal.toLowerCase()}@example.com`;
    const inFlight = [
      postInFlight(
        cli.url,
        '/auth/signup',
        { email, password: 'pw', firstname: 'S', lastname: 'D' },
        delayed,
      ),
      postInFlight(cli.url, '/auth/signin', JANE, delayed),
      postInFlight(cli.url, '/auth/signinAnonymously', { id_project: PROJECT_ID }, delayed),
    ];
    // The server has read every request's headers: they are in flight, waiting out their delay.
    await Promise.all(inFlight.map((request) => request.arrived));
    const signalled = Date.now();
    cli.child.kill(signal);
    const [signup, signin, anonymous] = await Promise.all(inFlight.map((r) => r.answer));
    t.equal(signup?.status, 200, 'the signup in flight completes');
    t.match(signup?.body, { success: true, user: { email } });
    t.equal(signin?.status, 200, 'the signin in flight completes');
    t.match(signin?.body, { success: true, token: JWT_TOKEN });
    t.equal(anonymous?.status, 200, 'the anonymous sign-in in flight completes');

    // Wait at most 15 s: a process that hangs fails here instead of timing the suite out. No
    // bound tighter than that: the time it takes is the machine's, not a property to assert.
    const exit = await Promise.race([cli.exited, sleep(15_000).then(() => null)]);
    const took = Date.now() - signalled;
    t.ok(exit !== null, `exited after the signal (${took} ms)`, { stillRunning: exit === null });
    if (exit !== null) {
      t.equal(exit.code, 0, 'exit code 0');
      t.equal(exit.signal, null, 'not killed by the signal');
    }

    // What a restart reads: the JSON snapshot and its change log.
    const snapshot = JSON.parse(readFileSync(file, 'utf8')) as { users: { email: string }[] };
    const data = await onDisk(file);
    if (exit !== null) {
      t.ok(
        snapshot.users.some((u) => u.email === email),
        'the change log was folded into the JSON file at exit',
      );
    }
    t.ok(
      data.users.some((u) => u.email === email),
      'the signup answered during shutdown is in the store file',
    );
    t.ok(
      data.project_users.some((pu) => pu.role === 'guest'),
      "the guest's project_user is in the store file",
    );
  });

  t.test(`a second ${signal} exits at once`, async (t) => {
    const file = join(t.testdir(), 'store.json');
    const cli = await startCli(['--port', '0', '--db', file, '--log-level', 'silent']);
    t.teardown(() => cli.kill());
    // A request that would keep a graceful shutdown waiting for 5 s.
    const request = postInFlight(cli.url, '/auth/signin', JANE, { prefer: 'delay=5000' });
    const slow = request.answer.catch((error: unknown) => error);
    await request.arrived;
    cli.child.kill(signal);
    // The first signal was taken once the port refuses connections (close() stops listening
    // first); the slow request then keeps the process draining for the grace period.
    await refusesConnections(cli.url);
    t.equal(cli.child.exitCode, null, 'still draining after the first signal');
    const second = Date.now();
    cli.child.kill(signal);
    const { code } = await cli.exited;
    // A graceful exit (the drain ending, or the grace period cutting the slow request) is 0;
    // only the second signal's immediate exit is 128 + signal. No bound on the time it takes:
    // that is the machine's.
    t.equal(
      code,
      signal === 'SIGINT' ? 130 : 143,
      `exited by the second signal, with the conventional 128 + signal code (${Date.now() - second} ms)`,
    );
    t.ok((await slow) instanceof Error, 'the request in flight was cut off');
  });
}
