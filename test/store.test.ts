import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../src/config.js';
import { loadFixtures } from '../src/fixtures.js';
import type { UserRecord } from '../src/records.js';
import { createStore, DuplicateKeyError, StoreError } from '../src/store.js';

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

function readStore(file: string) {
  return JSON.parse(readFileSync(file, 'utf8')) as { users: UserRecord[] };
}

t.test('store', async (t) => {
  t.test('seeds a new file from the fixtures when it does not exist', async (t) => {
    const file = join(t.testdir(), 'db.json');
    await createStore({ file, seed });
    t.strictSame(readStore(file), seed);
  });

  t.test('an insert is on disk when its promise resolves', async (t) => {
    const file = join(t.testdir(), 'db.json');
    const store = await createStore({ file, seed });
    await store.insertUser(user('a@example.com'));
    t.ok(readStore(file).users.some((u) => u.email === 'a@example.com'));
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
    t.equal(readStore(file).users.length, seed.users.length + 100);
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
    t.strictSame(readStore(file), seed);
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
    const dir = t.testdir();
    const file = join(dir, 'db.json');
    const store = await createStore({ file, seed });
    // Make the rename target a directory so the atomic write fails.
    const { rmSync, mkdirSync } = await import('node:fs');
    rmSync(file);
    mkdirSync(file);
    await t.rejects(store.insertUser(user('lost@example.com')), StoreError);
    t.notOk(store.findUserByEmail('lost@example.com'), 'not kept in memory');
  });
});
