import { ApiError } from '../../errors.js';
import type { UserRecord } from '../../store/records.js';
import { CastFailure, castPath, type PathType } from '../casts.js';
import type { Ctx, Input, Reply } from './types.js';
import { publicUser } from './users.js';

/** The paths of the real user model a body may set, and their types; others are dropped. */
const PATHS: Record<string, PathType> = {
  email: 'string',
  firstname: 'string',
  lastname: 'string',
  emailverified: 'boolean',
  resetpswrequestid: 'string',
  signedInAt: 'date',
  authUrl: 'string',
  attributes: 'mixed',
  status: 'number',
  description: 'string',
  public_email: 'string',
  public_website: 'string',
  phone: 'string',
  __v: 'number',
};

function unauthorized(code: number, error: string, diagnostic: string): ApiError {
  return new ApiError(
    401,
    `VERIFICATION_${code}`,
    { success: false, error, error_code: code },
    diagnostic,
  );
}

/** The update's 500: `{"success":false,"msg":<the error as serialised>}`. */
function updateFailed(code: string, msg: unknown, diagnostic: string): ApiError {
  return new ApiError(500, code, { success: false, msg }, diagnostic);
}

/** What the real server's Mongo error of a failed update serialises to (the rig's driver). */
function mongoError(code: number, codeName: string) {
  return { ok: 0, code, codeName, name: 'MongoError', level: 'error' };
}

/**
 * The body cast as `findByIdAndUpdate(id, req.body)` casts it: the model's paths in the body's
 * order, others dropped; `updatedAt` is the update's time. Three deliberate divergences: a
 * `password` is not saved (the real server would store it in plain text, unhashed), a new
 * `_id` is refused, as MongoDB refuses it (the rig's database accepts it), and MongoDB's update
 * operators (`$set`, `$unset`, `$inc`, …), which the real server applies, are not (a diagnostic
 * says so).
 */
function castBody(body: Record<string, unknown>, user: UserRecord, now: Date) {
  const patch: Record<string, unknown> = {};
  const notes: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (key === 'password') {
      notes.push(
        "the body's password was not saved (the real server stores it unhashed: no sign-in works with it)",
      );
    } else if (key === '_id' && String(value) !== user._id) {
      throw updateFailed(
        'IMMUTABLE_ID',
        mongoError(66, 'ImmutableField'),
        `the body's _id ${JSON.stringify(value)} would change the user's _id, which MongoDB refuses`,
      );
    } else if (key.startsWith('$')) {
      notes.push(
        `the body's ${key} was not applied: the emulator saves the user model's paths, not MongoDB's update operators (the real server applies them)`,
      );
    } else if (Object.hasOwn(PATHS, key)) {
      const type = PATHS[key] as PathType;
      const cast = castPath(type, value, key);
      // The model trims `phone`.
      patch[key] = key === 'phone' && typeof cast === 'string' ? cast.trim() : cast;
    }
  }
  patch.updatedAt = now.toISOString();
  return { patch: patch as Partial<UserRecord>, notes };
}

/**
 * PUT /auth/verifyemail/{userid}/{code}: the code from the verification e-mail, valid (and
 * reusable) for 900 s on the emulator's clock, for the user it was sent to. The route is the
 * dashboard's "update my user": it saves the body (`{"emailverified":true}` as the dashboard
 * sends it, or any path of the user model) and answers the user document.
 */
export async function verifyEmail(
  { params, body }: Input<'verifyEmail'>,
  ctx: Ctx,
): Promise<Reply> {
  const { userid = '', code = '' } = params;
  const now = ctx.now();
  const record = ctx.store.findVerifyCode(code);
  if (!record || record.expiresAt <= now.toISOString()) {
    throw unauthorized(
      10005,
      'Unable to verify email: the verification code is expired or invalid.',
      record
        ? `the code expired at ${record.expiresAt} (900 s after it was sent); the emulator's clock says ${now.toISOString()}`
        : `no verification code ${code} was sent (or it expired and was dropped)`,
    );
  }
  if (record.user_id !== userid) {
    throw unauthorized(
      10006,
      'Trying to use a verification code from another user.',
      `the code was sent to the user ${record.user_id}, not ${userid}`,
    );
  }
  const user = ctx.store.findUserById(userid);
  if (!user) {
    // The real server would upsert a user document without an e-mail; the route means this 404.
    throw new ApiError(
      404,
      'USER_NOT_FOUND',
      { success: false, msg: 'User not found', error_code: 10001 },
      `the user ${userid} the code was sent to is no longer in the store`,
    );
  }
  let cast: ReturnType<typeof castBody>;
  try {
    cast = castBody(body as Record<string, unknown>, user, now);
  } catch (error) {
    if (!(error instanceof CastFailure)) throw error;
    throw updateFailed('CAST_FAILED', error.json, error.message);
  }
  const { email } = cast.patch;
  if (typeof email === 'string' && email !== user.email && ctx.store.findUserByEmail(email)) {
    throw updateFailed(
      'EMAIL_EXISTS',
      mongoError(11000, 'UnknownError'),
      `another user has the e-mail ${email} (a unique index)`,
    );
  }
  const updated = (await ctx.store.updateUser(userid, cast.patch)) ?? user;
  return {
    body: publicUser(updated),
    ...(cast.notes.length > 0 && { diagnostic: cast.notes.join('; ') }),
  };
}
