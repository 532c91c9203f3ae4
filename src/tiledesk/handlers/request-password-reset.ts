import { serverError } from '../../errors.js';
import { resetPasswordMails } from '../mails.js';
import type { Ctx, Input, Reply } from './types.js';
import { ACTIVE } from './users.js';

function kindOf(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  return Array.isArray(value) ? 'a list' : `a ${typeof value}`;
}

/**
 * PUT /auth/requestresetpsw: a new reset key for the active user with that e-mail (the
 * previous one stops working), and the e-mail that carries it. The key is uniqid()'s, as the
 * real server's; `updatedAt` moves, as its findByIdAndUpdate does.
 */
export async function requestPasswordReset(
  { body }: Input<'requestPasswordReset'>,
  ctx: Ctx,
): Promise<Reply> {
  if (typeof body.email !== 'string') {
    // `req.body.email.toLowerCase()` throws; Express's error handler answers.
    throw serverError(
      'EMAIL_NOT_A_STRING',
      `the body's email is ${kindOf(body.email)}; the real server calls toLowerCase() on it and fails`,
    );
  }
  const email = body.email.toLowerCase();
  const user = ctx.store.findUserByEmail(email);
  if (!user || user.status !== ACTIVE) {
    return {
      body: { success: false, msg: 'User not found.' },
      diagnostic: user
        ? `the user ${email} has status ${user.status}; only status 100 (active) can reset its password`
        : `no user has the e-mail ${email}`,
    };
  }
  const now = ctx.now();
  const key = ctx.config.ids.uniqid(now);
  const updated = await ctx.store.updateUser(user._id, {
    resetpswrequestid: key,
    updatedAt: now.toISOString(),
  });
  for (const mail of resetPasswordMails(updated ?? user, key, ctx.config.mail)) ctx.sendMail(mail);
  return { body: { success: true, message: 'An email has been sent to reset your password' } };
}
