/**
 * Saved states (POST /__emulator/snapshots): in memory, for this run, each kept as its JSON
 * text (compact, and its size exact). The snapshots of all namespaces share one SnapshotBudget
 * (--snapshot-limit): a save that would pass it is refused with 507, and nothing is dropped.
 */
import type { components } from '../control-types.js';
import type { Data } from '../store/records.js';
import { controlError } from './control-errors.js';

type Summary = components['schemas']['Snapshot'];

interface Saved extends Summary {
  /** The records, as JSON text. */
  text: string;
}

/** The bytes the snapshots of all namespaces may hold together. */
export class SnapshotBudget {
  readonly limit: number;
  used = 0;
  constructor(limit: number) {
    this.limit = limit;
  }
}

function summary({ text: _text, ...rest }: Saved): Summary {
  return rest;
}

export class Snapshots {
  readonly #saved = new Map<string, Saved>();
  #budget = new SnapshotBudget(Number.POSITIVE_INFINITY);

  /** Counts this namespace's snapshots in `budget` from now on. */
  useBudget(budget: SnapshotBudget): void {
    const bytes = this.#bytes();
    this.#budget.used -= bytes;
    this.#budget = budget;
    budget.used += bytes;
  }

  #bytes(): number {
    let bytes = 0;
    for (const saved of this.#saved.values()) bytes += saved.text.length;
    return bytes;
  }

  /** Saves a copy of `data` under `name` (replacing one of that name); 507 past the budget. */
  save(name: string, createdAt: string, data: Readonly<Data>): Summary {
    const text = JSON.stringify(data);
    const replaced = this.#saved.get(name)?.text.length ?? 0;
    const budget = this.#budget;
    if (budget.used - replaced + text.length > budget.limit) {
      throw controlError(
        'limit_reached',
        `this snapshot is ${text.length} bytes and the snapshots hold ${budget.used} of the ${budget.limit} that --snapshot-limit (SNAPSHOT_LIMIT) allows; drop one (DELETE /__emulator/snapshots/{name}) or raise the limit. Nothing was saved`,
      );
    }
    const saved: Saved = {
      name,
      createdAt,
      users: data.users.length,
      projects: data.projects.length,
      project_users: data.project_users.length,
      text,
    };
    this.drop(name);
    this.#saved.set(name, saved);
    budget.used += text.length;
    return summary(saved);
  }

  /** The records saved under `name` (a new copy each time); 404 naming those saved. */
  load(name: string): { summary: Summary; data: Data } {
    const saved = this.#saved.get(name);
    if (!saved) {
      const names = [...this.#saved.keys()].join(', ') || 'none';
      throw controlError('not_found', `no snapshot named ${name} (saved: ${names})`);
    }
    return { summary: summary(saved), data: JSON.parse(saved.text) as Data };
  }

  list(): Summary[] {
    return [...this.#saved.values()].map(summary);
  }

  /** Drops the snapshot; false when there is none of that name. */
  drop(name: string): boolean {
    const saved = this.#saved.get(name);
    if (!saved) return false;
    this.#saved.delete(name);
    this.#budget.used -= saved.text.length;
    return true;
  }

  /** Drops them all (a namespace going away gives its bytes back). */
  clear(): void {
    for (const name of [...this.#saved.keys()]) this.drop(name);
  }
}
