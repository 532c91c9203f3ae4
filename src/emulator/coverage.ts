/**
 * Contract coverage for consumers: which of the statuses each operation declares the requests
 * exercised (steered answers by example name), and how many requests failed validation. Read
 * with GET /__emulator/coverage; written at exit with --coverage-report, checked with
 * --coverage-min.
 */
import type { components } from '../control-types.js';
import type { Operation } from '../openapi.js';

export type CoverageReport = components['schemas']['Coverage'];

/** operationId → status → the JSON text of each named example → its name. */
type ExampleTexts = Map<string, Map<string, Map<string, string>>>;

/** Each spec's example texts, made once: every emulator and namespace of a process shares them. */
const textsOf = new WeakMap<readonly Operation[], ExampleTexts>();

function exampleTexts(operations: readonly Operation[]): ExampleTexts {
  let texts = textsOf.get(operations);
  if (texts) return texts;
  texts = new Map();
  for (const op of operations) {
    const byStatus = new Map<string, Map<string, string>>();
    for (const [status, media] of op.examples) {
      const names = new Map<string, string>();
      for (const named of media.values()) {
        for (const [name, value] of named) {
          names.set(typeof value === 'string' ? value : JSON.stringify(value), name);
        }
      }
      byStatus.set(status, names);
    }
    texts.set(op.operationId, byStatus);
  }
  textsOf.set(operations, texts);
  return texts;
}

export class Coverage {
  readonly #operations: readonly Operation[];
  /** operationId → status → count, and → status → example → count. */
  readonly #counts = new Map<string, Map<string, number>>();
  readonly #examples = new Map<string, Map<string, Map<string, number>>>();
  #invalid = 0;
  readonly #exampleTexts: ExampleTexts;

  constructor(operations: readonly Operation[]) {
    this.#operations = operations;
    this.#exampleTexts = exampleTexts(operations);
  }

  /**
   * One answer of `operationId`: counted under its status, and under the named example it was
   * steered to, or whose body it is word for word (the error answers, mostly).
   */
  record(operationId: string, status: number, steered?: string, answer?: string): void {
    const key = String(status);
    const example =
      steered ??
      (answer === undefined
        ? undefined
        : this.#exampleTexts.get(operationId)?.get(key)?.get(answer));
    const counts = this.#counts.get(operationId) ?? new Map<string, number>();
    counts.set(key, (counts.get(key) ?? 0) + 1);
    this.#counts.set(operationId, counts);
    if (status === 422) this.#invalid++;
    if (example === undefined) return;
    const byStatus = this.#examples.get(operationId) ?? new Map();
    const named: Map<string, number> = byStatus.get(key) ?? new Map();
    named.set(example, (named.get(example) ?? 0) + 1);
    byStatus.set(key, named);
    this.#examples.set(operationId, byStatus);
  }

  report(): CoverageReport {
    let covered = 0;
    let declared = 0;
    const operations = this.#operations.map((op) => {
      const counts = this.#counts.get(op.operationId);
      const statuses = [...op.responses.keys()].map((status) => {
        const count = counts?.get(status) ?? 0;
        declared++;
        if (count > 0) covered++;
        const named = this.#examples.get(op.operationId)?.get(status);
        return { status, count, ...(named && { examples: Object.fromEntries(named) }) };
      });
      return { operationId: op.operationId, statuses };
    });
    const percent = declared === 0 ? 100 : Number(((covered / declared) * 100).toFixed(1));
    return { operations, covered, declared, percent, invalidRequests: this.#invalid };
  }
}

/** The report as Markdown, for --coverage-report <file>.md. */
export function coverageMarkdown(report: CoverageReport): string {
  const rows = report.operations.flatMap((op) =>
    op.statuses.map(
      (s) => `| ${op.operationId} | ${s.status} | ${s.count} | ${s.count > 0 ? 'yes' : '**no**'} |`,
    ),
  );
  return [
    `# Contract coverage: ${report.covered} of ${report.declared} declared answers (${report.percent}%)`,
    '',
    '| operation | status | answers | covered |',
    '| --- | --- | ---: | --- |',
    ...rows,
    '',
    `Requests that failed validation (422): ${report.invalidRequests}.`,
    '',
  ].join('\n');
}

const xml = (text: string) => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The report as JUnit XML (one test case per declared answer), for CI dashboards. */
export function coverageJunit(report: CoverageReport): string {
  const cases = report.operations.flatMap((op) =>
    op.statuses.map((s) => {
      const name = `${op.operationId} ${s.status}`;
      return s.count > 0
        ? `    <testcase classname="contract-coverage" name="${xml(name)}"/>`
        : `    <testcase classname="contract-coverage" name="${xml(name)}"><failure message="no request was answered ${xml(s.status)}"/></testcase>`;
    }),
  );
  const failures = report.declared - report.covered;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites><testsuite name="contract coverage" tests="${report.declared}" failures="${failures}">`,
    ...cases,
    '  </testsuite></testsuites>',
    '',
  ].join('\n');
}
