/**
 * POST /chat21/native/auth/createCustomToken (channels/chat21/nativeauth.js): the chat token
 * the web widget and the mobile app ask for after every sign-in. HS256 with
 * CHAT21_JWT_SECRET, the claims in the order the real server writes them; any caller the
 * `basicAuth or jwtHeader` check accepts gets one, a guest included.
 */
import { createSigner } from 'fast-jwt';
import type { Caller } from '../../handler.js';
import { principal } from './current-user.js';
import type { Ctx, Input, Reply } from './types.js';

const APP_ID = 'tilechat';
const THIRTY_DAYS = 60 * 60 * 24 * 30;

/** Signers by secret: header `{"alg":"HS256","typ":"JWT"}`, the claims as given, `iat` included. */
const signers = new Map<string, (payload: Record<string, unknown>) => string>();
function signHs256(payload: Record<string, unknown>, secret: string): string {
  let sign = signers.get(secret);
  if (!sign) {
    sign = createSigner({ key: secret, algorithm: 'HS256' });
    signers.set(secret, sign);
  }
  return sign(payload);
}

export function chatClaims(id: unknown, jti: string, now: Date): Record<string, unknown> {
  // Math.round, not floor: the real server's `now`.
  const iat = Math.round(now.getTime() / 1000);
  return {
    jti,
    sub: id,
    scope: [
      `rabbitmq.read:*/*/apps.${APP_ID}.users.${id}.*`,
      `rabbitmq.write:*/*/apps.${APP_ID}.users.${id}.*`,
      `rabbitmq.write:*/*/apps.${APP_ID}.outgoing.users.${id}.*`,
      'rabbitmq.configure:*/*/*',
    ],
    client_id: id,
    cid: id,
    azp: id,
    user_id: id,
    app_id: APP_ID,
    iat,
    exp: iat + THIRTY_DAYS,
    aud: ['rabbitmq', id],
    kid: 'tiledesk-key',
    tiledesk_api_roles: 'user',
  };
}

export async function createChatToken(input: Input<'createChatToken'>, ctx: Ctx): Promise<Reply> {
  const user = principal(input.caller as Caller);
  const claims = chatClaims(user.id, ctx.config.ids.uuid(), ctx.now());
  // Keys whose value is undefined vanish from the JSON, as on the real server.
  return {
    body: {
      userid: user.id,
      fullname: user.fullName,
      firstname: user.firstname,
      lastname: user.lastname,
      token: signHs256(claims, ctx.config.chat21Secret),
    },
  };
}
