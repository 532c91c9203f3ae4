/**
 * Module hooks: `.ts` files are transformed by esbuild (types stripped, one output line per
 * source line, an inline source map), and a relative `./x.js` imported from a `.ts` file is
 * `./x.ts` when only that exists (TypeScript's NodeNext convention).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';

export async function resolve(specifier, context, nextResolve) {
  const fromTs =
    context.parentURL?.endsWith('.ts') && !context.parentURL.includes('/node_modules/');
  if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const ts = new URL(`${specifier.slice(0, -3)}.ts`, context.parentURL);
    if (existsSync(ts) && !existsSync(new URL(specifier, context.parentURL))) {
      return nextResolve(ts.href, context);
    }
  }
  return nextResolve(specifier, context);
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const file = fileURLToPath(url);
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
  });
  return { format: 'module', source: code, shortCircuit: true };
}
