import { authorize, json } from '@/server/http/api';

export const dynamic = 'force-dynamic';

/** GET /api/auth/me: who is signed in. */
export async function GET() {
  const { caller, error } = authorize('view');
  if (error) return error;
  return json({ user: caller.user, expiresAt: caller.expiresAt.toISOString() });
}
