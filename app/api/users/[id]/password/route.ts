import { z } from 'zod';
import { recordAudit } from '@/server/auth/audit';
import { choosePassword, hashPassword } from '@/server/auth/passwords';
import { revokeUserSessions } from '@/server/auth/sessions';
import { updateUser } from '@/server/db/queries/users';
import { authorize, badRequest, json, notFound, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z.object({ password: z.string().max(1024).optional() });

/** POST /api/users/:id/password: sets a new password (or generates one, returned once) and ends the user's sessions (admin). */
export async function POST(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, body);
  if (invalid) return invalid;
  const chosen = choosePassword(input.password);
  if ('problem' in chosen) return badRequest(chosen.problem);
  const { id } = await ctx.params;
  const { db, hub } = getRegistry();
  const user = await updateUser(db, id, { passwordHash: await hashPassword(chosen.password) });
  if (!user) return notFound(`no user with id ${JSON.stringify(id)}`);
  hub.disconnectSessions(await revokeUserSessions(db, id));
  await recordAudit(db, { actor: caller.user, action: 'user.password_reset', target: user.email, ip: caller.ip });
  return json({ user, ...(chosen.temporary ? { temporaryPassword: chosen.temporary } : {}) });
}
