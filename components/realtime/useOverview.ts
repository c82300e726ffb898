'use client';

import { useEffect, useReducer, useRef } from 'react';
import type { AgentSummary, FeedItem, OverviewCounters, SessionSummary } from '@/lib/realtime';
import { emptyOverview, overviewReducer, type OverviewState } from '@/lib/realtime-client';
import { useRealtime } from './RealtimeProvider';
import { useLiveSubscription } from './useLiveSubscription';

/** The overview's live state: snapshot on subscribe, deltas as they come, backfill after a gap. */
export function useOverview(): OverviewState {
  const { socket } = useRealtime();
  const [state, dispatch] = useReducer(overviewReducer, emptyOverview);
  const seq = useRef(0);
  useEffect(() => {
    seq.current = state.seq;
  }, [state.seq]);

  useEffect(() => {
    if (!socket) return;
    const onFeed = (item: FeedItem) => dispatch({ type: 'feed', item });
    const onSession = (session: SessionSummary) => dispatch({ type: 'session', session });
    const onAgent = (agent: AgentSummary) => dispatch({ type: 'agent', agent });
    const onCounters = (counters: OverviewCounters) => dispatch({ type: 'counters', counters });
    socket.on('feed:new', onFeed);
    socket.on('session:update', onSession);
    socket.on('agent:update', onAgent);
    socket.on('counters:update', onCounters);
    return () => {
      socket.off('feed:new', onFeed);
      socket.off('session:update', onSession);
      socket.off('agent:update', onAgent);
      socket.off('counters:update', onCounters);
    };
  }, [socket]);

  useLiveSubscription(
    socket,
    {
      subscribe: () =>
        socket?.emit('overview:subscribe', (res) => {
          if (res.ok) dispatch({ type: 'snapshot', snapshot: res.data });
          else console.warn('overview:subscribe failed:', res.error);
        }),
      resync: () =>
        socket?.emit('sync', { since: seq.current }, (res) => {
          if (res.ok) dispatch({ type: 'sync', result: res.data });
          else console.warn('sync failed:', res.error);
        }),
    },
    'overview',
  );

  return state;
}
