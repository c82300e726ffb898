import { exportEventsQuery } from '@/lib/history';
import { recordAudit } from '@/server/auth/audit';
import { exportEventsPage, type EventExportPosition, type ExportedEvent } from '@/server/db/queries/exportEvents';
import { EVENT_EXPORT_COLUMNS } from '@/server/history/columns';
import { exportFilename, exportResponse, exportStream } from '@/server/history/export-stream';
import { authorize, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * GET /api/export/events?format=csv|ndjson&from=&to=&type=: every stored webhook event whose event
 * time is in [from, to), oldest first, streamed page by page as an attachment. Recorded in the
 * audit log.
 */
export async function GET(request: Request) {
  const { caller, error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, exportEventsQuery);
  if (invalid) return invalid;
  const { db } = getRegistry();
  await recordAudit(db, {
    actor: caller.user,
    action: 'export.events',
    details: { format: q.format, from: q.from?.toISOString() ?? null, to: q.to?.toISOString() ?? null, type: q.type ?? null },
    ip: caller.ip,
  });
  const body = exportStream<ExportedEvent, EventExportPosition>(
    {
      page: (after, limit) => exportEventsPage(db, { from: q.from, to: q.to, type: q.type, after, limit }),
      positionOf: (e) => ({ eventAt: e.eventAt, id: e.id }),
    },
    EVENT_EXPORT_COLUMNS,
    q.format,
  );
  return exportResponse(body, exportFilename('events', q, q.format), q.format);
}
