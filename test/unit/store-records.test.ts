/**
 * The store's unique keys, as the mutation run (npm run mutation) found them untested: a store
 * file whose records repeat an `_id` or a user e-mail is refused with the record named, and
 * insertMany() (the control API's seed) refuses a duplicate before it writes anything.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { loadFixtures } from '../../src/emulator/fixtures.js';
import { createStore, type Store } from '../../src/store/index.js';
import type { Data } from '../../src/store/records.js';

const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE, {
  config: { bcryptCost: 4, now: () => new Date() },
});
const [jane, admin] = seed.users;
const [project] = seed.projects;
const [membership] = seed.project_users;
if (!jane || !admin || !project || !membership) throw new Error('the fixtures changed');

const empty = (): Data => ({ users: [], projects: [], project_users: [] });

t.test('a store file that repeats a unique key is refused, naming the record', async (t) => {
  const cases: [string, Data, RegExp | undefined][] = [
    [
      'a user _id',
      { ...empty(), users: [jane, { ...admin, _id: jane._id }] },
      /users\[1\] repeats _id/,
    ],
    [
      'a user e-mail',
      { ...empty(), users: [jane, { ...admin, email: jane.email }] },
      new RegExp(`users\\[1\\] repeats email ${jane.email}`),
    ],
    [
      'a project _id',
      { ...empty(), projects: [project, { ...project }] },
      /projects\[1\] repeats _id/,
    ],
    [
      'a project_user _id',
      { ...empty(), project_users: [membership, { ...membership }] },
      /project_users\[1\] repeats _id/,
    ],
    ['nothing', { ...empty(), users: [jane, admin], projects: [project] }, undefined],
  ];
  for (const [name, data, problem] of cases) {
    const file = join(t.testdir(), `${name.replace(/\W+/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(data));
    if (problem) {
      await t.rejects(createStore({ file, seed }), { name: 'StoreError', message: problem }, name);
    } else {
      const store = await createStore({ file, seed });
      t.equal(store.data.users.length, 2, 'distinct records load');
      await store.close();
    }
  }
});

t.test('insertMany refuses a duplicate key and writes nothing', async (t) => {
  let store: Store | undefined;
  t.beforeEach(async () => {
    store = await createStore({ file: null, seed });
  });
  t.afterEach(() => store?.close());
  const other = { ...jane, _id: '65f0a00000000000000000ff', email: 'other@example.com' };
  const cases: [string, Data, string][] = [
    [
      'an existing e-mail',
      { ...empty(), users: [{ ...other, email: jane.email }] },
      `email ${jane.email}`,
    ],
    [
      'the same e-mail twice',
      { ...empty(), users: [other, { ...other, _id: '65f0a00000000000000000fe' }] },
      `email ${other.email}`,
    ],
    [
      'an existing user _id',
      { ...empty(), users: [{ ...other, _id: jane._id }] },
      `_id ${jane._id}`,
    ],
    ['an existing project _id', { ...empty(), projects: [{ ...project }] }, `_id ${project._id}`],
  ];
  for (const [name, records, key] of cases) {
    t.test(name, async (t) => {
      const before = JSON.stringify(store?.data);
      await t.rejects(store?.insertMany(records) as Promise<void>, {
        name: 'DuplicateKeyError',
        message: `duplicate key: ${key}`,
        key,
      });
      t.equal(JSON.stringify(store?.data), before, 'nothing was written');
    });
  }
});
