/**
 * The command line: flags + environment → Config (config.ts does the resolving) → listen.
 * Prints one ready line on stdout; logs go to stderr. SIGINT/SIGTERM close gracefully; a
 * second signal exits at once.
 */
import { parseArgs } from 'node:util';
import {
  type Config,
  DEFAULT_DB_FILE,
  type LogLevel,
  type Options,
  resolveConfig,
} from './config.js';
import { type Emulator, startFromConfig } from './server.js';
import { version } from './version.js';

const NAME = 'tiledesk-auth-emulator';

export const USAGE = `Usage: ${NAME} [options]

An emulator of the Tiledesk authentication REST API (signin, signup, signinAnonymously,
signinWithCustomToken), driven by its bundled OpenAPI document.

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
      --control-token <t> bearer token for /__emulator/*; also turns  CONTROL_TOKEN (none)
                          the control API on for non-loopback hosts
  -h, --help              print this help and exit
  -v, --version           print the version and exit

Tokens, with the real server's variable names, so a Tiledesk .env works unchanged:
      --global-secret <s>   shared HS256 secret                     GLOBAL_SECRET (nodeauthsecret)
      --private-key <pem>   signing key                             GLOBAL_SECRET_OR_PRIVATE_KEY
      --public-key <pem>    verifying key                           GLOBAL_SECRET_OR_PUB_KEY
      --algorithm <alg>     signing algorithm, e.g. RS256           GLOBAL_SECRET_ALGORITHM (HS256)
      --admin-email <e>     signin adds "role":"admin" for it       ADMIN_EMAIL (admin@tiledesk.com)

Endpoints: the Tiledesk API under / /v2 /v3, the control API under /__emulator
(health, reset, seed, users, projects, project-users, requests, custom-tokens), the spec at
/openapi.json and /openapi.yaml, and Swagger UI at /docs.
`;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type CliCommand =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'start'; options: Options };

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
  return { kind: 'start', options };
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

function handleSignals(emulator: Emulator): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(signal === 'SIGINT' ? 130 : 143);
    stopping = true;
    emulator.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`${NAME}: error while closing: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export async function main(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  let command: CliCommand;
  try {
    command = parseCli(argv);
  } catch (error) {
    process.stderr.write(`${NAME}: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`${version()}\n`);
    return 0;
  }
  let config: Config;
  try {
    config = resolveConfig(command.options, env, 'cli');
  } catch (error) {
    process.stderr.write(`${NAME}: invalid configuration: ${(error as Error).message}\n`);
    return 2;
  }
  let emulator: Emulator;
  try {
    emulator = await startFromConfig(config);
  } catch (error) {
    process.stderr.write(`${NAME}: ${describeStartError(error, config)}\n`);
    return 1;
  }
  handleSignals(emulator);
  const store = emulator.config.db ?? 'in memory';
  process.stdout.write(
    `${NAME} ready at ${emulator.url} (health: ${emulator.url}/__emulator/health, store: ${store})\n`,
  );
  return -1;
}
