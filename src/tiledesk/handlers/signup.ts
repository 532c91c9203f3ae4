import { messageError } from '../../errors.js';
import { DuplicateKeyError, StoreError } from '../../store/index.js';
import type { UserRecord } from '../../store/records.js';
import { stringOfObject } from '../casts.js';
import type { Ctx, Input, Reply } from './types.js';
import { buildUser, publicUser } from './users.js';
import { mailVerifyCode, newVerifyCode } from './verification.js';

/** The user schema's rule for `phone` (applied after trimming). */
const PHONE = /^\+?[1-9]\d{1,14}$/;

function cannotRegister(diagnostic: string) {
  return messageError(500, 'REGISTRATION_FAILED', 'Registration cannot be completed', diagnostic);
}

/**
 * Mongoose casts a scalar sent for a String path to a string, and an object to its _id when that
 * is a string (`{"_id":"x"}` saves "x"); any other object or array fails the save.
 */
function castString(value: unknown, field: string): string {
  if (typeof value === 'object' && value !== null) {
    const id = stringOfObject(value);
    if (id !== undefined) return id;
    const kind = Array.isArray(value) ? 'an array' : 'an object';
    throw cannotRegister(`${field} is ${kind}, which cannot be saved as a string`);
  }
  return String(value);
}

async function newUser(input: Input<'signup'>['body'], ctx: Ctx): Promise<UserRecord> {
  // Mongoose trims `phone` before checking it.
  const phone = input.phone === undefined ? undefined : castString(input.phone, 'phone').trim();
  if (phone !== undefined && !PHONE.test(phone)) {
    throw cannotRegister(`phone "${phone}" does not match ${PHONE} (E.164-like)`);
  }
  return buildUser(
    {
      email: castString(input.email, 'email'),
      password: castString(input.password, 'password'),
      firstname:
        input.firstname === undefined ? undefined : castString(input.firstname, 'firstname'),
      lastname: input.lastname === undefined ? undefined : castString(input.lastname, 'lastname'),
      ...(phone !== undefined && { phone }),
    },
    ctx,
  );
}

/**
 * An `Authorization` header on signup: a token of the server's ADMIN_EMAIL pre-verifies the new
 * user's e-mail (in the store only; the response still says false) and skips the verification
 * e-mail. An invalid token fails the whole request with a 500 although the user was already
 * created — as the real server does. Checked before the user is saved, acted on after.
 */
function adminToken(header: string, ctx: Ctx): { admin: boolean; invalid?: string } {
  try {
    const claims = ctx.tokens.verifyGlobal(header.split(' ')[1] ?? '');
    const admin = ctx.config.signupAdminEmail !== undefined;
    return { admin: admin && claims.email === ctx.config.signupAdminEmail };
  } catch (error) {
    return { admin: false, invalid: error instanceof Error ? error.message : String(error) };
  }
}

/** POST /auth/signup (the real server's routes/auth.js). */
export async function signup(input: Input<'signup'>, ctx: Ctx): Promise<Reply> {
  const { body } = input;
  if (!body.email || !body.password) {
    return {
      body: { success: false, msg: 'Please pass email and password.' },
      diagnostic: `signup needs a non-empty password (got ${JSON.stringify(body.password)}); the real server answers 200 with success:false`,
    };
  }
  const user = await newUser(body, ctx);
  const authorization = input.headers.authorization;
  const token = authorization === undefined ? { admin: false } : adminToken(authorization, ctx);
  // The real route reads `req.body.disableEmail` as JavaScript truth: "false" skips it too.
  const mails = !token.admin && token.invalid === undefined && !body.disableEmail;
  // The user and the code its e-mail carries are one write: a signup that answers 500 for a
  // failed write (a full disk) leaves neither behind.
  const verify = mails ? newVerifyCode(user, ctx) : undefined;
  try {
    await ctx.store.insertUser(user, verify);
  } catch (error) {
    if (error instanceof StoreError) throw cannotRegister(error.message);
    if (!(error instanceof DuplicateKeyError)) throw error;
    throw messageError(
      403,
      'EMAIL_EXISTS',
      'Email already registered',
      `a user with this ${error.key} already exists`,
    );
  }
  const created = publicUser(user); // before the admin token's update, as the real server answers
  if (token.invalid !== undefined) {
    throw cannotRegister(
      `the Authorization header does not hold a valid token (${token.invalid}); the user was created anyway`,
    );
  }
  if (token.admin) await ctx.store.updateUser(user._id, { emailverified: true });
  if (verify) mailVerifyCode(user, verify.code._id, ctx);
  return { body: { success: true, msg: 'Successfully created new user.', user: created } };
}
