import { msgError, serverError } from '../../errors.js';
import { verifyPassword } from '../passwords.js';
import type { Ctx, Input, Reply } from './types.js';
import { ACTIVE, signinUserFields } from './users.js';

/** POST /auth/signin (the real server's routes/auth.js). */
export async function signin({ body }: Input<'signin'>, ctx: Ctx): Promise<Reply> {
  if (typeof body.email !== 'string') {
    // Validated from the query string, or an array of addresses: `req.body.email.toLowerCase()`.
    throw serverError(
      'EMAIL_NOT_A_STRING',
      `the body's email is ${Array.isArray(body.email) ? 'an array' : 'missing (it came in the query string)'}; the real server calls toLowerCase() on it and fails`,
    );
  }
  // The real server lower-cases but does not trim; validation already rejected surrounding spaces.
  const email = body.email.toLowerCase();
  const user = ctx.store.findUserByEmail(email);
  if (!user || user.status !== ACTIVE) {
    throw msgError(
      401,
      'USER_NOT_FOUND',
      'Authentication failed. User not found.',
      user
        ? `the user ${email} has status ${user.status}; only status 100 (active) can sign in`
        : `no user has the e-mail ${email}`,
    );
  }
  // Only a falsy JSON value (0, false) gets here: an empty string already failed validation.
  if (!body.password) {
    throw msgError(
      401,
      'PASSWORD_REQUIRED',
      'Authentication failed.  Password is required.',
      `the password is ${JSON.stringify(body.password)}, a falsy value`,
    );
  }
  if (!(await verifyPassword(body.password, user.password))) {
    throw msgError(
      401,
      'WRONG_PASSWORD',
      'Authentication failed. Wrong password.',
      typeof body.password === 'string'
        ? `the password does not match the stored bcrypt hash of ${email}`
        : `the password is a ${typeof body.password}, which bcrypt cannot compare`,
    );
  }
  const selected = signinUserFields(user);
  const reply: Record<string, unknown> = {
    success: true,
    token: ctx.tokens.issue(selected, 'user'),
    user: selected,
  };
  if (email === ctx.config.adminEmail) reply.role = 'admin';
  return { body: reply };
}
