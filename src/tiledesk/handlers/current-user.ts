/**
 * The /users routes the dashboard calls for the signed-in user (reference §9: GET /users,
 * PUT /users/changepsw), behind `basicAuth or jwtHeader` (security.ts). `req.user` is the stored
 * user, or a guest's or external user's claims; the routes read its `id`.
 */
import { messageError, msgError, serverError } from '../../errors.js';
import type { Caller } from '../../handler.js';
import type { UserRecord } from '../../store/records.js';
import { castObjectIdsInQuery } from '../ids.js';
import { hashPassword, verifyPassword } from '../passwords.js';
import { callerUser } from '../security.js';
import type { Ctx, Input, Reply } from './types.js';
import { signinUserFields } from './users.js';
import { sendVerificationEmail } from './verification.js';

/** `req.user` as the routes read it (UserUtil.decorateUser for token callers). */
export interface Principal {
  /** `req.user.id`: the stored user's id, or the claims' `_id` as it is. */
  id: unknown;
  email: unknown;
  firstname: unknown;
  lastname: unknown;
  /** `(firstname || '') + ' ' + (lastname || '')`, the user model's virtual and decorateUser's. */
  fullName: string;
}

export function principal(caller: Caller): Principal {
  const source = (callerUser(caller) ?? caller.claims) as Record<string, unknown>;
  const { firstname, lastname } = source;
  return {
    id: source._id,
    email: source.email,
    firstname,
    lastname,
    fullName: `${firstname || ''} ${lastname || ''}`,
  };
}

/** mongoose's lookup by `req.user.id`: the cast first (a CastError), then the user, any status. */
function lookup(id: unknown, ctx: Ctx): { user: UserRecord | undefined } | { castFails: string } {
  // findById(undefined) looks for _id null: nothing.
  if (id === undefined || id === null) return { user: undefined };
  const ids = castObjectIdsInQuery(id);
  if (ids === undefined) {
    return { castFails: `the caller's id ${JSON.stringify(id)} is not an ObjectId` };
  }
  // An array is $in of its ids: the first of their users in the store's order.
  return { user: ctx.store.findUsersById(ids)[0] };
}

/** GET /users: the caller's `_id, email, firstname, lastname, emailverified`. */
export async function getUser(input: Input<'getUser'>, ctx: Ctx): Promise<Reply> {
  const found = lookup(principal(input.caller as Caller).id, ctx);
  if ('castFails' in found) {
    throw msgError(500, 'ID_NOT_AN_OBJECT_ID', 'Error getting object.', found.castFails);
  }
  if (!found.user) {
    throw msgError(404, 'USER_NOT_FOUND', 'Object not found.', "no user has the caller's id");
  }
  return { body: signinUserFields(found.user) };
}

/** A value's kind, with its article: "an array", "an object", "a number". */
function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** Mongoose's cast of `newpsw` to the String path `password` (required). */
function castPassword(value: unknown): string {
  if (value === undefined || value === null || value === '') {
    throw msgError(
      500,
      'NEW_PASSWORD_REQUIRED',
      'Error saving object.',
      'newpsw is missing or empty: the user cannot be saved without a password',
    );
  }
  if (typeof value === 'object') {
    throw msgError(
      500,
      'NEW_PASSWORD_NOT_A_STRING',
      'Error saving object.',
      `newpsw is ${Array.isArray(value) ? 'an array' : 'an object'}, which cannot be saved as a string`,
    );
  }
  return String(value);
}

/**
 * PUT /users/changepsw: `oldpsw` must match, `newpsw` must differ from it (as sent). No e-mail
 * is sent, and tokens issued before stay valid.
 */
export async function changePassword(input: Input<'changePassword'>, ctx: Ctx): Promise<Reply> {
  const found = lookup(principal(input.caller as Caller).id, ctx);
  if ('castFails' in found) {
    // `if (err) throw err` in a mongoose callback: logged, and the request is never answered.
    throw serverError(
      'ID_NOT_AN_OBJECT_ID',
      `${found.castFails}; the real server throws here and never answers`,
    );
  }
  const { user } = found;
  if (!user) {
    throw msgError(401, 'USER_NOT_FOUND', 'User not found.', "no user has the caller's id");
  }
  const { oldpsw, newpsw } = input.body as { oldpsw?: unknown; newpsw?: unknown };
  if (!oldpsw) {
    throw serverError(
      'OLD_PASSWORD_MISSING',
      `oldpsw is ${oldpsw === undefined ? 'missing' : `${JSON.stringify(oldpsw)}, a falsy value`}; the real server never answers then`,
    );
  }
  if (!(await verifyPassword(oldpsw, user.password))) {
    throw msgError(
      401,
      'WRONG_PASSWORD',
      'Current password is invalid.',
      typeof oldpsw === 'string'
        ? `oldpsw does not match the password of ${user.email}`
        : `oldpsw is ${kindOf(oldpsw)}, which bcrypt cannot compare`,
    );
  }
  if (newpsw === oldpsw) {
    throw messageError(
      403,
      'SAME_PASSWORD',
      'The new password must be different from the previous one.',
      'newpsw equals oldpsw',
    );
  }
  const password = await hashPassword(castPassword(newpsw), ctx.config.bcryptCost);
  await ctx.store.updateUser(user._id, { password, updatedAt: ctx.now().toISOString() });
  return { body: { message: 'Password change successful' } };
}

/**
 * GET /users/resendverifyemail: a new verification code and e-mail for the caller, a user or a
 * token's claims (an external user's: its `_id` and `email` claims). A caller without an
 * e-mail (a guest) gets the same answer, and no e-mail, as the real server's emailService skips
 * a message without a recipient. The answer does not wait for delivery.
 */
export async function resendVerifyEmail(
  input: Input<'resendVerifyEmail'>,
  ctx: Ctx,
): Promise<Reply> {
  const caller = input.caller as Caller;
  const body = { success: true, message: 'Verify email successfully sent' };
  const { id, email, firstname, lastname } = principal(caller);
  if (typeof email !== 'string' || email === '') {
    return {
      body,
      diagnostic: `the caller has no e-mail (${JSON.stringify(email)}): no verification e-mail was sent, as on the real server`,
    };
  }
  await sendVerificationEmail(
    {
      _id: String(id),
      email,
      firstname: typeof firstname === 'string' ? firstname : undefined,
      lastname: typeof lastname === 'string' ? lastname : undefined,
    },
    ctx,
  );
  return { body };
}
