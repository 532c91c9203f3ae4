/**
 * Namespaces for parallel test workers: a request with `x-emulator-namespace: <name>` (or under
 * a `/__ns/<name>` prefix, which routing strips) works on that namespace's own state: a store in
 * memory, made from the fixtures on first use, with its own journal, faults, coverage and
 * snapshots. Without one, the emulator's own state. The control API takes the same header.
 *
 * Bounded: at most --max-namespaces at once (a request for a new one past it is answered 507,
 * and the namespaces already made keep working); their journals share one byte budget
 * (--journal-limit), their snapshots another (--snapshot-limit), and the live-journal streams
 * of all of them one cap (--max-streams).
 */
import type { Readable } from 'node:stream';
import type { FastifyRequest } from 'fastify';
import type { Store } from '../store/index.js';
import { controlError } from './control-errors.js';
import { JournalBudget } from './journal.js';
import { SnapshotBudget } from './snapshots.js';
import type { EmulatorState } from './state.js';

export const NAMESPACE_HEADER = 'x-emulator-namespace';
const NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** One namespace's state. */
export interface NamespaceState {
  /** Null for the emulator's own state. */
  name: string | null;
  store: Store;
  state: EmulatorState;
}

export interface NamespaceSummary {
  name: string;
  users: number;
  project_users: number;
  requests: number;
}

/** What the namespaces share: their limits (config.ts). */
export interface NamespaceLimits {
  maxNamespaces: number;
  journalLimit: number;
  snapshotLimit: number;
}

export class Namespaces {
  /** The emulator's own state, for requests that name no namespace. */
  readonly main: NamespaceState;
  readonly #make: (name: string) => Promise<NamespaceState>;
  readonly #spaces = new Map<string, Promise<NamespaceState>>();
  /** What each request was resolved to, for the hooks that run once it is answered. */
  readonly #resolved = new WeakMap<FastifyRequest, NamespaceState>();
  readonly #max: number;
  readonly #journalBudget: JournalBudget;
  readonly #snapshotBudget: SnapshotBudget;
  /** The live-journal streams open, all namespaces together (live-journal.ts). */
  readonly streams = new Set<Readable>();

  constructor(
    main: NamespaceState,
    make: (name: string) => Promise<NamespaceState>,
    limits: NamespaceLimits,
  ) {
    this.main = main;
    this.#max = limits.maxNamespaces;
    this.#journalBudget = new JournalBudget(limits.journalLimit);
    this.#snapshotBudget = new SnapshotBudget(limits.snapshotLimit);
    this.#share(main);
    this.#make = async (name) => this.#share(await make(name));
  }

  #share(space: NamespaceState): NamespaceState {
    space.state.journal.useBudget(this.#journalBudget);
    space.state.snapshots.useBudget(this.#snapshotBudget);
    return space;
  }

  /** The request's namespace, made on first use; a bad name is a 400 naming the rule. */
  async of(request: FastifyRequest): Promise<NamespaceState> {
    const known = this.#resolved.get(request);
    if (known) return known;
    const header = request.headers[NAMESPACE_HEADER];
    let space = this.main;
    if (header !== undefined) {
      const name = Array.isArray(header) ? header[0] : header;
      if (name === undefined || !NAME.test(name)) {
        throw controlError(
          'invalid_request',
          `${NAMESPACE_HEADER} must be 1 to 64 letters, digits, dots, dashes or underscores`,
          NAMESPACE_HEADER,
        );
      }
      let made = this.#spaces.get(name);
      if (!made) {
        if (this.#spaces.size >= this.#max) {
          throw controlError(
            'limit_reached',
            `${this.#spaces.size} namespaces exist, the most --max-namespaces (MAX_NAMESPACES) allows; drop unused ones (DELETE /__emulator/namespaces/{name}) or raise the limit. No namespace ${name} was made`,
            NAMESPACE_HEADER,
          );
        }
        made = this.#make(name);
        made.catch(() => this.#spaces.delete(name));
        this.#spaces.set(name, made);
      }
      space = await made;
    }
    this.#resolved.set(request, space);
    return space;
  }

  /** The namespace a request was resolved to (the emulator's own if it never was). */
  resolved(request: FastifyRequest): NamespaceState {
    return this.#resolved.get(request) ?? this.main;
  }

  async list(): Promise<NamespaceSummary[]> {
    const spaces = await Promise.all(this.#spaces.values());
    return spaces.map((space) => ({
      name: space.name as string,
      users: space.store.data.users.length,
      project_users: space.store.data.project_users.length,
      requests: space.state.journal.size,
    }));
  }

  /** Drops a namespace and its state; false when there is none of that name. */
  async drop(name: string): Promise<boolean> {
    const space = this.#spaces.get(name);
    if (!space) return false;
    this.#spaces.delete(name);
    const { store, state } = await space;
    // Its journal entries and snapshots stop counting against the shared budgets.
    state.journal.useBudget(undefined);
    state.snapshots.clear();
    await store.close();
    return true;
  }

  /** The emulator's own state and every namespace's made so far. */
  async all(): Promise<NamespaceState[]> {
    const made = await Promise.allSettled(this.#spaces.values());
    return [
      this.main,
      ...made.flatMap((space) => (space.status === 'fulfilled' ? [space.value] : [])),
    ];
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.#spaces.keys()].map((name) => this.drop(name)));
  }
}
