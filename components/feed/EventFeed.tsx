import Link from 'next/link';
import type { FeedItem } from '@/lib/realtime';
import { FEED_LIMIT } from '@/lib/realtime-client';
import { Badge, type Tone } from '@/components/ui/Badge';
import { Panel } from '@/components/ui/Panel';
import { RelativeTime } from '@/components/ui/RelativeTime';
import { sessionHref } from '@/components/sessions/sessionLink';

function typeTone(item: FeedItem): Tone {
  if (item.status === 'failed' || item.status === 'dead' || item.type.endsWith('.failed')) return 'red';
  if (item.type === 'room.join') return 'sky';
  if (item.type === 'agent.ready') return 'green';
  return 'neutral';
}

/** Newest first, capped. Deliberately not aria-live: it would talk over the operator all day. */
export function EventFeed({ items }: { items: FeedItem[] }) {
  return (
    <Panel id="feed" title="Event feed" aside={`latest ${FEED_LIMIT}`}>
      {items.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500 dark:text-zinc-400">No events yet.</p>
      ) : (
        <ol data-testid="event-feed" className="max-h-[28rem] divide-y divide-zinc-100 overflow-y-auto dark:divide-zinc-800">
          {items.map((item) => (
            <li key={item.seq} data-testid="feed-item" data-seq={item.seq} className="px-4 py-2 text-sm">
              <div className="flex items-center justify-between gap-2">
                <Badge tone={typeTone(item)}>{item.type}</Badge>
                <RelativeTime iso={item.receivedAt} className="shrink-0 text-xs text-zinc-500 dark:text-zinc-400" />
              </div>
              <p className="mt-1 line-clamp-2 break-words text-zinc-700 dark:text-zinc-300">{item.summary}</p>
              <p className="mt-0.5 flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
                {item.agentId ? <span>agent {item.agentId}</span> : null}
                {item.sessionId ? (
                  <Link href={sessionHref(item.sessionId)} className="hover:underline">
                    session {item.sessionId}
                  </Link>
                ) : null}
                {item.status !== 'processed' ? <span>{item.status}</span> : null}
              </p>
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
