/** User documents: how they are made, and how they leave the store (never with their hash). */

import type { UserRecord } from '../../store/records.js';
import { hashPassword } from '../passwords.js';
import type { Ctx } from './types.js';

export const ACTIVE = 100;

/** The fields signin selects (`email firstname lastname password emailverified`), minus the hash. */
export function signinUserFields(user: UserRecord): Record<string, unknown> {
  const selected: Record<string, unknown> = { _id: user._id, email: user.email };
  if (user.firstname !== undefined) selected.firstname = user.firstname;
  if (user.lastname !== undefined) selected.lastname = user.lastname;
  if (user.emailverified !== undefined) selected.emailverified = user.emailverified;
  return selected;
}

/**
 * The whole document without `password`: what signup and the custom-token agent branch return.
 * `status` first, as mongoose serialises a user: its default is set before the fields given.
 */
export function publicUser(user: UserRecord): Record<string, unknown> {
  const { password: _hash, status, ...rest } = user;
  return { status, ...rest };
}

export interface NewUser {
  email: string;
  password: string;
  firstname?: unknown;
  lastname?: unknown;
  phone?: string;
}

/**
 * A user as `userService.signup` creates it: lower-cased e-mail, bcrypt hash, `emailverified`
 * false, status 100, timestamps, `__v` 0. Names are cast to strings, as Mongoose casts them.
 */
export async function buildUser(fields: NewUser, ctx: Ctx): Promise<UserRecord> {
  const now = ctx.now();
  return {
    // mongoose applies the schema's defaults before the fields given: status comes first.
    status: ACTIVE,
    _id: ctx.config.ids.objectId(now),
    email: fields.email.toLowerCase(),
    password: await hashPassword(fields.password, ctx.config.bcryptCost),
    ...(fields.firstname !== undefined && { firstname: String(fields.firstname) }),
    ...(fields.lastname !== undefined && { lastname: String(fields.lastname) }),
    emailverified: false,
    ...(fields.phone !== undefined && { phone: fields.phone }),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    __v: 0,
  };
}
