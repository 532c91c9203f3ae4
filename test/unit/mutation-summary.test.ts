/**
 * tools/mutation/summary.mjs (`npm run mutation:summary`): the score by folder from Stryker's
 * JSON reports, the newest report winning for a file measured twice.
 */
import { spawnSync } from 'node:child_process';
import { utimesSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const SCRIPT = fileURLToPath(new URL('../../tools/mutation/summary.mjs', import.meta.url));
const report = (files: Record<string, string[]>) =>
  JSON.stringify({
    files: Object.fromEntries(
      Object.entries(files).map(([path, statuses]) => [
        path,
        { mutants: statuses.map((status) => ({ status })) },
      ]),
    ),
  });

t.test('adds the reports up by folder, the newest report winning', async (t) => {
  const dir = t.testdir({
    'old.json': report({
      'src/tiledesk/a.ts': ['Killed', 'Survived', 'Survived', 'Survived'],
      'src/store/b.ts': ['Killed', 'NoCoverage'],
    }),
    'new.json': report({
      'src/tiledesk/a.ts': ['Killed', 'Timeout', 'Killed', 'Survived', 'CompileError'],
      'src/tiledesk/c.ts': ['Killed', 'NoCoverage', 'Ignored'],
    }),
    'new-incremental.json': report({ 'src/tiledesk/a.ts': ['Survived'] }),
  });
  utimesSync(join(dir, 'old.json'), 1_000, 1_000);
  const run = spawnSync(process.execPath, [SCRIPT, '--files', dir], { encoding: 'utf8' });
  t.equal(run.status, 0, run.stderr);
  const row = (name: string) =>
    run.stdout
      .split('\n')
      .find((line) => line.startsWith(name))
      ?.slice(name.length)
      .trim()
      .split(/\s+/);
  // a.ts from new.json: 4 valid (the compile error is not), 3 detected; c.ts: 2 valid, 1 detected.
  t.strictSame(row('src/tiledesk/a.ts'), ['4', '3', '1', '0', '75.0%', '75.0%']);
  t.strictSame(row('src/tiledesk/ (2 files)'), ['6', '4', '1', '1', '66.7%', '80.0%']);
  t.strictSame(row('src/store/ (1 file)'), ['2', '1', '0', '1', '50.0%', '100.0%']);
});

t.test('no report: exit status 2 and what to run', async (t) => {
  const run = spawnSync(process.execPath, [SCRIPT, t.testdir({})], { encoding: 'utf8' });
  t.equal(run.status, 2);
  t.match(run.stderr, /no mutation report in .*: run `npm run mutation` first/);
});
