/**
 * Summarizes a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self time,
 * self time by package, and the emulator's own functions by inclusive time.
 *
 *   npx tsx bench/cpuprofile.ts <file.cpuprofile> [--top 15]
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface Row {
  name: string;
  ms: number;
  /** Of all sampled time. */
  percent: number;
  /** Of the time not idle. */
  busyPercent: number;
}

export interface Summary {
  totalMs: number;
  idleMs: number;
  selfByFunction: Row[];
  selfByPackage: Row[];
  /** The emulator's own functions (dist/), by time spent in them and what they call. */
  inclusiveOwn: Row[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** "bcryptjs", "fastify", "node:internal", "emulator dist/store.js", "(garbage collector)", … */
export function packageOf(frame: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  const url = frame.url;
  if (url === '') return '(native/V8 builtins)';
  if (url.startsWith('node:')) return 'node: core';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + '/node_modules/'.length).split('/');
    return rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : (rest[0] ?? url);
  }
  const dist = url.indexOf('/dist/');
  if (dist >= 0) return `emulator ${url.slice(dist + 1)}`;
  return url;
}

/** A native frame without a name (a V8 builtin, e.g. UTF-8 encoding) is named after its caller. */
function functionKey(frame: CallFrame, caller?: CallFrame): string {
  if (SPECIAL.has(frame.functionName) && frame.url === '') return frame.functionName;
  if (frame.functionName === '' && frame.url === '' && caller) {
    return `(native, in ${functionKey(caller)})`;
  }
  const name = frame.functionName || '(anonymous)';
  const where = frame.url === '' ? '' : ` ${packageOf(frame)}:${frame.lineNumber + 1}`;
  return `${name}${where}`;
}

/** The emulator's own compiled code, not a dependency's dist/ folder. */
function isOwn(url: string): boolean {
  return url.includes('/dist/') && !url.includes('/node_modules/');
}

function rows(map: Map<string, number>, totalMs: number, idleMs: number, top: number): Row[] {
  const busy = Math.max(totalMs - idleMs, 1e-9);
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([name, ms]) => ({
      name,
      ms,
      percent: (100 * ms) / totalMs,
      busyPercent: name === '(idle)' ? Number.NaN : (100 * ms) / busy,
    }));
}

export function summarize(profile: CpuProfile, top = 15): Summary {
  const byId = new Map<number, ProfileNode>();
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const self = new Map<string, number>();
  const packages = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let totalMs = 0;
  let idleMs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i] as number);
    // The delta before the next sample is the time spent in this one.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    if (!node || ms <= 0) continue;
    totalMs += ms;
    if (node.callFrame.functionName === '(idle)') idleMs += ms;
    const parentId = parent.get(node.id);
    const key = functionKey(
      node.callFrame,
      parentId === undefined ? undefined : byId.get(parentId)?.callFrame,
    );
    self.set(key, (self.get(key) ?? 0) + ms);
    const pkg = packageOf(node.callFrame);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
    // Inclusive: each of the emulator's functions on the stack once.
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || !isOwn(frame.url)) continue;
      const own = functionKey(frame);
      if (seen.has(own)) continue;
      seen.add(own);
      inclusive.set(own, (inclusive.get(own) ?? 0) + ms);
    }
  }
  return {
    totalMs,
    idleMs,
    selfByFunction: rows(self, totalMs, idleMs, top),
    selfByPackage: rows(packages, totalMs, idleMs, top),
    inclusiveOwn: rows(inclusive, totalMs, idleMs, top),
  };
}

export function renderSummary(title: string, summary: Summary): string {
  const table = (heading: string, list: Row[]) =>
    [
      `  ${heading}`,
      ...list.map(
        (r) =>
          `    ${r.percent.toFixed(1).padStart(5)}% ${Number.isNaN(r.busyPercent) ? '      ' : `(${r.busyPercent.toFixed(1).padStart(4)}%)`}  ${r.ms.toFixed(0).padStart(6)} ms  ${r.name}`,
      ),
    ].join('\n');
  return [
    `${title}: ${summary.totalMs.toFixed(0)} ms sampled, ${((100 * summary.idleMs) / summary.totalMs).toFixed(1)}% idle` +
      ' (percent of all samples, in parentheses of the busy ones)',
    table('self time by function', summary.selfByFunction),
    table('self time by package', summary.selfByPackage),
    table("the emulator's functions, inclusive", summary.inclusiveOwn),
  ].join('\n');
}

export function summarizeFile(file: string, top = 15): Summary {
  return summarize(JSON.parse(readFileSync(file, 'utf8')) as CpuProfile, top);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { top: { type: 'string', default: '15' } },
  });
  for (const file of positionals) {
    process.stdout.write(`${renderSummary(file, summarizeFile(file, Number(values.top)))}\n\n`);
  }
}
