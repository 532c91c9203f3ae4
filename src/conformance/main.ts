/**
 * conformanceMain(): the `tiledesk-auth-emulator conformance` command. Parses its flags, runs
 * the corpus and prints a table (or the report as JSON). Exit code 0 when every difference is a
 * listed divergence, 1 otherwise, 2 for a usage error.
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { Difference } from './compare.js';
import {
  type CaseResult,
  type Report,
  type RunOptions,
  runConformance,
  type TargetAccount,
  TargetError,
} from './run.js';

export const CONFORMANCE_USAGE = `Usage: tiledesk-auth-emulator conformance --target <url> [options]

Sends every case of the conformance corpus to <url> (a Tiledesk server) and to an emulator with the
same fixtures, and prints where their answers differ. Exit status: 0 when every difference is a
listed divergence, 1 when one is not, 2 when the target cannot be compared (unreachable, not a
Tiledesk server, the options' user refused) or the command is misused.

  --target <url>        the server checked, e.g. http://127.0.0.1:3000 or a base path such as
                        http://127.0.0.1:3000/v3 (required; the emulator answers under it too)
  --options <file>      JSON naming what exists on the target:
                        {"user":{"email","password","firstname","lastname","_id"},
                         "project":{"id","secret"}, "globalSecret", "fixtures": false,
                         "mongoDriver": "<folder with node_modules/mongodb>"}
                        default: the bundled fixtures (the target seeded with fixtures/seed.json)
  --allow-writes        also run the cases that create users and project_users on the target
  --mongo <uri>         compare the records cases create with the target's MongoDB
  --mongo-driver <dir>  folder whose node_modules holds the mongodb driver (for --mongo)
  --emulator <url>      use a running emulator (same fixtures) instead of starting one
  --only <glob>         run only matching case ids (repeatable), e.g. --only 'signin.*'
  --json                print the whole report as JSON
  -h, --help            this text`;

interface Io {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s === undefined ? 'undefined' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

export function describeDifference(d: Difference): string {
  const where = d.step === 'db' ? 'db' : d.step === 1 ? '' : `step ${d.step} `;
  return `${where}${d.field}: real ${short(d.real)} / emulator ${short(d.emulator)}`;
}

function row(r: CaseResult): string {
  const open = r.differences.filter((d) => !d.divergence);
  const label = r.outcome === 'skipped' ? `skipped (${r.skipped})` : r.outcome;
  const first = open[0] ?? r.differences[0];
  const more = open.length > 1 ? ` (+${open.length - 1} more)` : '';
  const why = first ? `  ${describeDifference(first)}${more}` : '';
  return `${r.id.padEnd(58)} ${label}${why}`;
}

export function formatReport(report: Report): string {
  const lines = report.cases.map(row);
  const c = report.counts;
  const why = Object.entries(report.skippedBecause)
    .map(([reason, n]) => `${n} ${reason}`)
    .join('; ');
  lines.push(
    '',
    `${report.cases.length} cases against ${report.target}: ${c.same} same, ${c.divergent} only listed divergences, ` +
      `${c.different} different, ${c.skipped} skipped${why ? ` (${why})` : ''}` +
      `${report.database ? '' : '; database not compared (no --mongo)'}`,
  );
  return lines.join('\n');
}

export async function conformanceMain(
  argv: string[],
  env: Readonly<Record<string, string | undefined>>,
  io: Io = { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) },
): Promise<number> {
  let values: Record<string, string | boolean | string[] | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        target: { type: 'string' },
        options: { type: 'string' },
        'allow-writes': { type: 'boolean' },
        mongo: { type: 'string' },
        'mongo-driver': { type: 'string' },
        emulator: { type: 'string' },
        only: { type: 'string', multiple: true },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    io.stderr(`${(error as Error).message}\n${CONFORMANCE_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout(`${CONFORMANCE_USAGE}\n`);
    return 0;
  }
  const target = (values.target as string | undefined) ?? env.CONFORMANCE_TARGET;
  if (!target) {
    io.stderr(`--target is required\n${CONFORMANCE_USAGE}\n`);
    return 2;
  }
  let file: (TargetAccount & { mongoDriver?: string }) | undefined;
  if (values.options) {
    try {
      file = JSON.parse(await readFile(values.options as string, 'utf8'));
    } catch (error) {
      io.stderr(
        `conformance: cannot read --options ${values.options}: ${(error as Error).message}\n`,
      );
      return 2;
    }
  }
  const options: RunOptions = {
    target,
    account: file ? { fixtures: false, ...file } : undefined,
    allowWrites: values['allow-writes'] === true,
    mongo: values.mongo as string | undefined,
    mongoDriver: (values['mongo-driver'] as string | undefined) ?? file?.mongoDriver,
    emulator: values.emulator as string | undefined,
    only: values.only as string[] | undefined,
  };
  let report: Report;
  try {
    report = await runConformance(options);
  } catch (error) {
    if (!(error instanceof TargetError)) throw error;
    io.stderr(`conformance: ${error.message}\n`);
    return 2;
  }
  io.stdout(values.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report)}\n`);
  return report.ok ? 0 : 1;
}
