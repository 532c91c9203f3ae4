import { readFileSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import t from 'tap';
import { startEmulator } from '../src/server.js';
import { emulator, JANE, onDisk, PROJECT_ID, send } from './helpers.js';

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

  t.test(
    'requests pipelined on one connection are answered in order, errors among them',
    async (t) => {
      // Answers ready in one turn go out together at its end (operations.ts, endOfTurn): the
      // ones for one connection must still leave in the order their requests came.
      const emu = await emulator(t);
      const requests: [path: string, body: unknown, status: number, check: RegExp][] = [
        ['/auth/signin', JANE, 200, /"email":"jane\.doe@example\.com"/],
        ['/auth/signin', { ...JANE, password: 'wrong' }, 401, /Wrong password/],
        ['/auth/signin', { email: 'nobody@example.com', password: 'x' }, 401, /User not found/],
        ['/auth/signin', { email: 'not-an-email', password: 'x' }, 422, /"param":"email"/],
        ['/auth/signinAnonymously', { id_project: PROJECT_ID }, 200, /"token":"JWT /],
        [
          '/auth/signup',
          { email: 'jane.doe@example.com', password: 'pw', firstname: 'J', lastname: 'D' },
          403,
          /already registered/,
        ],
      ];
      const host = new URL(emu.url).host;
      const wire = requests
        .map(([path, body]) => {
          const text = JSON.stringify(body);
          return `POST ${path} HTTP/1.1\r\nhost: ${host}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
        })
        .join('');
      const socket = connect({ port: emu.port, host: '127.0.0.1' });
      t.teardown(() => socket.destroy());
      socket.write(wire); // all of them in one write: truly pipelined
      let received = '';
      const answers: { status: number; body: string }[] = [];
      await new Promise<void>((resolve, reject) => {
        socket.on('error', reject);
        socket.on('data', (chunk: Buffer) => {
          received += chunk.toString('utf8');
          for (;;) {
            const end = received.indexOf('\r\n\r\n');
            if (end < 0) break;
            const head = received.slice(0, end);
            const length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? 0);
            if (received.length < end + 4 + length) break;
            answers.push({
              status: Number(head.split(' ')[1]),
              body: received.slice(end + 4, end + 4 + length),
            });
            received = received.slice(end + 4 + length);
          }
          if (answers.length === requests.length) resolve();
        });
      });
      t.same(
        answers.map((a) => a.status),
        requests.map(([, , status]) => status),
      );
      requests.forEach(([path, , , check], i) => {
        t.match(answers[i]?.body, check, `answer ${i + 1} (${path}) is its request's`);
      });
    },
  );

  t.test('answers still arrive while the calling test fakes setImmediate', async (t) => {
    // As vi.useFakeTimers() or @sinonjs/fake-timers do: a setImmediate that never runs. The
    // emulator's end-of-turn hold uses the real one, so an in-process emulator still answers.
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
    t.equal((await send(emu.url, '/auth/signin', JANE)).status, 404);
  });
});
