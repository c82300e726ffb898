'use client';

import { useEffect, useMemo, useReducer, useRef } from 'react';
import type { SessionSummary, TranscriptMessage } from '@/lib/realtime';
import { emptySession, sessionReducer, type SessionState } from '@/lib/realtime-client';
import { useRealtime } from './RealtimeProvider';
import { useLiveSubscription } from './useLiveSubscription';

/** One session's live state: header summary and the transcript in sentAt order. */
export function useSession(sessionId: string): SessionState {
  const { socket } = useRealtime();
  const reducer = useMemo(() => sessionReducer(sessionId), [sessionId]);
  const [state, dispatch] = useReducer(reducer, emptySession);
  const seq = useRef(0);
  useEffect(() => {
    seq.current = state.seq;
  }, [state.seq]);

  useEffect(() => {
    if (!socket) return;
    const onSession = (session: SessionSummary) => dispatch({ type: 'session', session });
    const onMessage = (message: TranscriptMessage) => dispatch({ type: 'message', message });
    socket.on('session:update', onSession);
    socket.on('message:new', onMessage);
    return () => {
      socket.off('session:update', onSession);
      socket.off('message:new', onMessage);
    };
  }, [socket]);

  useLiveSubscription(
    socket,
    {
      subscribe: () =>
        socket?.emit('session:subscribe', sessionId, (res) => {
          if (res.ok) dispatch({ type: 'snapshot', snapshot: res.data });
          else console.warn('session:subscribe failed:', res.error);
        }),
      resync: () =>
        socket?.emit('sync', { since: seq.current, sessionId }, (res) => {
          if (res.ok) dispatch({ type: 'sync', result: res.data });
          else console.warn('sync failed:', res.error);
        }),
      unsubscribe: () => socket?.emit('session:unsubscribe', sessionId),
    },
    `session:${sessionId}`,
  );

  return state;
}
