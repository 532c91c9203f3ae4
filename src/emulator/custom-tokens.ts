/**
 * Minting the tokens a customer's backend signs for /auth/signinWithCustomToken: HS256 with the
 * project's `jwtSecret`, `aud` naming the project, `sub: userexternal` and an `_id`.
 */
import { createSigner } from 'fast-jwt';
import { uuid } from '../tiledesk/ids.js';

export interface CustomTokenOptions {
  /** The project's `jwtSecret`. */
  secret: string;
  /** The project's `_id`; becomes `aud: https://tiledesk.com/projects/<id>`. */
  projectId: string;
  /** Claims: `_id` (default: a new UUID), `firstname`, `lastname`, `email`, `role`, custom ones. */
  claims?: Record<string, unknown>;
  /** Lifetime in seconds for `exp`; 0 for no `exp`. Default 3600. */
  expiresIn?: number;
  /** The clock. Default `new Date()`. */
  now?: Date;
}

/**
 * A minted custom token, named as everywhere in the emulator (the control API's
 * POST /__emulator/custom-tokens, the CLI's mint-token): `token` is `JWT <jwt>`, ready for the
 * Authorization header; `jwt` is the compact token alone; `claims` what it carries.
 */
export interface CustomToken {
  token: string;
  jwt: string;
  claims: Record<string, unknown>;
}

export function mintCustomToken(options: CustomTokenOptions): CustomToken {
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const expiresIn = options.expiresIn ?? 3600;
  const payload = {
    _id: uuid(),
    sub: 'userexternal',
    aud: `https://tiledesk.com/projects/${options.projectId}`,
    iat,
    ...(expiresIn > 0 && { exp: iat + expiresIn }),
    // Given claims win, so a test can mint an expired token or one without `_id`.
    ...options.claims,
  };
  const jwt = createSigner({ key: options.secret, algorithm: 'HS256' })(payload);
  return { token: `JWT ${jwt}`, jwt, claims: payload };
}
