/**
 * POST /__emulator/tokens/inspect (inspectToken): a token decoded, and checked as
 * /auth/signinWithCustomToken checks it, by the same code (tiledesk/security.ts chooses the key
 * from `aud`, tiledesk/tokens.ts verifies). The answer names the key; it never holds one.
 */
import type { components } from '../control-types.js';
import { ApiError } from '../errors.js';
import { chooseKey, hasId, verificationFailure } from '../tiledesk/security.js';
import type { Context } from './context.js';
import { controlError } from './control-errors.js';

type Schemas = components['schemas'];
type Inspection = Schemas['TokenInspection'];
type Verdict = Pick<Inspection, 'verified' | 'key' | 'verifiedBy' | 'code' | 'reason'>;

function decodePart(part: string | undefined): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** `iat`, `nbf` and `exp` as ISO times, those that are numbers a Date can hold. */
function times(claims: Record<string, unknown>): Inspection['times'] {
  const out: Record<string, string> = {};
  for (const name of ['iat', 'nbf', 'exp'] as const) {
    const seconds = claims[name];
    if (typeof seconds === 'number' && Math.abs(seconds) < 8.64e12) {
      out[name] = new Date(seconds * 1000).toISOString();
    }
  }
  return out;
}

function verdict(token: string, ctx: Context): Verdict {
  let choice: ReturnType<typeof chooseKey>;
  try {
    choice = chooseKey(ctx.tokens.decode(token), ctx);
  } catch (error) {
    // An `aud` that is not a URL: the real server fails with a 500 before any key is tried.
    const apiError = error instanceof ApiError ? error : undefined;
    return {
      verified: false,
      code: apiError?.code ?? 'INTERNAL',
      reason: `${apiError?.diagnostic ?? String(error)} (the real server answers 500)`,
    };
  }
  if (choice.key === null)
    return { verified: false, code: 'UNKNOWN_AUDIENCE', reason: choice.reason };
  let claims: unknown;
  try {
    claims = ctx.tokens.verifyWithKey(token, choice.key);
  } catch (error) {
    const [code, reason] = verificationFailure(error, choice.source);
    return { verified: false, key: choice.kind, code, reason };
  }
  const verified = { verified: true, key: choice.kind, verifiedBy: choice.source };
  if (hasId(claims)) return verified;
  return {
    ...verified,
    code: 'TOKEN_WITHOUT_ID',
    reason: 'the signature is good, but the payload has no _id claim: sign-in answers 401',
  };
}

export async function inspectToken(
  { body }: { body: Schemas['TokenInspectRequest'] },
  ctx: Context,
) {
  // As pasted: `JWT <token>` from an Authorization header, or the compact token alone.
  const token = body.token.trim().replace(/^(jwt|bearer)\s+/i, '');
  const parts = token.split('.');
  const header = parts.length === 3 ? decodePart(parts[0]) : undefined;
  const claims = parts.length === 3 ? decodePart(parts[1]) : undefined;
  if (header === undefined || claims === undefined) {
    throw controlError(
      'invalid_request',
      'token: not a JWT; expected three base64url parts separated by dots, the first two JSON objects',
      'token',
    );
  }
  const inspection: Inspection = {
    header,
    claims,
    times: times(claims),
    now: ctx.config.now().toISOString(),
    ...verdict(token, ctx),
  };
  return { body: inspection };
}
