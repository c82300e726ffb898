import { alertAction } from '@/server/alerts/actions';

export const dynamic = 'force-dynamic';

/** POST /api/alerts/:id/snooze (operator). */
export const POST = alertAction('snooze');
