import { z } from 'zod';
import { ROLES } from '@/lib/auth';
import { recordAudit } from '@/server/auth/audit';
import { revokeUserSessions } from '@/server/auth/sessions';
import { countActiveAdmins, updateUser } from '@/server/db/queries/users';
import { apiError, authorize, json, notFound, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

const body = z
  .object({ name: z.string().trim().max(200).nullable(), role: z.enum(ROLES), disabled: z.boolean() })
  .partial()
  .refine((b) => Object.keys(b).length > 0, 'nothing to change: give name, role or disabled');

/** PATCH /api/users/:id: rename, change role, disable or enable (admin). Disabling ends the user's sessions and sockets. */
export async function PATCH(request: Request, ctx: { params: Promise<{ id: string }> }) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { body: change, error: invalid } = await parseBody(request, body);
  if (invalid) return invalid;
  const { id } = await ctx.params;
  const { db, hub } = getRegistry();
  const losesAdmin = change.disabled === true || (change.role !== undefined && change.role !== 'admin');
  if (losesAdmin) {
    const target = await db.prisma.user.findUnique({ where: { id }, select: { role: true, disabled: true } });
    if (target?.role === 'admin' && !target.disabled && (await countActiveAdmins(db)) <= 1)
      return apiError(409, 'last_admin', 'this is the last active admin; make another admin first');
  }
  const user = await updateUser(db, id, change);
  if (!user) return notFound(`no user with id ${JSON.stringify(id)}`);
  if (change.disabled === true || change.role !== undefined) {
    // Signed out everywhere, sockets included: a disabled user loses access at once, and a user
    // whose role changed signs in again under the new role.
    hub.disconnectSessions(await revokeUserSessions(db, id));
  }
  await recordAudit(db, { actor: caller.user, action: 'user.update', target: user.email, details: change, ip: caller.ip });
  return json({ user });
}
