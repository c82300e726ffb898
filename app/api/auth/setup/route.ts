import { z } from 'zod';
import { recordAudit } from '@/server/auth/audit';
import { sessionCookie } from '@/server/auth/cookie';
import { hashPassword, passwordProblem } from '@/server/auth/passwords';
import { createSession } from '@/server/auth/sessions';
import { createFirstAdmin, findUserByEmail } from '@/server/db/queries/users';
import { apiError, badRequest, json, parseBody } from '@/server/http/api';
import { requestContext } from '@/server/http/request-context';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({
  email: z.email().max(320),
  name: z.string().trim().max(200).optional(),
  password: z.string().max(1024),
});

/** POST /api/auth/setup: creates the first admin and signs them in; refused once any user exists. */
export async function POST(request: Request) {
  const { body: input, error } = await parseBody(request, body);
  if (error) return error;
  const problem = passwordProblem(input.password);
  if (problem) return badRequest(problem);
  const { db, config } = getRegistry();
  const ctx = requestContext.getStore();
  const created = await createFirstAdmin(db, { email: input.email, name: input.name || null, passwordHash: await hashPassword(input.password) });
  if (!created) return apiError(409, 'already_set_up', 'an account already exists; sign in instead');
  const user = (await findUserByEmail(db, input.email))!;
  await recordAudit(db, { actor: { id: user.id, email: user.email }, action: 'user.create', target: user.email, details: { role: 'admin', via: 'setup page' }, ip: ctx?.ip });
  const session = await createSession(db, user.id, { ttlMs: config.SESSION_TTL_HOURS * 3_600_000, ip: ctx?.ip, userAgent: request.headers.get('user-agent') ?? undefined });
  const secure = Boolean(ctx?.secure || config.PUBLIC_URL?.startsWith('https:'));
  return json(
    { user: { id: user.id, email: user.email, name: user.name, role: user.role } },
    { status: 201, headers: { 'set-cookie': sessionCookie(session.token, session.expiresAt, secure) } },
  );
}
