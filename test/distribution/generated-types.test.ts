/**
 * src/api-types.ts and src/control-types.ts are exactly what openapi-typescript generates from
 * the specs (`tools/gen-types/gen-types.ts --check`; test:dist installs tools/gen-types). The fast
 * tier checks only the specs' SHA-256 in their first lines, without openapi-typescript.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

t.test('the generated types are what the specs generate (npm run gen:types)', async (t) => {
  let output: string;
  let status = 0;
  try {
    output = execFileSync(
      process.execPath,
      ['--import', './test/loader/register.mjs', 'tools/gen-types/gen-types.ts', '--check'],
      { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
  } catch (error) {
    const failed = error as { status?: number; stdout?: string; stderr?: string };
    status = failed.status ?? -1;
    output = `${failed.stdout ?? ''}${failed.stderr ?? ''}`;
  }
  t.equal(status, 0, output);
  t.match(output, /src\/api-types\.ts is what spec\/openapi\.yaml generates/);
  t.match(output, /src\/control-types\.ts is what spec\/control\.yaml generates/);
});
