/** project_user documents as the real server saves them (the real server's models/project_user.js). */

import type { Config } from '../../config.js';
import type { ProjectUserRecord } from '../../store/records.js';

/**
 * The roles whose custom-token sign-in creates (or finds) a real user: the server names these
 * three, not every agent role (supervisor and teammate sign in as echoed guests).
 */
export const USER_CREATING_ROLES: ReadonlySet<unknown> = new Set(['owner', 'admin', 'agent']);

/** `roleType` 2 (TYPE_USERS): the server saves it for guests and for every custom-token role. */
const TYPE_USERS = 2;

export interface NewProjectUser {
  id_project: string;
  uuid_user: string;
  role: string;
  id_user?: string;
  lastLogin?: boolean;
}

export function buildProjectUser(
  fields: NewProjectUser,
  config: Pick<Config, 'now' | 'ids'>,
): ProjectUserRecord {
  const now = config.now();
  const at = now.toISOString();
  return {
    _id: config.ids.objectId(now),
    id_project: fields.id_project.toLowerCase(),
    ...(fields.id_user !== undefined && { id_user: fields.id_user }),
    uuid_user: fields.uuid_user,
    role: fields.role,
    roleType: TYPE_USERS,
    user_available: true,
    status: 'active',
    number_assigned_requests: 0,
    trashed: false,
    createdBy: fields.uuid_user,
    // The route sets updatedBy too, but the model has no such path: mongoose drops it.
    permissions: [],
    tags: [],
    last_login_at: at,
    createdAt: at,
    updatedAt: at,
    __v: 0,
  };
}
