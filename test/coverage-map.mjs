/**
 * tap's coverage-map: whatever the test file, coverage counts the files under src/ only (not
 * scripts/, not test helpers, not node_modules reached through source maps).
 */
import { readdirSync } from 'node:fs';

const SRC = readdirSync('src', { recursive: true })
  .filter((file) => file.endsWith('.ts'))
  .map((file) => `src/${file}`);

export default () => SRC;
