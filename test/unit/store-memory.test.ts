/**
 * The store's records in memory (src/store/memory.ts): every kind of change, applied, then
 * undone, leaves the records and every lookup as they were; the one mutation path relies on it.
 */
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { loadFixtures } from '../../src/emulator/fixtures.js';
import type { Change } from '../../src/store/file.js';
import { Records } from '../../src/store/memory.js';
import type { Data } from '../../src/store/records.js';

const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE, {
  config: { bcryptCost: 4, now: () => new Date() },
});
const [jane] = seed.users.filter((u) => u.email === 'jane.doe@example.com');
const [member] = seed.project_users;

/** What a reader sees: the records and the lookups of every index. */
function seen(records: Records) {
  return JSON.stringify({
    data: records.data,
    byId: records.data.users.map((u) => records.userById(u._id)?.email),
    byEmail: records.data.users.map((u) => records.userByEmail(u.email)?._id),
    projects: records.data.projects.map((p) => records.project(p._id)?._id),
    members: records.data.project_users.map((pu) => [
      pu.uuid_user && records.projectUser(pu.id_project, 'uuid_user', pu.uuid_user)?._id,
      pu.id_user && records.projectUser(pu.id_project, 'id_user', pu.id_user)?._id,
    ]),
  });
}

const newUser = { ...(jane as Data['users'][number]), _id: '65f0a00000000000000000ff' };
newUser.email = 'undo@example.com';
const changes: [string, Change, (records: Records) => boolean][] = [
  [
    'insert a user',
    { op: 'insert', into: 'users', record: newUser },
    (r) => r.userByEmail('undo@example.com') !== undefined,
  ],
  [
    'insert a project',
    { op: 'insert', into: 'projects', record: { _id: '65f0b00000000000000000ff' } },
    (r) => r.project('65f0b00000000000000000ff') !== undefined,
  ],
  [
    'insert a project_user that an earlier one shadows',
    {
      op: 'insert',
      into: 'project_users',
      record: { ...(member as object), _id: '65f0c00000000000000000ff' } as { _id: string },
    },
    (r) => r.data.project_users.length === seed.project_users.length + 1,
  ],
  [
    'update a user, e-mail included',
    {
      op: 'update',
      into: 'users',
      _id: jane?._id as string,
      patch: { email: 'moved@example.com', emailverified: false, phone: '+39 06 123' },
    },
    (r) =>
      r.userByEmail('moved@example.com') !== undefined && !r.userByEmail('jane.doe@example.com'),
  ],
  ['reset', { op: 'reset' }, (r) => r.data.users.length === seed.users.length],
  [
    'restore',
    { op: 'restore', data: { users: [], projects: [], project_users: [] } },
    (r) => r.data.users.length === 0 && !r.userById(jane?._id as string),
  ],
];

for (const [name, change, applied] of changes) {
  t.test(`${name}: applied, then undone`, async (t) => {
    // A reset needs something to undo: the records start one insert away from the seed.
    const records = new Records(structuredClone(seed), seed);
    records.apply({
      op: 'insert',
      into: 'users',
      record: { ...newUser, _id: 'x', email: 'x@y' } as { _id: string },
    });
    const before = seen(records);
    const undo = records.apply(change);
    t.ok(applied(records), 'applied');
    t.not(seen(records), before, 'something changed');
    undo();
    t.equal(seen(records), before, 'as it was');
  });
}
