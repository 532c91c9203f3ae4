/**
 * Writes src/api-types.ts from spec/openapi.yaml with openapi-typescript.
 * Run `npm run gen:types` after editing the spec; the test suite fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const TYPES_FILE = fileURLToPath(new URL('../src/api-types.ts', import.meta.url));
const SPEC_URL = new URL('../spec/openapi.yaml', import.meta.url);

export async function generateTypes(): Promise<string> {
  const ast = await openapiTS(SPEC_URL);
  return (
    '// DO NOT EDIT: generated from spec/openapi.yaml by `npm run gen:types` (scripts/gen-types.ts).\n' +
    astToString(ast)
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(TYPES_FILE, await generateTypes());
  console.log(`wrote ${TYPES_FILE}`);
}
