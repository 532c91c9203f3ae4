/**
 * Writes src/api-types.ts from spec/openapi.yaml and src/control-types.ts from
 * spec/control.yaml with openapi-typescript, which is installed here (tools/gen-types/package.json,
 * by scripts/tier-deps.sh) and not by the top-level `npm ci`. `npm run gen:types` runs it, then
 * scripts/gen-types.ts. Each file's first line carries the SHA-256 of its spec (typesHeader),
 * which the fast tier checks; `--check` writes nothing and exits 1 if a file differs from what
 * its spec generates (the dist tier runs it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import { GENERATED, generatedPath, typesHeader } from '../../scripts/gen-types.js';

async function generateTypes(spec: string): Promise<string> {
  const ast = await openapiTS(pathToFileURL(generatedPath(spec)));
  return `${typesHeader(spec)}\n${astToString(ast)}`;
}

const check = process.argv.includes('--check');
let stale = 0;
for (const { spec, file } of GENERATED) {
  const generated = await generateTypes(spec);
  if (!check) {
    writeFileSync(generatedPath(file), generated);
    console.log(`wrote ${file}`);
  } else if (readFileSync(generatedPath(file), 'utf8') === generated) {
    console.log(`${file} is what ${spec} generates`);
  } else {
    console.error(`${file} is not what ${spec} generates: run npm run gen:types`);
    stale += 1;
  }
}
process.exitCode = stale ? 1 : 0;
