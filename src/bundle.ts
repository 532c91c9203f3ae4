/**
 * The CLI's fast start. The build (src/build-bundle.ts) bundles the CLI and every dependency it
 * loads into one CommonJS script, dist/emulator.cjs, and records a V8 code cache of it after a
 * warm-up run, dist/emulator.cjs.cache. Loading that script with its cache skips resolving and
 * reading ~400 module files and compiling most functions met at start-up.
 *
 * V8 checks the cache against the script's source and its own version and flags: another Node
 * version, or a flag such as --cpu-prof, rejects it and the script is compiled as usual. Without
 * a bundle (a build that skipped it) bin.ts imports the modules themselves.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Script } from 'node:vm';
import type { main } from './cli.js';
import type { startEmulator } from './server.js';

export const BUNDLE_FILE = fileURLToPath(new URL('./emulator.cjs', import.meta.url));
export const CODE_CACHE_FILE = `${BUNDLE_FILE}.cache`;

/** What src/bundle-entry.ts exports. */
export interface BundleExports {
  main: typeof main;
  startEmulator: typeof startEmulator;
}

export interface LoadedBundle {
  exports: BundleExports;
  script: Script;
  /** Whether V8 refused the code cache; undefined when there was none to offer. */
  cacheRejected: boolean | undefined;
}

/** Runs dist/emulator.cjs as Node runs a CommonJS module, with its code cache; undefined without one. */
export function loadBundle({ useCache = true } = {}): LoadedBundle | undefined {
  if (!existsSync(BUNDLE_FILE)) return undefined;
  const source = readFileSync(BUNDLE_FILE, 'utf8');
  const cachedData =
    useCache && existsSync(CODE_CACHE_FILE) ? readFileSync(CODE_CACHE_FILE) : undefined;
  // The same wrapper as Node's CommonJS loader (Module.wrap), so the code cache fits it.
  const script = new Script(
    `(function (exports, require, module, __filename, __dirname) { ${source}\n});`,
    { filename: BUNDLE_FILE, ...(cachedData && { cachedData }) },
  );
  const module = { exports: {} as BundleExports };
  const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
  wrapper(module.exports, createRequire(BUNDLE_FILE), module, BUNDLE_FILE, dirname(BUNDLE_FILE));
  return {
    exports: module.exports,
    script,
    cacheRejected: cachedData ? script.cachedDataRejected === true : undefined,
  };
}
