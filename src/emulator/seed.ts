/**
 * Records from a seed (POST /__emulator/seed, and a fixtures file): what is given is kept, the
 * rest gets the defaults the real server would give; plain-text passwords are hashed.
 */
import { createHash } from 'node:crypto';
import type { Config } from '../config.js';
import type { components } from '../control-types.js';
import {
  AGENT_ROLES,
  type Data,
  type ProjectRecord,
  type ProjectUserRecord,
  type UserRecord,
} from '../store/records.js';
import { createIds, type Ids } from '../tiledesk/ids.js';
import { hashPassword } from '../tiledesk/passwords.js';
import { controlError } from './control-errors.js';

type Schemas = components['schemas'];

/** What making records needs: the bcrypt cost, the clock and the ids (random when not given). */
export type SeedConfig = Pick<Config, 'bcryptCost' | 'now'> & { ids: Ids };
const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
/**
 * Hashes of seeded plain-text passwords, by (e-mail, password, cost): a suite that seeds the
 * same users after every reset gets the same hashes back, so their sign-ins hit the bcrypt
 * result cache (passwords.ts) instead of hashing and comparing again. Bounded; in memory only.
 */
const seededHashes = new Map<string, Promise<string>>();
const SEEDED_HASHES_KEPT = 10_000;

function seededHash(email: string, password: string, cost: number): Promise<string> {
  const key = createHash('sha256').update(`${email}\0${password}\0${cost}`).digest('base64');
  let hash = seededHashes.get(key);
  if (!hash) {
    hash = hashPassword(password, cost);
    hash.catch(() => seededHashes.delete(key));
    if (seededHashes.size >= SEEDED_HASHES_KEPT) {
      seededHashes.delete(seededHashes.keys().next().value as string);
    }
    seededHashes.set(key, hash);
  }
  return hash;
}

async function toUser(
  seed: Schemas['SeedUser'],
  config: SeedConfig,
  at: string,
): Promise<UserRecord> {
  const password = BCRYPT_HASH.test(seed.password)
    ? seed.password
    : await seededHash(seed.email.toLowerCase(), seed.password, config.bcryptCost);
  return {
    _id: seed._id?.toLowerCase() ?? config.ids.objectId(config.now()),
    email: seed.email.toLowerCase(),
    password,
    ...(seed.firstname !== undefined && { firstname: seed.firstname }),
    ...(seed.lastname !== undefined && { lastname: seed.lastname }),
    emailverified: seed.emailverified ?? false,
    status: seed.status ?? 100,
    ...(seed.phone !== undefined && { phone: seed.phone }),
    ...(seed.attributes !== undefined && { attributes: seed.attributes }),
    createdAt: seed.createdAt ?? at,
    updatedAt: seed.updatedAt ?? seed.createdAt ?? at,
    __v: seed.__v ?? 0,
  };
}

function toProject(seed: Schemas['SeedProject'], config: SeedConfig, at: string): ProjectRecord {
  return {
    _id: seed._id?.toLowerCase() ?? config.ids.objectId(config.now()),
    name: seed.name,
    // The real server's keys/generate gives a project a UUID v4 secret.
    jwtSecret: seed.jwtSecret ?? config.ids.uuid(),
    status: seed.status ?? 100,
    ...(seed.createdBy !== undefined && { createdBy: seed.createdBy }),
    createdAt: seed.createdAt ?? at,
    updatedAt: seed.updatedAt ?? seed.createdAt ?? at,
    __v: seed.__v ?? 0,
  };
}

/** What a seed's project_users lack: the problems, naming each record. */
export function projectUserProblems(seed: Pick<Schemas['SeedRequest'], 'project_users'>): string[] {
  return (seed.project_users ?? []).flatMap((pu, index) =>
    pu.id_user === undefined && pu.uuid_user === undefined
      ? [`project_users[${index}]: needs id_user or uuid_user`]
      : [],
  );
}

function toProjectUser(
  seed: Schemas['SeedProjectUser'],
  config: SeedConfig,
  at: string,
): ProjectUserRecord {
  const member = (seed.id_user ?? seed.uuid_user) as string;
  return {
    _id: seed._id?.toLowerCase() ?? config.ids.objectId(config.now()),
    id_project: seed.id_project.toLowerCase(),
    ...(seed.id_user !== undefined && { id_user: seed.id_user.toLowerCase() }),
    ...(seed.uuid_user !== undefined && { uuid_user: seed.uuid_user }),
    role: seed.role,
    roleType: seed.roleType ?? (AGENT_ROLES.has(seed.role) ? 1 : 2),
    user_available: seed.user_available ?? true,
    status: seed.status ?? 'active',
    number_assigned_requests: seed.number_assigned_requests ?? 0,
    trashed: seed.trashed ?? false,
    createdBy: seed.createdBy ?? member,
    ...(seed.last_login_at !== undefined && { last_login_at: seed.last_login_at }),
    ...(seed.permissions !== undefined && { permissions: seed.permissions }),
    ...(seed.tags !== undefined && { tags: seed.tags }),
    createdAt: seed.createdAt ?? at,
    updatedAt: seed.updatedAt ?? seed.createdAt ?? at,
    __v: seed.__v ?? 0,
  };
}

/** The records of a valid seed; a seed with project_user problems is refused (400). */
export async function recordsFromSeed(
  seed: Schemas['SeedRequest'],
  config: Pick<Config, 'bcryptCost' | 'now'> & { ids?: Ids },
): Promise<Data> {
  const [problem] = projectUserProblems(seed);
  if (problem) throw controlError('invalid_request', problem, problem.split(':')[0]);
  const at = config.now().toISOString();
  const made = { ...config, ids: config.ids ?? createIds() };
  return {
    users: await Promise.all((seed.users ?? []).map((user) => toUser(user, made, at))),
    projects: (seed.projects ?? []).map((project) => toProject(project, made, at)),
    project_users: (seed.project_users ?? []).map((pu) => toProjectUser(pu, made, at)),
  };
}
