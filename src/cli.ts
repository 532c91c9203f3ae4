/**
 * The command line: flags + environment → Config (config.ts does the resolving) → listen.
 * Prints one ready line on stdout; logs go to stderr. SIGINT/SIGTERM close gracefully; a
 * second signal exits at once.
 */
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { parseArgs, parseEnv } from 'node:util';
import {
  type Config,
  DEFAULT_CONTROL_SPEC_FILE,
  DEFAULT_DB_FILE,
  DEFAULT_SPEC_FILE,
  isLoopback,
  type LogLevel,
  type Options,
  resolveConfig,
} from './config.js';
import { mintTokenMain } from './emulator/mint-token.js';
import { loadSpec, type Operation } from './openapi.js';
import { type Running, startFromConfig } from './server.js';
import { version } from './version.js';

const NAME = 'tiledesk-auth-emulator';

/** `text` broken at its spaces into lines of at most `width` characters, each after `indent`. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.length - 1;
    if (last >= 0 && `${lines[last]} ${word}`.length <= width) lines[last] += ` ${word}`;
    else lines.push(word);
  }
  return lines.map((line) => indent + line).join('\n');
}

/**
 * The help text; `operations` is the bundled spec's operationIds, `control` the control API's
 * resources (its paths' first part under /__emulator), each comma-separated.
 */
export const usage = (operations: string, control: string) => `Usage: ${NAME} [options]
       ${NAME} mint-token [options]        print a custom token (see mint-token --help)
       ${NAME} conformance --target <url>  compare a Tiledesk server with the emulator

An emulator of the Tiledesk authentication REST API (${operations}),
driven by its bundled OpenAPI document.

Options (each has an environment variable; a flag wins over it):
  -p, --port <n>          port to listen on, 0 for any free port     PORT       (3000)
  -H, --host <addr>       interface to listen on                      HOST       (127.0.0.1)
      --db <file>         lowdb JSON store, seeded from the fixtures  DB_FILE    (./${DEFAULT_DB_FILE})
                          when it does not exist
      --in-memory         keep state in memory, no store file         DB_FILE=   (empty)
      --fixtures <file>   fixtures to seed from and reset to          FIXTURES_FILE (bundled)
      --base-path <p>     serve the operations under this prefix;     BASE_PATHS (/ /v2 /v3)
                          repeatable; "/" for the root
      --log-level <l>     fatal|error|warn|info|debug|trace|silent    LOG_LEVEL  (info)
      --bcrypt-cost <n>   bcrypt cost for new passwords (4-31)        BCRYPT_COST (4)
      --body-limit <size> request body limit, e.g. 500KB              JSON_BODY_LIMIT (500KB)
      --headers-timeout <ms>  time to send the headers (408 after)    HEADERS_TIMEOUT (10000)
      --request-timeout <ms>  time to send a whole request            REQUEST_TIMEOUT (30000)
      --max-connections <n>   connections served at once              MAX_CONNECTIONS (2000)
      --max-namespaces <n>    namespaces kept at once                 MAX_NAMESPACES (1000)
      --max-faults <n>        faults armed at once, per namespace     MAX_FAULTS (100)
      --max-verify-codes <n>  verification codes kept; oldest go first MAX_VERIFY_CODES (10000)
      --max-streams <n>       live-journal streams open at once       MAX_STREAMS (32)
      --journal-limit <size>  bytes all journals keep together        JOURNAL_LIMIT (32MB)
      --snapshot-limit <size> bytes all snapshots hold together       SNAPSHOT_LIMIT (64MB)
      --seed <n>          reproducible ObjectIds, uuids and jti            SEED (none)
      --import <file>     start from the records of an --export-on-exit file
      --export-on-exit <file>   write the store's records there when stopped
      --coverage-report <file>  write the contract coverage there when stopped
                          (.md Markdown, .xml JUnit, else JSON)
      --coverage-min <pct>      exit 1 when stopped below this coverage of the
                          declared answers (GET /__emulator/coverage)
      --env-file <f>      read variables from a .env file (a Tiledesk server's
                          works as it is); variables already set win
  -h, --help              print this help and exit
  -v, --version           print the version and exit

The control API (/__emulator):
      --control-token <t>       bearer token for it; also turns it    CONTROL_TOKEN (none)
                                on when listening beyond loopback
      --control-token-file <f>  the same, read from a file            CONTROL_TOKEN_FILE
      --control-origin <o>      a web origin it grants CORS to;       CONTROL_ORIGINS (none)
                                repeatable
      --allowed-host <name>     a Host name it answers under besides  ALLOWED_HOSTS (none)
                                loopback and the bound address; repeatable

Tokens, with the real server's variable names, so a Tiledesk .env works unchanged:
      --global-secret <s>       shared HS256 secret                   GLOBAL_SECRET (nodeauthsecret)
      --private-key <pem>       signing key                           GLOBAL_SECRET_OR_PRIVATE_KEY
      --private-key-file <f>    the same, read from a file            GLOBAL_SECRET_OR_PRIVATE_KEY_FILE
      --public-key <pem>        verifying key                         GLOBAL_SECRET_OR_PUB_KEY
      --algorithm <alg>         signing algorithm, e.g. RS256         GLOBAL_SECRET_ALGORITHM (HS256)
      --admin-email <e>         signin adds "role":"admin" for it     ADMIN_EMAIL (admin@tiledesk.com)

E-mails (GET /__emulator/outbox), with the real server's variable names and defaults:
      --email-from <addr>       the sender                            EMAIL_FROM_ADDRESS
                                (Tiledesk Notification <postmaster@mg.tiledesk.com>)
      --email-bcc <addrs>       also sent a copy of each e-mail       EMAIL_BCC (none)
      --email-base-url <url>    the dashboard the links open          EMAIL_BASEURL
                                (http://localhost:8081/dashboard)
      --brand-name <name>       the name in the subjects              BRAND_NAME (Tiledesk)
      --outbox-limit <n>        e-mails the outbox keeps; the oldest  OUTBOX_LIMIT (1000)
                                go first

Environment only, with the real server's names and defaults:
  EMAIL_ENABLED=true       also deliver each e-mail over SMTP (a failure is logged, the request
                           answered all the same), to EMAIL_HOST (smtp.mailgun.org) on
                           EMAIL_PORT (587, 465 with EMAIL_SECURE=true), as EMAIL_USERNAME
                           (postmaster@mg.tiledesk.com) with EMAIL_PASSWORD (none: no AUTH)
  CHAT21_JWT_SECRET        the chat token's HS256 secret (tokenKey)

Secrets given as flags are visible to every user of the machine (ps, /proc) and stay in the
shell's history: prefer the environment or a file (--control-token-file, --private-key-file).

Endpoints: the Tiledesk API under / /v2 /v3, the spec at /openapi.json and /openapi.yaml,
Swagger UI at /docs, and the control API under /__emulator:
${wrap(control, 93, '  ')}
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Secrets read from files (by main(), so that parseCli stays pure). */
export interface SecretFiles {
  controlToken?: string;
  privateKey?: string;
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'start';
      options: Options;
      files: SecretFiles;
      envFile?: string;
      /** --coverage-min: the percent of declared answers the run must cover. */
      coverageMin?: number;
    };

/** argv (without node and the script) → what to do. Pure; values are checked by resolveConfig. */
export function parseCli(argv: readonly string[]): CliCommand {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  if (values['in-memory'] && values.db !== undefined) {
    throw new UsageError('--in-memory and --db exclude each other');
  }
  const options: Options = {};
  if (values.port !== undefined) options.port = values.port;
  if (values.host !== undefined) options.host = values.host;
  if (values.db !== undefined) options.db = values.db;
  if (values['in-memory']) options.db = null;
  if (values.fixtures !== undefined) options.fixtures = values.fixtures;
  if (values['base-path'] !== undefined) options.basePaths = values['base-path'];
  if (values['log-level'] !== undefined) options.logLevel = values['log-level'] as LogLevel;
  if (values['bcrypt-cost'] !== undefined) options.bcryptCost = values['bcrypt-cost'];
  if (values['body-limit'] !== undefined) options.bodyLimit = values['body-limit'];
  if (values['control-token'] !== undefined) options.controlToken = values['control-token'];
  if (values['global-secret'] !== undefined) options.globalSecret = values['global-secret'];
  if (values['private-key'] !== undefined) options.privateKey = values['private-key'];
  if (values['public-key'] !== undefined) options.publicKey = values['public-key'];
  if (values.algorithm !== undefined) options.algorithm = values.algorithm;
  if (values['admin-email'] !== undefined) options.adminEmail = values['admin-email'];
  if (values['control-origin'] !== undefined) options.controlOrigins = values['control-origin'];
  if (values['allowed-host'] !== undefined) options.allowedHosts = values['allowed-host'];
  if (values['headers-timeout'] !== undefined) options.headersTimeout = values['headers-timeout'];
  if (values['request-timeout'] !== undefined) options.requestTimeout = values['request-timeout'];
  if (values['max-connections'] !== undefined) options.maxConnections = values['max-connections'];
  if (values['max-namespaces'] !== undefined) options.maxNamespaces = values['max-namespaces'];
  if (values['max-faults'] !== undefined) options.maxFaults = values['max-faults'];
  if (values['max-verify-codes'] !== undefined) options.maxVerifyCodes = values['max-verify-codes'];
  if (values['max-streams'] !== undefined) options.maxStreams = values['max-streams'];
  if (values['journal-limit'] !== undefined) options.journalLimit = values['journal-limit'];
  if (values['snapshot-limit'] !== undefined) options.snapshotLimit = values['snapshot-limit'];
  if (values.seed !== undefined) options.seed = values.seed;
  if (values.import !== undefined) options.import = values.import;
  if (values['export-on-exit'] !== undefined) options.exportOnExit = values['export-on-exit'];
  if (values['coverage-report'] !== undefined) options.coverageReport = values['coverage-report'];
  if (values['email-from'] !== undefined) options.emailFrom = values['email-from'];
  if (values['email-bcc'] !== undefined) options.emailBcc = values['email-bcc'];
  if (values['email-base-url'] !== undefined) options.emailBaseUrl = values['email-base-url'];
  if (values['brand-name'] !== undefined) options.brandName = values['brand-name'];
  if (values['outbox-limit'] !== undefined) options.outboxLimit = values['outbox-limit'];
  const files: SecretFiles = {};
  if (values['control-token-file'] !== undefined) {
    if (values['control-token'] !== undefined) {
      throw new UsageError('--control-token and --control-token-file exclude each other');
    }
    files.controlToken = values['control-token-file'];
  }
  if (values['private-key-file'] !== undefined) {
    if (values['private-key'] !== undefined) {
      throw new UsageError('--private-key and --private-key-file exclude each other');
    }
    files.privateKey = values['private-key-file'];
  }
  const envFile = values['env-file'];
  const min = values['coverage-min'];
  const coverageMin = min === undefined ? undefined : Number(min);
  if (coverageMin !== undefined && !(coverageMin >= 0 && coverageMin <= 100)) {
    throw new UsageError(`--coverage-min must be a percent from 0 to 100, got "${min}"`);
  }
  if (coverageMin !== undefined) options.coverageMin = coverageMin;
  return {
    kind: 'start',
    options,
    files,
    ...(envFile !== undefined && { envFile }),
    ...(coverageMin !== undefined && { coverageMin }),
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string', short: 'H' },
      db: { type: 'string' },
      'in-memory': { type: 'boolean' },
      fixtures: { type: 'string' },
      'base-path': { type: 'string', multiple: true },
      'log-level': { type: 'string' },
      'bcrypt-cost': { type: 'string' },
      'body-limit': { type: 'string' },
      'control-token': { type: 'string' },
      'global-secret': { type: 'string' },
      'private-key': { type: 'string' },
      'public-key': { type: 'string' },
      algorithm: { type: 'string' },
      'admin-email': { type: 'string' },
      'control-token-file': { type: 'string' },
      'private-key-file': { type: 'string' },
      'control-origin': { type: 'string', multiple: true },
      'allowed-host': { type: 'string', multiple: true },
      'headers-timeout': { type: 'string' },
      'request-timeout': { type: 'string' },
      'max-connections': { type: 'string' },
      'max-namespaces': { type: 'string' },
      'max-faults': { type: 'string' },
      'max-verify-codes': { type: 'string' },
      'max-streams': { type: 'string' },
      'journal-limit': { type: 'string' },
      'snapshot-limit': { type: 'string' },
      'env-file': { type: 'string' },
      seed: { type: 'string' },
      import: { type: 'string' },
      'export-on-exit': { type: 'string' },
      'coverage-report': { type: 'string' },
      'coverage-min': { type: 'string' },
      'email-from': { type: 'string' },
      'email-bcc': { type: 'string' },
      'email-base-url': { type: 'string' },
      'brand-name': { type: 'string' },
      'outbox-limit': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  });
}

function describeStartError(error: unknown, config: Config): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return `port ${config.port} on ${config.host} is already in use; choose another with --port or PORT (0 picks a free one)`;
  }
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') {
    return `cannot listen on host ${config.host}: address not available`;
  }
  return error instanceof Error ? error.message : String(error);
}

/**
 * The paths of a spec's operations, each once, in the spec's order: those under `prefix` first,
 * the prefix written once (`/auth/signin, /signup`), then the others whole, after a semicolon.
 */
export function pathList(operations: readonly Operation[], prefix: string): string {
  const paths = [...new Set(operations.map((op) => op.path))];
  const under = paths.filter((path) => path.startsWith(`${prefix}/`));
  const others = paths.filter((path) => !under.includes(path));
  const short = under.map((path, i) => (i === 0 ? path : path.slice(prefix.length)));
  return [short.join(', '), others.join(', ')].filter(Boolean).join('; ');
}

/** What a developer needs after the ready line: where everything is, from the specs. */
function banner({ emulator, config, store, spec, controlSpec }: Running): string {
  const { url } = emulator;
  const bases = config.basePaths.map((base) => base || '/').join(', ');
  const all = store.data.users;
  const users =
    all
      .slice(0, 3)
      .map((user) => user.email)
      .join(', ') + (all.length > 3 ? ` and ${all.length - 3} more` : '');
  return [
    `  API      ${url}${pathList(spec.operations, '/auth')} (under ${bases})`,
    `  Docs     ${url}/docs  (spec: ${url}/openapi.json)`,
    `  Control  ${url}${pathList(controlSpec.operations, '/__emulator')}`,
    `  Users    ${users || 'none'} (passwords: README, "Fixture credentials"; fixtures: ${config.fixtures})`,
    '',
  ].join('\n');
}

function handleSignals(running: Running, coverageMin?: number): void {
  const { emulator, config, state } = running;
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    emulator.close().then(
      () => {
        const store = config.db ? `, store saved to ${config.db}` : '';
        process.stderr.write(`${NAME}: stopped on ${signal}${store}\n`);
        const { percent, covered, declared } = state.coverage.report();
        if (coverageMin !== undefined && percent < coverageMin) {
          process.stderr.write(
            `${NAME}: contract coverage ${percent}% (${covered} of ${declared} declared answers) is under --coverage-min ${coverageMin}%\n`,
          );
          process.exit(1);
        }
        process.exit(0);
      },
      (error: unknown) => {
        process.stderr.write(`${NAME}: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

/**
 * The variables of a `.env` file (a Tiledesk server's works as it is) under the environment:
 * as with Node's --env-file and dotenv, a variable already set wins.
 */
function withEnvFile(file: string, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the env file ${file}: ${(error as Error).message}`);
  }
  return { ...parseEnv(text), ...env };
}

/** A secret from a file: its content without the trailing newline an editor adds. */
function readSecret(file: string, what: string): string {
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    throw new UsageError(`cannot read ${what} from ${file}: ${(error as Error).message}`);
  }
}

/** The secrets from files, flags first, then the `_FILE` variables (as Docker secrets are given). */
function withSecretFiles(options: Options, files: SecretFiles, env: NodeJS.ProcessEnv): Options {
  const controlTokenFile = files.controlToken ?? env.CONTROL_TOKEN_FILE;
  const privateKeyFile = files.privateKey ?? env.GLOBAL_SECRET_OR_PRIVATE_KEY_FILE;
  return {
    ...options,
    ...(controlTokenFile !== undefined &&
      options.controlToken === undefined && {
        controlToken: readSecret(controlTokenFile, 'the control token'),
      }),
    ...(privateKeyFile !== undefined &&
      options.privateKey === undefined && {
        privateKey: readSecret(privateKeyFile, 'the private key'),
      }),
  };
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  if (argv[0] === 'mint-token') return mintTokenMain(argv.slice(1));
  if (argv[0] === 'conformance') {
    const { conformanceMain } = await import('./conformance/index.js');
    return conformanceMain(argv.slice(1), env);
  }
  let command: CliCommand;
  let options: Options;
  try {
    command = parseCli(argv);
    if (command.kind === 'start' && command.envFile !== undefined) {
      env = withEnvFile(command.envFile, env);
    }
    options = command.kind === 'start' ? withSecretFiles(command.options, command.files, env) : {};
  } catch (error) {
    process.stderr.write(`${NAME}: ${(error as Error).message}\nSee ${NAME} --help.\n`);
    return 2;
  }
  if (command.kind === 'help') {
    const spec = await loadSpec(DEFAULT_SPEC_FILE, { validate: false });
    const controlSpec = await loadSpec(DEFAULT_CONTROL_SPEC_FILE, { validate: false });
    const resources = controlSpec.operations.map((op) => op.path.split('/')[2] ?? '');
    process.stdout.write(
      usage(
        spec.operations.map((op) => op.operationId).join(', '),
        [...new Set(resources)].join(', '),
      ),
    );
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = resolveConfig(options, env, 'cli');
  } catch (error) {
    process.stderr.write(`${NAME}: invalid configuration: ${(error as Error).message}\n`);
    return 2;
  }
  let running: Running;
  try {
    running = await startFromConfig(config);
  } catch (error) {
    process.stderr.write(`${NAME}: ${describeStartError(error, config)}\n`);
    return 1;
  }
  handleSignals(running, command.coverageMin);
  const { emulator } = running;
  const store = config.db ?? 'in memory';
  process.stdout.write(
    `${NAME} ready at ${emulator.url} (health: ${emulator.url}/__emulator/health, store: ${store})\n`,
  );
  // The ready line is for scripts and stays; the banner is for a person, at info and below.
  if (['info', 'debug', 'trace'].includes(config.logLevel)) process.stdout.write(banner(running));
  const bound = (running.app.server.address() as AddressInfo).address;
  if (!isLoopback(bound) && config.controlToken === undefined) {
    process.stderr.write(
      `${NAME}: warning: listening on ${bound}, beyond loopback, without a control token: the control API (/__emulator) is off; set --control-token to use it there\n`,
    );
  }
  return -1;
}
