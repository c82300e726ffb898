import { createHash, randomBytes } from 'node:crypto';
import { isRole, type CurrentUser } from '../../lib/auth';
import type { Database } from '../db/client';

/**
 * Sign-in sessions: the cookie holds a random token, the database only its SHA-256 (a stolen
 * database gives no usable cookies). A session ends when it expires, when its user signs out,
 * is disabled or changes password.
 */

export interface SignedIn {
  user: CurrentUser;
  sessionId: string;
  expiresAt: Date;
}

export const sessionIdOf = (token: string) => createHash('sha256').update(token).digest('hex');

export async function createSession(
  db: Database,
  userId: string,
  opts: { ttlMs: number; ip?: string; userAgent?: string; now?: number },
): Promise<{ token: string; sessionId: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const sessionId = sessionIdOf(token);
  const expiresAt = new Date((opts.now ?? Date.now()) + opts.ttlMs);
  await db.prisma.authSession.create({
    data: { id: sessionId, userId, expiresAt, ip: opts.ip, userAgent: opts.userAgent?.slice(0, 500) },
  });
  return { token, sessionId, expiresAt };
}

/** The user behind a cookie token, or null when the session is unknown, expired, revoked or the user disabled. */
export async function validateSession(db: Database, token: string | undefined, now = Date.now()): Promise<SignedIn | null> {
  if (!token || token.length > 200) return null;
  const session = await db.prisma.authSession.findUnique({ where: { id: sessionIdOf(token) }, include: { user: true } });
  if (!session || session.revokedAt || session.expiresAt.getTime() <= now) return null;
  const { user } = session;
  if (user.disabled || !isRole(user.role)) return null;
  return { user: { id: user.id, email: user.email, name: user.name, role: user.role }, sessionId: session.id, expiresAt: session.expiresAt };
}

export async function revokeSession(db: Database, sessionId: string): Promise<void> {
  await db.prisma.authSession.updateMany({ where: { id: sessionId, revokedAt: null }, data: { revokedAt: new Date() } });
}

/** Ends every session of a user (disabled, password changed); returns their ids so sockets can be closed. */
export async function revokeUserSessions(db: Database, userId: string, except?: string): Promise<string[]> {
  const open = await db.prisma.authSession.findMany({
    where: { userId, revokedAt: null, ...(except ? { id: { not: except } } : {}) },
    select: { id: true },
  });
  await db.prisma.authSession.updateMany({ where: { id: { in: open.map((s) => s.id) } }, data: { revokedAt: new Date() } });
  return open.map((s) => s.id);
}
