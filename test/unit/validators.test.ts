/**
 * The bundled specs' validators are Ajv's standalone code in spec/validators.cjs (issue 27):
 * the file is what scripts/gen-validators.ts makes of the specs now; each generated validator
 * answers as Ajv compiling the same schema at run time does (result and errors, probe by
 * probe); and a spec of the user's (`spec` option, here a copy of the bundled one with one more
 * line) is compiled by Ajv at run time and answers invalid requests byte for byte as the bundled
 * spec's generated code does.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { ValidateFunction } from 'ajv';
import t from 'tap';
import { request } from 'undici';
import { generateValidators, VALIDATED } from '../../scripts/gen-validators.js';
import { DEFAULT_SPEC_FILE } from '../../src/config.js';
import { loadSpec } from '../../src/openapi.js';
import { startEmulator } from '../../src/server.js';
import {
  createAjv,
  GENERATED_VALIDATORS,
  type KeyedSchema,
  namedSchema,
  requestSchemas,
  validatorCompiler,
} from '../../src/validation.js';

const root = new URL('../../', import.meta.url);

t.test('spec/validators.cjs is up to date with the specs (npm run gen:types)', async (t) => {
  t.equal(
    readFileSync(GENERATED_VALIDATORS, 'utf8'),
    await generateValidators(),
    'regenerate with npm run gen:types',
  );
});

/** Values of every JSON type and the strings the specs' formats and patterns look at. */
const SAMPLES: unknown[] = [
  1,
  1.5,
  -1,
  '12',
  'true',
  'x',
  '',
  ' ',
  'jane.doe@example.com',
  'JANE.DOE@EXAMPLE.COM',
  'not an e-mail',
  'a\uD800@example.com',
  '2026-01-15T09:00:00.000Z',
  '2026-13-45T09:00:00Z',
  '65f0a0000000000000000002',
  'a'.repeat(300),
  null,
  true,
  false,
  [],
  ['a', 'b'],
  {},
  { toString: 'x' },
];

/** The probes of an object schema: whole values, then one property at a time of each sample. */
function probes(schema: KeyedSchema['schema']): unknown[] {
  const properties = Object.keys((schema.properties as object | undefined) ?? {});
  const examples = Object.fromEntries(
    Object.entries((schema.properties as Record<string, { example?: unknown }>) ?? {})
      .filter(([, property]) => property.example !== undefined)
      .map(([name, property]) => [name, property.example]),
  );
  return [
    ...SAMPLES,
    examples,
    { ...examples, unknownKey: 1 },
    ...properties.flatMap((name) => SAMPLES.map((value) => ({ ...examples, [name]: value }))),
    ...properties.map((name) => {
      const { [name]: _, ...without } = examples;
      return without;
    }),
  ];
}

t.test('each generated validator answers as Ajv compiling its schema at run time', async (t) => {
  for (const { spec: file, closedQuery, named } of VALIDATED) {
    const spec = await loadSpec(new URL(file, root).pathname, { validate: false });
    const components = (spec.document.components?.schemas ?? {}) as Record<string, object>;
    const schemas = [
      ...spec.operations.flatMap((op) => requestSchemas(op, closedQuery)),
      ...named.map((name) => namedSchema(name, components[name] as object)),
    ];
    const generated = validatorCompiler(spec);
    const ajvs = [createAjv(), createAjv({ coerceTypes: true })];
    let checked = 0;
    for (const keyed of schemas) {
      const standalone = generated(keyed);
      const compiled = (ajvs[Number(keyed.coerceTypes)] as ReturnType<typeof createAjv>).compile(
        keyed.schema,
      );
      t.not(standalone, compiled, `${keyed.key}: the generated code, not a run-time compile`);
      for (const probe of probes(keyed.schema)) {
        const run = (validate: ValidateFunction) => {
          const data = structuredClone(probe);
          return { valid: validate(data), errors: validate.errors ?? null, data };
        };
        const [a, b] = [run(standalone), run(compiled)];
        if (!isDeepStrictEqual(a, b)) t.same(a, b, `${keyed.key}: ${JSON.stringify(probe)}`);
        checked++;
      }
    }
    t.ok(checked > 1000, `${file}: ${schemas.length} validators, ${checked} probes alike`);
  }
});

t.test('a spec of the user\u2019s is compiled by Ajv and answers as the bundled one', async (t) => {
  const dir = t.testdir({
    'openapi.yaml': `${readFileSync(DEFAULT_SPEC_FILE, 'utf8')}# a copy\n`,
  });
  const bundled = await startEmulator();
  const own = await startEmulator({ spec: join(dir, 'openapi.yaml') });
  t.teardown(() => Promise.all([bundled.close(), own.close()]));
  const ownSpec = await loadSpec(join(dir, 'openapi.yaml'));
  const generated = createRequire(import.meta.url)(GENERATED_VALIDATORS) as Record<string, unknown>;
  t.notOk(generated[ownSpec.sha256], 'no generated code for the copy: Ajv compiles it');

  const invalid: [string, string, string | undefined, string?][] = [
    ['POST', '/auth/signin', '{}'],
    ['POST', '/auth/signin', '{"email":"not an e-mail","password":1}'],
    ['POST', '/auth/signin', '{"email":"a\\ud800@example.com","password":"x"}'],
    ['POST', '/auth/signin', '["jane.doe@example.com"]'],
    ['POST', '/auth/signin', 'email=x&password=', 'application/x-www-form-urlencoded'],
    ['POST', '/auth/signup', '{"email":"jane@example.com","password":"x","firstname":{}}'],
    ['POST', '/auth/signup', '{"email":"","password":""}'],
    ['PUT', '/auth/requestresetpsw', '{"email":["a","b"]}'],
    ['PUT', '/auth/resetpsw/abc', '{}'],
    ['POST', '/api/auth/signinAnonymously', '{"id_project":1}'],
  ];
  for (const [method, path, body, type = 'application/json'] of invalid) {
    const answers = await Promise.all(
      [bundled, own].map(async (emu) => {
        const res = await request(`http://127.0.0.1:${emu.port}${path}`, {
          method: method as 'POST',
          headers: { 'content-type': type },
          body,
        });
        return {
          status: res.statusCode,
          diagnostic: res.headers['x-emulator-diagnostic'],
          body: await res.body.text(),
        };
      }),
    );
    t.same(answers[1], answers[0], `${method} ${path} ${body}: the same answer`);
    t.ok((answers[0]?.status ?? 0) >= 400, `${method} ${path} ${body}: refused`);
  }
});

t.test('a schema the generated code lacks, for a spec it was made from, is an error', async (t) => {
  const spec = await loadSpec(DEFAULT_SPEC_FILE, { validate: false });
  t.throws(
    () =>
      validatorCompiler(spec)({ key: 'signin body text/plain', schema: {}, coerceTypes: false }),
    /has no validator "signin body text\/plain" .*: run npm run gen:types/,
  );
});
