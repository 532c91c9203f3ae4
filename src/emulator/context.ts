/**
 * The one context object: what every handler and security check of both APIs receives, for the
 * request's namespace. app.ts makes one per namespace. Tiledesk handlers see only their part of
 * it (tiledesk/handlers/types.ts `Ctx`); the control API's handlers see all of it.
 */
import type { Operation } from '../openapi.js';
import type { Ctx } from '../tiledesk/handlers/types.js';
import type { Namespaces } from './namespaces.js';
import type { EmulatorInfo, EmulatorState } from './state.js';

export interface Context extends Ctx, EmulatorState {
  info: EmulatorInfo;
  /** The Tiledesk API's operations (faults and coverage name them). */
  operations: readonly Operation[];
  namespaces: Namespaces;
}
