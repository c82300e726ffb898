'use client';

import { useOverview } from '@/components/realtime/useOverview';
import { AgentsList } from '@/components/agents/AgentsList';
import { EventFeed } from '@/components/feed/EventFeed';
import { SessionsTable } from '@/components/sessions/SessionsTable';
import { Counters } from './Counters';
import { LiveCharts } from './LiveCharts';
import { ConnectHelp } from './ConnectHelp';

export function Overview() {
  const overview = useOverview();
  const nothingYet = overview.loaded && overview.sessions.length === 0 && overview.feed.length === 0;

  return (
    <div className="space-y-6">
      <h1 className="sr-only">Overview</h1>
      <Counters counters={overview.counters} />
      {!overview.loaded ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          Loading the live view…
        </p>
      ) : nothingYet ? (
        <ConnectHelp />
      ) : (
        <>
          <LiveCharts />
          <div className="grid gap-6 lg:grid-cols-3">
            <div className="lg:col-span-2">
              <SessionsTable sessions={overview.sessions} />
            </div>
            <div className="space-y-6">
              <EventFeed items={overview.feed} />
              <AgentsList agents={overview.agents} />
            </div>
          </div>
        </>
      )}
    </div>
  );
}
