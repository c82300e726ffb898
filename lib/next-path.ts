/**
 * Where to go after signing in: the `next` query parameter if it is a path on this site, else
 * the overview. Anything that could leave the site (`//host`, `/\host`, a full URL, a path that a
 * browser would turn into one once it drops tabs and newlines) falls back to "/", and so do the
 * sign-in pages themselves (no loop).
 */
export function safeNextPath(raw: string | string[] | null | undefined): string {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  const base = 'http://pulse.invalid';
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return '/';
  }
  if (url.origin !== base) return '/';
  if (url.pathname === '/login' || url.pathname === '/setup') return '/';
  return url.pathname + url.search + url.hash;
}
