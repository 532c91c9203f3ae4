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
      // Answers outside the contract: a fault armed with a status the operation does not declare.
      const undeclared = [...(counts ?? [])]
        .filter(([status]) => !op.responses.has(status))
        .map(([status, count]) => ({ status, count }));
      return {
        operationId: op.operationId,
        statuses,
        ...(undeclared.length > 0 && { undeclared }),
      };
    });
    const percent = declared === 0 ? 100 : Number(((covered / declared) * 100).toFixed(1));
    return { operations, covered, declared, percent, invalidRequests: this.#invalid };
  }
}

/** The report as Markdown, for --coverage-report <file>.md. */
export function coverageMarkdown(report: CoverageReport): string {
  const rows = report.operations.flatMap((op) => [
    ...op.statuses.map(
      (s) => `| ${op.operationId} | ${s.status} | ${s.count} | ${s.count > 0 ? 'yes' : '**no**'} |`,
    ),
    ...(op.undeclared ?? []).map(
      (s) => `| ${op.operationId} | ${s.status} | ${s.count} | outside the contract |`,
    ),
  ]);
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

/**
 * The report as JUnit XML, for CI dashboards: one test case per declared answer. An answer no
 * request exercised is skipped, not failed: only a gate (`min`, --coverage-min) fails, and then
 * the uncovered answers are the failures. Answers outside the contract are properties.
 */
export function coverageJunit(report: CoverageReport, min?: number): string {
  const gateFailed = min !== undefined && report.percent < min;
  const cases = report.operations.flatMap((op) =>
    op.statuses.map((s) => {
      const name = `${op.operationId} ${s.status}`;
      const message = `no request was answered ${xml(s.status)}`;
      if (s.count > 0) return `    <testcase classname="contract-coverage" name="${xml(name)}"/>`;
      const outcome = gateFailed
        ? `<failure message="${message}; coverage ${report.percent}% is under --coverage-min ${min}%"/>`
        : `<skipped message="${message}"/>`;
      return `    <testcase classname="contract-coverage" name="${xml(name)}">${outcome}</testcase>`;
    }),
  );
  const uncovered = report.declared - report.covered;
  const properties = [
    `      <property name="percent" value="${report.percent}"/>`,
    ...(min === undefined ? [] : [`      <property name="coverage-min" value="${min}"/>`]),
    ...report.operations.flatMap((op) =>
      (op.undeclared ?? []).map(
        (s) =>
          `      <property name="outside the contract: ${xml(op.operationId)} ${xml(s.status)}" value="${s.count}"/>`,
      ),
    ),
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites><testsuite name="contract coverage" tests="${report.declared}" failures="${gateFailed ? uncovered : 0}" skipped="${gateFailed ? 0 : uncovered}">`,
    '    <properties>',
    ...properties,
    '    </properties>',
    ...cases,
    '  </testsuite></testsuites>',
    '',
  ].join('\n');
}
