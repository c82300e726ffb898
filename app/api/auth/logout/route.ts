import { recordAudit } from '@/server/auth/audit';
import { clearedSessionCookie } from '@/server/auth/cookie';
import { revokeSession } from '@/server/auth/sessions';
import { authorize, json } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** POST /api/auth/logout: ends this session and closes its sockets. */
export async function POST() {
  const { caller, error } = authorize('view');
  if (error) return error;
  const { db, hub } = getRegistry();
  await revokeSession(db, caller.sessionId);
  hub.disconnectSessions([caller.sessionId]);
  await recordAudit(db, { actor: caller.user, action: 'auth.sign_out', ip: caller.ip });
  return json({ ok: true }, { headers: { 'set-cookie': clearedSessionCookie(caller.secure) } });
}
