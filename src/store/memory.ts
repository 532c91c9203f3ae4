/**
 * The records in memory and their indexes, and the one way they change: apply() carries out a
 * Change (the changes the store file logs) and returns the function that undoes it. Each kind
 * of change and its undo are written once, here.
 */
import type { Change } from './file.js';
import type { Data, ProjectRecord, ProjectUserRecord, UserRecord } from './records.js';

/** Puts back what one change did. */
export type Undo = () => void;

interface Indexes {
  usersById: Map<string, UserRecord>;
  usersByEmail: Map<string, UserRecord>;
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

function indexUser(indexes: Indexes, user: UserRecord): void {
  indexes.usersById.set(user._id, user);
  indexes.usersByEmail.set(user.email, user);
}

function unindexUser(indexes: Indexes, user: UserRecord): void {
  indexes.usersById.delete(user._id);
  indexes.usersByEmail.delete(user.email);
}

function indexProjectUser(indexes: Indexes, pu: ProjectUserRecord): void {
  if (pu.uuid_user !== undefined) indexFirst(indexes.projectUsersByUuid, pu, pu.uuid_user);
  if (pu.id_user !== undefined) indexFirst(indexes.projectUsersById, pu, pu.id_user);
}

function buildIndexes(data: Data): Indexes {
  const indexes: Indexes = {
    usersById: new Map(),
    usersByEmail: new Map(),
    projectsById: new Map(),
    projectUsersByUuid: new Map(),
    projectUsersById: new Map(),
  };
  for (const user of data.users) indexUser(indexes, user);
  for (const project of data.projects) indexes.projectsById.set(project._id, project);
  for (const pu of data.project_users) indexProjectUser(indexes, pu);
  return indexes;
}

/** The records, their indexes, and apply(). `seed` is what a reset puts back. */
export class Records {
  #data: Data;
  #indexes: Indexes;
  readonly #seed: Data;

  constructor(data: Data, seed: Data) {
    this.#data = data;
    this.#indexes = buildIndexes(data);
    this.#seed = seed;
  }

  /** The current records; replaced as a whole by a reset or a restore. */
  get data(): Data {
    return this.#data;
  }

  userById(id: string): UserRecord | undefined {
    return this.#indexes.usersById.get(id);
  }

  userByEmail(email: string): UserRecord | undefined {
    return this.#indexes.usersByEmail.get(email);
  }

  project(id: string): ProjectRecord | undefined {
    return this.#indexes.projectsById.get(id);
  }

  /** The first project_user of a project with this uuid_user or id_user, as findOne. */
  projectUser(id_project: string, key: 'uuid_user' | 'id_user', value: string) {
    const index =
      key === 'uuid_user' ? this.#indexes.projectUsersByUuid : this.#indexes.projectUsersById;
    return index.get(id_project)?.get(value);
  }

  /** Carries out a change in memory; what it returns puts everything back. */
  apply(change: Change): Undo {
    switch (change.op) {
      case 'insert':
        return this.#insert(change.into, change.record);
      case 'update':
        return this.#update(change._id, change.patch);
      case 'reset':
        return this.#replace(this.#seed);
      case 'restore':
        return this.#replace(change.data);
    }
  }

  #insert(into: keyof Data, record: { _id: string }): Undo {
    const records = this.#data[into] as { _id: string }[];
    records.push(record);
    if (into === 'users') indexUser(this.#indexes, record as UserRecord);
    else if (into === 'projects')
      this.#indexes.projectsById.set(record._id, record as ProjectRecord);
    else indexProjectUser(this.#indexes, record as ProjectUserRecord);
    return () => {
      records.splice(records.lastIndexOf(record), 1);
      if (into === 'users') unindexUser(this.#indexes, record as UserRecord);
      // A project or a project_user may have shadowed none or another: the indexes are rebuilt.
      else this.#indexes = buildIndexes(this.#data);
    };
  }

  #update(id: string, patch: Partial<UserRecord>): Undo {
    const user = this.#indexes.usersById.get(id);
    if (!user) return () => {};
    const before = { ...user };
    const assign = (values: Partial<UserRecord>, replace: boolean) => {
      unindexUser(this.#indexes, user);
      if (replace) {
        for (const key of Object.keys(user))
          delete (user as unknown as Record<string, unknown>)[key];
      }
      Object.assign(user, values);
      indexUser(this.#indexes, user);
    };
    assign(patch, false);
    return () => assign(before, true);
  }

  /** Every record replaced by a copy of `data`. */
  #replace(data: Data): Undo {
    const before = { data: this.#data, indexes: this.#indexes };
    this.#data = structuredClone(data);
    this.#indexes = buildIndexes(this.#data);
    return () => {
      this.#data = before.data;
      this.#indexes = before.indexes;
    };
  }
}
