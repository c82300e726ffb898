'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import type { SessionSummary } from '@/lib/realtime';
import type { AlertView } from '@/lib/alerts';
import { SESSION_LIMIT } from '@/lib/realtime-client';
import { useAlerts } from '@/components/realtime/useAlerts';
import { SessionStatusBadge } from '@/components/ui/Badge';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { sessionHref } from './sessionLink';

const th = 'whitespace-nowrap px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400';
const td = 'px-3 py-2 align-top';

/** Live sessions, active first then by last activity (the order comes from the merge). */
export function SessionsTable({ sessions }: { sessions: SessionSummary[] }) {
  const router = useRouter();
  const { open } = useAlerts();
  const alertsBySession = openAlertsBySession(open);
  const active = sessions.filter((s) => s.status === 'active').length;
  return (
    <Panel
      id="sessions"
      title="Sessions"
      aside={`${active} active · showing up to ${SESSION_LIMIT}`}
    >
      {sessions.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No sessions yet. They appear on the first room.join or chat.push.</p>
      ) : (
        <div className="overflow-x-auto">
          <table data-testid="sessions-table" className="w-full text-sm">
            <caption className="sr-only">Live sessions, active first, most recent activity first</caption>
            <thead className="border-b border-zinc-200 dark:border-zinc-800">
              <tr>
                <th scope="col" className={th}>Session</th>
                <th scope="col" className={th}>Agent</th>
                <th scope="col" className={`${th} text-right`}>People</th>
                <th scope="col" className={th}>Status</th>
                <th scope="col" className={th}>Started</th>
                <th scope="col" className={th}>Last activity</th>
                <th scope="col" className={`${th} text-right`}>Messages</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
              {sessions.map((s) => (
                <tr
                  key={s.id}
                  data-testid="session-row"
                  data-session-id={s.id}
                  // The link in the first cell is the keyboard path; the row click is a mouse convenience.
                  onClick={(e) => {
                    if ((e.target as HTMLElement).closest('a')) return;
                    router.push(sessionHref(s.id));
                  }}
                  className={`cursor-pointer hover:bg-zinc-50 dark:hover:bg-zinc-800/50 ${s.status === 'ended' ? 'text-zinc-500 dark:text-zinc-400' : ''}`}
                >
                  <td className={td}>
                    <Link href={sessionHref(s.id)} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
                      {s.roomName || s.id}
                    </Link>
                    <SessionMarkers session={s} alerts={alertsBySession.get(s.id)} />
                    {s.roomName ? (
                      <div className="max-w-[16rem] truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={s.id}>
                        {s.id}
                      </div>
                    ) : null}
                  </td>
                  <td className={`${td} max-w-[12rem] truncate`} title={s.agentId ?? undefined}>
                    {s.agentId ?? <span className="text-zinc-400">unknown</span>}
                  </td>
                  <td className={`${td} text-right tabular-nums`}>{s.participantCount}</td>
                  <td className={td}>
                    <SessionStatusBadge status={s.status} />
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <RelativeTime iso={s.startedAt} />
                  </td>
                  <td className={`${td} whitespace-nowrap`}>
                    <RelativeTime iso={s.lastActivityAt} />
                  </td>
                  <td
                    className={`${td} text-right tabular-nums`}
                    title={`${s.userMessageCount} from the user, ${s.avatarMessageCount} from the avatar`}
                  >
                    {s.messageCount}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Panel>
  );
}

function openAlertsBySession(alerts: readonly AlertView[]): Map<string, AlertView[]> {
  const map = new Map<string, AlertView[]>();
  for (const a of alerts) if (a.sessionId) map.set(a.sessionId, [...(map.get(a.sessionId) ?? []), a]);
  return map;
}

/** At a glance: handed over to a human, and open alerts (the worst one links to its messages). */
function SessionMarkers({ session, alerts }: { session: SessionSummary; alerts: AlertView[] | undefined }) {
  if (!session.escalatedAt && !alerts?.length) return null;
  const worst = alerts?.reduce((top, a) => (rank(a) > rank(top) ? a : top));
  return (
    <span className="ml-2 inline-flex gap-1 align-middle">
      {session.escalatedAt ? (
        <span
          data-testid="session-escalated"
          title={`Handed over to a human by ${session.escalatedBy ?? 'an operator'} at ${new Date(session.escalatedAt).toLocaleString()}`}
          className="rounded-md bg-red-600 px-1.5 py-0.5 text-xs font-semibold text-white dark:bg-red-500"
        >
          Human
        </span>
      ) : null}
      {worst ? (
        <Link
          href={`${sessionHref(session.id)}?alert=${worst.id}`}
          data-testid="session-alert-marker"
          title={alerts!.map((a) => `${a.title} (${a.state})`).join('\n')}
          className={`rounded-md px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${
            worst.severity === 'critical'
              ? 'bg-red-50 text-red-800 ring-red-600/30 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/30'
              : 'bg-amber-50 text-amber-800 ring-amber-600/30 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/30'
          }`}
        >
          <span aria-hidden="true">⚑</span> {alerts!.length} {alerts!.length === 1 ? 'alert' : 'alerts'}
        </Link>
      ) : null}
    </span>
  );
}

function rank(a: AlertView): number {
  return (a.state === 'triggered' ? 10 : 0) + (a.severity === 'critical' ? 2 : a.severity === 'warning' ? 1 : 0);
}
