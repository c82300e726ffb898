import type { OverviewCounters } from '@/lib/realtime';

const items: { key: keyof OverviewCounters; label: string; testId: string }[] = [
  { key: 'activeSessions', label: 'Active sessions', testId: 'counter-active-sessions' },
  { key: 'messagesLast5Min', label: 'Messages, last 5 min', testId: 'counter-messages' },
  { key: 'agents', label: 'Agents', testId: 'counter-agents' },
  { key: 'eventsLastHour', label: 'Events, last hour', testId: 'counter-events' },
  { key: 'failedEvents', label: 'Failed events', testId: 'counter-failed-events' },
];

export function Counters({ counters }: { counters: OverviewCounters | null }) {
  return (
    <dl className="grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
      {items.map(({ key, label, testId }) => {
        const value = counters?.[key];
        const alarming = key === 'failedEvents' && (value ?? 0) > 0;
        return (
          <div
            key={key}
            className="rounded-lg border border-zinc-200 bg-white px-4 py-3 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <dt className="text-xs font-medium text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd
              data-testid={testId}
              className={`mt-1 text-2xl font-semibold tabular-nums ${alarming ? 'text-red-700 dark:text-red-400' : ''}`}
            >
              {value === undefined ? '–' : value.toLocaleString()}
            </dd>
          </div>
        );
      })}
    </dl>
  );
}
