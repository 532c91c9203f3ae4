/**
 * Every public route of a running emulator answers at least once, as a user reaches it: each
 * operation of spec/openapi.yaml, the spec as JSON and YAML, the /docs page and its assets, and each
 * operation of spec/control.yaml with the example body the spec gives, and the web UI. Used against
 * `node dist/bin.js` and against the `bin` of the installed tarball.
 */
import type { OpenAPIV3 } from 'openapi-types';
import { request } from 'undici';
import { matchesSpec, PROJECT_ID, send, spec, type Test } from '../helpers.js';

const get = { method: 'GET' } as const;

/**
 * A path parameter's value: from the last e-mail that carries it (the reset key, the
 * verification link's user id and code, as a user follows the link), else its declared example.
 */
async function parameterValue(url: string, name: string, example: unknown): Promise<string> {
  const outbox = await send(url, '/__emulator/outbox', undefined, get);
  const mails = (outbox.body as { key?: string; code?: string; links: string[] }[]).reverse();
  if (name === 'resetpswrequestid') {
    const key = mails.find((mail) => mail.key)?.key;
    if (key) return key;
  }
  const link = mails.find((mail) => mail.code)?.links.find((l) => l.includes('/verify/email/'));
  const [, userid, code] = /\/verify\/email\/([^/]+)\/([^/?#]+)/.exec(link ?? '') ?? [];
  if (name === 'userid' && userid) return userid;
  if (name === 'code' && code) return code;
  return String(example ?? name);
}

/**
 * Each operation of spec/openapi.yaml, in the spec's order, answers its 200 with the example body
 * of its request: a path parameter from the e-mail that carries it (signup's verification,
 * the reset request's key); a secured operation with Jane's sign-in token, and
 * signinWithCustomToken with a custom token the control API mints for the fixtures' project.
 */
async function tiledeskOperations(t: Test, url: string): Promise<void> {
  const doc = await spec();
  const signin = await send(url, '/auth/signin', {
    email: 'jane.doe@example.com',
    password: 'janepassword',
  });
  const janeToken = (signin.body as { token: string }).token;
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of ['get', 'post', 'put', 'delete', 'patch'] as const) {
      const op = item?.[method] as OpenAPIV3.OperationObject | undefined;
      if (!op?.operationId) continue;
      let body = (op.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content[
        'application/json'
      ]?.example;
      // The reset puts Jane's password back as it was: changePassword's example expects it.
      if (op.operationId === 'resetPassword') body = { password: 'janepassword' };
      const secured = (op.security ?? doc.security ?? []).length > 0;
      const headers: Record<string, string> = {};
      if (op.operationId === 'signinWithCustomToken') {
        const minted = await send(url, '/__emulator/custom-tokens', { projectId: PROJECT_ID });
        headers.authorization = (minted.body as { token: string }).token;
      } else if (secured) {
        headers.authorization = janeToken;
      }
      const parameters = [
        ...(item?.parameters ?? []),
        ...(op.parameters ?? []),
      ] as OpenAPIV3.ParameterObject[];
      let concrete = path;
      for (const [, name] of path.matchAll(/\{(\w+)\}/g)) {
        const example = parameters.find((p) => p.name === name)?.example;
        concrete = concrete.replace(
          `{${name}}`,
          await parameterValue(url, name as string, example),
        );
      }
      const res = await send(url, concrete, body, {
        method: method.toUpperCase() as 'GET' | 'POST',
        headers,
      });
      t.equal(res.status, 200, `${op.operationId}: ${method.toUpperCase()} ${concrete}`);
      await matchesSpec(t, res, op.operationId);
    }
  }
}

async function documents(t: Test, url: string): Promise<void> {
  const json = await send(url, '/openapi.json', undefined, get);
  t.equal(json.status, 200, '/openapi.json');
  t.match(json.body, { openapi: /^3\./, paths: { '/auth/signin': {} } });
  t.match(json.body, { servers: [{ url }] }, 'lists this emulator first');
  const yaml = await send(url, '/openapi.yaml', undefined, get);
  t.equal(yaml.status, 200, '/openapi.yaml');
  t.match(yaml.contentType, /^application\/yaml/);
  t.match(yaml.text, /^openapi: 3\./m);
  const redirect = await send(url, '/docs', undefined, get);
  t.equal(redirect.status, 302, '/docs redirects');
  t.equal(redirect.headers.location, '/docs/');
  const page = await send(url, '/docs/', undefined, get);
  t.equal(page.status, 200, '/docs/');
  t.match(page.contentType, /^text\/html/);
  const assets = [...page.text.matchAll(/(?:href|src)="(\/docs\/static\/[^"]+)"/g)];
  t.ok(assets.length >= 3, 'the page loads its Swagger UI assets from the emulator');
  for (const [, asset] of assets) {
    const res = await send(url, asset as string, undefined, get);
    t.equal(res.status, 200, String(asset));
  }
}

/** A server-sent event stream (it stays open): its status, type and first line, then close. */
async function firstEvent(t: Test, url: string, path: string): Promise<void> {
  const res = await request(`${url}${path}`);
  t.equal(res.statusCode, 200, `GET ${path}`);
  t.match(res.headers['content-type'], /^text\/event-stream/);
  for await (const chunk of res.body) {
    t.match(chunk.toString('utf8'), /^: connected\n/);
    break;
  }
}

/** The web UI's page, and every file it loads, from the package's ui/. */
async function webUi(t: Test, url: string): Promise<void> {
  const page = await send(url, '/__emulator/ui', undefined, get);
  t.equal(page.status, 200, '/__emulator/ui');
  t.match(page.contentType, /^text\/html/);
  const assets = [...page.text.matchAll(/(?:href|src)="(\/__emulator\/ui\/[^"]+)"/g)];
  t.equal(assets.length, 3, 'the page loads its icon, style and script from the emulator');
  for (const [, asset] of assets) {
    const res = await send(url, asset as string, undefined, get);
    t.equal(res.status, 200, String(asset));
  }
}

/**
 * Each operation of the control API, with the example body of its request, if any, and the
 * examples of its path parameters: what creates first, then what deletes one thing, then what
 * deletes them all (so that `DELETE /faults/{id}` finds the fault `POST /faults` armed).
 */
async function controlOperations(t: Test, url: string): Promise<void> {
  const doc = await spec('control');
  const calls = Object.entries(doc.paths).flatMap(([template, item]) =>
    (['get', 'post', 'put', 'delete', 'patch'] as const).map((method) => {
      const parameters = (item?.parameters ?? []) as OpenAPIV3.ParameterObject[];
      const path = template.replace(/\{(\w+)\}/g, (_match, name: string) =>
        String(parameters.find((p) => p.name === name)?.example ?? name),
      );
      const phase = method !== 'delete' ? 0 : path === template ? 2 : 1;
      return { path, method, phase, op: item?.[method] as OpenAPIV3.OperationObject | undefined };
    }),
  );
  calls.sort((a, b) => a.phase - b.phase);
  // The namespace the spec's example names exists once a request has used it.
  await send(url, '/__emulator/health', undefined, {
    method: 'GET',
    headers: { 'x-emulator-namespace': 'worker-1' },
  });
  for (const { path, method, op } of calls) {
    if (!op?.operationId) continue;
    const ok = op.responses['200'] as OpenAPIV3.ResponseObject | undefined;
    if (ok?.content?.['text/event-stream']) {
      await firstEvent(t, url, path);
      continue;
    }
    // A call that changes state is JSON, with the spec's example or an empty object.
    const example = (op.requestBody as OpenAPIV3.RequestBodyObject | undefined)?.content[
      'application/json'
    ]?.example;
    const body = method === 'get' ? undefined : (example ?? {});
    const res = await send(url, path, body, {
      method: method.toUpperCase() as 'GET' | 'POST' | 'DELETE',
    });
    t.ok(res.status >= 200 && res.status < 300, `${method.toUpperCase()} ${path}`, {
      status: res.status,
      body: res.text,
    });
    await matchesSpec(t, res, op.operationId, 'control');
  }
}

export async function checkEveryRoute(t: Test, url: string): Promise<void> {
  await t.test('each operation of spec/openapi.yaml', (t) => tiledeskOperations(t, url));
  await t.test('/openapi.json, /openapi.yaml and /docs with its assets', (t) => documents(t, url));
  await t.test('each operation of spec/control.yaml', (t) => controlOperations(t, url));
  await t.test('the web UI and its files', (t) => webUi(t, url));
}
