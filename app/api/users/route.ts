import { z } from 'zod';
import { ROLES } from '@/lib/auth';
import { recordAudit } from '@/server/auth/audit';
import { choosePassword, hashPassword } from '@/server/auth/passwords';
import { createUser, findUserByEmail, listUsers } from '@/server/db/queries/users';
import { apiError, authorize, badRequest, json, parseBody } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** GET /api/users: every account (admin). */
export async function GET() {
  const { error } = authorize('administer');
  if (error) return error;
  return json({ users: await listUsers(getRegistry().db) });
}

const body = z.object({
  email: z.email().max(320),
  name: z.string().trim().max(200).optional(),
  role: z.enum(ROLES),
  /** omitted: a temporary password is generated and returned once */
  password: z.string().max(1024).optional(),
});

/** POST /api/users: creates an account (admin); returns a generated temporary password once if none was given. */
export async function POST(request: Request) {
  const { caller, error } = authorize('administer');
  if (error) return error;
  const { body: input, error: invalid } = await parseBody(request, body);
  if (invalid) return invalid;
  const chosen = choosePassword(input.password);
  if ('problem' in chosen) return badRequest(chosen.problem);
  const { db } = getRegistry();
  if (await findUserByEmail(db, input.email)) return apiError(409, 'email_taken', `an account for ${input.email} exists`);
  const user = await createUser(db, { email: input.email, name: input.name || null, role: input.role, passwordHash: await hashPassword(chosen.password) });
  await recordAudit(db, { actor: caller.user, action: 'user.create', target: user.email, details: { role: user.role }, ip: caller.ip });
  return json({ user, ...(chosen.temporary ? { temporaryPassword: chosen.temporary } : {}) }, { status: 201 });
}
