/**
 * What the build verified once so that start-up need not: the bundled specs validated and
 * dereferenced, and the SHA-256 of the bundled fixtures checked against their schema. Written
 * by src/build-spec-cache.ts into dist/; everything is keyed by content hash, so an edited or
 * different file is simply not found and is checked at start as usual.
 */
import { readFile } from 'node:fs/promises';
import type { OpenAPIV3 } from 'openapi-types';

export const BUILD_CACHE_FILE = new URL('../dist/build-cache.json', import.meta.url);

export interface BuildCache {
  /** SHA-256 of a spec's text → the document, validated and dereferenced. */
  specs: Record<string, OpenAPIV3.Document>;
  /** SHA-256 of fixtures files that passed the Fixtures schema. */
  fixtures: string[];
}

let cache: Promise<BuildCache> | undefined;

export function buildCache(): Promise<BuildCache> {
  cache ??= readFile(BUILD_CACHE_FILE, 'utf8').then(
    (text) => JSON.parse(text) as BuildCache,
    () => ({ specs: {}, fixtures: [] }),
  );
  return cache;
}
