/**
 * Writes src/api-types.ts from spec/openapi.yaml and src/control-types.ts from
 * spec/control.yaml with openapi-typescript, and fixtures/schema.json (the JSON Schema editors
 * check fixtures files with) from control.yaml's FixturesFile. Run `npm run gen:types` after
 * editing a spec; the test suite fails while any of them is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import SwaggerParser from '@apidevtools/swagger-parser';
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

export const FIXTURES_SCHEMA = 'fixtures/schema.json';

/** control.yaml's FixturesFile, dereferenced, as a JSON Schema document (two-space JSON). */
export async function generateFixturesSchema(): Promise<string> {
  const document = (await SwaggerParser.dereference(generatedPath('spec/control.yaml'))) as {
    components: { schemas: Record<string, object> };
  };
  const schema = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'tiledesk-auth-emulator fixtures',
    ...document.components.schemas.FixturesFile,
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const { spec, file } of GENERATED) {
    writeFileSync(generatedPath(file), await generateTypes(spec));
    console.log(`wrote ${file}`);
  }
  writeFileSync(generatedPath(FIXTURES_SCHEMA), await generateFixturesSchema());
  console.log(`wrote ${FIXTURES_SCHEMA}`);
}
