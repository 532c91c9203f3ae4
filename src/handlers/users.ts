/** How user documents leave the store: never with their password hash. */
import type { UserRecord } from '../records.js';

export const ACTIVE = 100;

/** The fields signin selects (`email firstname lastname password emailverified`), minus the hash. */
export function signinUser(user: UserRecord): Record<string, unknown> {
  const selected: Record<string, unknown> = { _id: user._id, email: user.email };
  if (user.firstname !== undefined) selected.firstname = user.firstname;
  if (user.lastname !== undefined) selected.lastname = user.lastname;
  if (user.emailverified !== undefined) selected.emailverified = user.emailverified;
  return selected;
}

/** The whole document without `password`: what signup and the custom-token agent branch return. */
export function publicUser(user: UserRecord): Record<string, unknown> {
  const { password: _hash, ...rest } = user;
  return rest;
}
