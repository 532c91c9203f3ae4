import t from 'tap';
import {
  ConfigError,
  DEFAULT_DB_FILE,
  DEFAULT_FIXTURES_FILE,
  parseSize,
  resolveConfig,
} from '../../src/config.js';

t.test('resolveConfig', async (t) => {
  t.test('programmatic defaults: port 0, in memory, silent, root + /v2 + /v3', async (t) => {
    const config = resolveConfig();
    t.match(config, {
      port: 0,
      host: '127.0.0.1',
      db: null,
      fixtures: DEFAULT_FIXTURES_FILE,
      basePaths: ['', '/v2', '/v3'],
      logLevel: 'silent',
      bcryptCost: 4,
      bodyLimit: 512000,
      adminEmail: 'admin@tiledesk.com',
      signupAdminEmail: undefined,
      jwt: { signKey: 'nodeauthsecret', verifyKey: 'nodeauthsecret', algorithm: 'HS256' },
    });
    t.ok(Object.isFrozen(config));
  });

  t.test('CLI defaults: port 3000, a store file, info logs', async (t) => {
    t.match(resolveConfig({}, {}, 'cli'), { port: 3000, db: DEFAULT_DB_FILE, logLevel: 'info' });
  });

  t.test('precedence: option (flag) > environment > default', async (t) => {
    const env = { PORT: '4000', HOST: '0.0.0.0', DB_FILE: 'env.json', LOG_LEVEL: 'debug' };
    t.match(resolveConfig({}, env, 'cli'), {
      port: 4000,
      host: '0.0.0.0',
      db: 'env.json',
      logLevel: 'debug',
    });
    t.match(resolveConfig({ port: 5000, db: null, logLevel: 'warn' }, env, 'cli'), {
      port: 5000,
      host: '0.0.0.0',
      db: null,
      logLevel: 'warn',
    });
  });

  t.test(
    '--max-verify-codes: 10,000 by default, MAX_VERIFY_CODES, a positive integer',
    async (t) => {
      t.equal(resolveConfig().maxVerifyCodes, 10_000);
      t.equal(resolveConfig({}, { MAX_VERIFY_CODES: '7' }).maxVerifyCodes, 7);
      t.equal(resolveConfig({ maxVerifyCodes: '3' }, { MAX_VERIFY_CODES: '7' }).maxVerifyCodes, 3);
      t.throws(() => resolveConfig({ maxVerifyCodes: 0 }), /verification code limit/);
    },
  );

  t.test('an empty DB_FILE means in memory', async (t) => {
    t.equal(resolveConfig({}, { DB_FILE: '' }, 'cli').db, null);
  });

  t.test("reads the real server's token variables", async (t) => {
    const config = resolveConfig({}, { GLOBAL_SECRET: 'abc', ADMIN_EMAIL: 'boss@example.com' });
    t.match(config.jwt, { signKey: 'abc', verifyKey: 'abc', algorithm: 'HS256' });
    t.equal(config.adminEmail, 'boss@example.com');
    t.equal(config.signupAdminEmail, 'boss@example.com');
  });

  t.test('turns literal \\n in PEM keys into newlines', async (t) => {
    const config = resolveConfig(
      {},
      {
        GLOBAL_SECRET_ALGORITHM: 'RS256',
        GLOBAL_SECRET_OR_PRIVATE_KEY:
          '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----',
        GLOBAL_SECRET_OR_PUB_KEY: '-----BEGIN PUBLIC KEY-----\\nabc\\n-----END PUBLIC KEY-----',
      },
    );
    t.equal(config.jwt.signKey, '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
  });

  t.test('BASE_PATHS is comma-separated; "/" means the root', async (t) => {
    t.strictSame(resolveConfig({}, { BASE_PATHS: '/,/v2/,/api' }).basePaths, ['', '/v2', '/api']);
  });

  const invalid: [string, Parameters<typeof resolveConfig>[0], Record<string, string>, RegExp][] = [
    [
      'a port that is not a number',
      {},
      { PORT: 'abc' },
      /port \(PORT\) must be an integer from 0 to 65535, got "abc"/,
    ],
    ['a port out of range', { port: 70000 }, {}, /got "70000"/],
    ['an unknown log level', {}, { LOG_LEVEL: 'loud' }, /log level \(LOG_LEVEL\) must be one of/],
    [
      'a bcrypt cost under 4',
      { bcryptCost: 3 },
      {},
      /bcrypt cost \(BCRYPT_COST\) must be an integer from 4 to 31/,
    ],
    ['a body limit without a number', {}, { JSON_BODY_LIMIT: 'big' }, /JSON_BODY_LIMIT/],
    ['a base path with spaces', { basePaths: ['/a b'] }, {}, /base paths/],
    ['an unknown algorithm', { algorithm: 'XY1' }, {}, /not a JWT algorithm/],
    ['RS256 without a PEM private key', { algorithm: 'RS256' }, {}, /must hold a PEM private key/],
  ];
  for (const [name, options, env, message] of invalid) {
    t.test(`rejects ${name} with a precise ConfigError`, async (t) => {
      t.throws(() => resolveConfig(options, env), { name: 'ConfigError', message });
    });
  }
  t.ok(new ConfigError('x') instanceof Error);
});

t.test('parseSize follows body-parser: 1 KB is 1024 bytes', async (t) => {
  t.equal(parseSize('500KB', 'x'), 512000);
  t.equal(parseSize('1mb', 'x'), 1048576);
  t.equal(parseSize(100, 'x'), 100);
  t.equal(parseSize('2048', 'x'), 2048);
});
