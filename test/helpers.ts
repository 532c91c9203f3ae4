/**
 * Test helpers: a real emulator on port 0, requests over real HTTP (undici), and a check of
 * every response against the OpenAPI document, independent of Fastify's serializer.
 */
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { Ajv, type ValidateFunction } from 'ajv';
import type { OpenAPIV3 } from 'openapi-types';
import type { Test } from 'tap';
import { request } from 'undici';
import isEmailModule from 'validator/lib/isEmail.js';
import {
  DEFAULT_CONTROL_SPEC_FILE,
  DEFAULT_FIXTURES_FILE,
  DEFAULT_SPEC_FILE,
  type Options,
  resolveConfig,
} from '../src/config.js';
import { loadFixtures } from '../src/emulator/fixtures.js';
import { dereferencedFile, sha256 } from '../src/openapi.js';
import { type Emulator, type Running, startEmulator, startFromConfig } from '../src/server.js';
import { type Change, replay } from '../src/store/file.js';
import type { Data, ProjectUserRecord } from '../src/store/records.js';

export type { Test };

/** The bundled fixtures' credentials, as the README lists them. */
export const JANE = { email: 'jane.doe@example.com', password: 'janepassword' };
export const ADMIN = { email: 'admin@tiledesk.com', password: 'adminadmin' };
export const SUSPENDED = { email: 'suspended@example.com', password: 'suspendedpassword' };
export const PROJECT_ID = '65f0b0000000000000000001';
export const PROJECT_SECRET = '3f9e2c1a-7b4d-4e8f-9a6b-5c2d1e0f8a7b';

/** Starts an emulator (in memory, port 0, silent) closed when the test ends. */
export async function emulator(t: Test, options: Options = {}): Promise<Emulator> {
  const started = await startEmulator(options);
  t.teardown(() => started.close());
  return started;
}

/**
 * An emulator with what the public handle keeps inside (its store, app and config), for the few
 * tests that check what no API answers: a password's hash, a crash without a flush.
 */
export async function internals(t: Test, options: Options = {}): Promise<Running> {
  const started = await startFromConfig(resolveConfig(options, {}, 'api'));
  t.teardown(() => started.emulator.close());
  return started;
}

/** A user as the control API lists it (GET /__emulator/users), by e-mail or _id. */
export async function findUser(emu: Emulator, email: string) {
  return (await emu.tools.listUsers()).find((user) => user.email === email);
}
export async function findUserById(emu: Emulator, id: string) {
  return (await emu.tools.listUsers()).find((user) => user._id === id);
}

/** The first project_user of a project with this uuid_user (or id_user), as findOne. */
export async function findProjectUser(
  emu: Emulator,
  { id_project, uuid_user, id_user }: { id_project: string; uuid_user?: string; id_user?: string },
) {
  const members = await emu.tools.listProjectUsers({ query: { id_project } });
  return members.find((pu) =>
    uuid_user !== undefined ? pu.uuid_user === uuid_user : pu.id_user === id_user,
  );
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  contentType: string | undefined;
  text: string;
  /** The parsed JSON body, or undefined when the body is not JSON. */
  body: unknown;
}

export interface SendOptions {
  headers?: Record<string, string>;
  /** Send the body form-encoded instead of JSON. */
  form?: boolean;
  /** Send this string as the body, as it is. */
  raw?: string;
  method?: 'POST' | 'GET' | 'PUT' | 'DELETE' | 'OPTIONS';
}

export async function send(
  base: string,
  path: string,
  body?: unknown,
  options: SendOptions = {},
): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  let payload: string | undefined = options.raw;
  if (payload === undefined && body !== undefined) {
    if (options.form) {
      payload = new URLSearchParams(body as Record<string, string>).toString();
      headers['content-type'] ??= 'application/x-www-form-urlencoded';
    } else {
      payload = JSON.stringify(body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const res = await request(`${base}${path}`, {
    method: options.method ?? 'POST',
    headers,
    body: payload,
  });
  const text = await res.body.text();
  const contentType = res.headers['content-type'] as string | undefined;
  let parsed: unknown;
  if (contentType?.includes('json')) parsed = JSON.parse(text);
  return { status: res.statusCode, headers: res.headers, contentType, text, body: parsed };
}

// ---- the response contract -------------------------------------------------------------

export type Api = 'tiledesk' | 'control';
const specPromises = new Map<Api, Promise<OpenAPIV3.Document>>();
/** The dereferenced document: the Tiledesk API's, or the control API's. */
export function spec(api: Api = 'tiledesk'): Promise<OpenAPIV3.Document> {
  let promise = specPromises.get(api);
  if (!promise) {
    const file = api === 'tiledesk' ? DEFAULT_SPEC_FILE : DEFAULT_CONTROL_SPEC_FILE;
    promise = dereferenced(file);
    specPromises.set(api, promise);
  }
  return promise;
}

/**
 * A spec dereferenced by swagger-parser: the JSON that `npm run gen:types` wrote with it
 * (test/unit/spec.test.ts fails when that is not swagger-parser's output of the current YAML),
 * or swagger-parser itself when the JSON is stale. Reading the JSON spares each test process
 * loading swagger-parser and dereferencing, about 0.2 s of CPU.
 */
async function dereferenced(file: string): Promise<OpenAPIV3.Document> {
  const [text, generated] = await Promise.all([
    readFile(file, 'utf8'),
    readFile(dereferencedFile(file), 'utf8').then((json) => JSON.parse(json)),
  ]);
  if (generated.sha256 === sha256(text)) return generated.document;
  const { default: SwaggerParser } = await import('@apidevtools/swagger-parser');
  return (await SwaggerParser.dereference(file)) as OpenAPIV3.Document;
}

const isEmail = isEmailModule.default;
const ajv = new Ajv({
  allErrors: true,
  strict: false,
  formats: {
    email: (v: string) => isEmail(v),
    'date-time': (v: string) => !Number.isNaN(Date.parse(v)) && /^\d{4}-\d\d-\d\dT/.test(v),
  },
});
/** Compiled once per schema text: a schema the spec reuses is one copy per use in the JSON. */
const validators = new Map<string, ValidateFunction>();

function validatorFor(schema: object): ValidateFunction {
  const key = JSON.stringify(schema);
  let validate = validators.get(key);
  if (!validate) {
    validate = ajv.compile(schema);
    validators.set(key, validate);
  }
  return validate;
}

export async function findOperation(
  operationId: string,
  api: Api = 'tiledesk',
): Promise<OpenAPIV3.OperationObject> {
  const doc = await spec(api);
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item ?? {})) {
      if ((op as OpenAPIV3.OperationObject)?.operationId === operationId) {
        return op as OpenAPIV3.OperationObject;
      }
    }
  }
  throw new Error(`no operation ${operationId} in the spec`);
}

/**
 * Fails unless the response's status is declared for the operation, its media type is one
 * the spec declares for that status, and its body matches that media type's schema.
 */
export async function matchesSpec(
  t: Test,
  res: Response,
  operationId: string,
  api: Api = 'tiledesk',
): Promise<void> {
  const op = await findOperation(operationId, api);
  const declared = op.responses[String(res.status)] as OpenAPIV3.ResponseObject | undefined;
  if (!declared) {
    t.fail(`${operationId}: status ${res.status} is not declared in the spec`, { body: res.text });
    return;
  }
  // A body without a Content-Type (passport's res.end('Unauthorized')) is plain text.
  const media =
    res.contentType === undefined && res.text !== ''
      ? 'text/plain'
      : ((res.contentType ?? '').split(';')[0]?.trim() ?? '');
  if (!declared.content && res.text === '') {
    t.ok(true, `${operationId} ${res.status} has no body, as declared`);
    return;
  }
  const content = declared.content?.[media];
  if (!content) {
    t.fail(`${operationId} ${res.status}: media type "${media}" is not declared`, {
      declared: Object.keys(declared.content ?? {}),
    });
    return;
  }
  if (!content.schema) {
    // Every declared body has a schema (text/plain ones too), so that every answer is checked.
    t.fail(`${operationId} ${res.status}: media type "${media}" is declared without a schema`);
    return;
  }
  const value = media.includes('json') ? res.body : res.text;
  const validate = validatorFor(content.schema);
  if (validate(value)) {
    t.ok(true, `${operationId} ${res.status} matches the spec`);
  } else {
    t.fail(`${operationId} ${res.status}: the body does not match the spec`, {
      errors: validate.errors,
      body: value,
    });
  }
}

/** A server token as the answers carry it: `JWT ` and one compact JWS, nothing before or after. */
export const JWT_TOKEN = /^JWT [\w-]+\.[\w-]+\.[\w-]+$/;

/**
 * Decodes a compact JWS, or a `JWT <compact JWS>` string, without verifying it. Anything else
 * (a doubled `JWT JWT `, a trailing space) throws, so a token is never checked by substring.
 */
export function decodeToken(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
} {
  const compact = /^(?:JWT )?([\w-]+\.[\w-]+\.[\w-]*)$/.exec(token)?.[1];
  if (compact === undefined) throw new Error(`not a JWT: ${JSON.stringify(token.slice(0, 60))}`);
  const [header, payload] = compact.split('.');
  const decode = (part: string | undefined) =>
    JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload) };
}

/**
 * What the store holds on disk: its snapshot with its change log replayed, as a restart reads
 * it (a logged reset puts `seed` back: the bundled fixtures unless told otherwise).
 */
export async function onDisk(file: string, seed?: Data): Promise<Data> {
  const data = JSON.parse(await readFile(file, 'utf8')) as Data;
  const log = await readFile(`${file}.log`, 'utf8').catch(() => '');
  const changes = log.split('\n').filter((line) => line !== '');
  const fixtures =
    seed ??
    (
      await loadFixtures(DEFAULT_FIXTURES_FILE, {
        config: { bcryptCost: 4, now: () => new Date() },
      })
    ).data;
  replay(
    data,
    changes.map((line) => JSON.parse(line) as Change),
    fixtures,
  );
  return data;
}

/** Guest number `i` of the fixture project, as signinAnonymously makes them: distinct, repeatable. */
export function guest(i: number): ProjectUserRecord {
  const hex = i.toString(16).padStart(12, '0');
  const uuid = `b3nc0000-0000-4000-8000-${hex}`;
  const at = '2026-01-15T09:00:00.000Z';
  return {
    _id: `66000000${hex}0000`,
    id_project: PROJECT_ID,
    uuid_user: uuid,
    role: 'guest',
    roleType: 2,
    user_available: true,
    status: 'active',
    number_assigned_requests: 0,
    trashed: false,
    createdBy: uuid,
    updatedBy: uuid,
    last_login_at: at,
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
}

/** A copy of `seed` plus `count` guests. */
export function withGuests(seed: Data, count: number): Data {
  const data = structuredClone(seed);
  for (let i = 0; i < count; i++) data.project_users.push(guest(i));
  return data;
}

/**
 * A POST over a raw socket (see rawExchange), its answer parsed as send() would give it: for
 * bodies the server refuses (413) before they are all sent, which undici, still writing, may
 * report as EPIPE instead of the answer.
 */
export async function postRaw(
  url: string,
  path: string,
  body: unknown,
  type = 'application/json',
): Promise<Response> {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  const answer = await rawExchange(
    url,
    `POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${type}\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
  const [head = '', payload = ''] = answer.split('\r\n\r\n');
  const status = Number(/^HTTP\/1\.1 (\d+)/.exec(head)?.[1]);
  const headers = Object.fromEntries(
    head
      .split('\r\n')
      .slice(1)
      .map((line) => [
        line.slice(0, line.indexOf(':')).toLowerCase(),
        line.slice(line.indexOf(':') + 1).trim(),
      ]),
  );
  const contentType = headers['content-type'] as string | undefined;
  return {
    status,
    headers,
    contentType,
    text: payload,
    body: contentType?.includes('json') ? JSON.parse(payload) : undefined,
  };
}

/** Sends raw bytes on a new connection and resolves with everything received until it closes. */
export function rawExchange(url: string, text: string): Promise<string> {
  const port = Number(new URL(url).port);
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (data: string) => {
      received += data;
    });
    socket.on('error', () => undefined); // EPIPE/ECONNRESET once the server has answered
    socket.on('close', () => resolve(received));
    socket.setTimeout(10_000, () => socket.destroy());
    socket.end(text);
  });
}
