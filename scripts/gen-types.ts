/**
 * Writes src/api-types.ts from spec/openapi.yaml and src/control-types.ts from
 * spec/control.yaml with openapi-typescript. Run `npm run gen:types` after editing a spec; the
 * test suite fails while either file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';

export const GENERATED = [
  { spec: 'spec/openapi.yaml', file: 'src/api-types.ts' },
  { spec: 'spec/control.yaml', file: 'src/control-types.ts' },
] as const;

const root = new URL('../', import.meta.url);

export function generatedPath(file: string): string {
  return fileURLToPath(new URL(file, root));
}

export async function generateTypes(spec: string): Promise<string> {
  const ast = await openapiTS(new URL(spec, root));
  return `// DO NOT EDIT: generated from ${spec} by \`npm run gen:types\` (scripts/gen-types.ts).\n${astToString(ast)}`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { spec, file } of GENERATED) {
    writeFileSync(generatedPath(file), await generateTypes(spec));
    console.log(`wrote ${file}`);
  }
}
