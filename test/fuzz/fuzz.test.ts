/**
 * Property-based fuzzing of the four operations and the control API (CI size: a few thousand
 * cases, fixed seed). `npm run fuzz` runs the same properties at 100k cases with any seed; a
 * failure here prints the seed and path to replay it with `npm run fuzz -- --group <g>
 * --seed <s> --path <p>`.
 */
import fc from 'fast-check';
import t from 'tap';
import { CONTROL_OPERATIONS, TILEDESK_OPERATIONS } from './arbitraries.js';
import { type Group, property, startFuzzTarget } from './harness.js';

const SEED = 20_260_501;
/** Cases per group: 4 × 400 + 9 × 120 + 500 = 3,180 cases, about 7,000 requests. */
const RUNS: [Group, number][] = [
  ...TILEDESK_OPERATIONS.map((op): [Group, number] => [op, 400]),
  ...CONTROL_OPERATIONS.map((op): [Group, number] => [op, 120]),
  ['mixed', 500],
];

t.test('fuzz: every answer is declared, the store stays valid, nothing is polluted', async (t) => {
  const target = await startFuzzTarget();
  t.teardown(() => target.close());
  for (const [group, numRuns] of RUNS) {
    t.test(group, async (t) => {
      const details = await fc.check(property(target, group), {
        seed: SEED,
        numRuns,
      });
      if (!details.failed) {
        t.pass(`${numRuns} cases`);
        return;
      }
      t.fail(`${group}: a counterexample after ${details.numRuns} cases`, {
        replay: `npm run fuzz -- --group ${group} --seed ${details.seed} --path ${details.counterexamplePath}`,
        counterexample: fc.stringify(details.counterexample),
        problems: String((details.errorInstance as Error | null)?.message ?? details.errorInstance),
      });
    });
  }
});
