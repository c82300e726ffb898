import { serialize } from 'cookie';
import { SESSION_COOKIE } from '../../lib/auth';

/** The session cookie: httpOnly, SameSite=Lax, Secure whenever the dashboard is reached over HTTPS. */
export function sessionCookie(token: string, expiresAt: Date, secure: boolean): string {
  return serialize(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
}

export function clearedSessionCookie(secure: boolean): string {
  return serialize(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, path: '/', maxAge: 0 });
}
