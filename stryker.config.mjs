// `npm run mutation`: StrykerJS mutates src/tiledesk/ and src/store/ and runs the fast tier's unit
// and API tests against each mutant (tap runner: each test file counts as one test and runs only
// for the mutants it covers). Outside CI, because it is slow: src/store takes about 15 minutes on
// a shared two-core machine, src/tiledesk hours (run it in groups of files, MUTATE below).
// Incremental: the next run retests only the mutants whose code or covering tests changed; delete
// reports/mutation/ for a full run. Static mutants (module-level constants, evaluated once at
// import) would need every test file for each of them, so they are skipped (ignoreStatic).
// MUTATE=src/store (or src/tiledesk, or a comma-separated list of folders and .ts files) runs
// only those, with their own reports and incremental file.
import { createHash } from 'node:crypto';

const folders = process.env.MUTATE ? process.env.MUTATE.split(',') : ['src/tiledesk', 'src/store'];
// The reports' name: from MUTATE, shortened with a hash of it when long (file names have a limit).
const slug = process.env.MUTATE ? process.env.MUTATE.replace(/\W+/g, '-') : 'all';
const name =
  slug.length <= 80
    ? slug
    : `${slug.slice(0, 60)}-${createHash('sha256').update(slug).digest('hex').slice(0, 8)}`;

/**
 * The test files that exercise each folder, and some files of it: running every API test for
 * every mutant would take hours on a shared two-core machine. A file with an entry of its own
 * runs only its tests when it is mutated alone (MUTATE=src/tiledesk/security.ts); a folder runs
 * every list under it. Only modules whose tests are known are listed: validation.ts,
 * body-parsers.ts and express.ts serve every operation and keep the folder's whole list (a
 * shorter one, tried, left mutants alive that app.test.ts and users.test.ts kill).
 * Per-test coverage then runs, for each mutant, only the listed files that reach its code.
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
    'test/api/verify-email.test.ts',
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
  // The token inspector (test/api/ui.test.ts) shows the codes a token's check gives.
  'src/tiledesk/security.ts': [
    'test/api/ui.test.ts',
    'test/api/signin.test.ts',
    'test/api/users.test.ts',
    'test/api/chat-token.test.ts',
    'test/api/change-password.test.ts',
    'test/api/error-answers.test.ts',
    'test/api/signin-with-custom-token.test.ts',
    'test/api/custom-token-attacks.test.ts',
  ],
  'src/tiledesk/mails.ts': [
    'test/unit/mails.test.ts',
    'test/api/signup.test.ts',
    'test/api/request-password-reset.test.ts',
    'test/api/reset-password.test.ts',
    'test/api/resend-verify-email.test.ts',
    'test/api/outbox.test.ts',
  ],
  'src/tiledesk/mail.ts': ['test/api/outbox.test.ts', 'test/api/smtp.test.ts'],
  'src/tiledesk/smtp.ts': ['test/unit/smtp.test.ts', 'test/api/smtp.test.ts'],
  'src/tiledesk/casts.ts': ['test/unit/casts.test.ts', 'test/api/verify-email.test.ts'],
  'src/tiledesk/passwords.ts': [
    'test/unit/passwords.test.ts',
    'test/api/signin.test.ts',
    'test/api/change-password.test.ts',
    'test/api/reset-password.test.ts',
  ],
  'src/tiledesk/basic-auth.ts': ['test/api/users.test.ts', 'test/api/change-password.test.ts'],
  // The five modules below are reached by every request (or every token, or every id), so the
  // folder's list would run all of it for each of their mutants; each lists the files that check
  // its behaviour. A list narrower than the folder's can only understate a score, never overstate it.
  // The request line's target: its unit test (in express-routing.test.ts), and
  // request-forms.test.ts, which sends absolute-form targets and fragments over a raw socket.
  'src/tiledesk/request-target.ts': [
    'test/unit/express-routing.test.ts',
    'test/api/request-forms.test.ts',
  ],
  // Node's refused requests (400, 408, 413, 431): clientError() on a real socket, and the
  // answers to raw requests. The reliability tier's hostile-http test checks the 431 too,
  // but it runs the built dist/, which a mutant of src/ never reaches.
  'src/tiledesk/client-errors.ts': [
    'test/api/client-errors.test.ts',
    'test/api/request-forms.test.ts',
  ],
  // A token's `aud` (projects/…, bots/…, not a URL): the custom-token and token-check tests.
  'src/tiledesk/audience.ts': [
    'test/api/signin-with-custom-token.test.ts',
    'test/api/custom-token-attacks.test.ts',
    'test/api/error-answers.test.ts',
  ],
  // Ids: their forms, seeded ids and casts (unit, verify-codes for uniqid), ObjectId casts over
  // HTTP (anonymous sign-in, GET /users, custom tokens' project ids, the control API's projects).
  'src/tiledesk/ids.ts': [
    'test/unit/ids.test.ts',
    'test/unit/verify-codes.test.ts',
    'test/unit/tokens.test.ts',
    'test/api/signin-anonymously.test.ts',
    'test/api/signin-with-custom-token.test.ts',
    'test/api/users.test.ts',
    'test/api/control.test.ts',
    'test/api/object-id-casts.test.ts',
  ],
  // Signing and verifying: exp/nbf, keys, issue, decode and the claims (unit), then over HTTP
  // exp/nbf (custom-token attacks, error answers), the keys and algorithms (signin, chat tokens).
  'src/tiledesk/tokens.ts': [
    'test/unit/tokens.test.ts',
    'test/api/signin.test.ts',
    'test/api/custom-token-attacks.test.ts',
    'test/api/signin-with-custom-token.test.ts',
    'test/api/error-answers.test.ts',
    'test/api/chat-token.test.ts',
  ],
};

/** The test files for a folder or a .ts file given in MUTATE. */
function testsFor(path) {
  const own = Object.keys(TESTS).filter((key) => key === path || key.startsWith(`${path}/`));
  const keys = own.length > 0 ? own : Object.keys(TESTS).filter((key) => path.startsWith(key));
  return keys.flatMap((key) => TESTS[key]);
}

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  mutate: folders.map((path) => (path.endsWith('.ts') ? path : `${path}/**/*.ts`)),
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  tap: {
    testFiles: [...new Set(folders.flatMap(testsFor))],
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
