import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { startEmulator } from '../../src/server.js';
import { emulator, JANE, onDisk, send } from '../helpers.js';

const signupBody = (email: string) => ({ email, password: 'pw', firstname: 'F', lastname: 'L' });

t.test('startEmulator', async (t) => {
  t.test('listens on a free port and close() can be called twice', async (t) => {
    const emu = await startEmulator();
    t.match(emu.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    t.not(emu.port, 0);
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200);
    await emu.close();
    await emu.close();
  });

  t.test('persistence: signup, stop, start again on the same file, signin succeeds', async (t) => {
    const db = join(t.testdir(), 'db.json');
    const first = await startEmulator({ db });
    t.equal((await send(first.url, '/auth/signup', signupBody('kept@example.com'))).status, 200);
    await first.close();
    const second = await startEmulator({ db });
    t.teardown(() => second.close());
    const res = await send(second.url, '/auth/signin', {
      email: 'kept@example.com',
      password: 'pw',
    });
    t.equal(res.status, 200);
  });

  t.test('a 2xx signup is already on disk when the client receives it', async (t) => {
    const db = join(t.testdir(), 'db.json');
    const emu = await emulator(t, { db });
    await send(emu.url, '/auth/signup', signupBody('ondisk@example.com'));
    const file = await onDisk(db);
    t.ok(file.users.some((u) => u.email === 'ondisk@example.com'));
    await emu.close(); // before tap removes the test directory
  });

  t.test(
    '50 concurrent signups of one e-mail: exactly one 200 success, the rest 403',
    async (t) => {
      const db = join(t.testdir(), 'db.json');
      const emu = await emulator(t, { db });
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          send(emu.url, '/auth/signup', signupBody('race@example.com')),
        ),
      );
      const statuses = results.map((r) => r.status);
      t.equal(statuses.filter((s) => s === 200).length, 1);
      t.equal(statuses.filter((s) => s === 403).length, 49);
      const file = await onDisk(db);
      t.equal(file.users.filter((u) => u.email === 'race@example.com').length, 1);
      await emu.close();
    },
  );

  t.test('200 concurrent signups of different e-mails: all 200 and all in the file', async (t) => {
    const db = join(t.testdir(), 'db.json');
    const emu = await emulator(t, { db });
    const emails = Array.from({ length: 200 }, (_, i) => `user${i}@example.com`);
    const results = await Promise.all(
      emails.map((e) => send(emu.url, '/auth/signup', signupBody(e))),
    );
    t.ok(
      results.every((r) => r.status === 200),
      'all 200',
    );
    const file = await onDisk(db);
    const stored = new Set(file.users.map((u) => u.email));
    t.ok(
      emails.every((e) => stored.has(e)),
      'all 200 users are in the file',
    );
    await emu.close();
  });

  t.test(
    'a corrupt store file: start-up fails with a clear message and the file is untouched',
    async (t) => {
      const db = join(t.testdir(), 'db.json');
      writeFileSync(db, '{"users": [ broken');
      await t.rejects(startEmulator({ db }), {
        message: /cannot read the store file .*db\.json: .*The file was left untouched/,
      });
      t.equal(readFileSync(db, 'utf8'), '{"users": [ broken');
    },
  );

  t.test('answers still arrive while the calling test fakes setImmediate', async (t) => {
    // As vi.useFakeTimers() or @sinonjs/fake-timers do: a setImmediate that never runs. An
    // in-process emulator must not depend on it.
    const emu = await emulator(t);
    const real = globalThis.setImmediate;
    const faked: unknown[] = [];
    globalThis.setImmediate = ((callback: unknown) => {
      faked.push(callback);
    }) as unknown as typeof setImmediate;
    try {
      const res = await send(emu.url, '/auth/signin', JANE);
      t.equal(res.status, 200);
    } finally {
      globalThis.setImmediate = real;
    }
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 200, 'and after they are restored');
  });

  t.test('reset() restores the fixtures', async (t) => {
    const emu = await emulator(t);
    await send(emu.url, '/auth/signup', signupBody('temp@example.com'));
    await emu.reset();
    const res = await send(emu.url, '/auth/signin', { email: 'temp@example.com', password: 'pw' });
    t.equal(res.status, 401);
  });

  t.test('two emulators side by side do not share state', async (t) => {
    const a = await emulator(t);
    const b = await emulator(t);
    await send(a.url, '/auth/signup', signupBody('only-a@example.com'));
    const res = await send(b.url, '/auth/signin', { email: 'only-a@example.com', password: 'pw' });
    t.equal(res.status, 401);
  });

  t.test('serves only the configured base paths', async (t) => {
    const emu = await emulator(t, { basePaths: ['/api'] });
    t.equal((await send(emu.url, '/api/auth/signin', JANE)).status, 200);
    // Outside /api, /auth/signin is any other path to Express: the /:projectid middleware's 400.
    const other = await send(emu.url, '/auth/signin', JANE);
    t.equal(other.status, 400);
    t.same(other.body, { error: 'Invalid project id: auth' });
  });
});
