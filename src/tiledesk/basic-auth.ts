/**
 * passport-http 0.3's BasicStrategy, as the real server registers it: the header is parsed its
 * way (split on spaces, the scheme matched by /Basic/i anywhere in the first word, the
 * credentials base64-decoded as Node does, split at every `:`, the first two parts used), then
 * the active user with the lower-cased e-mail is looked up and the password compared.
 */
import type { UserRecord } from '../store/records.js';

/** The challenge every failure but a malformed header carries. */
export const BASIC_CHALLENGE = 'Basic realm="Users"';

export type BasicCredentials =
  | {
      kind: 'credentials';
      email: string;
      password: string;
      /** The credentials held more than one `:`: the rest of the password was dropped. */
      truncated: boolean;
    }
  /** passport's `fail(400)`: no challenge, and the answer is 400 unless another strategy succeeds. */
  | { kind: 'malformed'; reason: string }
  /** passport's `fail(challenge)`: not for this strategy, or empty credentials. */
  | { kind: 'absent'; reason: string };

export function parseBasic(header: string | undefined): BasicCredentials {
  if (!header) return { kind: 'absent', reason: 'no Authorization header' };
  const parts = header.split(' ');
  if (parts.length < 2) {
    return {
      kind: 'malformed',
      reason: `the Authorization header "${parts[0]}" is one word; send "Basic <base64 of email:password>" or "JWT <token>"`,
    };
  }
  const scheme = parts[0] as string;
  if (!/Basic/i.test(scheme))
    return { kind: 'absent', reason: `the scheme is ${scheme}, not Basic` };
  const credentials = Buffer.from(parts[1] as string, 'base64')
    .toString()
    .split(':');
  if (credentials.length < 2) {
    return {
      kind: 'malformed',
      reason:
        'the Basic credentials have no ":" once base64-decoded (one space after "Basic", then base64 of email:password)',
    };
  }
  const [email = '', password = ''] = credentials;
  if (!email || !password) {
    return { kind: 'absent', reason: 'the Basic credentials have an empty e-mail or password' };
  }
  return { kind: 'credentials', email, password, truncated: credentials.length > 2 };
}

/** Why Basic credentials were refused, without saying which part of a password was wrong. */
export function basicRefusal(
  email: string,
  user: UserRecord | undefined,
  truncated: boolean,
): string {
  if (!user) return `HTTP Basic: no user has the e-mail ${email.toLowerCase()}`;
  if (user.status !== 100) {
    return `HTTP Basic: the user ${user.email} has status ${user.status}; only status 100 (active) can sign in`;
  }
  return truncated
    ? `HTTP Basic: wrong password for ${user.email} (the credentials hold more than one ":", and only the text up to the second one counts as the password)`
    : `HTTP Basic: wrong password for ${user.email}`;
}
