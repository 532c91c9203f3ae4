/**
 * test/reporter.mjs, the reporter of every tier: a passing file is one line, a failing one shows
 * its failed assertions with their diagnostics and the subtests around them, and tap's closing
 * `# { total… }` line (which .ci/run counts) goes through.
 */
import { Readable } from 'node:stream';
import t from 'tap';
import Summary from '../reporter.mjs';

const TAP = `TAP version 14
# Subtest: test/unit/a.test.ts
    ok 1 - fine
    1..1
ok 1 - test/unit/a.test.ts # time=12.5ms

# Subtest: test/unit/b.test.ts
    # Subtest: outer
        ok 1 - passes
        not ok 2 - should be equal
          ---
          found: 201
          wanted: 400
          ...
        1..2
    not ok 1 - outer # time=3ms
    1..1
not ok 2 - test/unit/b.test.ts # time=40ms
  ---
  exitCode: 1
  ...

1..2
# { total: 3, pass: 2, fail: 1 }
# time=99ms
`;

async function report(tap: string): Promise<string> {
  let out = '';
  // Fed in small pieces: a line may arrive in two chunks.
  const chunks = tap.match(/[\s\S]{1,7}/g) ?? [];
  for await (const piece of Readable.from(chunks).pipe(new Summary())) out += piece;
  return out;
}

t.test('one line per passing file, the failures in context, the closing lines', async (t) => {
  const out = await report(TAP);
  t.equal(
    out,
    `ok      test/unit/a.test.ts  (12.5ms)
# Subtest: test/unit/b.test.ts
    # Subtest: outer
        not ok 2 - should be equal
          ---
          found: 201
          wanted: 400
          ...
    not ok 1 - outer # time=3ms
not ok 2 - test/unit/b.test.ts # time=40ms
  ---
  exitCode: 1
  ...
# { total: 3, pass: 2, fail: 1 }
# time=99ms
`,
  );
  t.notMatch(out, /ok 1 - passes/, 'passing assertions are not shown');
});
