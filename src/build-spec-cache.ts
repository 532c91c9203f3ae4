/**
 * Build step (npm run build, after tsc): validates the bundled specs and fixtures once and writes
 * dist/build-cache.json (see build-cache.ts), so a start-up skips swagger-parser and Ajv for them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BUILD_CACHE_FILE, type BuildCache } from './build-cache.js';
import { DEFAULT_CONTROL_SPEC_FILE, DEFAULT_FIXTURES_FILE, DEFAULT_SPEC_FILE } from './config.js';
import { dataCheck, loadFixtures } from './fixtures.js';
import { loadSpec, sha256, validateDocument } from './openapi.js';

const cache: BuildCache = { specs: {}, fixtures: [] };
for (const file of [DEFAULT_SPEC_FILE, DEFAULT_CONTROL_SPEC_FILE]) {
  cache.specs[sha256(readFileSync(file, 'utf8'))] = await validateDocument(file);
}
const check = dataCheck(await loadSpec(DEFAULT_CONTROL_SPEC_FILE));
const fixtures = await loadFixtures(DEFAULT_FIXTURES_FILE, check); // throws when invalid
cache.fixtures.push(fixtures.sha256);
writeFileSync(BUILD_CACHE_FILE, JSON.stringify(cache));
// stderr: `npm pack --json` prints this build's stdout in front of its JSON.
process.stderr.write(`wrote ${fileURLToPath(BUILD_CACHE_FILE)}\n`);
