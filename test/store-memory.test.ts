/**
 * The store never holds its file as one string: not when it opens it, not when it writes a
 * snapshot. At 100k records that string is ~57 MB, and with its buffer and the parsed records it
 * drove the emulator's peak memory. Checked by watching every string JSON.parse is given and
 * JSON.stringify returns while a store of a few MB is opened and written.
 */
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import t from 'tap';
import { DEFAULT_FIXTURES_FILE } from '../src/config.js';
import { loadFixtures } from '../src/store/fixtures.js';
import { createStore } from '../src/store/index.js';
import { withGuests } from './helpers.js';

const { data: seed } = await loadFixtures(DEFAULT_FIXTURES_FILE);

/** Runs `fn` and returns the length of the longest string JSON.parse or JSON.stringify saw. */
async function longestJsonString(fn: () => Promise<void>): Promise<number> {
  const { parse, stringify } = JSON;
  let longest = 0;
  JSON.parse = (text: string, reviver?: Parameters<typeof parse>[1]) => {
    longest = Math.max(longest, text.length);
    return parse(text, reviver);
  };
  JSON.stringify = ((...args: Parameters<typeof stringify>) => {
    const text = stringify(...args);
    longest = Math.max(longest, text?.length ?? 0);
    return text;
  }) as typeof stringify;
  try {
    await fn();
  } finally {
    JSON.parse = parse;
    JSON.stringify = stringify;
  }
  return longest;
}

t.test('opening a store and writing its snapshot never hold the file as one string', async (t) => {
  const file = join(t.testdir(), 'db.json');
  writeFileSync(file, `${JSON.stringify(withGuests(seed, 8000), null, 2)}\n`);
  const size = statSync(file).size;
  t.ok(size > 4 * 2 ** 20, `the store is ${(size / 2 ** 20).toFixed(1)} MB`);

  let store: Awaited<ReturnType<typeof createStore>> | undefined;
  const atOpen = await longestJsonString(async () => {
    store = await createStore({ file, seed });
  });
  t.equal(store?.data.project_users.length, seed.project_users.length + 8000, 'every record read');
  t.ok(atOpen < size / 3, `opening: at most ${atOpen} characters at a time`);

  const atSnapshot = await longestJsonString(async () => {
    await store?.reset();
    const guests = withGuests(seed, 8000).project_users.slice(seed.project_users.length);
    await store?.insertMany({ users: [], projects: [], project_users: guests });
    await store?.flush();
  });
  t.equal(statSync(file).size, size, 'the snapshot written is the size of the one read');
  t.ok(atSnapshot < size / 3, `writing: at most ${atSnapshot} characters at a time`);
});
