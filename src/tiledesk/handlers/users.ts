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
 * The whole document without `password` and `resetpswrequestid` (both `select: false` on the
 * real model): what signup, verifyemail and the custom-token agent branch return. `status`
 * first, as mongoose serialises a user: its default is set before the fields given.
 */
export function publicUser(user: UserRecord): Record<string, unknown> {
  const { password: _hash, resetpswrequestid: _key, status, ...rest } = user;
  return { status, ...rest };
}

export interface NewUser {
  email: string;
  password: string;
  firstname?: unknown;
  lastname?: unknown;
  phone?: string;
}

/** A name already cast (a string, or a scalar that becomes one); null stays null, as mongoose keeps it. */
const nameOf = (value: unknown): string | null => (value === null ? null : String(value));

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
    ...(fields.firstname !== undefined && { firstname: nameOf(fields.firstname) }),
    ...(fields.lastname !== undefined && { lastname: nameOf(fields.lastname) }),
    emailverified: false,
    ...(fields.phone !== undefined && { phone: fields.phone }),
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
    __v: 0,
  };
}
