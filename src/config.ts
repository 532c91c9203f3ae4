/**
 * Options (what a user may pass, all optional) → resolveConfig() → Config (complete, frozen).
 * This is the one place that knows defaults and environment variables; precedence is
 * explicit option (a CLI flag) > environment variable > default.
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';

import { Clock } from './emulator/clock.js';
import { DEFAULT_MAX_VERIFY_CODES } from './store/records.js';
import { createIds, type Ids } from './tiledesk/ids.js';

// The bundled assets, resolved from this module (dist/ or src/), never from the working directory.
export const DEFAULT_SPEC_FILE = fileURLToPath(new URL('../spec/openapi.yaml', import.meta.url));
export const DEFAULT_CONTROL_SPEC_FILE = fileURLToPath(
  new URL('../spec/control.yaml', import.meta.url),
);
export const DEFAULT_FIXTURES_FILE = fileURLToPath(
  new URL('../fixtures/seed.json', import.meta.url),
);
/** The CLI's store file, relative to the working directory. The programmatic API keeps state in memory. */
export const DEFAULT_DB_FILE = 'tiledesk-auth-emulator.db.json';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
const LOG_LEVELS: readonly LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'info',
  'debug',
  'trace',
  'silent',
];

/** Options accepted by `startEmulator()` and built by the CLI from its flags. */
export interface Options {
  /** TCP port; 0 picks a free one. Env `PORT`. Default 3000 for the CLI, 0 for the programmatic API. */
  port?: number | string;
  /** Interface to listen on. Env `HOST`. Default `127.0.0.1`. */
  host?: string;
  /** The lowdb JSON file, or `null` to keep state in memory. Env `DB_FILE`. */
  db?: string | null;
  /** Fixtures used to seed a new store and by reset(). Env `FIXTURES_FILE`. Default: the bundled `fixtures/seed.json`. */
  fixtures?: string;
  /** Prefixes under which every operation is served. Env `BASE_PATHS` (comma-separated). Default `['', '/v2', '/v3']`. */
  basePaths?: string[];
  /** Pino log level. Env `LOG_LEVEL`. Default `info` for the CLI, `silent` for the programmatic API. */
  logLevel?: LogLevel;
  /** bcrypt cost for passwords hashed by the emulator. Env `BCRYPT_COST`. Default 4. */
  bcryptCost?: number | string;
  /** Body size limit in bytes or with a unit (`500KB`). Env `JSON_BODY_LIMIT`. Default `500KB`. */
  bodyLimit?: number | string;
  /** Shared HS* secret. Env `GLOBAL_SECRET`. Default `nodeauthsecret`, as the real server. */
  globalSecret?: string;
  /** Signing key (PEM for RS256); overrides globalSecret for signing. Env `GLOBAL_SECRET_OR_PRIVATE_KEY`. */
  privateKey?: string;
  /** Verifying key (PEM for RS256); overrides globalSecret for verifying. Env `GLOBAL_SECRET_OR_PUB_KEY`. */
  publicKey?: string;
  /** JWT signing algorithm. Env `GLOBAL_SECRET_ALGORITHM`. Default HS256. */
  algorithm?: string;
  /** The administrator's e-mail (adds `"role":"admin"` at signin). Env `ADMIN_EMAIL`. Default `admin@tiledesk.com`. */
  adminEmail?: string;
  /**
   * Bearer token the control API (`/__emulator/*`) requires; with it the control API also answers
   * on non-loopback addresses. Env `CONTROL_TOKEN`. Default: none (control API on loopback only).
   */
  controlToken?: string;
  /**
   * Web origins the control API grants CORS to (e.g. `http://localhost:5173`); default none, so
   * no web page can read or drive it. Env `CONTROL_ORIGINS` (comma-separated).
   */
  controlOrigins?: string[];
  /**
   * Host names the control API answers under besides loopback addresses and the bound address,
   * when it has no control token (a guard against DNS rebinding). Env `ALLOWED_HOSTS`.
   */
  allowedHosts?: string[];
  /** Milliseconds a client may take to send the request headers (408 after). Env `HEADERS_TIMEOUT`. Default 10000. */
  headersTimeout?: number | string;
  /** Milliseconds a client may take to send a whole request (408 after). Env `REQUEST_TIMEOUT`. Default 30000. */
  requestTimeout?: number | string;
  /** Connections served at once; more are refused, with one log line. Env `MAX_CONNECTIONS`. Default 2000. */
  maxConnections?: number | string;
  /** Namespaces kept at once; a request for a new one past it is refused (507). Env `MAX_NAMESPACES`. Default 1000. */
  maxNamespaces?: number | string;
  /** Faults armed at once in each namespace; more are refused (507). Env `MAX_FAULTS`. Default 100. */
  maxFaults?: number | string;
  /**
   * Verification codes kept in each store; past it the oldest go first (a code valid 900 s is
   * dropped early). Env `MAX_VERIFY_CODES`. Default 10,000.
   */
  maxVerifyCodes?: number | string;
  /** Live-journal streams open at once, all namespaces together (507 past it). Env `MAX_STREAMS`. Default 32. */
  maxStreams?: number | string;
  /** Bytes the journals of all namespaces keep together; the oldest entries go first. Env `JOURNAL_LIMIT`. Default `32MB`. */
  journalLimit?: number | string;
  /** Bytes (of JSON) the snapshots of all namespaces hold together; a save past it is refused (507). Env `SNAPSHOT_LIMIT`. Default `64MB`. */
  snapshotLimit?: number | string;
  /** Another Tiledesk OpenAPI document to serve (for experiments). Env `SPEC_FILE`. Default: the bundled one. */
  spec?: string;
  /** The clock the emulator follows until a test sets it (PUT /__emulator/clock). Default `() => new Date()`. */
  now?: () => Date;
  /** Makes ObjectIds, uuids and `jti` reproducible: the same run gives the same answers. Env `SEED`. */
  seed?: number | string;
  /** A file written by exportOnExit: its records replace the store's at start. */
  import?: string;
  /** Where close() writes the store's records (JSON, mode 0600), for import later. */
  exportOnExit?: string;
  /** Where close() writes the contract coverage: Markdown (.md), JUnit XML (.xml) or JSON. */
  coverageReport?: string;
  /** The coverage gate (--coverage-min): only under it does the JUnit report hold failures. */
  coverageMin?: number;
  /** The chat token's HS256 secret (chat21/native/auth/createCustomToken). Env `CHAT21_JWT_SECRET`. Default `tokenKey`, as the real server. */
  chat21Secret?: string;
  /**
   * SMTP delivery of the outbox's e-mails, with the real server's variables: on when
   * `EMAIL_ENABLED=true`, to `EMAIL_HOST` (default `smtp.mailgun.org`) on `EMAIL_PORT`
   * (default 587, or 465 with `EMAIL_SECURE=true`), as `EMAIL_USERNAME` (default
   * `postmaster@mg.tiledesk.com`) with `EMAIL_PASSWORD`. `false` turns it off whatever the
   * environment says.
   */
  smtp?: Partial<SmtpConfig> | false;
  /** The e-mails' sender. Env `EMAIL_FROM_ADDRESS`. Default `Tiledesk Notification <postmaster@mg.tiledesk.com>`, as the real server. */
  emailFrom?: string;
  /** Where a notification copy of every e-mail goes. Env `EMAIL_BCC`. Default: none. */
  emailBcc?: string;
  /** The dashboard URL the e-mails' links start with. Env `EMAIL_BASEURL`. Default `http://localhost:8081/dashboard`. */
  emailBaseUrl?: string;
  /** The name in the e-mails' subjects. Env `BRAND_NAME`. Default `Tiledesk`. */
  brandName?: string;
  /** The most e-mails the outbox keeps (the oldest go first). Env `OUTBOX_LIMIT`. Default 1000. */
  outboxLimit?: number | string;
}

/** Where e-mails are delivered over SMTP (tiledesk/smtp.ts). */
export interface SmtpConfig {
  readonly host: string;
  /** Undefined: nodemailer's default, 587, or 465 when secure. */
  readonly port: number | undefined;
  /** TLS from the start (EMAIL_SECURE=true); otherwise STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly username: string;
  /** Undefined: no AUTH. */
  readonly password: string | undefined;
}

/** The real server's emailService settings, and the outbox's bound. */
export interface MailConfig {
  readonly from: string;
  /** EMAIL_BCC as given (one or more comma-separated addresses); empty when unset. */
  readonly bcc: string;
  readonly baseUrl: string;
  readonly brandName: string;
  readonly outboxLimit: number;
}

export interface JwtConfig {
  readonly signKey: string;
  readonly verifyKey: string;
  readonly algorithm: string;
}

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly db: string | null;
  readonly fixtures: string;
  readonly spec: string;
  readonly basePaths: readonly string[];
  readonly logLevel: LogLevel;
  readonly bcryptCost: number;
  readonly bodyLimit: number;
  readonly jwt: JwtConfig;
  /** signin's admin e-mail: ADMIN_EMAIL or its default. */
  readonly adminEmail: string;
  /** signup's admin e-mail: only when ADMIN_EMAIL is set (the real signup route has no default). */
  readonly signupAdminEmail: string | undefined;
  readonly controlToken: string | undefined;
  readonly controlOrigins: readonly string[];
  readonly allowedHosts: readonly string[];
  readonly headersTimeout: number;
  readonly requestTimeout: number;
  readonly maxConnections: number;
  readonly maxNamespaces: number;
  readonly maxFaults: number;
  readonly maxVerifyCodes: number;
  readonly maxStreams: number;
  readonly journalLimit: number;
  readonly snapshotLimit: number;
  readonly controlSpec: string;
  /** The emulator's time: `clock.now()`. */
  readonly now: () => Date;
  /** The settable clock behind `now`. */
  readonly clock: Clock;
  /** Where ObjectIds and uuids come from (seeded with --seed). */
  readonly ids: Ids;
  readonly seed: number | undefined;
  readonly import: string | undefined;
  readonly exportOnExit: string | undefined;
  readonly coverageReport: string | undefined;
  /** CHAT21_JWT_SECRET or its default. */
  readonly chat21Secret: string;
  /** SMTP delivery, when EMAIL_ENABLED=true (or the smtp option) turns it on. */
  readonly smtp: SmtpConfig | undefined;
  readonly mail: MailConfig;
  readonly coverageMin: number | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** `cli` defaults suit a terminal (port 3000, a store file, logs on); `api` defaults suit tests. */
export type Profile = 'cli' | 'api';

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

const SIZE_UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** Parses `500KB`, `1mb` or `512000` the way body-parser's `bytes` does (1 KB = 1024 bytes). */
export function parseSize(value: number | string, name: string): number {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(String(value));
  if (!match)
    throw new ConfigError(`${name} must be a size such as 500KB or 512000, got "${value}"`);
  const unit = SIZE_UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1;
  return Math.floor(Number(match[1]) * unit);
}

export function parsePort(value: number | string, name: string): number {
  const port = typeof value === 'number' ? value : Number(value);
  if (!/^\d+$/.test(String(value).trim()) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`${name} must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

function parseCost(value: number | string, name: string): number {
  const cost = Number(value);
  if (!Number.isInteger(cost) || cost < 4 || cost > 31) {
    throw new ConfigError(`${name} must be an integer from 4 to 31, got "${value}"`);
  }
  return cost;
}

function parseLogLevel(value: string, name: string): LogLevel {
  if (!(LOG_LEVELS as readonly string[]).includes(value)) {
    throw new ConfigError(`${name} must be one of ${LOG_LEVELS.join(', ')}, got "${value}"`);
  }
  return value as LogLevel;
}

function normalizeBasePath(path: string, name: string): string {
  const trimmed = path.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(trimmed)) {
    throw new ConfigError(`${name} entries must be paths such as /v2, got "${path}"`);
  }
  return trimmed;
}

/** PEM keys in environment variables often carry literal `\n`; the real server turns them into newlines. */
function pem(value: string | undefined): string | undefined {
  return value?.replace(/\\n/g, '\n');
}

const ASYMMETRIC = /^(RS|PS|ES)\d{3}$|^EdDSA$/;
const SYMMETRIC = /^HS(256|384|512)$/;

function resolveJwt(options: Options, env: Env): JwtConfig {
  const secret = options.globalSecret ?? env.GLOBAL_SECRET ?? 'nodeauthsecret';
  const signKey = pem(options.privateKey ?? env.GLOBAL_SECRET_OR_PRIVATE_KEY) ?? secret;
  const verifyKey = pem(options.publicKey ?? env.GLOBAL_SECRET_OR_PUB_KEY) ?? secret;
  const algorithm = options.algorithm ?? env.GLOBAL_SECRET_ALGORITHM ?? 'HS256';
  if (!SYMMETRIC.test(algorithm) && !ASYMMETRIC.test(algorithm)) {
    throw new ConfigError(`GLOBAL_SECRET_ALGORITHM "${algorithm}" is not a JWT algorithm`);
  }
  if (ASYMMETRIC.test(algorithm)) {
    if (!signKey.includes('PRIVATE KEY')) {
      throw new ConfigError(
        `GLOBAL_SECRET_ALGORITHM is ${algorithm}: GLOBAL_SECRET_OR_PRIVATE_KEY must hold a PEM private key`,
      );
    }
    if (!verifyKey.includes('PUBLIC KEY')) {
      throw new ConfigError(
        `GLOBAL_SECRET_ALGORITHM is ${algorithm}: GLOBAL_SECRET_OR_PUB_KEY must hold a PEM public key`,
      );
    }
  }
  return { signKey, verifyKey, algorithm };
}

/**
 * Whether `host` only accepts connections from this machine: `localhost` or a loopback IP
 * literal. A name that merely starts with `127.` (`127.0.0.1.evil.example`) is not one.
 */
export function isLoopback(host: string): boolean {
  const name = host.toLowerCase();
  if (name === 'localhost') return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

function positiveInteger(value: number | string, name: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(String(value)) || !Number.isSafeInteger(number) || number < 1) {
    throw new ConfigError(`${name} must be a positive integer, got "${value}"`);
  }
  return number;
}

function nonNegativeInteger(value: number | string, name: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(String(value)) || !Number.isSafeInteger(number)) {
    throw new ConfigError(`${name} must be an integer of 0 or more, got "${value}"`);
  }
  return number;
}

function list(value: string | undefined): string[] | undefined {
  return value
    ?.split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function envNumber(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}

/** The real server's emailService settings (services/emailService.js, config/email.js). */
function resolveSmtp(options: Options, env: Env): SmtpConfig | undefined {
  if (options.smtp === false) return undefined;
  if (options.smtp === undefined && env.EMAIL_ENABLED !== 'true') return undefined;
  const given = options.smtp ?? {};
  const port = given.port ?? envNumber(env.EMAIL_PORT);
  return Object.freeze({
    host: given.host ?? (env.EMAIL_HOST || undefined) ?? 'smtp.mailgun.org',
    port: port === undefined ? undefined : parsePort(port, 'SMTP port (EMAIL_PORT)'),
    secure: given.secure ?? env.EMAIL_SECURE === 'true',
    username: given.username ?? (env.EMAIL_USERNAME || undefined) ?? 'postmaster@mg.tiledesk.com',
    password: given.password ?? (env.EMAIL_PASSWORD || undefined),
  });
}

/** The real server's defaults (config/email.js, emailService's BRAND_NAME); an empty variable counts as unset, as there. */
function resolveMail(options: Options, env: Env): MailConfig {
  return Object.freeze({
    from:
      options.emailFrom ??
      (env.EMAIL_FROM_ADDRESS || 'Tiledesk Notification <postmaster@mg.tiledesk.com>'),
    bcc: options.emailBcc ?? (env.EMAIL_BCC || ''),
    baseUrl: options.emailBaseUrl ?? (env.EMAIL_BASEURL || 'http://localhost:8081/dashboard'),
    brandName: options.brandName ?? (env.BRAND_NAME || 'Tiledesk'),
    outboxLimit: positiveInteger(
      options.outboxLimit ?? envNumber(env.OUTBOX_LIMIT) ?? 1000,
      'outbox limit (OUTBOX_LIMIT)',
    ),
  });
}

/** Options + environment → the complete, frozen Config. Pure: pass `process.env` explicitly. */
export function resolveConfig(
  options: Options = {},
  env: Env = {},
  profile: Profile = 'api',
): Config {
  const port = options.port ?? envNumber(env.PORT) ?? (profile === 'cli' ? 3000 : 0);
  const envDb = env.DB_FILE === undefined ? undefined : env.DB_FILE || null;
  const db =
    options.db !== undefined
      ? options.db
      : envDb !== undefined
        ? envDb
        : profile === 'cli'
          ? DEFAULT_DB_FILE
          : null;
  const basePaths = options.basePaths ?? env.BASE_PATHS?.split(',') ?? ['', '/v2', '/v3'];
  const logLevel = options.logLevel ?? env.LOG_LEVEL ?? (profile === 'cli' ? 'info' : 'silent');
  const cost = options.bcryptCost ?? envNumber(env.BCRYPT_COST) ?? 4;
  const bodyLimit = options.bodyLimit ?? envNumber(env.JSON_BODY_LIMIT) ?? '500KB';
  const clock = new Clock(options.now ?? (() => new Date()));
  const rawSeed = options.seed ?? envNumber(env.SEED);
  const seed = rawSeed === undefined ? undefined : nonNegativeInteger(rawSeed, 'seed (SEED)');
  const config: Config = {
    port: parsePort(port, 'port (PORT)'),
    host: options.host ?? (env.HOST || undefined) ?? '127.0.0.1',
    db,
    fixtures: options.fixtures ?? (env.FIXTURES_FILE || undefined) ?? DEFAULT_FIXTURES_FILE,
    spec: options.spec ?? (env.SPEC_FILE || undefined) ?? DEFAULT_SPEC_FILE,
    basePaths: [...new Set(basePaths.map((p) => normalizeBasePath(p, 'base paths (BASE_PATHS)')))],
    logLevel: parseLogLevel(logLevel, 'log level (LOG_LEVEL)'),
    bcryptCost: parseCost(cost, 'bcrypt cost (BCRYPT_COST)'),
    bodyLimit: parseSize(bodyLimit, 'body limit (JSON_BODY_LIMIT)'),
    jwt: resolveJwt(options, env),
    adminEmail: options.adminEmail ?? env.ADMIN_EMAIL ?? 'admin@tiledesk.com',
    signupAdminEmail: options.adminEmail ?? (env.ADMIN_EMAIL || undefined),
    controlToken: options.controlToken ?? (env.CONTROL_TOKEN || undefined),
    controlOrigins: options.controlOrigins ?? list(env.CONTROL_ORIGINS) ?? [],
    allowedHosts: (options.allowedHosts ?? list(env.ALLOWED_HOSTS) ?? []).map((host) =>
      host.toLowerCase(),
    ),
    headersTimeout: positiveInteger(
      options.headersTimeout ?? envNumber(env.HEADERS_TIMEOUT) ?? 10_000,
      'headers timeout (HEADERS_TIMEOUT)',
    ),
    requestTimeout: positiveInteger(
      options.requestTimeout ?? envNumber(env.REQUEST_TIMEOUT) ?? 30_000,
      'request timeout (REQUEST_TIMEOUT)',
    ),
    maxConnections: positiveInteger(
      options.maxConnections ?? envNumber(env.MAX_CONNECTIONS) ?? 2000,
      'connection limit (MAX_CONNECTIONS)',
    ),
    maxNamespaces: positiveInteger(
      options.maxNamespaces ?? envNumber(env.MAX_NAMESPACES) ?? 1000,
      'namespace limit (MAX_NAMESPACES)',
    ),
    maxFaults: positiveInteger(
      options.maxFaults ?? envNumber(env.MAX_FAULTS) ?? 100,
      'fault limit (MAX_FAULTS)',
    ),
    maxVerifyCodes: positiveInteger(
      options.maxVerifyCodes ?? envNumber(env.MAX_VERIFY_CODES) ?? DEFAULT_MAX_VERIFY_CODES,
      'verification code limit (MAX_VERIFY_CODES)',
    ),
    maxStreams: positiveInteger(
      options.maxStreams ?? envNumber(env.MAX_STREAMS) ?? 32,
      'stream limit (MAX_STREAMS)',
    ),
    journalLimit: parseSize(
      options.journalLimit ?? envNumber(env.JOURNAL_LIMIT) ?? '32MB',
      'journal limit (JOURNAL_LIMIT)',
    ),
    snapshotLimit: parseSize(
      options.snapshotLimit ?? envNumber(env.SNAPSHOT_LIMIT) ?? '64MB',
      'snapshot limit (SNAPSHOT_LIMIT)',
    ),
    controlSpec: DEFAULT_CONTROL_SPEC_FILE,
    now: () => clock.now(),
    clock,
    ids: createIds(seed),
    seed,
    import: options.import,
    exportOnExit: options.exportOnExit,
    coverageReport: options.coverageReport,
    chat21Secret: options.chat21Secret ?? (env.CHAT21_JWT_SECRET || undefined) ?? 'tokenKey',
    smtp: resolveSmtp(options, env),
    mail: resolveMail(options, env),
    coverageMin: options.coverageMin,
  };
  if (config.headersTimeout > config.requestTimeout) {
    throw new ConfigError(
      `the headers timeout (${config.headersTimeout} ms) cannot be longer than the request timeout (${config.requestTimeout} ms)`,
    );
  }
  return Object.freeze(config);
}
