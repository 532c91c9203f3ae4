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

/** Returns the compact JWT; send it as `Authorization: JWT <token>`. */
export function mintCustomToken(options: CustomTokenOptions): string {
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
  return createSigner({ key: options.secret, algorithm: 'HS256' })(payload);
}
