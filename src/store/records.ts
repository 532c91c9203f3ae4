/** The records the store holds, as the real server's Mongo documents look (the real server's models/user.js, project.js, project_user.js). */

export interface UserRecord {
  _id: string;
  /**
   * null when PUT /auth/verifyemail saved a null (typed as a string: every lookup is by a
   * string, which a null never equals; the handlers already treat a user without an e-mail).
   */
  email: string;
  /** A bcrypt hash. Never leaves the store. */
  password: string;
  firstname?: string | null;
  lastname?: string | null;
  /** null when PUT /auth/verifyemail saved a null, as mongoose casts it. */
  emailverified: boolean | null;
  /** 100 is active; every auth lookup requires it. */
  status: number | null;
  phone?: string | null;
  /** Any value (a Mixed path). */
  attributes?: unknown;
  /**
   * The password reset key PUT /auth/requestresetpsw set (`select: false` on the real model:
   * never in an answer); `''` once used.
   */
  resetpswrequestid?: string | null;
  /**
   * Paths of the real user model that only PUT /auth/verifyemail's body sets; `signedInAt` is an
   * ISO date (its year signed and six digits long outside 0000–9999), or null.
   */
  signedInAt?: string | null;
  description?: string | null;
  public_email?: string | null;
  public_website?: string | null;
  authUrl?: string | null;
  createdAt: string;
  updatedAt: string;
  __v: number | null;
}

export interface ProjectRecord {
  _id: string;
  name: string;
  /** The secret customers sign custom tokens with. */
  jwtSecret?: string;
  /** 100 is active. */
  status: number;
  createdBy?: string;
  createdAt: string;
  updatedAt: string;
  __v: number;
}

export type ProjectUserStatus = 'active' | 'disabled';

export interface ProjectUserRecord {
  _id: string;
  id_project: string;
  /** A real user's `_id` (agents, owners, …). */
  id_user?: string;
  /** A guest's or an external user's id. */
  uuid_user?: string;
  role: string;
  /** 1 for agents, 2 for users. */
  roleType: number;
  user_available: boolean;
  status: ProjectUserStatus;
  number_assigned_requests: number;
  trashed: boolean;
  createdBy: string;
  updatedBy?: string;
  /** Mongoose's array defaults; fixtures written before them may lack both. */
  permissions?: unknown[];
  tags?: unknown[];
  last_login_at?: string;
  createdAt: string;
  updatedAt: string;
  __v: number;
}

/**
 * A verification code signup e-mailed (the real server keeps `emailverify:verify-<code>` →
 * `{_id, email}` in Redis for 900 s). Valid, and reusable, until `expiresAt`.
 */
export interface VerifyCodeRecord {
  /** The code. */
  _id: string;
  user_id: string;
  email: string;
  createdAt: string;
  expiresAt: string;
}

export interface Data {
  users: UserRecord[];
  projects: ProjectRecord[];
  project_users: ProjectUserRecord[];
  /** Absent in fixtures and in store files written before there were codes. */
  verify_codes?: VerifyCodeRecord[];
}

export const COLLECTIONS = ['users', 'projects', 'project_users'] as const;

/** RoleConstants' agent roles (`roleType` 1, TYPE_AGENTS); `user` and `guest` are users (2). */
export const AGENT_ROLES: ReadonlySet<unknown> = new Set([
  'owner',
  'admin',
  'supervisor',
  'agent',
  'teammate',
]);

/** --max-verify-codes' default: the verification codes a store keeps. */
export const DEFAULT_MAX_VERIFY_CODES = 10_000;
