import { msgError } from '../../errors.js';
import type { UserRecord } from '../../store/records.js';
import type { Ctx, Input, Reply } from './types.js';
import { publicUser } from './users.js';

/** The 404 of both reset routes: no user holds this key. */
export function invalidResetKey(key: string): never {
  throw msgError(
    404,
    'INVALID_RESET_KEY',
    'Invalid password reset key',
    `no user holds the reset key ${key}: never issued, already used, or replaced by a newer PUT /auth/requestresetpsw`,
  );
}

/** The user holding a reset key, whatever its status (the real server's findOne has no filter). */
export function resetKeyUser(key: string | undefined, ctx: Ctx): UserRecord {
  const user = key ? ctx.store.findUserByResetKey(key) : undefined;
  if (!user) invalidResetKey(key ?? '');
  return user;
}

/** GET /auth/checkpswresetkey/{resetpswrequestid}: the key's user, without hash or key. */
export async function checkPasswordResetKey(
  { params }: Input<'checkPasswordResetKey'>,
  ctx: Ctx,
): Promise<Reply> {
  const user = resetKeyUser(params.resetpswrequestid, ctx);
  return { body: { message: 'Valid password reset key', user: publicUser(user) } };
}
