import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t, { type Test } from 'tap';
import { DEFAULT_CONTROL_SPEC_FILE, DEFAULT_FIXTURES_FILE } from '../../src/config.js';
import { fixturesCheck, loadFixtures } from '../../src/emulator/fixtures.js';
import { loadSpec } from '../../src/openapi.js';
import { verifyPassword } from '../../src/tiledesk/passwords.js';

const check = {
  check: fixturesCheck(await loadSpec(DEFAULT_CONTROL_SPEC_FILE)),
  config: { bcryptCost: 4, now: () => new Date('2026-01-15T09:00:00.000Z') },
};

function fixturesFile(t: Test, content: unknown): string {
  const file = join(t.testdir(), 'seed.json');
  writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
  return file;
}

t.test('loadFixtures', async (t) => {
  t.test('the bundled fixtures are valid against spec/control.yaml', async (t) => {
    const fixtures = await loadFixtures(DEFAULT_FIXTURES_FILE, check);
    t.ok(fixtures.data.users.length >= 3);
    t.match(fixtures.sha256, /^[0-9a-f]{64}$/);
  });

  t.test('names the file when it cannot be read', async (t) => {
    await t.rejects(loadFixtures('/nonexistent/seed.json', check), {
      name: 'FixturesError',
      message: /cannot read the fixtures file \/nonexistent\/seed\.json/,
    });
  });

  t.test('names the file when it is not JSON', async (t) => {
    const file = fixturesFile(t, '{ nope');
    await t.rejects(loadFixtures(file, check), {
      message: /cannot read the fixtures file .*seed\.json: .*JSON/,
    });
  });

  const invalid: [string, unknown, RegExp][] = [
    [
      'a collection that is not an array',
      { users: {} },
      /seed\.json \(1 problem\):\n {2}- users: must be array/,
    ],
    [
      'a user without a password, naming the record',
      {
        users: [
          {
            _id: '65f0a0000000000000000009',
            email: 'x@example.com',
            emailverified: true,
            status: 100,
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
            __v: 0,
          },
        ],
      },
      /users\[0\]\.password: is required/,
    ],
    [
      'a misspelt collection, with the closest known name',
      { user: [] },
      /- user: unknown key "user" \(did you mean "users"\?\)/,
    ],
    [
      'a project_user with an unknown status',
      {
        users: [],
        project_users: [
          {
            _id: '65f0c0000000000000000009',
            id_project: '65f0b0000000000000000001',
            uuid_user: 'u',
            role: 'user',
            roleType: 2,
            user_available: true,
            status: 'paused',
            number_assigned_requests: 0,
            trashed: false,
            createdBy: 'u',
            createdAt: '2026-01-01T00:00:00.000Z',
            updatedAt: '2026-01-01T00:00:00.000Z',
            __v: 0,
          },
        ],
      },
      /project_users\[0\]\.status: must be equal to one of the allowed values/,
    ],
  ];
  for (const [name, content, message] of invalid) {
    t.test(`rejects ${name}`, async (t) => {
      await t.rejects(loadFixtures(fixturesFile(t, content), check), {
        name: 'FixturesError',
        message,
      });
    });
  }

  t.test('every problem is reported at once', async (t) => {
    const content = {
      users: [{ email: 'a@example.com' }, { emial: 'b@example.com', password: 'x' }],
      project_users: [{ id_project: '65f0b0000000000000000001', role: 'guest' }],
    };
    await t.rejects(loadFixtures(fixturesFile(t, content), check), {
      message:
        /\(4 problems\):\n {2}- users\[0\]\.password: is required\n {2}- users\[1\]\.email: is required\n {2}- users\[1\]\.emial: unknown key "emial" \(did you mean "email"\?\)\n {2}- project_users\[0\]: needs id_user or uuid_user/,
    });
  });

  t.test('an e-mail and a plain-text password make a user, hashed at load as $2a$', async (t) => {
    const { data } = await loadFixtures(
      fixturesFile(t, { users: [{ email: 'Min@Example.com', password: 'min-password' }] }),
      check,
    );
    const [user] = data.users;
    t.match(user, {
      _id: /^[0-9a-f]{24}$/,
      email: 'min@example.com',
      password: /^\$2a\$04\$/,
      emailverified: false,
      status: 100,
      __v: 0,
    });
    t.ok(await verifyPassword('min-password', user?.password ?? ''));
  });

  t.test('missing collections are empty', async (t) => {
    const { data } = await loadFixtures(fixturesFile(t, { users: [] }), check);
    t.strictSame(data, { users: [], projects: [], project_users: [] });
  });
});
