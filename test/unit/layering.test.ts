/**
 * The layering of src/ (.dependency-cruiser.cjs): store/ imports nothing of the emulator's,
 * tiledesk/ never imports emulator/, the generic modules know neither API, and there is no
 * import circle, type-only ones included. dependency-cruiser reads the imports.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = fileURLToPath(new URL('../../', import.meta.url));

t.test('imports run one way, with no circle', async (t) => {
  const run = spawnSync(
    process.execPath,
    [
      'node_modules/dependency-cruiser/bin/dependency-cruise.mjs',
      'src',
      '--config',
      '.dependency-cruiser.cjs',
      '--output-type',
      'err-long',
    ],
    { cwd: root, encoding: 'utf8' },
  );
  t.equal(run.status, 0, run.stdout + run.stderr);
  t.match(run.stdout, /no dependency violations found \((\d+) modules/);
  const modules = Number(/\((\d+) modules/.exec(run.stdout)?.[1]);
  t.ok(modules > 50, `${modules} modules cruised: the whole of src/`);
});
