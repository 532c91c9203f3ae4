import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { loadFixtures } from '../src/fixtures.js';

t.test('loadFixtures', async (t) => {
  t.test('names the file when it cannot be read', async (t) => {
    await t.rejects(loadFixtures('/nonexistent/seed.json'), {
      name: 'FixturesError',
      message: /cannot read the fixtures file \/nonexistent\/seed\.json/,
    });
  });
  t.test('names the collection that is not an array', async (t) => {
    const file = join(t.testdir(), 'seed.json');
    writeFileSync(file, '{"users": {}}');
    await t.rejects(loadFixtures(file), { message: /"users" must be an array/ });
  });
  t.test('missing collections are empty', async (t) => {
    const file = join(t.testdir(), 'seed.json');
    writeFileSync(file, '{"users": []}');
    t.strictSame(await loadFixtures(file), { users: [], projects: [], project_users: [] });
  });
});
