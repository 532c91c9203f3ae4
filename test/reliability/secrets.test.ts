/**
 * No secret leaks: every kind of request (the four operations, their errors, the control API,
 * custom tokens) against the CLI logging at `trace`, then no password, bcrypt hash, jwtSecret,
 * global secret, control token or private key may appear in any log line, response body or
 * response header, even in part; tokens sent in `Authorization` (or `?secret_token=`) appear
 * in no log line and nowhere in the request journal.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import t from 'tap';
import { request } from 'undici';
import { ADMIN, JANE, PROJECT_ID, PROJECT_SECRET, type Test } from '../helpers.js';
import { type Cli, startCli } from './cli.js';

/** Random secrets, so that no part of one can appear anywhere by chance. */
const secret = (prefix: string) => `${prefix}${randomBytes(12).toString('base64url')}`;
const GLOBAL_SECRET = secret('gs-');
const CONTROL_TOKEN = secret('ct-');
const SIGNUP_PASSWORD = secret('sp-');
const SEED_PASSWORD = secret('sd-');
const WRONG_PASSWORD = secret('wp-');
const SEED_PROJECT_SECRET = secret('ps-');
const SEED_PROJECT = '65f0b0000000000000000077';
/** A bcrypt hash in any form: `$2a$`, `$2b$`, `$2y$`, whatever its cost. */
const BCRYPT = /\$2[aby]\$\d\d\$/;

interface Exchange {
  label: string;
  status: number;
  /** The response's headers and body, as one text. */
  text: string;
}

/** Words that a fixture password contains and every log has. */
const COMMON = new Set(['password']);

/**
 * Every substring of `text` of `size` characters: a leak of part of a secret is a leak (V8's
 * JSON errors, for one, quote ten characters of the body).
 */
function windows(text: string, size = 8): string[] {
  if (text.length <= size) return [text];
  return Array.from({ length: text.length - size + 1 }, (_, i) => text.slice(i, i + size)).filter(
    (w) => !COMMON.has(w),
  );
}

function leaks(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets)) {
    const part = windows(value).find((w) => text.includes(w));
    if (part !== undefined) found.push(`${name} (…${part}…)`);
  }
  if (BCRYPT.test(text)) found.push('a bcrypt hash');
  return found;
}

class Client {
  readonly exchanges: Exchange[] = [];
  readonly sentTokens: string[] = [];
  readonly url: string;
  constructor(url: string) {
    this.url = url;
  }

  async call(
    label: string,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    options: { json?: unknown; raw?: string; form?: string; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; body: unknown }> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(options.json);
    } else if (options.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.raw;
    } else if (options.form !== undefined) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = options.form;
    }
    if (headers.authorization?.startsWith('JWT ')) this.sentTokens.push(headers.authorization);
    const res = await request(`${this.url}${path}`, { method, headers, body });
    const text = await res.body.text();
    this.exchanges.push({
      label,
      status: res.statusCode,
      text: `${JSON.stringify(res.headers)}\n${text}`,
    });
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // text/plain and HTML bodies stay text
    }
    return { status: res.statusCode, body: parsed };
  }

  control(label: string, method: 'GET' | 'POST' | 'DELETE', path: string, json?: unknown) {
    return this.call(label, method, path, {
      ...(json !== undefined && { json }),
      headers: { authorization: `Bearer ${CONTROL_TOKEN}` },
    });
  }
}

/** The whole suite's kinds of request, successes and failures. */
async function exercise(client: Client): Promise<void> {
  const auth = (path: string) => `/auth/${path}`;
  // signin
  await client.call('signin jane', 'POST', auth('signin'), { json: JANE });
  await client.call('signin admin', 'POST', auth('signin'), { json: ADMIN });
  await client.call('signin /v2 form', 'POST', `/v2${auth('signin')}`, {
    form: new URLSearchParams(JANE).toString(),
  });
  await client.call('signin wrong password', 'POST', auth('signin'), {
    json: { email: JANE.email, password: WRONG_PASSWORD },
  });
  await client.call('signin unknown user', 'POST', auth('signin'), {
    json: { email: 'nobody@example.com', password: WRONG_PASSWORD },
  });
  await client.call('signin suspended', 'POST', auth('signin'), {
    json: { email: 'suspended@example.com', password: 'suspendedpassword' },
  });
  await client.call('signin 422 invalid e-mail', 'POST', auth('signin'), {
    json: { email: 'not-an-email', password: WRONG_PASSWORD },
  });
  await client.call('signin falsy password', 'POST', auth('signin'), {
    json: { email: JANE.email, password: 0 },
  });
  await client.call('signin truncated JSON', 'POST', auth('signin'), {
    raw: `{"email":"${JANE.email}","password":"${WRONG_PASSWORD}`,
  });
  await client.call('signin unquoted password (malformed JSON)', 'POST', auth('signin'), {
    raw: `{"email":"${JANE.email}","password":${WRONG_PASSWORD}}`,
  });
  // signup
  await client.call('signup', 'POST', auth('signup'), {
    json: {
      email: 'secret.keeper@example.com',
      password: SIGNUP_PASSWORD,
      firstname: 'S',
      lastname: 'K',
    },
  });
  await client.call('signin the new user', 'POST', auth('signin'), {
    json: { email: 'secret.keeper@example.com', password: SIGNUP_PASSWORD },
  });
  await client.call('signup again (403)', 'POST', auth('signup'), {
    json: {
      email: 'secret.keeper@example.com',
      password: SIGNUP_PASSWORD,
      firstname: 'S',
      lastname: 'K',
    },
  });
  await client.call('signup bad phone (500)', 'POST', auth('signup'), {
    json: {
      email: 'phone@example.com',
      password: SIGNUP_PASSWORD,
      firstname: 'P',
      lastname: 'H',
      phone: 'nope',
    },
  });
  await client.call('signup without password', 'POST', auth('signup'), {
    json: { email: 'nopw@example.com', firstname: 'N', lastname: 'P' },
  });
  await client.call('signup 422', 'POST', auth('signup'), {
    json: { email: 'bad', password: SIGNUP_PASSWORD },
  });
  const adminSignin = await client.call('signin admin for a token', 'POST', auth('signin'), {
    json: ADMIN,
  });
  const adminToken = (adminSignin.body as { token?: string }).token ?? '';
  await client.call('signup with an admin token', 'POST', auth('signup'), {
    json: {
      email: 'by.admin@example.com',
      password: SIGNUP_PASSWORD,
      firstname: 'B',
      lastname: 'A',
    },
    headers: { authorization: adminToken },
  });
  await client.call('signup with a bad token', 'POST', auth('signup'), {
    json: {
      email: 'bad.token@example.com',
      password: SIGNUP_PASSWORD,
      firstname: 'B',
      lastname: 'T',
    },
    headers: { authorization: 'JWT eyJhbGciOiJIUzI1NiJ9.e30.bad' },
  });
  // signinAnonymously
  await client.call('anonymous', 'POST', auth('signinAnonymously'), {
    json: { id_project: PROJECT_ID, firstname: 'Guest', attributes: { plan: 'pro' } },
  });
  await client.call('anonymous bad project', 'POST', auth('signinAnonymously'), {
    json: { id_project: 'nope' },
  });
  await client.call('anonymous 422', 'POST', auth('signinAnonymously'), { json: {} });
  // control API, custom tokens
  await client.control('health', 'GET', '/__emulator/health');
  await client.control('seed', 'POST', '/__emulator/seed', {
    users: [{ email: 'seeded@example.com', password: SEED_PASSWORD, firstname: 'Seed' }],
    projects: [{ _id: SEED_PROJECT, name: 'Seeded', jwtSecret: SEED_PROJECT_SECRET }],
  });
  await client.control('seed conflict', 'POST', '/__emulator/seed', {
    users: [{ email: 'seeded@example.com', password: SEED_PASSWORD }],
  });
  await client.control('seed 400', 'POST', '/__emulator/seed', {
    users: [{ email: 'bad', password: SEED_PASSWORD }],
  });
  await client.call('signin the seeded user', 'POST', auth('signin'), {
    json: { email: 'seeded@example.com', password: SEED_PASSWORD },
  });
  await client.call('control without its token', 'GET', '/__emulator/users');
  await client.call('control with a wrong token', 'GET', '/__emulator/users', {
    headers: { authorization: `Bearer ${CONTROL_TOKEN}x` },
  });
  for (const [projectId, role, claims] of [
    [PROJECT_ID, 'user', { _id: 'ext-secret-1', firstname: 'Ext' }],
    [PROJECT_ID, 'agent', { _id: 'ext-secret-2', email: 'agent@example.com', firstname: 'Ag' }],
    [SEED_PROJECT, 'user', { _id: 'ext-secret-3' }],
  ] as const) {
    const minted = await client.control(
      `mint ${role} ${projectId}`,
      'POST',
      '/__emulator/custom-tokens',
      {
        projectId,
        claims: { ...claims, role },
      },
    );
    const token = (minted.body as { token?: string }).token ?? '';
    await client.call(`custom token ${role} ${projectId}`, 'POST', auth('signinWithCustomToken'), {
      headers: { authorization: token },
    });
    await client.call(`custom token ${role} again`, 'POST', auth('signinWithCustomToken'), {
      headers: { authorization: token },
    });
    // The same token in the query string (passport's secret_token) too.
    await client.call(
      `custom token ${role} in the query`,
      'POST',
      `${auth('signinWithCustomToken')}?secret_token=${token.slice(4)}`,
      { headers: { authorization: token } },
    );
  }
  await client.control('mint 404', 'POST', '/__emulator/custom-tokens', {
    projectId: '65f0b00000000000000000ff',
  });
  await client.call('custom token bad signature', 'POST', auth('signinWithCustomToken'), {
    headers: {
      authorization: `JWT ${adminToken.slice(4, -4)}AAAA`,
    },
  });
  await client.call('custom token server token echoed', 'POST', auth('signinWithCustomToken'), {
    headers: { authorization: adminToken },
  });
  await client.call('custom token missing', 'POST', auth('signinWithCustomToken'));
  await client.call('custom token Bearer', 'POST', auth('signinWithCustomToken'), {
    headers: { authorization: `Bearer ${adminToken.slice(4)}` },
  });
  await client.call('steered 401', 'POST', auth('signin'), {
    json: JANE,
    headers: { prefer: 'code=401, example=wrongPassword' },
  });
  await client.call('unknown route', 'POST', '/auth/nope', { json: JANE });
  for (const path of ['users', 'projects', 'project-users', 'requests']) {
    await client.control(`list ${path}`, 'GET', `/__emulator/${path}`);
  }
}

function assertNoLeaks(
  t: Test,
  cli: Cli,
  client: Client,
  secrets: Record<string, string>,
  journal: string,
): void {
  const logLines = `${cli.stdout()}\n${cli.stderr()}`.split('\n').filter(Boolean);
  t.ok(logLines.length > 20, `${logLines.length} log lines were captured`);
  for (const exchange of client.exchanges) {
    const found = leaks(exchange.text, secrets);
    t.strictSame(found, [], `response to "${exchange.label}" (${exchange.status}) leaks nothing`, {
      response: found.length > 0 ? exchange.text.slice(0, 1_500) : undefined,
    });
  }
  const leakingLines = logLines
    .map((line) => ({ line, found: leaks(line, secrets) }))
    .filter(({ found }) => found.length > 0);
  t.strictSame(
    leakingLines.map(({ found }) => found.join(', ')),
    [],
    'no log line leaks a secret',
    { lines: leakingLines.slice(0, 5).map(({ line }) => line.slice(0, 1_000)) },
  );
  // Tokens sent by clients are credentials too: not in the logs, not in the journal.
  const tokens = Object.fromEntries(
    [...new Set(client.sentTokens)].map((token, i) => [`Authorization token ${i}`, token.slice(4)]),
  );
  const tokenLines = logLines.filter((line) => leaks(line, tokens).length > 0);
  t.strictSame(
    tokenLines.map((line) => line.slice(0, 300)),
    [],
    'no log line holds a token sent in Authorization or ?secret_token=',
  );
  t.strictSame(
    leaks(journal, { ...secrets, ...tokens }),
    [],
    'the journal holds no secret and no token sent',
  );
}

t.test('trace logging, HS256: no secret in any log line or response', async (t) => {
  const cli = await startCli(['--port', '0', '--in-memory'], {
    LOG_LEVEL: 'trace',
    GLOBAL_SECRET,
    CONTROL_TOKEN,
  });
  t.teardown(() => cli.kill());
  const client = new Client(cli.url);
  await exercise(client);
  const journal = await client.control('journal', 'GET', '/__emulator/requests');
  const journalText = JSON.stringify(journal.body);
  t.ok((journal.body as unknown[]).length > 20, 'the journal recorded the requests');
  t.match(journalText, /"password":"\[redacted\]"/, 'passwords are redacted in the journal');
  t.match(
    journalText,
    /secret_token=%5Bredacted%5D|secret_token=\[redacted\]/,
    'so is ?secret_token=',
  );
  cli.child.kill('SIGTERM');
  await cli.exited;
  assertNoLeaks(
    t,
    cli,
    client,
    {
      'the password janepassword': JANE.password,
      'the password adminadmin': ADMIN.password,
      'a signup password': SIGNUP_PASSWORD,
      'a seeded plain password': SEED_PASSWORD,
      'a wrong password': WRONG_PASSWORD,
      "the fixture project's jwtSecret": PROJECT_SECRET,
      "a seeded project's jwtSecret": SEED_PROJECT_SECRET,
      GLOBAL_SECRET: GLOBAL_SECRET,
      'the control token': CONTROL_TOKEN,
    },
    journalText,
  );
});

t.test('trace logging, RS256: the private key appears nowhere', async (t) => {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const cli = await startCli(['--port', '0', '--in-memory'], {
    LOG_LEVEL: 'trace',
    CONTROL_TOKEN,
    GLOBAL_SECRET_ALGORITHM: 'RS256',
    // As a .env holds it: one line, literal \n.
    GLOBAL_SECRET_OR_PRIVATE_KEY: privateKey.replace(/\n/g, '\\n'),
    GLOBAL_SECRET_OR_PUB_KEY: publicKey.replace(/\n/g, '\\n'),
  });
  t.teardown(() => cli.kill());
  const client = new Client(cli.url);
  await exercise(client);
  const signin = client.exchanges.find((e) => e.label === 'signin jane');
  t.equal(signin?.status, 200, 'signin works with RS256');
  const journal = await client.control('journal', 'GET', '/__emulator/requests');
  cli.child.kill('SIGTERM');
  await cli.exited;
  const keyBody = privateKey.replace(/-----[A-Z ]+-----|\s/g, '');
  assertNoLeaks(
    t,
    cli,
    client,
    {
      'the private key': keyBody,
      'the private key header': 'PRIVATE KEY',
      'the password janepassword': JANE.password,
      'a signup password': SIGNUP_PASSWORD,
      'the control token': CONTROL_TOKEN,
    },
    JSON.stringify(journal.body),
  );
});

t.test('a password of the wrong type is never echoed back', async (t) => {
  const cli = await startCli(['--port', '0', '--in-memory'], { LOG_LEVEL: 'trace' });
  t.teardown(() => cli.kill());
  const client = new Client(cli.url);
  for (const password of [[WRONG_PASSWORD], { value: WRONG_PASSWORD }]) {
    const res = await client.call('signin, password not a scalar', 'POST', '/auth/signin', {
      json: { email: JANE.email, password },
    });
    // As the real server: validation sees String(value) and passes; bcrypt cannot compare.
    t.equal(res.status, 401, `password ${JSON.stringify(password)}: 401 Wrong password`);
  }
  cli.child.kill('SIGTERM');
  await cli.exited;
  for (const exchange of client.exchanges) {
    t.strictSame(leaks(exchange.text, { 'a wrong password': WRONG_PASSWORD }), [], exchange.label);
  }
});
