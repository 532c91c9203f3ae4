/**
 * What a start loads (issue 27): the modules that only some requests need are loaded by the
 * first of them, not by startEmulator(). Checked in a fresh process, from source, by the
 * CommonJS modules it holds: the generated validators (spec/validators.cjs) and validator's
 * isEmail by the first validated request, qs by the first form body; Ajv's compiler (the bundled
 * specs' validators are generated), the YAML and ref parsers (the bundled specs come from their
 * generated dereferenced JSON) and Fastify's own schema compilers never.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';

const root = fileURLToPath(new URL('../../', import.meta.url));

const SCRIPT = `
import { createRequire } from 'node:module';
import { request } from 'node:http';
const loaded = () => {
  const files = Object.keys(createRequire(import.meta.url).cache);
  const has = (name) => files.some((file) => file.includes('/node_modules/' + name + '/'));
  return {
    ...Object.fromEntries(
      ['validator', 'qs', 'js-yaml', 'yaml', '@fastify/ajv-compiler', 'ajv-formats']
        .map((name) => [name, has(name)]),
    ),
    ajv: files.some((file) => file.includes('/node_modules/ajv/dist/core.js')),
    validators: files.some((file) => file.endsWith('/spec/validators.cjs')),
  };
};
const post = (port, path, type, body) => new Promise((resolve, reject) => {
  const req = request({ host: '127.0.0.1', port, method: 'POST', path,
    headers: { 'content-type': type, 'content-length': Buffer.byteLength(body) } },
    (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
  req.on('error', reject);
  req.end(body);
});
const { startEmulator } = await import('./src/index.ts');
const emulator = await startEmulator();
const atStart = loaded();
const json = await post(emulator.port, '/auth/signin', 'application/json',
  JSON.stringify({ email: 'jane.doe@example.com', password: 'janepassword' }));
const afterJson = loaded();
const form = await post(emulator.port, '/auth/signin', 'application/x-www-form-urlencoded',
  'email=jane.doe%40example.com&password=janepassword');
const afterForm = loaded();
await emulator.close();
process.stdout.write(JSON.stringify({ atStart, json, afterJson, form, afterForm }));
`;

t.test('a start loads what every request needs, the rest on first use', async (t) => {
  const out = execFileSync(
    process.execPath,
    ['--import=./test/loader/register.mjs', '--input-type=module', '-e', SCRIPT],
    { cwd: root, encoding: 'utf8' },
  );
  const { atStart, json, afterJson, form, afterForm } = JSON.parse(out);
  t.same(
    atStart,
    {
      ajv: false,
      validators: false,
      validator: false,
      qs: false,
      'js-yaml': false,
      yaml: false,
      '@fastify/ajv-compiler': false,
      'ajv-formats': false,
    },
    'after startEmulator(): none of them',
  );
  t.equal(json, 200);
  t.match(
    afterJson,
    { ajv: false, validators: true, validator: true, qs: false },
    "a JSON signin: the generated validators and isEmail, not Ajv's compiler, not qs",
  );
  t.equal(form, 200);
  t.match(
    afterForm,
    { qs: true, ajv: false, 'js-yaml': false, '@fastify/ajv-compiler': false },
    'a form: qs',
  );
});
