/**
 * Module hooks: `.ts` files are transformed by esbuild (types stripped, one output line per
 * source line, an inline source map), and a relative `./x.js` imported from a `.ts` file is
 * `./x.ts` when only that exists (TypeScript's NodeNext convention). Outputs are cached in
 * node_modules/.cache/test-loader by path, size and mtime, so that most test processes never
 * start esbuild.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const CACHE = fileURLToPath(new URL('../../node_modules/.cache/test-loader/', import.meta.url));

export async function resolve(specifier, context, nextResolve) {
  const parent = context.parentURL;
  const fromTs = parent?.endsWith('.ts') && !parent.includes('/node_modules/');
  if (fromTs && specifier.startsWith('.') && specifier.endsWith('.js')) {
    const ts = new URL(`${specifier.slice(0, -3)}.ts`, parent);
    if (existsSync(ts) && !existsSync(new URL(specifier, parent))) {
      return nextResolve(ts.href, context);
    }
  }
  return nextResolve(specifier, context);
}

async function transpile(file) {
  const { size, mtimeMs } = await stat(file);
  const key = createHash('sha1').update(`${file}\0${size}\0${mtimeMs}`).digest('hex');
  const cached = `${CACHE}${key}.js`;
  try {
    return await readFile(cached, 'utf8');
  } catch {
    // not cached yet
  }
  const { transform } = await import('esbuild');
  const { code } = await transform(await readFile(file, 'utf8'), {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    sourcefile: file,
  });
  await mkdir(CACHE, { recursive: true });
  const temp = `${cached}.${process.pid}.tmp`;
  await writeFile(temp, code);
  await rename(temp, cached);
  return code;
}

export async function load(url, context, nextLoad) {
  if (!url.startsWith('file:') || !url.endsWith('.ts')) return nextLoad(url, context);
  const source = await transpile(fileURLToPath(url));
  return { format: 'module', source, shortCircuit: true };
}
