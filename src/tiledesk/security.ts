/**
 * The Tiledesk API's security scheme, run as a preHandler (operations.ts). `jwtHeader` is
 * passport-jwt as the real server configures it for /auth/signinWithCustomToken:
 * `Authorization: JWT <token>` (scheme case-insensitive) or `?secret_token=`, the key chosen
 * from the token's `aud`, signature and `exp`/`nbf` checked, an `_id` required; then the
 * server's valid-token middleware wants the header to be exactly two space-separated parts.
 */
import type { FastifyRequest } from 'fastify';
import { ApiError, msgError, serverError, unauthorized } from '../errors.js';
import type { Caller, Check } from '../handler.js';
import type { UserRecord } from '../store/records.js';
import { type Audience, parseAudience } from './audience.js';
import { BASIC_CHALLENGE, basicRefusal, parseBasic } from './basic-auth.js';
import type { Ctx } from './handlers/types.js';
import { castObjectIdsInQuery, isObjectId } from './ids.js';
import { verifyPassword } from './passwords.js';
import type { Claims } from './tokens.js';

/** A Tiledesk security scheme's check, with what it sees of the request's context. */
type TiledeskCheck = Check<Ctx>;

/** The stored user passport resolved the caller to (`basicAuth or jwtHeader`), if any. */
export function callerUser(caller: Caller): UserRecord | undefined {
  return caller.user as UserRecord | undefined;
}

/** passport-jwt's `fromAuthHeaderWithScheme('jwt')`, then `fromUrlQueryParameter('secret_token')`. */
export function extractToken(request: FastifyRequest): string | undefined {
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

/** passport-jwt's checks: a token, its key, its signature and times, an `_id`. */
function verifiedClaims(
  request: FastifyRequest,
  deps: Ctx,
): { claims: Claims } | { code: string; reason: string } {
  const token = extractToken(request);
  if (!token) {
    return { code: 'TOKEN_MISSING', reason: missingTokenReason(request.headers.authorization) };
  }
  const choice = chooseKey(deps.tokens.decode(token), deps);
  if (choice.key === null) return { code: 'UNKNOWN_AUDIENCE', reason: choice.reason };
  let claims: unknown;
  try {
    claims = deps.tokens.verifyWithKey(token, choice.key);
  } catch (error) {
    const [code, reason] = verificationFailure(error, choice.source);
    return { code, reason };
  }
  if (!hasId(claims))
    return { code: 'TOKEN_WITHOUT_ID', reason: 'the token payload has no _id claim' };
  const { _id, _doc } = claims as { _id?: unknown; _doc?: unknown };
  if (!_id && _doc == null) {
    // passport reads `_id || _doc._id`: the real server throws there and never answers.
    return {
      code: 'TOKEN_WITH_FALSY_ID',
      reason: `the token's _id claim is ${JSON.stringify(_id)}, which the real server cannot read (it crashes and never answers); send a non-empty _id`,
    };
  }
  return { claims };
}

/** The server's valid-token middleware: the header must be exactly two space-separated parts. */
function checkTwoParts(header: string | undefined): asserts header is string {
  if (header === undefined || header.split(' ').length !== 2) {
    throw msgError(
      403,
      'MALFORMED_AUTHORIZATION',
      'Unauthorized.',
      header === undefined
        ? 'the token came as ?secret_token=; this operation needs it in the Authorization header'
        : 'the Authorization header must be exactly two parts ("JWT <token>", "Basic <credentials>"): one space, no other parts',
    );
  }
}

/** `jwt` alone, with the noentitycheck middleware (/auth/signinWithCustomToken): no lookup. */
const jwtHeader: TiledeskCheck = async (request, deps) => {
  const verified = verifiedClaims(request, deps);
  if (!('claims' in verified)) throw unauthorized(verified.code, verified.reason);
  const header = request.headers.authorization;
  checkTwoParts(header);
  request.caller = { claims: verified.claims, authorization: header };
};

type Resolved = { caller: Omit<Caller, 'authorization'> } | { reason: string };

/** passport's BasicStrategy (basic-auth.ts). */
async function basicCaller(request: FastifyRequest, deps: Ctx) {
  const parsed = parseBasic(request.headers.authorization);
  if (parsed.kind !== 'credentials') return parsed;
  const user = deps.store.findUserByEmail(parsed.email.toLowerCase());
  if (user?.status === 100 && (await verifyPassword(parsed.password, user.password))) {
    return { kind: 'user' as const, user };
  }
  return { kind: 'absent' as const, reason: basicRefusal(parsed.email, user, parsed.truncated) };
}

/**
 * passport-jwt's verify callback with the entity check: guest and external-user tokens stand
 * for themselves; any other `sub` names a user, who must exist and be active (bots and
 * subscriptions are not emulated, so those are never found). An id that is not an ObjectId
 * fails mongoose's cast, which passport turns into the server's 500.
 */
function tokenCaller(request: FastifyRequest, deps: Ctx): Resolved {
  const verified = verifiedClaims(request, deps);
  if (!('claims' in verified)) return { reason: `JWT: ${verified.reason}` };
  const { claims } = verified;
  const sub = claims.sub;
  if (sub === 'guest' || sub === 'userexternal') return { caller: { claims } };
  const doc = claims._doc as { _id?: unknown } | undefined;
  const raw = claims._id ?? doc?._id;
  const ids = castObjectIdsInQuery(raw);
  if (ids === undefined) {
    throw serverError(
      'ID_NOT_AN_OBJECT_ID',
      `the token's _id ${JSON.stringify(raw)} (sub ${JSON.stringify(sub)}) is not an ObjectId: the real server's lookup fails to cast it`,
    );
  }
  if (sub === 'bot' || sub === 'subscription') {
    return { reason: `JWT: sub "${sub}": the emulator has no ${sub}s` };
  }
  // User.findOne({ _id, status: 100 }): an array _id is $in, the first active user of its ids.
  const found = deps.store.findUsersById(ids);
  const user = found.find((candidate) => candidate.status === 100);
  if (!user) {
    const [inactive] = found;
    return {
      reason: inactive
        ? `JWT: the token's user ${inactive._id} has status ${inactive.status}; only status 100 (active) is accepted`
        : `JWT: the token's user ${ids.join(' or ') || '(an empty list)'} does not exist`,
    };
  }
  return { caller: { claims, user } };
}

/** Why neither strategy accepted the caller, told for the one the header was meant for. */
function refusal(header: string | undefined, basic: string, jwt: string): string {
  if (!header) {
    return 'no Authorization header: send "Basic <base64 of email:password>" or "JWT <token>"';
  }
  return /Basic/i.test(header.split(' ')[0] ?? '') ? basic : jwt;
}

/**
 * `passport.authenticate(['basic', 'jwt'])` and valid-token, as the real server guards
 * /users and the chat21 routes: HTTP Basic first, then the token; when both fail, the first
 * status a strategy gave (Basic's 400 for a malformed header) or 401, with Basic's challenge.
 */
const basicOrJwt: TiledeskCheck = async (request, deps) => {
  const header = request.headers.authorization;
  const basic = await basicCaller(request, deps);
  let resolved: Resolved;
  if (basic.kind === 'user') {
    resolved = { caller: { claims: {}, user: basic.user } };
  } else {
    resolved = tokenCaller(request, deps);
    if ('reason' in resolved) {
      if (basic.kind === 'malformed') {
        throw new ApiError(400, 'BASIC_MALFORMED', 'Bad Request', `HTTP Basic: ${basic.reason}`);
      }
      const reason = refusal(header, basic.reason, resolved.reason);
      throw unauthorized('NOT_AUTHENTICATED', reason, BASIC_CHALLENGE);
    }
  }
  checkTwoParts(header);
  request.caller = { ...resolved.caller, authorization: header };
};

/**
 * The Tiledesk API's security, by the name the spec gives it: a scheme, or a requirement of
 * alternatives (operations.ts's securityHandlers()).
 */
export const tiledeskSecurity: Record<string, TiledeskCheck> = {
  jwtHeader,
  'basicAuth or jwtHeader': basicOrJwt,
};
