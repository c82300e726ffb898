'use client';

import type { SessionSummary, TranscriptMessage } from '@/lib/realtime';
import { SessionStatusBadge } from '@/components/ui/Badge';
import { RelativeTime } from '@/components/ui/RelativeTime';

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

export function SessionHeader({
  sessionId,
  session,
  messages,
}: {
  sessionId: string;
  session: SessionSummary | null;
  messages: TranscriptMessage[];
}) {
  // The summary's counts are the server's; until the first summary arrives, count what we hold.
  const user = session?.userMessageCount ?? messages.filter((m) => m.role === 'user').length;
  const avatar = session?.avatarMessageCount ?? messages.filter((m) => m.role === 'assistant').length;
  const total = session?.messageCount ?? messages.length;
  const unknown = <span className="text-zinc-400">—</span>;

  return (
    <section
      data-testid="session-header"
      aria-labelledby="session-title"
      className="rounded-lg border border-zinc-200 bg-white px-5 py-4 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <div className="flex flex-wrap items-center gap-3">
        <h1 id="session-title" className="text-lg font-semibold">
          {session?.roomName || 'Session'}
        </h1>
        {session ? <SessionStatusBadge status={session.status} /> : null}
        <code className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{sessionId}</code>
      </div>
      <dl className="mt-3 grid grid-cols-2 gap-x-6 gap-y-3 sm:grid-cols-3 lg:grid-cols-6">
        <Fact label="Agent">{session?.agentId ?? unknown}</Fact>
        <Fact label="Room">{session?.roomName ?? unknown}</Fact>
        <Fact label="Participants">{session ? session.participantCount : unknown}</Fact>
        <Fact label="Started">{session ? <RelativeTime iso={session.startedAt} /> : unknown}</Fact>
        <Fact label="Last activity">{session ? <RelativeTime iso={session.lastActivityAt} /> : unknown}</Fact>
        <Fact label="Messages">
          <span data-testid="session-message-count" className="tabular-nums">
            {total}
          </span>{' '}
          <span className="text-xs text-zinc-500 dark:text-zinc-400">
            ({user} user · {avatar} avatar)
          </span>
        </Fact>
      </dl>
    </section>
  );
}
