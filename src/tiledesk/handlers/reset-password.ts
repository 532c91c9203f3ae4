import { msgError, serverError } from '../../errors.js';
import { passwordChangedMails } from '../mails.js';
import { hashPassword } from '../passwords.js';
import { resetKeyUser } from './check-password-reset-key.js';
import type { Ctx, Input, Reply } from './types.js';
import { publicUser } from './users.js';

/**
 * PUT /auth/resetpsw/{resetpswrequestid}: the new password saved, the key used up (`''`), the
 * "password changed" e-mail sent. The answer is the saved user, as the real server's, without
 * the bcrypt hash that one carries.
 */
export async function resetPassword(
  { params, body }: Input<'resetPassword'>,
  ctx: Ctx,
): Promise<Reply> {
  const user = resetKeyUser(params.resetpswrequestid, ctx);
  const { password } = body;
  if (!password) {
    // The real route has no branch for it: the request is never answered.
    throw serverError(
      'PASSWORD_REQUIRED',
      `the password is ${JSON.stringify(password) ?? 'missing'}; the real server never answers a reset without one (the key still works)`,
    );
  }
  if (typeof password === 'object') {
    // Mongoose cannot cast it to the String path: the save fails.
    throw msgError(
      500,
      'PASSWORD_NOT_SAVED',
      'Error saving object.',
      `the password is ${Array.isArray(password) ? 'a list' : 'an object'}, which cannot be saved as a string (the key still works)`,
    );
  }
  const now = ctx.now();
  const updated = await ctx.store.updateUser(user._id, {
    password: await hashPassword(String(password), ctx.config.bcryptCost),
    resetpswrequestid: '',
    updatedAt: now.toISOString(),
  });
  const saved = updated ?? user;
  for (const mail of passwordChangedMails(saved, ctx.config.mail)) ctx.sendMail(mail);
  return {
    body: {
      message: 'Password change successful',
      user: { ...publicUser(saved), resetpswrequestid: '' },
    },
    diagnostic:
      "the real server's answer also carries the new bcrypt hash (user.password); the emulator never returns one",
  };
}
