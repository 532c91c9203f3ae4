/**
 * Build step (npm run build, after build-spec-cache): bundles the CLI into dist/emulator.cjs with
 * esbuild, then writes its V8 code cache, dist/emulator.cjs.cache (see bundle.ts). The cache is
 * taken after a warm-up: an emulator is started from the bundle on a temporary store and sent one
 * request of each kind, so that the functions a start and a first request compile are in it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { BUNDLE_FILE, CODE_CACHE_FILE, loadBundle } from './bundle.js';

const ENTRY = fileURLToPath(new URL('../src/bundle-entry.ts', import.meta.url));

await build({
  entryPoints: [ENTRY],
  outfile: BUNDLE_FILE,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  // Served from its own directory (docs.ts resolves it), so it stays a package.
  external: ['swagger-ui-dist'],
  // import.meta.url (paths to spec/, fixtures/, package.json) is the bundle's own URL.
  define: { 'import.meta.url': '__bundle_url' },
  banner: { js: "var __bundle_url = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: 'linked',
  sourcesContent: false,
  legalComments: 'none',
  logLevel: 'warning',
});

rmSync(CODE_CACHE_FILE, { force: true });
const bundle = loadBundle({ useCache: false });
if (!bundle) throw new Error(`esbuild did not write ${BUNDLE_FILE}`);

const dir = mkdtempSync(join(tmpdir(), 'tiledesk-auth-emulator-build-'));
try {
  const emulator = await bundle.exports.startEmulator({
    db: join(dir, 'warm-up.json'),
  });
  const post = (path: string, body: unknown) =>
    fetch(`${emulator.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((response) => response.arrayBuffer());
  await fetch(`${emulator.url}/__emulator/health`).then((response) => response.arrayBuffer());
  await post('/auth/signin', { email: 'jane.doe@example.com', password: 'janepassword' });
  await post('/auth/signin', { email: 'not an e-mail', password: '' });
  await post('/auth/signup', { email: 'warm-up@example.com', password: 'warm-up-password' });
  await post('/auth/signinAnonymously', { id_project: '65f0b0000000000000000001' });
  await post('/__emulator/reset', {});
  await emulator.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
writeFileSync(CODE_CACHE_FILE, bundle.script.createCachedData());
process.stderr.write(`wrote ${BUNDLE_FILE} and its code cache\n`);
