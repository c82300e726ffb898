import { alertAction } from '@/server/alerts/actions';

export const dynamic = 'force-dynamic';

/** POST /api/alerts/:id/acknowledge (operator). */
export const POST = alertAction('acknowledge');
