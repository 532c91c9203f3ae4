import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package's version, read from package.json next to dist/ or src/. */
export function version(): string {
  cached ??= String(
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version,
  );
  return cached;
}
