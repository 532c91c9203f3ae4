/**
 * The verification e-mail (signup, GET /users/resendverifyemail): a new code, kept as the real
 * server keeps `emailverify:verify-<code>` in Redis (`EX 900`), and the e-mail that carries it.
 */
import type { UserRecord } from '../../store/records.js';
import { verifyEmailMails } from '../mails.js';
import type { Ctx } from './types.js';

/** How long a verification code works, on the emulator's clock (Redis `EX 900`). */
export const VERIFY_CODE_TTL_MS = 900_000;

/** Makes and keeps a code for `user`, and sends the e-mail with its link; returns the code. */
export async function sendVerificationEmail(
  user: Pick<UserRecord, '_id' | 'email' | 'firstname' | 'lastname'>,
  ctx: Ctx,
): Promise<string> {
  const now = ctx.now();
  const code = ctx.config.ids.uniqid(now);
  await ctx.store.insertVerifyCode(
    {
      _id: code,
      user_id: user._id,
      email: user.email,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + VERIFY_CODE_TTL_MS).toISOString(),
    },
    now,
  );
  for (const mail of verifyEmailMails(user, code, ctx.config.mail)) ctx.sendMail(mail);
  return code;
}
