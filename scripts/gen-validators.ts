/**
 * Writes spec/validators.cjs: the request validators of the bundled specs (every operation's
 * path and query parameters and bodies, and the control spec's fixtures schemas) as Ajv's
 * standalone code, made by the emulator's own Ajv configuration (src/validation.ts createAjv),
 * keyed by each spec's SHA-256. The emulator uses them for a spec of that very content and
 * compiles any other with Ajv. `npm run gen:types` runs it after writing the dereferenced
 * specs; test/unit/validators.test.ts fails while the file is stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { _ } from 'ajv';
import standalone from 'ajv/dist/standalone/index.js';
import { loadSpec } from '../src/openapi.js';
import {
  createAjv,
  GENERATED_VALIDATORS,
  type KeyedSchema,
  namedSchema,
  requestSchemas,
} from '../src/validation.js';

/**
 * The bundled specs, as app.ts validates them: the control API refuses query parameters it does
 * not declare (closedQuery); fixtures.ts checks the control spec's two fixtures schemas.
 */
export const VALIDATED = [
  { spec: 'spec/openapi.yaml', closedQuery: false, named: [] },
  { spec: 'spec/control.yaml', closedQuery: true, named: ['Fixtures', 'FixturesFile'] },
] as const;

const root = new URL('../', import.meta.url);

/** Ajv's standalone code generator (CommonJS: its `default` under NodeNext's typing). */
const standaloneCode = standalone.default;

/** One spec's schemas of one coercion as a function of the formats that returns its validators. */
function factory(schemas: readonly KeyedSchema[], coerceTypes: boolean): string {
  // `formats` is the factory's parameter: validation.ts passes its FORMATS.
  const ajv = createAjv({ coerceTypes, code: { source: true, formats: _`formats` } });
  const exports: Record<string, string> = {};
  for (const { key, schema } of schemas.filter((s) => s.coerceTypes === coerceTypes)) {
    ajv.addSchema(schema, key);
    exports[key] = key;
  }
  const code = standaloneCode(ajv, exports).replace(/^"use strict";/, '');
  return `function (formats) {\n  const exports = {};\n${code}\n  return exports;\n}`;
}

export async function generateValidators(): Promise<string> {
  const parts: string[] = [];
  for (const { spec: file, closedQuery, named } of VALIDATED) {
    const spec = await loadSpec(fileURLToPath(new URL(file, root)), { validate: false });
    const components = (spec.document.components?.schemas ?? {}) as Record<string, object>;
    const schemas = [
      ...spec.operations.flatMap((op) => requestSchemas(op, closedQuery)),
      ...named.map((name) => namedSchema(name, components[name] as object)),
    ];
    parts.push(
      `// ${file}\nexports[${JSON.stringify(spec.sha256)}] = {\n` +
        `plain: ${factory(schemas, false)},\ncoerced: ${factory(schemas, true)},\n};`,
    );
  }
  return `'use strict';\n// DO NOT EDIT: the bundled specs' request validators, Ajv's standalone code, by \`npm run gen:types\` (scripts/gen-validators.ts).\n${parts.join('\n')}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(GENERATED_VALIDATORS, await generateValidators());
  console.log('wrote spec/validators.cjs');
}
