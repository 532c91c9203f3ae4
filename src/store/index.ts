/**
 * The emulator's state: lowdb over a JSON file (or in memory), with indexes rebuilt on load
 * and reset. Only this module knows about lowdb, and every write goes through commit() or
 * snapshot() here. Lookups return `undefined` for absence; every mutation resolves only once it
 * is written (appended to the store's change log, see file.ts), and is undone in memory when
 * the write fails.
 */
import { Low, Memory } from 'lowdb';
import { type Change, StoreFile } from './file.js';
import {
  COLLECTIONS,
  type Data,
  type ProjectRecord,
  type ProjectUserRecord,
  type UserRecord,
  type VerifyCodeRecord,
} from './records.js';

export class StoreError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'StoreError';
  }
}

/** A unique index was violated, as Mongo's duplicate key error (code 11000). */
export class DuplicateKeyError extends Error {
  readonly key: string;
  constructor(key: string) {
    super(`duplicate key: ${key}`);
    this.name = 'DuplicateKeyError';
    this.key = key;
  }
}

export interface StoreOptions {
  /** The JSON file, or null for memory. */
  file: string | null;
  /** The state a new store starts from, and what reset() restores. */
  seed: Data;
  /** Checks a file that already exists; returns the problem, or undefined when it is valid. */
  check?: (data: unknown) => string | undefined;
}

export interface Store {
  readonly file: string | null;
  /** A read-only view of the current state, for inspection. */
  readonly data: Readonly<Data>;
  findUserById(id: string): UserRecord | undefined;
  /** By exact (already lower-cased) e-mail, whatever the user's status. */
  findUserByEmail(email: string): UserRecord | undefined;
  /** The user whose password reset key this is, whatever its status (`''` finds none). */
  findUserByResetKey(key: string): UserRecord | undefined;
  /** A verification code, expired or not. */
  findVerifyCode(code: string): VerifyCodeRecord | undefined;
  /**
   * Keeps a verification code; first drops the codes expired at `now`, and the oldest past
   * VERIFY_CODES_LIMIT.
   */
  insertVerifyCode(record: VerifyCodeRecord, now: Date): Promise<void>;
  insertUser(user: UserRecord): Promise<void>;
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

interface Indexes {
  usersById: Map<string, UserRecord>;
  usersByEmail: Map<string, UserRecord>;
  usersByResetKey: Map<string, UserRecord>;
  verifyCodes: Map<string, VerifyCodeRecord>;
  projectsById: Map<string, ProjectRecord>;
  /**
   * id_project → uuid_user (or id_user) → the first matching project_user, as findOne. Nested
   * maps rather than one keyed by a joined string: no key string per record.
   */
  projectUsersByUuid: Map<string, Map<string, ProjectUserRecord>>;
  projectUsersById: Map<string, Map<string, ProjectUserRecord>>;
}

/** Adds `pu` under `key` in the project's map, unless an earlier project_user is there. */
function indexFirst(
  index: Map<string, Map<string, ProjectUserRecord>>,
  pu: ProjectUserRecord,
  key: string,
): void {
  let byKey = index.get(pu.id_project);
  if (!byKey) {
    byKey = new Map();
    index.set(pu.id_project, byKey);
  }
  if (!byKey.has(key)) byKey.set(key, pu);
}

function buildIndexes(data: Data): Indexes {
  const indexes: Indexes = {
    usersById: new Map(),
    usersByEmail: new Map(),
    usersByResetKey: new Map(),
    verifyCodes: new Map((data.verify_codes ?? []).map((code) => [code._id, code])),
    projectsById: new Map(),
    projectUsersByUuid: new Map(),
    projectUsersById: new Map(),
  };
  for (const user of data.users) indexUser(indexes, user);
  for (const project of data.projects) indexes.projectsById.set(project._id, project);
  for (const pu of data.project_users) indexProjectUser(indexes, pu);
  return indexes;
}

function indexUser(indexes: Indexes, user: UserRecord): void {
  indexes.usersById.set(user._id, user);
  indexes.usersByEmail.set(user.email, user);
  // As findOne: the first user with the key. A used key is '' and finds nobody.
  const key = user.resetpswrequestid;
  if (key && !indexes.usersByResetKey.has(key)) indexes.usersByResetKey.set(key, user);
}

function unindexUser(indexes: Indexes, user: UserRecord): void {
  indexes.usersById.delete(user._id);
  indexes.usersByEmail.delete(user.email);
  const key = user.resetpswrequestid;
  if (key && indexes.usersByResetKey.get(key) === user) indexes.usersByResetKey.delete(key);
}

function indexProjectUser(indexes: Indexes, pu: ProjectUserRecord): void {
  if (pu.uuid_user !== undefined) indexFirst(indexes.projectUsersByUuid, pu, pu.uuid_user);
  if (pu.id_user !== undefined) indexFirst(indexes.projectUsersById, pu, pu.id_user);
}

/** Checks that what was read is a store: an object with the three collections as arrays. */
function checkShape(value: unknown, file: string): Data {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new StoreError(`${file} is not a tiledesk-auth-emulator store: expected a JSON object`);
  }
  const record = value as Record<string, unknown>;
  for (const name of COLLECTIONS) {
    if (!Array.isArray(record[name])) {
      throw new StoreError(
        `${file} is not a tiledesk-auth-emulator store: "${name}" is not an array`,
      );
    }
  }
  return record as unknown as Data;
}

/** Names the first record whose `_id` (or user e-mail) another record of its collection has. */
function findDuplicate(data: Data): string | undefined {
  for (const name of COLLECTIONS) {
    const seen = new Set<string>();
    const emails = new Set<string>();
    for (const [index, record] of (data[name] as { _id: string; email?: string }[]).entries()) {
      if (seen.has(record._id)) return `${name}[${index}] repeats _id ${record._id}`;
      seen.add(record._id);
      if (name !== 'users' || record.email === undefined) continue;
      if (emails.has(record.email)) return `${name}[${index}] repeats email ${record.email}`;
      emails.add(record.email);
    }
  }
  return undefined;
}

/**
 * The most verification codes kept at once (each valid 900 s); past it the oldest go first. A
 * signup or a resend adds one; expired codes are dropped as new ones come.
 */
export const VERIFY_CODES_LIMIT = 10_000;

/** The log is folded into a new snapshot once it holds this many changes. */
const COMPACT_AFTER = 20_000;

async function openDb(options: StoreOptions): Promise<Low<Data>> {
  if (options.file === null) {
    return new Low<Data>(new Memory<Data>(), structuredClone(options.seed));
  }
  const file = await StoreFile.at(options.file, options.seed);
  try {
    return await openFile(file, options.file, options);
  } catch (error) {
    await file.close();
    throw error;
  }
}

async function openFile(file: StoreFile, name: string, options: StoreOptions) {
  const db = new Low<Data>(file, structuredClone(options.seed));
  const refuse = (problem: string, cause?: unknown) =>
    new StoreError(
      `${problem}. The file was left untouched; fix it, move it away or point --db at another file.`,
      { cause },
    );
  let existing: Data | null;
  try {
    existing = await file.read();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw refuse(`cannot read the store file ${name}: ${reason}`, error);
  }
  if (existing === null) {
    await db.write();
    return db;
  }
  db.data = checkShape(existing, name);
  const problem = options.check?.(db.data) ?? findDuplicate(db.data);
  if (problem) throw refuse(`the store file ${name} is invalid: ${problem}`);
  // Fold the changes of the last run into a fresh snapshot; this also drops a torn last line,
  // which later appends would otherwise turn into a corrupt line in the middle of the log.
  if (file.dirty) await db.write();
  return db;
}

export async function createStore(options: StoreOptions): Promise<Store> {
  const db = await openDb(options);
  let indexes = buildIndexes(db.data);

  const file = db.adapter instanceof StoreFile ? db.adapter : undefined;

  function writeFailure(error: unknown): StoreError {
    const reason = error instanceof Error ? error.message : String(error);
    return new StoreError(`cannot write the store file ${options.file}: ${reason}`, {
      cause: error,
    });
  }

  /** The snapshot that folds a long log in, while one is queued or being written. */
  let compaction: Promise<void> | undefined;

  /** Logs the change, and undoes the in-memory mutation if the write fails. */
  async function commit(changes: Change | Change[], undo: () => void): Promise<void> {
    if (!file) return;
    try {
      await Promise.all([changes].flat().map((change) => file.append(change)));
    } catch (error) {
      undo();
      throw writeFailure(error);
    }
    // One at a time: every commit that finds the log long would otherwise queue a snapshot of
    // its own, and the appends queued behind them would wait for all of them.
    if (file.logged >= COMPACT_AFTER && !compaction) {
      compaction = db
        .write()
        .catch(() => undefined)
        .finally(() => {
          compaction = undefined;
        });
    }
  }

  /** Every record replaced by a copy of `data`: one line in the log, as any change. */
  async function replaceAll(data: Data, change: Change): Promise<void> {
    const before = { data: db.data, indexes };
    db.data = structuredClone(data);
    indexes = buildIndexes(db.data);
    await commit(change, () => {
      db.data = before.data;
      indexes = before.indexes;
    });
  }

  async function flush(): Promise<void> {
    if (!file) return;
    await file.idle();
    // Leave one file behind: the changes folded into the snapshot.
    if (file.logged > 0) await db.write();
  }

  return {
    file: options.file,
    get data() {
      return db.data;
    },
    findUserById: (id) => indexes.usersById.get(id),
    findUserByEmail: (email) => indexes.usersByEmail.get(email),
    findUserByResetKey: (key) => indexes.usersByResetKey.get(key),
    findVerifyCode: (code) => indexes.verifyCodes.get(code),
    async insertVerifyCode(record, now) {
      const before = db.data.verify_codes;
      const codes = before ?? [];
      const at = now.toISOString();
      const live = codes.filter((code) => code.expiresAt > at);
      const kept = live.slice(Math.max(0, live.length + 1 - VERIFY_CODES_LIMIT));
      const keptIds = new Set(kept.map((code) => code._id));
      const dropped = codes.map((code) => code._id).filter((id) => !keptIds.has(id));
      db.data.verify_codes = [...kept, record];
      for (const id of dropped) indexes.verifyCodes.delete(id);
      indexes.verifyCodes.set(record._id, record);
      const changes: Change[] = [
        ...(dropped.length > 0
          ? [{ op: 'delete', into: 'verify_codes', ids: dropped } as const]
          : []),
        { op: 'insert', into: 'verify_codes', record },
      ];
      await commit(changes, () => {
        db.data.verify_codes = before;
        indexes = buildIndexes(db.data);
      });
    },
    async insertUser(user) {
      if (indexes.usersByEmail.has(user.email)) throw new DuplicateKeyError('email');
      db.data.users.push(user);
      indexUser(indexes, user);
      await commit({ op: 'insert', into: 'users', record: user }, () => {
        db.data.users.splice(db.data.users.indexOf(user), 1);
        unindexUser(indexes, user);
      });
    },
    async updateUser(id, patch) {
      const user = indexes.usersById.get(id);
      if (!user) return undefined;
      const before = { ...user };
      unindexUser(indexes, user);
      Object.assign(user, patch);
      indexUser(indexes, user);
      await commit({ op: 'update', into: 'users', _id: id, patch }, () => {
        unindexUser(indexes, user);
        for (const key of Object.keys(user))
          delete (user as unknown as Record<string, unknown>)[key];
        Object.assign(user, before);
        indexUser(indexes, user);
      });
      return user;
    },
    findProject: (id) => indexes.projectsById.get(id),
    findProjectUser({ id_project, uuid_user, id_user }) {
      if (uuid_user !== undefined) {
        return indexes.projectUsersByUuid.get(id_project)?.get(uuid_user);
      }
      if (id_user !== undefined) return indexes.projectUsersById.get(id_project)?.get(id_user);
      return undefined;
    },
    async insertProjectUser(pu) {
      db.data.project_users.push(pu);
      indexProjectUser(indexes, pu);
      await commit({ op: 'insert', into: 'project_users', record: pu }, () => {
        db.data.project_users.splice(db.data.project_users.indexOf(pu), 1);
        indexes = buildIndexes(db.data);
      });
    },
    async insertMany(records) {
      const emails = new Set<string>();
      for (const user of records.users) {
        if (indexes.usersByEmail.has(user.email) || emails.has(user.email)) {
          throw new DuplicateKeyError(`email ${user.email}`);
        }
        if (indexes.usersById.has(user._id)) throw new DuplicateKeyError(`_id ${user._id}`);
        emails.add(user.email);
      }
      for (const project of records.projects) {
        if (indexes.projectsById.has(project._id))
          throw new DuplicateKeyError(`_id ${project._id}`);
      }
      const before = {
        users: db.data.users.length,
        projects: db.data.projects.length,
        project_users: db.data.project_users.length,
      };
      db.data.users.push(...records.users);
      db.data.projects.push(...records.projects);
      db.data.project_users.push(...records.project_users);
      for (const user of records.users) indexUser(indexes, user);
      for (const project of records.projects) indexes.projectsById.set(project._id, project);
      for (const pu of records.project_users) indexProjectUser(indexes, pu);
      const changes: Change[] = [
        ...records.users.map((record) => ({ op: 'insert', into: 'users', record }) as const),
        ...records.projects.map((record) => ({ op: 'insert', into: 'projects', record }) as const),
        ...records.project_users.map(
          (record) => ({ op: 'insert', into: 'project_users', record }) as const,
        ),
      ];
      await commit(changes, () => {
        db.data.users.length = before.users;
        db.data.projects.length = before.projects;
        db.data.project_users.length = before.project_users;
        indexes = buildIndexes(db.data);
      });
    },
    reset: () => replaceAll(options.seed, { op: 'reset' }),
    restore: (data) => replaceAll(data, { op: 'restore', data }),
    flush,
    async close() {
      try {
        await flush();
      } finally {
        await file?.close();
      }
    },
  };
}
