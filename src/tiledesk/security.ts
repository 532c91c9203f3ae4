/**
 * The Tiledesk API's security scheme, run as a preHandler (operations.ts). `jwtHeader` is
 * passport-jwt as the real server configures it for /auth/signinWithCustomToken:
 * `Authorization: JWT <token>` (scheme case-insensitive) or `?secret_token=`, the key chosen
 * from the token's `aud`, signature and `exp`/`nbf` checked, an `_id` required; then the
 * server's valid-token middleware wants the header to be exactly two space-separated parts.
 */
import type { FastifyRequest } from 'fastify';
import { msgError, serverError, unauthorized } from '../errors.js';
import type { Check } from '../handler.js';
import { type Audience, parseAudience } from './audience.js';
import type { Ctx } from './handlers/types.js';
import { isObjectId } from './ids.js';
import type { Claims } from './tokens.js';

/** A Tiledesk security scheme's check, with what it sees of the request's context. */
type TiledeskCheck = Check<Ctx>;

/** passport-jwt's `fromAuthHeaderWithScheme('jwt')`, then `fromUrlQueryParameter('secret_token')`. */
function extractToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (typeof header === 'string') {
    const match = /(\S+)\s+(\S+)/.exec(header);
    if (match?.[1]?.toLowerCase() === 'jwt') return match[2];
  }
  const query = (request.query as Record<string, unknown>).secret_token;
  return typeof query === 'string' && query !== '' ? query : undefined;
}

function missingTokenReason(header: string | undefined): string {
  if (header === undefined) return 'no Authorization header; send "Authorization: JWT <token>"';
  const scheme = /(\S+)/.exec(header)?.[1] ?? '';
  if (scheme === '') return 'the Authorization header is empty; send "JWT <token>"';
  if (scheme.toLowerCase() === 'jwt')
    return 'the Authorization header has the JWT scheme but no token';
  return `the Authorization scheme must be JWT (case-insensitive), not "${scheme}"; Bearer is not accepted`;
}

export type KeyChoice =
  | { key: string; source: string; kind: 'project' | 'global' }
  | { key: null; reason: string };

/** passport.js's secretOrKeyProvider: the key follows the unverified token's `aud`. */
export function chooseKey(decoded: unknown, deps: Pick<Ctx, 'config' | 'store'>): KeyChoice {
  const aud = (decoded as Claims | null)?.aud;
  const global = {
    key: deps.config.jwt.verifyKey,
    source: 'the global key (GLOBAL_SECRET)',
    kind: 'global' as const,
  };
  if (!aud) return global;
  let audience: Audience;
  try {
    audience = parseAudience(aud);
  } catch {
    throw serverError(
      'UNPARSEABLE_AUDIENCE',
      `the token's aud ${JSON.stringify(aud)} is not a URL`,
    );
  }
  const { type, id } = audience;
  if (type === 'projects') {
    if (!id) return { key: null, reason: `aud "${aud}" names no project id` };
    const project = isObjectId(id) ? deps.store.findProject(id.toLowerCase()) : undefined;
    if (project?.status !== 100) {
      return {
        key: null,
        reason: `aud names project ${id}, which does not exist or is not active`,
      };
    }
    if (!project.jwtSecret) return { key: null, reason: `project ${id} has no jwtSecret` };
    return { key: project.jwtSecret, source: `the jwtSecret of project ${id}`, kind: 'project' };
  }
  if (type === 'bots' || type === 'subscriptions') {
    return { key: null, reason: `aud names ${type}, which the emulator does not emulate` };
  }
  return global;
}

/** A verification error → [code, reason], as the 401 says it. */
export function verificationFailure(error: unknown, source: string): [string, string] {
  const code = (error as { code?: string }).code ?? '';
  const reason = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'FAST_JWT_INVALID_SIGNATURE':
      return ['BAD_SIGNATURE', `bad signature: the token was not signed with ${source}`];
    case 'FAST_JWT_EXPIRED':
      return ['TOKEN_EXPIRED', `the token has expired (${reason})`];
    case 'FAST_JWT_INACTIVE':
      return [
        'TOKEN_NOT_YET_VALID',
        `the token is not valid yet: its nbf is in the future (${reason})`,
      ];
    case 'FAST_JWT_INVALID_ALGORITHM':
    case 'FAST_JWT_MISSING_SIGNATURE':
      return [
        'ALGORITHM_REJECTED',
        `${reason}; ${source} accepts HS256/384/512 for a secret or RS/PS/ES for a public key`,
      ];
    case 'FAST_JWT_MALFORMED':
    case 'FAST_JWT_INVALID_PAYLOAD':
      return ['TOKEN_MALFORMED', `the token is malformed (${reason})`];
    default:
      return ['TOKEN_INVALID', `the token is invalid (${reason})`];
  }
}

export function hasId(claims: unknown): claims is Claims {
  if (typeof claims !== 'object' || claims === null) return false;
  const payload = claims as { _id?: unknown; _doc?: { _id?: unknown } };
  return payload._id != null || payload._doc?._id != null;
}

const jwtHeader: TiledeskCheck = async (request, deps) => {
  const header = request.headers.authorization;
  const token = extractToken(request);
  if (!token) throw unauthorized('TOKEN_MISSING', missingTokenReason(header));
  const choice = chooseKey(deps.tokens.decode(token), deps);
  if (choice.key === null) throw unauthorized('UNKNOWN_AUDIENCE', choice.reason);
  let claims: unknown;
  try {
    claims = deps.tokens.verifyWithKey(token, choice.key);
  } catch (error) {
    const [code, reason] = verificationFailure(error, choice.source);
    throw unauthorized(code, reason);
  }
  if (!hasId(claims)) throw unauthorized('TOKEN_WITHOUT_ID', 'the token payload has no _id claim');
  const { _id, _doc } = claims as { _id?: unknown; _doc?: unknown };
  if (!_id && _doc == null) {
    // passport reads `_id || _doc._id`: the real server throws there and never answers.
    throw unauthorized(
      'TOKEN_WITH_FALSY_ID',
      `the token's _id claim is ${JSON.stringify(_id)}, which the real server cannot read (it crashes and never answers); send a non-empty _id`,
    );
  }
  if (header === undefined || header.split(' ').length !== 2) {
    throw msgError(
      403,
      'MALFORMED_AUTHORIZATION',
      'Unauthorized.',
      header === undefined
        ? 'the token came as ?secret_token=; this operation needs it in the Authorization header'
        : 'the Authorization header must be exactly "JWT <token>": one space, no other parts',
    );
  }
  request.caller = { claims, authorization: header };
};

/** The Tiledesk API's security schemes, by the name the spec gives them. */
export const tiledeskSecurity: Record<string, TiledeskCheck> = { jwtHeader };
