/**
 * The conformance tier: the whole corpus, writes included, sent to the real Tiledesk server and to
 * the emulator. A difference that conformance/divergences.json does not list fails.
 *
 * The real server comes from ../shared/real-tiledesk (beside the repository). Without that folder
 * (a user's clone) the tier is skipped, unless REQUIRE_REAL_SERVER=1 (set by .ci/run): then it
 * fails, for a tier that cannot run its real dependency never passes empty. With it:
 * - REAL_TILEDESK_BASE=http://127.0.0.1:<port> uses a server that is already running (CI's
 *   conformance/ci.sh starts one), REAL_TILEDESK_MONGO=mongodb://… adds the database check and
 *   REAL_TILEDESK_MAIL=<its mail folder> the e-mails' (cases marked `mail`);
 * - otherwise the test starts one itself (start.sh, seeded with fixtures/seed.json, in its own RUN
 *   folder) and stops it at the end.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import t from 'tap';
import { DEFAULT_DIVERGENCES_FILE, loadCases } from '../../src/conformance/cases.js';
import { Divergences } from '../../src/conformance/compare.js';
import { describeDifference } from '../../src/conformance/main.js';
import { runConformance } from '../../src/conformance/run.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SHARED = join(ROOT, '../shared/real-tiledesk');
const REALTD =
  process.env.REALTD ??
  join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'real-tiledesk');

interface RealServer {
  base: string;
  mongo?: string;
  /** The folder its e-mails land in, one `<n>.json` each (the rig's SMTP sink). */
  mail?: string;
  stop(): Promise<void>;
}

async function startRealServer(): Promise<RealServer> {
  const runDir = await mkdtemp(join(tmpdir(), 'conformance-realtd-'));
  const env = { ...process.env, RUN: runDir, FIXTURES: join(ROOT, 'fixtures/seed.json') };
  const stop = async () => {
    await run(join(SHARED, 'stop.sh'), [], { env });
    await rm(runDir, { recursive: true, force: true });
  };
  try {
    await run(join(SHARED, 'start.sh'), [], { env, timeout: 180_000 });
  } catch (error) {
    await stop();
    throw error;
  }
  const vars = Object.fromEntries(
    (await readFile(join(runDir, 'env'), 'utf8'))
      .split('\n')
      .filter((l) => l.includes('='))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { base: vars.BASE ?? '', mongo: vars.MONGO, mail: vars.MAIL, stop };
}

if (!existsSync(SHARED) && process.env.REQUIRE_REAL_SERVER === '1') {
  t.fail(`REQUIRE_REAL_SERVER=1 but ${SHARED} is absent: no real Tiledesk server to compare with`);
} else if (!existsSync(SHARED)) {
  t.plan(0, `skipped: ${SHARED} is absent, so there is no real Tiledesk server to compare with`);
} else {
  t.setTimeout(900_000);
  let real: RealServer;
  if (process.env.REAL_TILEDESK_BASE) {
    real = {
      base: process.env.REAL_TILEDESK_BASE,
      mongo: process.env.REAL_TILEDESK_MONGO,
      mail: process.env.REAL_TILEDESK_MAIL,
      stop: async () => {},
    };
  } else {
    real = await startRealServer();
  }
  t.teardown(() => real.stop());

  const report = await runConformance({
    target: real.base,
    allowWrites: true,
    mongo: real.mongo,
    mongoDriver: real.mongo ? join(REALTD, 'congo') : undefined,
    mail: real.mail,
  });
  // Everything awaited before the first assertion: tap ends the root test once assertions stop.
  const corpus = await loadCases();
  const divergences = await Divergences.load(DEFAULT_DIVERGENCES_FILE);
  const { counts } = report;
  t.comment(
    `${counts.same} same, ${counts.divergent} only listed divergences, ` +
      `${counts.different} different, ${counts.skipped} skipped`,
  );
  t.equal(report.cases.length, corpus.length, `every case of the corpus ran (${corpus.length})`);
  t.equal(counts.skipped, 0, 'none skipped: writes allowed, the target seeded with the fixtures');
  t.equal(counts.different, 0, 'no difference that divergences.json does not list');
  t.equal(counts.same + counts.divergent, corpus.length, 'every case the same or divergent');
  for (const c of report.cases) {
    const open = c.differences.filter((d) => !d.divergence);
    if (open.length > 0)
      t.fail(`${c.id}: ${c.outcome}`, { differences: open.map(describeDifference) });
  }
  // Divergent only where listed: each divergent case is named by the entries that explain it,
  // and every entry still explains something (a stale one would hide the next difference).
  const used = new Set(report.cases.flatMap((c) => c.differences.map((d) => d.divergence)));
  for (const d of divergences.list) {
    if (d.noCase) continue;
    t.ok(used.has(d.id), `divergence ${d.id} explains at least one difference`);
  }
}
