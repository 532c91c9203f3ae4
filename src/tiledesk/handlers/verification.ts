/**
 * The verification e-mail (signup, GET /users/resendverifyemail): a new code, kept as the real
 * server keeps `emailverify:verify-<code>` in Redis (`EX 900`), and the e-mail that carries it.
 */
import type { UserRecord } from '../../store/records.js';
import { verifyEmailMails } from '../mails.js';
import type { Ctx } from './types.js';

/** How long a verification code works, on the emulator's clock (Redis `EX 900`). */
export const VERIFY_CODE_TTL_MS = 900_000;

/** A new verification code for `user`, valid for VERIFY_CODE_TTL_MS from now. */
export function newVerifyCode(user: Pick<UserRecord, '_id' | 'email'>, ctx: Ctx) {
  const now = ctx.now();
  const code = {
    _id: ctx.config.ids.uniqid(now),
    user_id: user._id,
    email: user.email,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + VERIFY_CODE_TTL_MS).toISOString(),
  };
  return { code, now };
}

type Addressee = Pick<UserRecord, '_id' | 'email' | 'firstname' | 'lastname'>;

/** Sends the e-mail that carries `code` (once the code is kept). */
export function mailVerifyCode(user: Addressee, code: string, ctx: Ctx): void {
  for (const mail of verifyEmailMails(user, code, ctx.config.mail)) ctx.sendMail(mail);
}

/** Makes and keeps a code for `user`, and sends the e-mail with its link; returns the code. */
export async function sendVerificationEmail(user: Addressee, ctx: Ctx): Promise<string> {
  const { code, now } = newVerifyCode(user, ctx);
  await ctx.store.insertVerifyCode(code, now);
  mailVerifyCode(user, code._id, ctx);
  return code._id;
}
