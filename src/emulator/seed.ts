/** POST /__emulator/seed: records from a seed request, with the defaults the server would give. */
import type { Config } from '../config.js';
import type { components } from '../control-types.js';
import {
  AGENT_ROLES,
  type Data,
  type ProjectRecord,
  type ProjectUserRecord,
  type UserRecord,
} from '../store/records.js';
import { objectId, uuid } from '../tiledesk/ids.js';
import { hashPassword } from '../tiledesk/passwords.js';
import { controlError } from './control-errors.js';

type Schemas = components['schemas'];
const BCRYPT_HASH = /^\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}$/;
/** Roles counted as agents (roleType 1) in a seed that does not say. */

async function toUser(seed: Schemas['SeedUser'], config: Config, at: string): Promise<UserRecord> {
  const password = BCRYPT_HASH.test(seed.password)
    ? seed.password
    : await hashPassword(seed.password, config.bcryptCost);
  return {
    _id: seed._id?.toLowerCase() ?? objectId(config.now()),
    email: seed.email.toLowerCase(),
    password,
    ...(seed.firstname !== undefined && { firstname: seed.firstname }),
    ...(seed.lastname !== undefined && { lastname: seed.lastname }),
    emailverified: seed.emailverified ?? false,
    status: seed.status ?? 100,
    ...(seed.phone !== undefined && { phone: seed.phone }),
    ...(seed.attributes !== undefined && { attributes: seed.attributes }),
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
}

function toProject(seed: Schemas['SeedProject'], config: Config, at: string): ProjectRecord {
  return {
    _id: seed._id?.toLowerCase() ?? objectId(config.now()),
    name: seed.name,
    // The real server's keys/generate gives a project a UUID v4 secret.
    jwtSecret: seed.jwtSecret ?? uuid(),
    status: seed.status ?? 100,
    ...(seed.createdBy !== undefined && { createdBy: seed.createdBy }),
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
}

function toProjectUser(
  seed: Schemas['SeedProjectUser'],
  index: number,
  config: Config,
  at: string,
): ProjectUserRecord {
  const member = seed.id_user ?? seed.uuid_user;
  if (member === undefined) {
    throw controlError(
      'invalid_request',
      `project_users[${index}]: needs id_user or uuid_user`,
      `project_users[${index}]`,
    );
  }
  return {
    _id: seed._id?.toLowerCase() ?? objectId(config.now()),
    id_project: seed.id_project.toLowerCase(),
    ...(seed.id_user !== undefined && { id_user: seed.id_user.toLowerCase() }),
    ...(seed.uuid_user !== undefined && { uuid_user: seed.uuid_user }),
    role: seed.role,
    roleType: seed.roleType ?? (AGENT_ROLES.has(seed.role) ? 1 : 2),
    user_available: true,
    status: seed.status ?? 'active',
    number_assigned_requests: 0,
    trashed: false,
    createdBy: member,
    updatedBy: member,
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
}

export async function recordsFromSeed(seed: Schemas['SeedRequest'], config: Config): Promise<Data> {
  const at = config.now().toISOString();
  return {
    users: await Promise.all((seed.users ?? []).map((user) => toUser(user, config, at))),
    projects: (seed.projects ?? []).map((project) => toProject(project, config, at)),
    project_users: (seed.project_users ?? []).map((pu, i) => toProjectUser(pu, i, config, at)),
  };
}
