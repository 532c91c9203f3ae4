/**
 * Prints a custom token for /auth/signinWithCustomToken, as `JWT <token>`, signed with a
 * project's jwtSecret (by default the fixture project's, read from the fixtures file).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_FIXTURES_FILE } from '../config.js';
import { mintCustomToken } from './custom-tokens.js';
import { loadFixtures } from './fixtures.js';

const USAGE = `Usage: tiledesk-auth-emulator mint-token [options]

Prints "JWT <token>" for POST /auth/signinWithCustomToken.

  --claims <json>       claims to include, e.g. '{"_id":"ext-42","firstname":"Ada","email":"ada@example.com"}'
  --role <role>         adds a role claim (owner, admin and agent create a real user)
  --project <id>        the project (default: the first project of the fixtures)
  --secret <secret>     its jwtSecret (default: read from the fixtures)
  --fixtures <file>     fixtures to read the project from (default: the bundled seed)
  --expires-in <s>      lifetime in seconds, 0 for no exp (default 3600)
  -h, --help            this help
`;

/** `tiledesk-auth-emulator mint-token …`: prints the token; resolves with the exit code. */
export async function mintTokenMain(argv: readonly string[]): Promise<number> {
  try {
    return await mint(argv);
  } catch (error) {
    process.stderr.write(
      `mint-token: ${error instanceof Error ? error.message : String(error)}\nSee mint-token --help.\n`,
    );
    return 2;
  }
}

async function mint(argv: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      claims: { type: 'string' },
      role: { type: 'string' },
      project: { type: 'string' },
      secret: { type: 'string' },
      fixtures: { type: 'string' },
      'expires-in': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const claims = values.claims ? (JSON.parse(values.claims) as Record<string, unknown>) : {};
  if (values.role) claims.role = values.role;
  const { data: seed } = await loadFixtures(values.fixtures ?? DEFAULT_FIXTURES_FILE, {
    config: { bcryptCost: 4, now: () => new Date() },
  });
  const project = values.project
    ? seed.projects.find((p) => p._id === values.project)
    : seed.projects[0];
  const projectId = values.project ?? project?._id;
  const secret = values.secret ?? project?.jwtSecret;
  if (!projectId || !secret) {
    process.stderr.write('mint-token: no project with a jwtSecret; pass --project and --secret\n');
    return 2;
  }
  const expiresIn = Number(values['expires-in'] ?? 3600);
  process.stdout.write(`${mintCustomToken({ secret, projectId, claims, expiresIn }).token}\n`);
  return 0;
}
