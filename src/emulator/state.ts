/**
 * The emulator's own state beside the store (what the control API drives), one per namespace,
 * and what it knows about itself (EmulatorInfo, the health check's).
 */
import type { Operation } from '../openapi.js';
import type { Store } from '../store/index.js';
import { Coverage } from './coverage.js';
import { Faults } from './faults.js';
import { Journal } from './journal.js';
import { Snapshots } from './snapshots.js';

export interface EmulatorInfo {
  version: string;
  tiledeskVersion: string;
  startedAt: number;
  specSha256: string;
  fixturesFile: string;
  fixturesSha256: string;
  operations: string[];
}

/** The emulator's own state beside the store: what the control API drives. */
export interface EmulatorState {
  journal: Journal;
  faults: Faults;
  coverage: Coverage;
  snapshots: Snapshots;
}

/** The emulator's own state for a new emulator: an empty journal, no faults, no snapshots. */
export function newEmulatorState(operations: readonly Operation[]): EmulatorState {
  return {
    journal: new Journal(),
    faults: new Faults(),
    coverage: new Coverage(operations),
    snapshots: new Snapshots(),
  };
}

/**
 * Back to the fixtures, journal emptied, faults cleared: what POST /__emulator/reset and
 * Emulator.reset() do. Snapshots, the clock and the coverage stay.
 */
export async function resetEmulator(store: Store, state: EmulatorState): Promise<void> {
  await store.reset();
  state.journal.clear();
  state.faults.clear();
}
