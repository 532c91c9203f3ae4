/**
 * Writes fixtures/schema.json (the JSON Schema editors check fixtures files with) from
 * control.yaml's FixturesFile, and spec/*.dereferenced.json (the bundled specs dereferenced,
 * which the emulator reads at start instead of the YAML). `npm run gen:types` runs it after
 * tools/gen-types/gen-types.ts, which writes src/api-types.ts and src/control-types.ts with
 * openapi-typescript (installed in tools/gen-types/ only, out of the top-level npm ci). Run
 * `npm run gen:types` after editing a spec; the test suite fails while any of them is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dereference } from '@apidevtools/json-schema-ref-parser';
import SwaggerParser from '@apidevtools/swagger-parser';
import { dereferencedFile, sha256 } from '../src/openapi.js';

export const GENERATED = [
  { spec: 'spec/openapi.yaml', file: 'src/api-types.ts' },
  { spec: 'spec/control.yaml', file: 'src/control-types.ts' },
] as const;

const root = new URL('../', import.meta.url);

export function generatedPath(file: string): string {
  return fileURLToPath(new URL(file, root));
}

/**
 * The first line of a file of GENERATED: the SHA-256 of the spec it was made from, which the
 * fast tier checks without openapi-typescript (the dist tier compares the whole file).
 */
export function typesHeader(spec: string): string {
  const hash = sha256(readFileSync(generatedPath(spec), 'utf8'));
  return `// DO NOT EDIT: generated from ${spec} (SHA-256 ${hash}) by \`npm run gen:types\` (tools/gen-types/gen-types.ts).`;
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

/** The bundled specs, dereferenced, which the emulator reads at start instead of the YAML. */
export const DEREFERENCED = ['spec/openapi.yaml', 'spec/control.yaml'] as const;

/**
 * A bundled spec as json-schema-ref-parser dereferences it, with the SHA-256 of the YAML it
 * was made from (src/openapi.ts reads it only while that matches).
 */
export async function generateDereferenced(spec: string): Promise<string> {
  const file = generatedPath(spec);
  const generated = {
    $comment: `DO NOT EDIT: ${spec} dereferenced by \`npm run gen:types\` (scripts/gen-types.ts)`,
    sha256: sha256(readFileSync(file, 'utf8')),
    document: await dereference(file),
  };
  return `${JSON.stringify(generated, null, 2)}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(generatedPath(FIXTURES_SCHEMA), await generateFixturesSchema());
  console.log(`wrote ${FIXTURES_SCHEMA}`);
  for (const spec of DEREFERENCED) {
    const file = dereferencedFile(generatedPath(spec));
    writeFileSync(file, await generateDereferenced(spec));
    console.log(`wrote ${relative(generatedPath('.'), file)}`);
  }
}
