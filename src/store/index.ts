/**
 * The emulator's state, in three parts: open.ts opens lowdb over the store file (or memory),
 * memory.ts holds the records and their indexes and applies a change (and its undo), and
 * change() here is the one mutation path: a change is applied in memory, written to the store's
 * change log (file.ts), and undone in memory when the write fails. Lookups return `undefined`
 * for absence; every mutation resolves only once it is written.
 */
import type { Low } from 'lowdb';
import { type Change, StoreFile } from './file.js';
import { Records, type Undo } from './memory.js';
import { openDb, StoreError, type StoreOptions } from './open.js';
import {
  type Data,
  DEFAULT_MAX_VERIFY_CODES,
  type ProjectRecord,
  type ProjectUserRecord,
  type UserRecord,
  type VerifyCodeRecord,
} from './records.js';

export { StoreError, type StoreOptions } from './open.js';

/** A unique index was violated, as Mongo's duplicate key error (code 11000). */
export class DuplicateKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`duplicate key: ${key}`);
    this.name = 'DuplicateKeyError';
    this.key = key;
  }
}

export interface Store {
  readonly file: string | null;
  /** A read-only view of the current state, for inspection. */
  readonly data: Readonly<Data>;
  findUserById(id: string): UserRecord | undefined;
  /** The users of any of these ids, in the store's order, as MongoDB finds `{ _id: { $in } }`. */
  findUsersById(ids: readonly string[]): UserRecord[];
  /** By exact (already lower-cased) e-mail, whatever the user's status. */
  findUserByEmail(email: string): UserRecord | undefined;
  /** The user whose password reset key this is, whatever its status (`''` finds none). */
  findUserByResetKey(key: string): UserRecord | undefined;
  /** A verification code, expired or not. */
  findVerifyCode(code: string): VerifyCodeRecord | undefined;
  /**
   * Keeps a verification code; first drops the codes expired at `now`, and the oldest past
   * `maxVerifyCodes` (--max-verify-codes).
   */
  insertVerifyCode(record: VerifyCodeRecord, now: Date): Promise<void>;
  /**
   * A new user, with the verification code its signup e-mail carries when one is given: both in
   * one write, all or nothing (a failed write leaves neither behind).
   */
  insertUser(user: UserRecord, verify?: { code: VerifyCodeRecord; now: Date }): Promise<void>;
  updateUser(id: string, patch: Partial<UserRecord>): Promise<UserRecord | undefined>;
  findProject(id: string): ProjectRecord | undefined;
  findProjectUser(query: {
    id_project: string;
    uuid_user?: string;
    id_user?: string;
  }): ProjectUserRecord | undefined;
  insertProjectUser(projectUser: ProjectUserRecord): Promise<void>;
  /** Adds records of every kind in one write; all or nothing. Throws DuplicateKeyError. */
  insertMany(records: Data): Promise<void>;
  /** Back to the seed, on disk too. */
  reset(): Promise<void>;
  /** Holds `data` (a snapshot's records) instead, on disk too. */
  restore(data: Data): Promise<void>;
  /** Resolves when every write started so far has finished, and folds the log into the snapshot. */
  flush(): Promise<void>;
  /** flush(), then lets the file go (its lock released). */
  close(): Promise<void>;
}

/**
 * The log is folded into a new snapshot once it holds this many changes, or this many bytes (a
 * restore logs the whole store: 150 restores of a 4 MB store made a log no restart could read).
 */
const COMPACT_AFTER = 20_000;
const COMPACT_BYTES = 16 * 1024 * 1024;

/**
 * The store file's side of a change: appended to the log, and the log folded into a snapshot
 * now and then. In memory (no file), a change is written at once.
 */
function changeLog(db: Low<Data>, records: Records, name: string | null) {
  const file = db.adapter instanceof StoreFile ? db.adapter : undefined;
  /** The snapshot that folds a long log in, while one is queued or being written. */
  let compaction: Promise<void> | undefined;
  const snapshot = () => {
    db.data = records.data;
    return db.write();
  };
  return {
    async append(changes: readonly Change[]): Promise<void> {
      if (!file) return;
      try {
        await Promise.all(changes.map((change) => file.append(change)));
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new StoreError(`cannot write the store file ${name}: ${reason}`, { cause: error });
      }
      // One at a time: every change that finds the log long would otherwise queue a snapshot
      // of its own, and the appends queued behind them would wait for all of them.
      const long = file.changesSinceSnapshot >= COMPACT_AFTER || file.loggedBytes >= COMPACT_BYTES;
      if (long && !compaction) {
        compaction = snapshot()
          .catch(() => undefined)
          .finally(() => {
            compaction = undefined;
          });
      }
    },
    /** Waits for the writes, and leaves one file behind: the changes folded into the snapshot. */
    async flush(): Promise<void> {
      if (!file) return;
      await file.idle();
      if (file.changesSinceSnapshot > 0) await snapshot();
    },
    async close(): Promise<void> {
      await file?.close();
    },
  };
}

/** Throws DuplicateKeyError when a record of `records` would repeat a unique key. */
function checkUnique(memory: Records, records: Data): void {
  const emails = new Set<string>();
  for (const user of records.users) {
    if (memory.userByEmail(user.email) || emails.has(user.email)) {
      throw new DuplicateKeyError(`email ${user.email}`);
    }
    if (memory.userById(user._id)) throw new DuplicateKeyError(`_id ${user._id}`);
    emails.add(user.email);
  }
  for (const project of records.projects) {
    if (memory.project(project._id)) throw new DuplicateKeyError(`_id ${project._id}`);
  }
}

const inserts = (records: Data): Change[] => [
  ...records.users.map((record) => ({ op: 'insert', into: 'users', record }) as const),
  ...records.projects.map((record) => ({ op: 'insert', into: 'projects', record }) as const),
  ...records.project_users.map(
    (record) => ({ op: 'insert', into: 'project_users', record }) as const,
  ),
];

export async function createStore(options: StoreOptions): Promise<Store> {
  const db = await openDb(options);
  const memory = new Records(db.data, options.seed);
  const log = changeLog(db, memory, options.file);

  /**
   * The changes that keep a verification code: the codes expired at `now` dropped first, and the
   * oldest past `maxVerifyCodes`.
   */
  function verifyCodeChanges(record: VerifyCodeRecord, now: Date): Change[] {
    const at = now.toISOString();
    const codes = memory.data.verify_codes ?? [];
    const live = codes.filter((code) => code.expiresAt > at);
    const kept = new Set(
      live
        .slice(Math.max(0, live.length + 1 - (options.maxVerifyCodes ?? DEFAULT_MAX_VERIFY_CODES)))
        .map((code) => code._id),
    );
    const dropped = codes.map((code) => code._id).filter((id) => !kept.has(id));
    return [
      ...(dropped.length > 0
        ? [{ op: 'delete', into: 'verify_codes', ids: dropped } as const]
        : []),
      { op: 'insert', into: 'verify_codes', record },
    ];
  }

  /** The one mutation path: applied in memory, written, undone in memory if the write fails. */
  async function change(...changes: Change[]): Promise<void> {
    const undos: Undo[] = changes.map((c) => memory.apply(c));
    try {
      await log.append(changes);
    } catch (error) {
      for (const undo of undos.reverse()) undo();
      throw error;
    }
  }

  return {
    file: options.file,
    get data() {
      return memory.data;
    },
    findUserById: (id) => memory.userById(id),
    findUsersById(ids) {
      const found = ids.flatMap((id) => memory.userById(id) ?? []);
      // By the index; in the store's order (a scan) only when several are found.
      return found.length > 1 ? memory.data.users.filter((user) => found.includes(user)) : found;
    },
    findUserByEmail: (email) => memory.userByEmail(email),
    findUserByResetKey: (key) => memory.userByResetKey(key),
    findVerifyCode: (code) => memory.verifyCode(code),
    insertVerifyCode: (record, now) => change(...verifyCodeChanges(record, now)),
    async insertUser(user, verify) {
      if (memory.userByEmail(user.email)) throw new DuplicateKeyError('email');
      await change(
        { op: 'insert', into: 'users', record: user },
        ...(verify ? verifyCodeChanges(verify.code, verify.now) : []),
      );
    },
    async updateUser(id, patch) {
      const user = memory.userById(id);
      if (!user) return undefined;
      await change({ op: 'update', into: 'users', _id: id, patch });
      return user;
    },
    findProject: (id) => memory.project(id),
    findProjectUser({ id_project, uuid_user, id_user }) {
      if (uuid_user !== undefined) return memory.projectUser(id_project, 'uuid_user', uuid_user);
      if (id_user !== undefined) return memory.projectUser(id_project, 'id_user', id_user);
      return undefined;
    },
    insertProjectUser: (pu) => change({ op: 'insert', into: 'project_users', record: pu }),
    async insertMany(records) {
      checkUnique(memory, records);
      await change(...inserts(records));
    },
    reset: () => change({ op: 'reset' }),
    restore: (data) => change({ op: 'restore', data }),
    flush: () => log.flush(),
    async close() {
      try {
        await log.flush();
      } finally {
        await log.close();
      }
    },
  };
}
