/**
 * The request target as Express routes it. Node hands Express the request line's target as it
 * is, and Express's parseurl reads its path the way url.parse does: an absolute-form target (what
 * a proxy sends, `POST http://host/auth/signin HTTP/1.1`) is routed by its path alone, and a
 * fragment (`#…`) is never part of the path or the query.
 */
const ABSOLUTE_FORM = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*(.*)$/i;

export function originForm(target: string): string {
  const hash = target.indexOf('#');
  const url = hash < 0 ? target : target.slice(0, hash);
  const absolute = ABSOLUTE_FORM.exec(url);
  if (!absolute) return url;
  const rest = absolute[1] ?? '';
  return rest.startsWith('/') ? rest : `/${rest}`;
}
