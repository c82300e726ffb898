import { capacityLimitsFromConfig } from '@/server/alerts/policy-config';
import { getCapacity } from '@/server/db/queries/getCapacity';
import { authorize, json } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/** GET /api/capacity: per agent and per room, sessions and participants now, limits, today's peak. */
export async function GET() {
  const { error } = authorize('view');
  if (error) return error;
  const { db, config } = getRegistry();
  return json(await getCapacity(db, capacityLimitsFromConfig(config)));
}
