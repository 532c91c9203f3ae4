// `npm run mutation`: StrykerJS mutates src/tiledesk/ and src/store/ and runs the fast tier's unit
// and API tests against each mutant (tap runner: each test file counts as one test and runs only
// for the mutants it covers). Outside CI, because it is slow (tens of minutes on two cores).
// Incremental: the next run retests only the mutants whose code or covering tests changed; delete
// reports/mutation/ for a full run. Static mutants (module-level constants, evaluated once at
// import) would need every test file for each of them, so they are skipped (ignoreStatic).
// MUTATE=src/store (or src/tiledesk, or a comma-separated list of folders and .ts files) runs
// only those, with their own reports and incremental file.
const folders = process.env.MUTATE ? process.env.MUTATE.split(',') : ['src/tiledesk', 'src/store'];
const name = process.env.MUTATE ? process.env.MUTATE.replace(/\W+/g, '-') : 'all';

/**
 * The test files that exercise each folder: running every API test for every mutant would take
 * hours on a shared two-core machine; these kill the same mutants in a fraction of the time.
 */
const TESTS = {
  'src/store': [
    'test/unit/store.test.ts',
    'test/unit/fixtures.test.ts',
    'test/unit/store-records.test.ts',
    'test/unit/store-memory.test.ts',
    'test/unit/store-lock.test.ts',
    'test/unit/verify-codes.test.ts',
    'test/api/control.test.ts',
    'test/api/signup.test.ts',
  ],
  'src/tiledesk': [
    'test/unit/tokens.test.ts',
    'test/unit/passwords.test.ts',
    'test/unit/mails.test.ts',
    'test/unit/express-routing.test.ts',
    'test/unit/verify-codes.test.ts',
    'test/api/app.test.ts',
    'test/api/signin.test.ts',
    'test/api/signup.test.ts',
    'test/api/signin-anonymously.test.ts',
    'test/api/signin-with-custom-token.test.ts',
    'test/api/custom-token-attacks.test.ts',
    'test/api/error-answers.test.ts',
    'test/api/request-forms.test.ts',
    'test/api/verify-email.test.ts',
    'test/api/resend-verify-email.test.ts',
    'test/api/request-password-reset.test.ts',
    'test/api/reset-password.test.ts',
    'test/api/change-password.test.ts',
    'test/api/users.test.ts',
    'test/api/chat-token.test.ts',
    'test/api/outbox.test.ts',
    'test/api/smtp.test.ts',
    'test/api/hardening.test.ts',
  ],
};

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  mutate: folders.map((path) => (path.endsWith('.ts') ? path : `${path}/**/*.ts`)),
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  tap: {
    testFiles: [
      ...new Set(
        folders.flatMap((path) =>
          Object.entries(TESTS).flatMap(([folder, tests]) =>
            path.startsWith(folder) ? tests : [],
          ),
        ),
      ),
    ],
    nodeArgs: ['--import=./test/loader/register.mjs'],
    forceBail: true,
  },
  concurrency: 2,
  timeoutMS: 20000,
  incremental: true,
  incrementalFile: `reports/mutation/${name}-incremental.json`,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  ignorePatterns: ['dist', 'coverage', '.tap', 'bench', 'docs'],
  cleanTempDir: 'always',
};
