/** The specs pass Redocly's recommended rules; the only warnings are the two justified in redocly.yaml. */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REDOCLY = fileURLToPath(new URL('./node_modules/@redocly/cli/bin/cli.js', import.meta.url));

interface Problem {
  ruleId: string;
  severity: string;
  location: { pointer: string }[];
}

function lint(file: string): { totals: { errors: number; warnings: number }; problems: Problem[] } {
  let output: string;
  try {
    output = execFileSync(process.execPath, [REDOCLY, 'lint', '--format=json', file], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (error) {
    output = String((error as { stdout?: string }).stdout ?? '');
  }
  return JSON.parse(output);
}

t.test('spec/openapi.yaml passes Redocly recommended with no error and no warning', async (t) => {
  const result = lint('spec/openapi.yaml');
  t.strictSame(
    result.totals,
    { errors: 0, warnings: 0, ignored: 0 },
    JSON.stringify(result.problems.map((p) => p.ruleId)),
  );
});

t.test('spec/control.yaml passes with only the warnings justified in redocly.yaml', async (t) => {
  const result = lint('spec/control.yaml');
  t.equal(result.totals.errors, 0);
  t.strictSame(result.problems.map((p) => `${p.ruleId} ${p.location[0]?.pointer}`).sort(), [
    'no-unused-components #/components/schemas/Fixtures',
    'no-unused-components #/components/schemas/FixturesFile',
  ]);
});
