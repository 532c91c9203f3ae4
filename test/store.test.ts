import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../src/config.js';
import { loadFixtures } from '../src/fixtures.js';
import type { Data, UserRecord } from '../src/records.js';
import { createStore, DuplicateKeyError, StoreError } from '../src/store.js';
import { onDisk } from './helpers.js';

const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE);

function user(email: string): UserRecord {
  return {
    _id: `65f0d${String(Math.floor(Math.random() * 1e15)).padStart(19, '0')}`.slice(0, 24),
    email,
    password: '$2a$04$abcdefghijklmnopqrstuuCtS2SBa2wQRqLJSvIv9yKd6CRqk8GtK',
    firstname: 'T',
    lastname: 'U',
    emailverified: false,
    status: 100,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    __v: 0,
  };
}

const readStore = onDisk;

t.test('store', async (t) => {
  t.test('seeds a new file from the fixtures when it does not exist', async (t) => {
    const file = join(t.testdir(), 'db.json');
    await createStore({ file, seed });
    t.strictSame(await readStore(file), seed);
  });

  t.test('an insert is on disk when its promise resolves', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    await store.insertUser(user('a@example.com'));
    t.ok((await readStore(file)).users.some((u) => u.email === 'a@example.com'));
  });

  t.test('keeps existing data: a second open reads the file, not the seed', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const first = await createStore({ file, seed });
    await first.insertUser(user('kept@example.com'));
    const second = await createStore({ file, seed });
    t.ok(second.findUserByEmail('kept@example.com'));
  });

  t.test('concurrent inserts share file writes and all reach the file', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.insertUser(user(`u${i}@example.com`))),
    );
    t.equal((await readStore(file)).users.length, seed.users.length + 100);
  });

  t.test('rejects a duplicate e-mail with DuplicateKeyError("email")', async (t) => {
    const store = await createStore({ file: null, seed });
    await t.rejects(store.insertUser(user('jane.doe@example.com')), DuplicateKeyError);
  });

  t.test('reset restores the fixtures, in memory and on disk', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    await store.insertUser(user('gone@example.com'));
    await store.reset();
    t.notOk(store.findUserByEmail('gone@example.com'));
    t.strictSame(await readStore(file), seed);
  });

  for (const [name, content, reason] of [
    ['invalid JSON', '{"users": [', /cannot read the store file .*db\.json: .*JSON/],
    ['a JSON array', '[]', /is not a tiledesk-auth-emulator store: expected a JSON object/],
    [
      'no users array',
      '{"users": {}, "projects": [], "project_users": []}',
      /"users" is not an array/,
    ],
  ] as const) {
    t.test(
      `a file holding ${name} stops the store with a clear message and stays untouched`,
      async (t) => {
        const file = join(t.testdir(), 'db.json');
        writeFileSync(file, content);
        await t.rejects(createStore({ file, seed }), { name: 'StoreError', message: reason });
        t.equal(readFileSync(file, 'utf8'), content);
      },
    );
  }

  t.test('a failed write is undone in memory and reported as a StoreError', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    // A directory where the change log should be: appends fail.
    mkdirSync(`${file}.log`);
    await t.rejects(store.insertUser(user('lost@example.com')), StoreError);
    t.notOk(store.findUserByEmail('lost@example.com'), 'not kept in memory');
    t.ok(store.findUserByEmail('jane.doe@example.com'), 'reads still work');
  });

  t.test('a change costs an append to <file>.log, not a rewrite of the snapshot', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    const snapshot = readFileSync(file, 'utf8');
    await store.insertUser(user('appended@example.com'));
    t.equal(readFileSync(file, 'utf8'), snapshot, 'the snapshot is untouched');
    t.match(
      readFileSync(`${file}.log`, 'utf8'),
      /^\{"op":"insert","into":"users","record":\{.*appended@example\.com.*\}\}\n$/,
    );
  });

  t.test('reopening replays the log, then folds it into a new snapshot', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const first = await createStore({ file, seed });
    await first.insertUser(user('replayed@example.com'));
    await first.updateUser('65f0a0000000000000000002', { emailverified: false });
    const second = await createStore({ file, seed });
    t.ok(second.findUserByEmail('replayed@example.com'));
    t.equal(second.findUserById('65f0a0000000000000000002')?.emailverified, false);
    t.equal(readFileSync(`${file}.log`, 'utf8'), '', 'the log is empty');
    t.ok(
      (JSON.parse(readFileSync(file, 'utf8')) as Data).users.some(
        (u) => u.email === 'replayed@example.com',
      ),
    );
  });

  t.test(
    'a torn last line (a crash mid-append) is dropped; a change logged twice applies once',
    async (t) => {
      const file = join(t.testdir(), 'db.json');
      const store = await createStore({ file, seed });
      await store.insertUser(user('once@example.com'));
      const line = readFileSync(`${file}.log`, 'utf8');
      writeFileSync(`${file}.log`, `${line}${line}{"op":"insert","into":"us`);
      const reopened = await createStore({ file, seed });
      t.equal(reopened.data.users.filter((u) => u.email === 'once@example.com').length, 1);
    },
  );

  t.test('a corrupt line in the middle of the log stops start-up naming it', async (t) => {
    const file = join(t.testdir(), 'db.json');
    await createStore({ file, seed });
    writeFileSync(`${file}.log`, 'garbage\n{"op":"update","into":"users","_id":"x","patch":{}}\n');
    await t.rejects(createStore({ file, seed }), {
      name: 'StoreError',
      message: /db\.json\.log line 1 is not JSON/,
    });
  });

  t.test('flush() folds the log into the snapshot', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    await store.insertUser(user('flushed@example.com'));
    await store.flush();
    t.equal(readFileSync(`${file}.log`, 'utf8'), '');
    t.ok(
      (JSON.parse(readFileSync(file, 'utf8')) as Data).users.some(
        (u) => u.email === 'flushed@example.com',
      ),
    );
  });
});
