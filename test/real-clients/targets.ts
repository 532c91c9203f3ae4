/**
 * The two APIs each scenario runs against: the emulator, started through its CLI (dist/bin.js),
 * and the real Tiledesk server when the tier's script started one (REAL_TILEDESK_BASE, with
 * REAL_TILEDESK_MAIL the folder its SMTP sink writes to). Without a real server the comparison
 * is skipped, unless REQUIRE_REAL_TILEDESK=1 (set in CI), where its absence fails the run.
 */
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import t from 'tap';
import { request } from 'undici';
import type { Test } from '../helpers.js';
import { BIN, sleep, startCli } from '../reliability/cli.js';

export interface Target {
  name: 'emulator' | 'real server';
  /** The API base, with its trailing slash, as the clients' config files want it. */
  api: string;
  /** The first match of `pattern` in the latest e-mail sent to `to` that has one (polled). */
  mailed(to: string, pattern: RegExp): Promise<RegExpExecArray>;
}

export interface EmulatorTarget extends Target {
  name: 'emulator';
  /** The emulator's URL, for its control API. */
  url: string;
  /** The paths its OpenAPI document serves, and `/__emulator/outbox` when it has one. */
  serves: Set<string>;
}

/** How long an e-mail may take: both servers send it after answering, as the real one does. */
const MAIL_WAIT_MS = 10_000;

async function poll<T>(what: string, find: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + MAIL_WAIT_MS;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`no ${what} within ${MAIL_WAIT_MS} ms`);
    await sleep(200);
  }
}

/** Starts `node dist/bin.js --port 0 --in-memory` (the bundled fixtures), killed at the end. */
export async function startEmulatorTarget(t: Test): Promise<EmulatorTarget> {
  const cli = await startCli(['--port', '0', '--in-memory', '--log-level', 'warn']);
  t.teardown(() => cli.kill());
  const spec = (await (await request(`${cli.url}/openapi.json`)).body.json()) as {
    paths: Record<string, unknown>;
  };
  const serves = new Set(Object.keys(spec.paths));
  const outbox = await request(`${cli.url}/__emulator/outbox`);
  await outbox.body.dump();
  if (outbox.statusCode === 200) serves.add('/__emulator/outbox');
  return {
    name: 'emulator',
    url: cli.url,
    api: `${cli.url}/`,
    serves,
    mailed: (to, pattern) =>
      poll(`e-mail to ${to} in the outbox matching ${pattern}`, async () => {
        const res = await request(`${cli.url}/__emulator/outbox?to=${encodeURIComponent(to)}`);
        const mails = (await res.body.json()) as unknown[];
        for (const mail of mails.reverse()) {
          const match = pattern.exec(JSON.stringify(mail));
          if (match) return match;
        }
        return undefined;
      }),
  };
}

const REAL_BASE = process.env.REAL_TILEDESK_BASE;
const REAL_MAIL = process.env.REAL_TILEDESK_MAIL;
if (!REAL_BASE && process.env.REQUIRE_REAL_TILEDESK === '1') {
  t.fail(
    'REQUIRE_REAL_TILEDESK=1 but REAL_TILEDESK_BASE is not set (npm run test:real-clients starts the real server)',
  );
}

/** The `skip` option of a comparison with the real server: a reason when there is none. */
export const skipReal = REAL_BASE
  ? false
  : 'no real Tiledesk server (REAL_TILEDESK_BASE unset; npm run test:real-clients starts one from ../shared/real-tiledesk)';

/** The real server the tier's script started, or undefined. */
export function realTarget(): Target | undefined {
  if (!REAL_BASE) return undefined;
  return {
    name: 'real server',
    api: `${REAL_BASE.replace(/\/$/, '')}/`,
    mailed: (to, pattern) =>
      poll(`e-mail to ${to} in ${REAL_MAIL} matching ${pattern}`, async () => {
        if (!REAL_MAIL)
          throw new Error('REAL_TILEDESK_MAIL is not set: no folder to read e-mails from');
        const names = (await readdir(REAL_MAIL)).filter((n) => n.endsWith('.json')).sort();
        for (const name of names.reverse()) {
          const mail = JSON.parse(await readFile(join(REAL_MAIL, name), 'utf8'));
          if (!JSON.stringify(mail.to).toLowerCase().includes(to.toLowerCase())) continue;
          const match = pattern.exec(`${mail.text}\n${mail.html}`);
          if (match) return match;
        }
        return undefined;
      }),
  };
}

/**
 * The issue a scenario waits for when the emulator does not serve one of `paths` yet: the
 * `todo` option of its emulator run (tap runs it and reports it, without failing the tier).
 */
export function waitsFor(emulator: EmulatorTarget, paths: readonly string[]): string | false {
  // Parameters by place, not name: `{key}` and `{resetpswrequestid}` are the same path.
  const shape = (path: string) => path.replace(/\{[^}]*\}/g, '{}');
  const served = new Set([...emulator.serves].map(shape));
  const missing = paths.filter((path) => !served.has(shape(path)));
  if (missing.length === 0) return false;
  return `waits for issue 25 (new auth endpoints + outbox): the emulator does not serve ${missing.join(', ')} yet`;
}

/** `JWT …` from the CLI's `mint-token`, signed with the fixtures' project secret. */
export async function mintToken(claims: Record<string, unknown>, role?: string): Promise<string> {
  const args = [BIN, 'mint-token', '--claims', JSON.stringify(claims)];
  if (role) args.push('--role', role);
  const { stdout } = await promisify(execFile)(process.execPath, args);
  return stdout.trim();
}

/** An e-mail address no earlier run used (the real server keeps its users between runs). */
export function freshEmail(label: string): string {
  return `${label}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@example.com`;
}

/** POST auth/signup over HTTP (a user that a scenario starts from, not what it checks). */
export async function signupOverApi(target: Target, email: string, password: string) {
  const res = await request(`${target.api}auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password, firstname: 'Rita', lastname: 'Reset' }),
  });
  const body = (await res.body.json()) as { user?: { _id: string } };
  if (res.statusCode !== 200 || !body.user) {
    throw new Error(
      `signup of ${email} on the ${target.name}: ${res.statusCode} ${JSON.stringify(body)}`,
    );
  }
  return body.user;
}
