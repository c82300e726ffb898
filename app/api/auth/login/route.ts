import { z } from 'zod';
import { recordAudit } from '@/server/auth/audit';
import { sessionCookie } from '@/server/auth/cookie';
import { dummyHash, verifyPassword } from '@/server/auth/passwords';
import { createSession } from '@/server/auth/sessions';
import { findUserByEmail } from '@/server/db/queries/users';
import { apiError, json, parseBody } from '@/server/http/api';
import { requestContext } from '@/server/http/request-context';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ email: z.string().trim().min(1).max(320), password: z.string().min(1).max(1024) });

/** POST /api/auth/login: email and password in, session cookie out; failures throttled per account and address. */
export async function POST(request: Request) {
  const { body: input, error } = await parseBody(request, body);
  if (error) return error;
  const { db, config, signInThrottle } = getRegistry();
  const ctx = requestContext.getStore();
  const ip = ctx?.ip;

  const wait = await signInThrottle.retryAfter(input.email, ip);
  if (wait > 0) {
    await recordAudit(db, { action: 'auth.sign_in_throttled', target: input.email.toLowerCase(), ip });
    return apiError(429, 'too_many_attempts', `too many failed sign-ins; try again in ${wait} s`, { 'retry-after': String(wait) });
  }

  const user = await findUserByEmail(db, input.email);
  const ok = user ? await verifyPassword(user.passwordHash, input.password) : (await verifyPassword(await dummyHash(), input.password), false);
  if (!user || !ok || user.disabled) {
    await signInThrottle.fail(input.email, ip);
    await recordAudit(db, {
      actor: user ? { id: user.id, email: user.email } : null,
      action: 'auth.sign_in_failed',
      target: input.email.toLowerCase(),
      details: { reason: !user ? 'unknown email' : !ok ? 'wrong password' : 'account disabled' },
      ip,
    });
    // A disabled account is only revealed to someone who knows its password.
    if (user && ok) return apiError(403, 'account_disabled', 'this account is disabled; ask an admin');
    return apiError(401, 'invalid_credentials', 'email or password is wrong');
  }

  await signInThrottle.succeed(input.email);
  const session = await createSession(db, user.id, {
    ttlMs: config.SESSION_TTL_HOURS * 3_600_000,
    ip,
    userAgent: request.headers.get('user-agent') ?? undefined,
  });
  await db.prisma.user.update({ where: { id: user.id }, data: { lastSignInAt: new Date() } });
  await recordAudit(db, { actor: { id: user.id, email: user.email }, action: 'auth.sign_in', ip });
  const secure = Boolean(ctx?.secure || config.PUBLIC_URL?.startsWith('https:'));
  return json(
    { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
    { headers: { 'set-cookie': sessionCookie(session.token, session.expiresAt, secure) } },
  );
}
