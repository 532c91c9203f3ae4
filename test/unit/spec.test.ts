import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import t from 'tap';
import {
  DEREFERENCED,
  FIXTURES_SCHEMA,
  GENERATED,
  generateDereferenced,
  generatedPath,
  generateFixturesSchema,
  typesHeader,
} from '../../scripts/gen-types.js';
import { DEFAULT_FIXTURES_FILE, DEFAULT_SPEC_FILE } from '../../src/config.js';
import { dereferencedFile, loadSpec, type Operation } from '../../src/openapi.js';
import { checkHandlers } from '../../src/operations.js';
import { handlers } from '../../src/tiledesk/handlers/index.js';
import { spec } from '../helpers.js';

/** Every media type of every response of every operation in a dereferenced document. */
function* responseMedia(doc: OpenAPIV3.Document) {
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item ?? {}) as OpenAPIV3.OperationObject[]) {
      for (const [status, response] of Object.entries(op?.responses ?? {})) {
        for (const [type, media] of Object.entries(
          (response as OpenAPIV3.ResponseObject).content ?? {},
        )) {
          yield { where: `${op.operationId} ${status} ${type}`, media };
        }
      }
    }
  }
}

/** An operation whose request schemas require fields can fail validation, so must declare 422. */
function requiresFields(op: Operation): boolean {
  return [...op.requestBody.values()].some(
    (schema) => ((schema.required as unknown[]) ?? []).length > 0,
  );
}

t.test('spec/openapi.yaml', async (t) => {
  t.test('is a valid OpenAPI 3.0.3 document (swagger-parser validate)', async (t) => {
    const api = (await SwaggerParser.validate(DEFAULT_SPEC_FILE)) as OpenAPIV3.Document;
    t.equal(api.openapi, '3.0.3');
  });

  t.test('lists the public cloud base and the local default in servers', async (t) => {
    const doc = await spec();
    const urls = (doc.servers ?? []).map((s) => s.url);
    t.ok(urls.includes('https://api.tiledesk.com/v3'));
    t.ok(urls.includes('https://api.tiledesk.com/v2'));
    t.ok(urls.includes('http://127.0.0.1:3000'));
  });

  t.test(
    'every operation has an operationId, a handler, a security rule and error responses',
    async (t) => {
      const { operations } = await loadSpec(DEFAULT_SPEC_FILE);
      t.ok(operations.length >= 2);
      for (const op of operations) {
        t.ok(Object.hasOwn(handlers, op.operationId), `${op.operationId} has a handler`);
        t.ok(op.responses.has('500'), `${op.operationId} declares 500`);
        t.ok(op.responses.has('422') || !requiresFields(op), `${op.operationId} declares 422`);
        for (const [status, media] of op.responses) {
          for (const [type, schema] of media)
            t.ok(schema, `${op.operationId} ${status} ${type} has a schema`);
        }
      }
      t.doesNotThrow(() => checkHandlers(operations, handlers));
    },
  );

  for (const api of ['tiledesk', 'control'] as const) {
    t.test(
      `${api}: every response has an example, and every example matches its schema`,
      async (t) => {
        const ajv = new Ajv({ strict: false, validateFormats: false });
        for (const { where, media } of responseMedia(await spec(api))) {
          const examples = media.examples
            ? Object.entries(media.examples).map(([k, v]) => [
                k,
                (v as OpenAPIV3.ExampleObject).value,
              ])
            : [['example', media.example]];
          t.ok(
            media.example !== undefined || media.examples !== undefined,
            `${where} has an example`,
          );
          const validate = ajv.compile(media.schema as object);
          for (const [name, value] of examples) {
            t.ok(validate(value), `${where} ${name} matches its schema`, {
              errors: validate.errors,
            });
          }
        }
      },
    );
  }

  t.test('a mismatch between spec and handlers names each side', async (t) => {
    const { operations } = await loadSpec(DEFAULT_SPEC_FILE);
    t.throws(
      () => checkHandlers(operations, { ...handlers, extraOperation: async () => ({ body: {} }) }),
      {
        message: /handler "extraOperation" matches no operation/,
      },
    );
    const { signin: _signin, ...withoutSignin } = handlers;
    t.throws(() => checkHandlers(operations, withoutSignin), {
      message: /operation "signin" in the spec has no handler/,
    });
  });

  t.test('x-express-mount: the mount of each path, checked against the path', async (t) => {
    const { operations } = await loadSpec(DEFAULT_SPEC_FILE);
    t.equal(operations.find((op) => op.operationId === 'signin')?.mount, '/auth');
    const dir = t.testdir();
    let written = 0;
    const write = (mount: string) => {
      written += 1;
      const file = `${dir}/spec-${written}.json`;
      const doc = {
        openapi: '3.0.3',
        info: { title: 't', version: '1' },
        paths: {
          '/chat21/native/auth/createCustomToken': {
            'x-express-mount': mount,
            post: { operationId: 'x', responses: { 200: { description: 'ok' } } },
          },
        },
      };
      writeFileSync(file, JSON.stringify(doc));
      return file;
    };
    const good = await loadSpec(write('/chat21/native/auth'));
    t.equal(good.operations[0]?.mount, '/chat21/native/auth');
    for (const bad of ['/chat21/nat', '/users', 'chat21']) {
      await t.rejects(loadSpec(write(bad)), { name: 'SpecError', message: /x-express-mount/ }, bad);
    }
  });

  // The SHA-256 of the spec in the first line; the dist tier compares the whole file with what
  // openapi-typescript generates (tools/gen-types, not installed by the top-level npm ci).
  for (const { spec: source, file } of GENERATED) {
    t.test(`${file} was generated from ${source} as it is (npm run gen:types)`, async (t) => {
      const [first] = readFileSync(generatedPath(file), 'utf8').split('\n', 1);
      t.equal(first, typesHeader(source), 'regenerate with npm run gen:types');
    });
  }

  for (const source of DEREFERENCED) {
    t.test(`${source} dereferenced is up to date (npm run gen:types)`, async (t) => {
      const file = dereferencedFile(generatedPath(source));
      t.same(
        JSON.parse(readFileSync(file, 'utf8')),
        JSON.parse(await generateDereferenced(source)),
        'regenerate with npm run gen:types',
      );
    });
  }

  t.test(
    'a bundled spec is read from its dereferenced JSON only while that is current',
    async (t) => {
      const dir = t.testdir({ 'openapi.yaml': readFileSync(DEFAULT_SPEC_FILE, 'utf8') });
      const file = join(dir, 'openapi.yaml');
      const generated = JSON.parse(await generateDereferenced('spec/openapi.yaml'));
      generated.document.info.version = 'from the JSON';
      writeFileSync(dereferencedFile(file), JSON.stringify(generated));
      const current = await loadSpec(file, { validate: false });
      t.equal(current.document.info.version, 'from the JSON', 'current: the JSON is read');
      // Another path, so that the process's cache of bundled specs does not answer.
      const copy = join(dir, 'copy.yaml');
      writeFileSync(copy, `${readFileSync(file, 'utf8')}\n`);
      writeFileSync(dereferencedFile(copy), JSON.stringify(generated));
      const stale = await loadSpec(copy, { validate: false });
      t.not(stale.document.info.version, 'from the JSON', 'stale: the YAML is dereferenced');
      t.same(
        stale.operations.map((op) => op.operationId),
        current.operations.map((op) => op.operationId),
      );
    },
  );

  t.test(`${FIXTURES_SCHEMA} is control.yaml's FixturesFile (npm run gen:types)`, async (t) => {
    const current = JSON.parse(readFileSync(generatedPath(FIXTURES_SCHEMA), 'utf8'));
    t.same(
      current,
      JSON.parse(await generateFixturesSchema()),
      'regenerate with npm run gen:types',
    );
    const seed = JSON.parse(readFileSync(DEFAULT_FIXTURES_FILE, 'utf8'));
    t.equal(seed.$schema, './schema.json', 'seed.json names it, so editors check it');
  });
});

t.test('fixtures/seed.json matches the spec', async (t) => {
  const doc = await spec();
  const seed = JSON.parse(readFileSync(DEFAULT_FIXTURES_FILE, 'utf8'));
  const ajv = new Ajv({ strict: false, validateFormats: false });
  const validateUser = ajv.compile(doc.components?.schemas?.User as object);
  for (const user of seed.users) {
    const { password, ...rest } = user;
    t.ok(validateUser(rest), `user ${user.email} matches components.schemas.User`, {
      errors: validateUser.errors,
    });
    t.match(password, /^\$2[ab]\$\d\d\$[./A-Za-z0-9]{53}$/, `user ${user.email} has a bcrypt hash`);
  }
  const emails = seed.users.map((u: { email: string }) => u.email);
  t.equal(new Set(emails).size, emails.length, 'e-mails are unique');
  t.ok(
    emails.every((e: string) => e === e.toLowerCase()),
    'e-mails are lower-case',
  );
  t.ok(emails.includes('admin@tiledesk.com'), 'the admin user is there');
});
