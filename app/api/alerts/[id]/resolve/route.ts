import { alertAction } from '@/server/alerts/actions';

export const dynamic = 'force-dynamic';

/** POST /api/alerts/:id/resolve (operator). */
export const POST = alertAction('resolve');
