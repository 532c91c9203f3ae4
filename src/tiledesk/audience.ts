/**
 * How the real server reads a token's `aud`: `new URL(aud)`, then the first two path segments
 * are the audience type (`projects`, `bots`, `subscriptions`) and its id; the host is ignored.
 */
export interface Audience {
  type: string | undefined;
  id: string | undefined;
}

/** Throws a TypeError for an `aud` that is not a URL, as the server does (its answer is a 500). */
export function parseAudience(aud: unknown): Audience {
  const segments = new URL(aud as string).pathname.split('/');
  return { type: segments[1], id: segments[2] };
}
