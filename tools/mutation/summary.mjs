// `npm run mutation:summary [-- --files] [dir]`: the mutation score by folder (and by file), from every JSON report that
// `npm run mutation` left in reports/mutation/ (one per MUTATE group). A file measured by several
// reports counts once, from the newest. Stryker's score: killed and timed-out mutants over all
// valid ones (survived and not covered included); "of covered" leaves out the mutants no test
// reaches. Compile and runtime errors and ignored mutants are not valid mutants and not counted.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

const args = process.argv.slice(2);
const DIR = args.find((arg) => !arg.startsWith('--')) ?? 'reports/mutation';

let reports;
try {
  reports = readdirSync(DIR)
    .filter((name) => name.endsWith('.json') && !name.endsWith('-incremental.json'))
    .map((name) => join(DIR, name))
    .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
} catch {
  reports = [];
}
if (reports.length === 0) {
  console.error(`no mutation report in ${DIR}: run \`npm run mutation\` first`);
  process.exit(2);
}

/** path → { report, counts }, the newest report winning. */
const files = new Map();
for (const report of reports) {
  const { files: measured } = JSON.parse(readFileSync(report, 'utf8'));
  for (const [path, { mutants }] of Object.entries(measured)) {
    const counts = { killed: 0, timeout: 0, survived: 0, noCoverage: 0 };
    for (const { status } of mutants) {
      if (status === 'Killed') counts.killed++;
      else if (status === 'Timeout') counts.timeout++;
      else if (status === 'Survived') counts.survived++;
      else if (status === 'NoCoverage') counts.noCoverage++;
    }
    files.set(relative(process.cwd(), path), { report, counts });
  }
}

const folders = new Map();
for (const [path, { counts }] of files) {
  const folder = dirname(path).split('/').slice(0, 2).join('/');
  const total = folders.get(folder) ?? {
    files: 0,
    killed: 0,
    timeout: 0,
    survived: 0,
    noCoverage: 0,
  };
  total.files++;
  for (const key of Object.keys(counts)) total[key] += counts[key];
  folders.set(folder, total);
}

const pct = (part, whole) => (whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`);
const row = (name, c) => {
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return [
    name.padEnd(44),
    String(valid).padStart(6),
    String(detected).padStart(7),
    String(c.survived).padStart(8),
    String(c.noCoverage).padStart(8),
    pct(detected, valid).padStart(7),
    pct(detected, valid - c.noCoverage).padStart(11),
  ].join(' ');
};
const header = ['', 'valid', 'killed', 'survived', 'no cov.', 'score', 'of covered'];
console.log(
  [header[0].padEnd(44), ...header.slice(1).map((h, i) => h.padStart([6, 7, 8, 8, 7, 11][i]))].join(
    ' ',
  ),
);
if (args.includes('--files')) {
  for (const [path, { counts }] of [...files].sort()) console.log(row(path, counts));
  console.log('');
}
for (const [folder, total] of [...folders].sort()) {
  console.log(row(`${folder}/ (${total.files} file${total.files === 1 ? '' : 's'})`, total));
}
