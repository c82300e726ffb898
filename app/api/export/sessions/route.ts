import { exportSessionsQuery } from '@/lib/history';
import { recordAudit } from '@/server/auth/audit';
import { exportSessionsPage, type SessionExportPosition } from '@/server/db/queries/exportSessions';
import { SESSION_EXPORT_COLUMNS } from '@/server/history/columns';
import { exportFilename, exportResponse, exportStream } from '@/server/history/export-stream';
import { authorize, parseQuery } from '@/server/http/api';
import { getRegistry } from '@/server/registry';

export const dynamic = 'force-dynamic';

/**
 * GET /api/export/sessions?format=csv|ndjson&from=&to=&agent=: every session that started in
 * [from, to), oldest first, streamed page by page as an attachment. Recorded in the audit log.
 */
export async function GET(request: Request) {
  const { caller, error } = authorize('view');
  if (error) return error;
  const { query: q, error: invalid } = parseQuery(request, exportSessionsQuery);
  if (invalid) return invalid;
  const { db } = getRegistry();
  await recordAudit(db, {
    actor: caller.user,
    action: 'export.sessions',
    details: { format: q.format, from: q.from?.toISOString() ?? null, to: q.to?.toISOString() ?? null, agent: q.agent ?? null },
    ip: caller.ip,
  });
  const body = exportStream<Awaited<ReturnType<typeof exportSessionsPage>>[number], SessionExportPosition>(
    {
      page: (after, limit) => exportSessionsPage(db, { from: q.from, to: q.to, agentId: q.agent, after, limit }),
      positionOf: (s) => ({ startedAt: s.startedAt, id: s.id }),
    },
    SESSION_EXPORT_COLUMNS,
    q.format,
  );
  return exportResponse(body, exportFilename('sessions', q, q.format), q.format);
}
