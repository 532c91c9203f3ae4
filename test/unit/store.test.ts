import fs, { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { dirname, join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { loadFixtures } from '../../src/emulator/fixtures.js';
import { StoreFile } from '../../src/store/file.js';
import { createStore, DuplicateKeyError, type Store, StoreError } from '../../src/store/index.js';
import type { Data, UserRecord } from '../../src/store/records.js';
import { guest, onDisk, type Test, withGuests } from '../helpers.js';

const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE, {
  config: { bcryptCost: 4, now: () => new Date() },
});

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

const opened = new WeakMap<Test, Store[]>();

/**
 * `db.json` in a new directory of the test's. The stores open() opens are closed (their locks
 * released) when the test ends, before the directory is removed.
 */
function dbFile(t: Test): string {
  const stores: Store[] = [];
  opened.set(t, stores);
  t.teardown(async () => {
    for (const store of stores) await store.close();
  });
  return join(t.testdir(), 'db.json');
}

/** A store on `file` (or in memory), closed when the test ends. */
async function open(t: Test, file: string | null): Promise<Store> {
  const store = await createStore({ file, seed });
  const stores = opened.get(t);
  if (stores) stores.push(store);
  else t.teardown(() => store.close());
  return store;
}

/** What lowdb's JSONFile writes for `data`. */
const lowdbText = (data: unknown) => `${JSON.stringify(data, null, 2)}\n`;

/** The changes a file store appends, one per line, since its last snapshot. */
const logLines = (file: string) =>
  readFileSync(`${file}.log`, 'utf8').split('\n').filter(Boolean).length;

t.test('store', async (t) => {
  t.test('seeds a new file from the fixtures when it does not exist', async (t) => {
    const file = dbFile(t);
    await open(t, file);
    t.strictSame(await readStore(file), seed);
  });

  t.test('an insert is on disk when its promise resolves', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    await store.insertUser(user('a@example.com'));
    t.ok((await readStore(file)).users.some((u) => u.email === 'a@example.com'));
  });

  t.test('keeps existing data: a second open reads the file, not the seed', async (t) => {
    const file = dbFile(t);
    const first = await createStore({ file, seed });
    await first.insertUser(user('kept@example.com'));
    await first.close();
    const second = await open(t, file);
    t.ok(second.findUserByEmail('kept@example.com'));
  });

  t.test('a second store on an open file is refused, naming the file', async (t) => {
    const file = dbFile(t);
    await open(t, file);
    await t.rejects(createStore({ file, seed }), { message: /db\.json is in use by this process/ });
  });

  t.test('concurrent inserts share file writes and all reach the file', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    await Promise.all(
      Array.from({ length: 100 }, (_, i) => store.insertUser(user(`u${i}@example.com`))),
    );
    t.equal((await readStore(file)).users.length, seed.users.length + 100);
  });

  t.test(
    'finds a project_user by project and uuid_user or id_user, the first as findOne',
    async (t) => {
      const store = await open(t, null);
      const first = { ...guest(1), id_user: '65f0a00000000000000000aa' };
      const second = { ...guest(2), uuid_user: first.uuid_user, id_user: first.id_user };
      const elsewhere = { ...guest(3), id_project: '65f0b0000000000000000002' };
      for (const pu of [first, second, elsewhere]) await store.insertProjectUser(pu);
      const { id_project, uuid_user, id_user } = first;
      t.equal(store.findProjectUser({ id_project, uuid_user }), first);
      t.equal(store.findProjectUser({ id_project, id_user }), first);
      t.equal(
        store.findProjectUser({ id_project: elsewhere.id_project, uuid_user: elsewhere.uuid_user }),
        elsewhere,
      );
      t.equal(
        store.findProjectUser({ id_project, uuid_user: elsewhere.uuid_user }),
        undefined,
        'not in another project',
      );
      t.equal(store.findProjectUser({ id_project: elsewhere.id_project, uuid_user }), undefined);
      t.equal(store.findProjectUser({ id_project: 'no-such-project', uuid_user }), undefined);
      t.equal(store.findProjectUser({ id_project }), undefined, 'neither uuid_user nor id_user');
    },
  );

  t.test(
    'project_users read from a file come back as written, and are found by project and uuid',
    async (t) => {
      const file = dbFile(t);
      const wide: Record<string, unknown> = { ...guest(3) };
      for (let i = 0; i < 40; i++) wide[`field${i}`] = i % 3 === 0 ? wide.uuid_user : `value ${i}`;
      const written = { ...seed, project_users: [guest(1), guest(2), wide] } as Data;
      writeFileSync(file, lowdbText(written));
      const store = await open(t, file);
      t.strictSame(store.data, written);
      t.strictSame(
        store.data.project_users.map((pu) => Object.keys(pu)),
        written.project_users.map((pu) => Object.keys(pu)),
        'field order kept',
      );
      for (const pu of written.project_users) {
        const { id_project, uuid_user } = pu;
        t.equal(store.findProjectUser({ id_project, uuid_user })?._id, pu._id);
      }
    },
  );

  t.test('rejects a duplicate e-mail with DuplicateKeyError("email")', async (t) => {
    const store = await open(t, null);
    await t.rejects(store.insertUser(user('jane.doe@example.com')), DuplicateKeyError);
  });

  t.test('reset restores the fixtures, in memory and on disk', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
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
    ['null', 'null', /cannot read the store file .*db\.json: it holds null, not a JSON object/],
  ] as const) {
    t.test(
      `a file holding ${name} stops the store with a clear message and stays untouched`,
      async (t) => {
        const file = dbFile(t);
        writeFileSync(file, content);
        await t.rejects(createStore({ file, seed }), { name: 'StoreError', message: reason });
        t.equal(readFileSync(file, 'utf8'), content);
        t.notOk(existsSync(`${file}.lock`), 'the lock is released');
      },
    );
  }

  t.test('a failed write is undone in memory and reported as a StoreError', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    const append = StoreFile.prototype.append;
    StoreFile.prototype.append = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    t.teardown(() => {
      StoreFile.prototype.append = append;
    });
    await t.rejects(store.insertUser(user('lost@example.com')), {
      name: 'StoreError',
      message: /cannot write the store file .*db\.json: ENOSPC/,
    });
    StoreFile.prototype.append = append;
    t.notOk(store.findUserByEmail('lost@example.com'), 'not kept in memory');
    t.ok(store.findUserByEmail('jane.doe@example.com'), 'reads still work');
  });

  t.test('a change costs an append to <file>.log, not a rewrite of the snapshot', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    const snapshot = readFileSync(file, 'utf8');
    await store.insertUser(user('appended@example.com'));
    t.equal(readFileSync(file, 'utf8'), snapshot, 'the snapshot is untouched');
    t.match(
      readFileSync(`${file}.log`, 'utf8'),
      /^\{"op":"insert","into":"users","record":\{.*appended@example\.com.*\}\}\n$/,
    );
  });

  t.test('reopening after a kill replays the log, then folds it into a new snapshot', async (t) => {
    const file = dbFile(t);
    const dir = dirname(file);
    const first = await open(t, join(dir, 'first.json'));
    await first.insertUser(user('replayed@example.com'));
    await first.updateUser('65f0a0000000000000000002', { emailverified: false });
    // What a killed emulator leaves: its snapshot and its log, not folded together.
    writeFileSync(file, readFileSync(join(dir, 'first.json')));
    writeFileSync(`${file}.log`, readFileSync(join(dir, 'first.json.log')));
    const second = await open(t, file);
    t.ok(second.findUserByEmail('replayed@example.com'));
    t.equal(second.findUserById('65f0a0000000000000000002')?.emailverified, false);
    t.equal(readFileSync(`${file}.log`, 'utf8'), '', 'the log is empty');
    t.ok(
      (JSON.parse(readFileSync(file, 'utf8')) as Data).users.some(
        (u) => u.email === 'replayed@example.com',
      ),
    );
  });

  t.test('a user and its verification code are written together, or not at all', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    const now = new Date();
    const verify = (id: string, user: UserRecord) => ({
      code: {
        _id: id,
        user_id: user._id,
        email: user.email,
        createdAt: now.toISOString(),
        expiresAt: new Date(now.getTime() + 900_000).toISOString(),
      },
      now,
    });
    const kept = user('kept@example.com');
    await store.insertUser(kept, verify('kept-code', kept));
    const log = readFileSync(`${file}.log`, 'utf8');
    t.equal(log.split('\n').filter(Boolean).length, 2, 'two lines, one write');
    const append = StoreFile.prototype.append;
    let calls = 0;
    // The second line of the change fails: the first must not stay.
    StoreFile.prototype.append = function (this: StoreFile, change) {
      calls++;
      if (calls === 2) return Promise.reject(new Error('EFBIG: file too large'));
      return append.call(this, change);
    };
    t.teardown(() => {
      StoreFile.prototype.append = append;
    });
    const lost = user('lost@example.com');
    await t.rejects(store.insertUser(lost, verify('lost-code', lost)), { name: 'StoreError' });
    StoreFile.prototype.append = append;
    t.notOk(store.findUserByEmail('lost@example.com'), 'not kept in memory');
    t.notOk(store.findVerifyCode('lost-code'));
    t.ok(store.findVerifyCode('kept-code'));
  });

  t.test(
    'a torn last line (a crash mid-append) is dropped; a change logged twice applies once',
    async (t) => {
      const file = dbFile(t);
      const store = await createStore({ file, seed });
      await store.insertUser(user('once@example.com'));
      const line = readFileSync(`${file}.log`, 'utf8');
      await store.close();
      writeFileSync(`${file}.log`, `${line}${line}{"op":"insert","into":"us`);
      const reopened = await open(t, file);
      t.equal(reopened.data.users.filter((u) => u.email === 'once@example.com').length, 1);
    },
  );

  t.test('a corrupt line in the middle of the log stops start-up naming it', async (t) => {
    const file = dbFile(t);
    await (await createStore({ file, seed })).close();
    writeFileSync(`${file}.log`, 'garbage\n{"op":"update","into":"users","_id":"x","patch":{}}\n');
    await t.rejects(createStore({ file, seed }), {
      name: 'StoreError',
      message: /db\.json\.log line 1 is not JSON/,
    });
  });

  t.test('the snapshot is the text lowdb writes, whatever the number of records', async (t) => {
    const file = dbFile(t);
    const data = withGuests(seed, 1234);
    data.users.push({
      ...user('nested@example.com'),
      attributes: { note: 'two\nlines, a "quote" and \\ é 😀', list: [1, { deep: [] }], empty: {} },
    });
    writeFileSync(file, lowdbText({ $schema: './schema.json', ...data }));
    const store = await open(t, file);
    await store.insertProjectUser(guest(5000));
    await store.flush();
    const text = readFileSync(file, 'utf8');
    t.equal(text, lowdbText(store.data), 'byte for byte');
    t.equal((JSON.parse(text) as { $schema: string }).$schema, './schema.json', 'other keys kept');
    t.equal(store.data.project_users.length, seed.project_users.length + 1235);
  });

  t.test('an append carried through short writes; a torn one cut back off the log', async (t) => {
    const file = join(t.testdir(), 'db.json');
    writeFileSync(file, lowdbText(seed));
    const adapter = await StoreFile.at(file, seed);
    t.teardown(() => adapter.close());
    const { writeSync, ftruncateSync } = fs;
    const restore = () => {
      fs.writeSync = writeSync;
      fs.ftruncateSync = ftruncateSync;
      syncBuiltinESMExports();
    };
    t.teardown(restore);
    const insert = (_id: string) => ({
      op: 'insert' as const,
      into: 'users' as const,
      record: { _id },
    });
    // Each write(2) takes at most 7 bytes: the line still reaches the log whole.
    fs.writeSync = ((fd: number, buffer: Buffer, offset: number) =>
      writeSync(fd, buffer, offset, Math.min(7, buffer.length - offset))) as typeof fs.writeSync;
    syncBuiltinESMExports();
    await adapter.append(insert('a'));
    // A write that fails after 5 bytes is cut back; the next append starts a clean line.
    let calls = 0;
    fs.writeSync = ((fd: number, buffer: Buffer, offset: number) => {
      if (calls++ === 0) return writeSync(fd, buffer, offset, 5);
      throw Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' });
    }) as typeof fs.writeSync;
    syncBuiltinESMExports();
    await t.rejects(adapter.append(insert('b')), { code: 'ENOSPC' });
    restore();
    await adapter.append(insert('c'));
    const lines = readFileSync(`${file}.log`, 'utf8').trimEnd().split('\n');
    t.same(
      lines.map((line) => JSON.parse(line).record._id),
      ['a', 'c'],
    );
    // When even the cut fails, every later append fails, saying why, until the next snapshot.
    fs.writeSync = (() => {
      throw new Error('EIO: i/o error');
    }) as typeof fs.writeSync;
    fs.ftruncateSync = () => {
      throw new Error('EROFS: read-only file system');
    };
    syncBuiltinESMExports();
    await t.rejects(adapter.append(insert('d')), { message: /EIO/ });
    restore();
    await t.rejects(adapter.append(insert('e')), {
      message: /could not be repaired: EROFS/,
    });
    await adapter.write(seed);
    await adapter.append(insert('f'));
    t.equal(readFileSync(`${file}.log`, 'utf8'), `${JSON.stringify(insert('f'))}\n`);
  });

  t.test(
    'a snapshot that fails half-way leaves the file as it was, and no temporary file',
    async (t) => {
      const dir = t.testdir();
      const file = join(dir, 'db.json');
      const before = lowdbText(seed);
      writeFileSync(file, before);
      const data = withGuests(seed, 2000);
      // Serializing the 1,500th record throws: the first pieces are already in the temporary file.
      (data.project_users[1500] as unknown as { toJSON: () => never }).toJSON = () => {
        throw new Error('disk full');
      };
      const adapter = await StoreFile.at(file, seed);
      t.teardown(() => adapter.close());
      await t.rejects(adapter.write(data), { message: 'disk full' });
      t.equal(readFileSync(file, 'utf8'), before, 'the old snapshot is intact');
      t.notOk(existsSync(join(dir, '.db.json.tmp')), 'the temporary file is removed');
    },
  );

  t.test('a reset that cannot be written changes nothing, on disk or in memory', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    await store.insertUser(user('kept@example.com'));
    const before = await readStore(file);
    const append = StoreFile.prototype.append;
    StoreFile.prototype.append = () => Promise.reject(new Error('ENOSPC: no space left on device'));
    t.teardown(() => {
      StoreFile.prototype.append = append;
    });
    await t.rejects(store.reset(), StoreError);
    StoreFile.prototype.append = append;
    t.strictSame(await readStore(file), before, 'the store on disk is as it was');
    t.ok(store.findUserByEmail('kept@example.com'), 'the state in memory is the one before');
  });

  t.test('changes made while a snapshot is being written all survive a restart', async (t) => {
    const file = dbFile(t);
    writeFileSync(file, lowdbText(withGuests(seed, 3000)));
    const store = await createStore({ file, seed });
    await store.insertProjectUser(guest(10_000));
    const flushing = store.flush();
    const during = Array.from({ length: 200 }, (_, i) =>
      store.insertProjectUser(guest(20_000 + i)),
    );
    await Promise.all([flushing, ...during]);
    await store.close();
    const reopened = await open(t, file);
    t.equal(reopened.data.project_users.length, seed.project_users.length + 3201);
    for (const i of [10_000, 20_000, 20_199]) {
      t.ok(
        reopened.findProjectUser({
          id_project: guest(i).id_project,
          uuid_user: guest(i).uuid_user,
        }),
      );
    }
    t.doesNotThrow(() => JSON.parse(readFileSync(file, 'utf8')), 'the snapshot is valid JSON');
  });

  t.test('a long log is folded in by one snapshot, not one per commit', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    const write = StoreFile.prototype.write;
    let snapshots = 0;
    StoreFile.prototype.write = function (this: StoreFile, data: Data) {
      snapshots++;
      return write.call(this, data);
    };
    t.teardown(() => {
      StoreFile.prototype.write = write;
    });
    // Just short of the 20,000 changes that call for a compaction; then 50 inserts share one
    // append, and each of their commits finds the log long.
    const guests = Array.from({ length: 19_990 }, (_, i) => guest(i));
    await store.insertMany({ users: [], projects: [], project_users: guests });
    t.equal(snapshots, 0, 'no compaction yet');
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => store.insertProjectUser(guest(30_000 + i))),
    );
    // The snapshot was queued by the commit that found the log long, before this change.
    await store.insertProjectUser(guest(40_000));
    t.equal(snapshots, 1, 'one compaction');
    t.equal(logLines(file), 1, 'folded in: the log holds only the change after it');
    // And again, each time the log grows long.
    const more = Array.from({ length: 20_000 }, (_, i) => guest(50_000 + i));
    await store.insertMany({ users: [], projects: [], project_users: more });
    await store.insertProjectUser(guest(40_001));
    t.equal(snapshots, 2, 'a second compaction');
    t.equal(logLines(file), 1, 'folded in again');
    await store.flush();
    t.equal((await readStore(file)).project_users.length, seed.project_users.length + 40_042);
  });

  t.test('flush() folds the log into the snapshot', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    await store.insertUser(user('flushed@example.com'));
    await store.flush();
    t.equal(readFileSync(`${file}.log`, 'utf8'), '');
    t.ok(
      (JSON.parse(readFileSync(file, 'utf8')) as Data).users.some(
        (u) => u.email === 'flushed@example.com',
      ),
    );
  });

  t.test('close() folds the log in and releases the lock', async (t) => {
    const file = dbFile(t);
    const store = await createStore({ file, seed });
    await store.insertUser(user('closed@example.com'));
    await store.close();
    t.equal(readFileSync(`${file}.log`, 'utf8'), '');
    t.notOk(existsSync(`${file}.lock`));
    t.ok((await readStore(file)).users.some((u) => u.email === 'closed@example.com'));
  });
});

t.test('the store file, as the mutation run (npm run mutation) found it untested', async (t) => {
  t.test('a logged reset and a logged restore replay after a kill', async (t) => {
    const file = dbFile(t);
    const dir = dirname(file);
    const first = await open(t, join(dir, 'first.json'));
    await first.insertUser(user('before-reset@example.com'));
    await first.reset();
    await first.insertUser(user('after-reset@example.com'));
    const restored = structuredClone(seed);
    restored.users.push(user('restored@example.com'));
    await first.restore(restored);
    await first.insertUser(user('after-restore@example.com'));
    writeFileSync(file, readFileSync(join(dir, 'first.json')));
    writeFileSync(`${file}.log`, readFileSync(join(dir, 'first.json.log')));
    const second = await open(t, file);
    t.strictSame(
      second.data.users.map((u) => u.email),
      [...seed.users.map((u) => u.email), 'restored@example.com', 'after-restore@example.com'],
    );
  });

  t.test('verification codes pruned in the log replay as they were kept', async (t) => {
    const file = dbFile(t);
    const dir = dirname(file);
    const first = await createStore({ file: join(dir, 'first.json'), seed, maxVerifyCodes: 2 });
    t.teardown(() => first.close());
    const now = new Date('2026-01-01T00:00:00.000Z');
    for (const id of ['old', 'mid', 'new']) {
      await first.insertVerifyCode(
        {
          _id: id,
          user_id: '65f0a0000000000000000002',
          email: 'jane.doe@example.com',
          createdAt: now.toISOString(),
          expiresAt: '2026-01-01T00:15:00.000Z',
        },
        now,
      );
    }
    t.notOk('verify_codes' in (JSON.parse(readFileSync(join(dir, 'first.json'), 'utf8')) as Data));
    t.match(readFileSync(join(dir, 'first.json.log'), 'utf8'), /"op":"delete"/, 'a delete line');
    writeFileSync(file, readFileSync(join(dir, 'first.json')));
    writeFileSync(`${file}.log`, readFileSync(join(dir, 'first.json.log')));
    const second = await open(t, file);
    t.strictSame(
      second.data.verify_codes?.map((code) => code._id),
      ['mid', 'new'],
    );
  });

  for (const [name, line, problem] of [
    ['an array', '[1]', 'is not a JSON object'],
    ['null', 'null', 'is not a JSON object'],
    ['a number', '5', 'is not a JSON object'],
    [
      'an unknown op',
      '{"op":"drop","into":"users"}',
      'has an unknown op "drop" (known: insert, update, delete, reset, restore)',
    ],
    [
      'no op',
      '{"into":"users"}',
      'has an unknown op undefined (known: insert, update, delete, reset, restore)',
    ],
  ]) {
    t.test(`a log line holding ${name} stops start-up naming it`, async (t) => {
      const file = dbFile(t);
      await (await createStore({ file, seed })).close();
      const good = '{"op":"update","into":"users","_id":"x","patch":{}}';
      writeFileSync(`${file}.log`, `${good}\n${line}\n${good}\n`);
      await t.rejects(createStore({ file, seed }), {
        name: 'StoreError',
        message: `cannot read the store file ${file}: ${file}.log line 2 ${problem}. The file was left untouched; fix it, move it away or point --db at another file.`,
      });
    });
  }

  t.test('blank lines in the log are skipped', async (t) => {
    const file = dbFile(t);
    const store = await createStore({ file, seed });
    await store.insertUser(user('one@example.com'));
    const one = readFileSync(`${file}.log`, 'utf8');
    await store.close();
    writeFileSync(`${file}.log`, `\n${one}\n\n${one.replaceAll('one@', 'two@')}`);
    const reopened = await open(t, file);
    t.ok(reopened.findUserByEmail('one@example.com'));
  });

  t.test('a log without its JSON file is refused, not taken for a new store', async (t) => {
    const file = dbFile(t);
    writeFileSync(`${file}.log`, '{"op":"reset"}\n');
    await t.rejects(createStore({ file, seed }), {
      message: new RegExp(`${file}\\.log holds changes, but their JSON file is missing`),
    });
    t.notOk(existsSync(file), 'no store made');
  });

  t.test('a file with a top-level "__proto__" key is refused', async (t) => {
    const file = dbFile(t);
    const text = `{"__proto__": {}, ${lowdbText(seed).slice(1)}`;
    writeFileSync(file, text);
    await t.rejects(createStore({ file, seed }), {
      message: /it has a top-level "__proto__" key, which no store has/,
    });
    t.equal(readFileSync(file, 'utf8'), text);
  });

  t.test('a store path that is a directory is refused as such', async (t) => {
    const file = dbFile(t);
    fs.mkdirSync(file);
    await t.rejects(createStore({ file, seed }), {
      name: 'LockedError',
      message: `the store file ${file} is a directory: --db names a JSON file`,
    });
    t.notOk(existsSync(`${file}.lock`), 'the lock is released');
  });

  t.test('a symlink to a store not made yet stays a link; a link loop is refused', async (t) => {
    const file = dbFile(t);
    const dir = dirname(file);
    fs.mkdirSync(join(dir, 'target'));
    fs.symlinkSync(join(dir, 'target', 'real.json'), file);
    const store = await open(t, file);
    await store.insertUser(user('linked@example.com'));
    await store.flush();
    t.ok(fs.lstatSync(file).isSymbolicLink(), 'still a link');
    t.ok(
      (await readStore(join(dir, 'target', 'real.json'))).users.some(
        (u) => u.email === 'linked@example.com',
      ),
    );
    fs.symlinkSync(join(dir, 'loop.json'), join(dir, 'loop.json'));
    await t.rejects(createStore({ file: join(dir, 'loop.json'), seed }), { code: 'ELOOP' });
  });

  t.test('an existing log is tightened to 0600: its lines hold password hashes', async (t) => {
    const file = dbFile(t);
    await (await createStore({ file, seed })).close();
    writeFileSync(`${file}.log`, '', { mode: 0o644 });
    fs.chmodSync(`${file}.log`, 0o644);
    const store = await open(t, file);
    await store.insertUser(user('private@example.com'));
    t.equal(fs.statSync(`${file}.log`).mode & 0o777, 0o600);
  });

  t.test('an unknown user is not updated, and nothing is logged', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    t.equal(await store.updateUser('65f0ffffffffffffffffffff', { firstname: 'X' }), undefined);
    t.equal(readFileSync(`${file}.log`, 'utf8'), '');
  });

  t.test(
    'the snapshot is the text lowdb writes: pieces of 500 exactly, empty and other values',
    async (t) => {
      const file = dbFile(t);
      const data = withGuests(seed, 999 - seed.project_users.length);
      writeFileSync(file, lowdbText({ $meta: { kept: [1, 2] }, ...data, verify_codes: [] }));
      const store = await open(t, file);
      await store.insertProjectUser(guest(5000));
      await store.flush();
      t.equal(store.data.project_users.length, 1000);
      t.equal(readFileSync(file, 'utf8'), lowdbText(store.data), 'byte for byte');
    },
  );

  t.test('a log long in bytes (a restore of a large store) is folded in', async (t) => {
    const file = dbFile(t);
    const store = await open(t, file);
    const large = structuredClone(seed);
    large.users.push({
      ...user('large@example.com'),
      attributes: { blob: 'x'.repeat(16 * 1024 * 1024) },
    });
    await store.restore(large);
    await store.insertUser(user('after@example.com'));
    t.equal(logLines(file), 1, 'folded in: the log holds only the change after it');
    const { users } = await readStore(file);
    t.strictSame(
      users.map((u) => u.email),
      [...large.users.map((u) => u.email), 'after@example.com'],
    );
  });
});
