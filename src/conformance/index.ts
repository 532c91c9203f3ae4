export type { Case, Step, TokenSpec } from './cases.js';
export type { Difference, Divergence } from './compare.js';
export { CONFORMANCE_USAGE, conformanceMain, formatReport } from './main.js';
export {
  type CaseResult,
  type Report,
  type RunOptions,
  runConformance,
  type TargetAccount,
} from './run.js';
