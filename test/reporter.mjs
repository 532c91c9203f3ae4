/**
 * tap's reporter for every tier (.taprc): one line per test file, the whole TAP of a file that
 * failed (its failures in context), and tap's closing lines, among them
 * `# { total: N, pass: N, fail: N }`, which .ci/run counts. Plain text, no terminal control
 * codes, so that a CI log stays short and readable. `npx tap -R tap` prints the raw TAP.
 */
import { Transform } from 'node:stream';

const RESULT = /^(not )?ok \d+ - (.*?)(?: # (.*))?$/;
const indent = (line) => /^ */.exec(line)[0].length;

/** Of a failed file's TAP: each failed assertion, its diagnostics and the subtests around it. */
function failures(block) {
  const shown = new Set();
  block.forEach((line, i) => {
    if (!/^ *not ok /.test(line)) return;
    const depth = indent(line);
    shown.add(i);
    for (let j = i + 1; j < block.length && (!block[j].trim() || indent(block[j]) > depth); j++) {
      shown.add(j);
    }
    let within = depth;
    for (let j = i - 1; j >= 0 && within > 0; j--) {
      if (block[j].trimStart().startsWith('# Subtest: ') && indent(block[j]) < within) {
        shown.add(j);
        within = indent(block[j]);
      }
    }
  });
  return [...shown].sort((a, b) => a - b).map((i) => block[i]);
}

export default class Summary extends Transform {
  #rest = '';
  /** The current file's TAP, kept until its result says whether to show it. */
  #block = [];
  /** After a failed file's result: its YAML diagnostics follow, shown too. */
  #diagnostics = false;

  _transform(chunk, _encoding, done) {
    const lines = (this.#rest + chunk).split('\n');
    this.#rest = lines.pop() ?? '';
    for (const line of lines) this.#line(line);
    done();
  }

  _flush(done) {
    if (this.#rest) this.#line(this.#rest);
    if (this.#block.length > 0) this.push(`${this.#block.join('\n')}\n`);
    done();
  }

  #line(line) {
    if (this.#diagnostics) {
      if (line.startsWith('  ')) {
        this.push(`${line}\n`);
        return;
      }
      this.#diagnostics = false;
    }
    if (line.startsWith('# Subtest: ') || line.startsWith(' ')) {
      this.#block.push(line);
      return;
    }
    const result = RESULT.exec(line);
    if (result) {
      const [, not, name, directive = ''] = result;
      if (not) {
        this.push(`${failures(this.#block).join('\n')}\n${line}\n`);
        this.#diagnostics = true;
      } else {
        this.push(`ok      ${name}${directive ? `  (${directive.replace(/^time=/, '')})` : ''}\n`);
      }
      this.#block = [];
      return;
    }
    if (line.startsWith('TAP version') || /^1\.\.\d+/.test(line) || line === '') return;
    // tap's own closing lines (# { total… }, # time=…), a bail out, anything else at the top.
    this.push(`${line}\n`);
  }
}
