'use client';

import { useEffect, useEffectEvent, useMemo, useReducer, useState } from 'react';
import type { AlertView } from '@/lib/alerts';
import { alertListReducer, emptyAlertList, type AlertChange, type AlertListOptions, type AlertListState } from '@/lib/realtime-client';
import { callApi, sentence } from '@/lib/api-client';
import { alertPage } from '@/components/alerts/api';
import { useRealtime } from './RealtimeProvider';


interface AlertBus {
  subscribe: (listener: (change: AlertChange) => void) => () => void;
  liveCounter: () => number;
}

/**
 * A list of alerts kept live: fetched from `url` (GET /api/alerts?…), then merged from every
 * change on the alert bus, and fetched again after a reconnect the server could not recover
 * (deltas were lost). Alerts already listed always update; new ones join if `accepts` says so.
 * `url` null: nothing to fetch yet.
 */
export function useAlertList(bus: AlertBus, url: string | null, options: AlertListOptions) {
  const { socket } = useRealtime();
  const { accepts, limit } = options;
  const reducer = useMemo(() => alertListReducer({ accepts, limit }), [accepts, limit]);
  const [state, dispatch] = useReducer(reducer, emptyAlertList);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);

  const { subscribe } = bus;
  useEffect(() => subscribe((change) => dispatch({ type: 'change', change })), [subscribe]);

  useEffect(() => {
    if (!url) return;
    let current = true;
    const startedAt = bus.liveCounter();
    callApi(url, alertPage).then((result) => {
      if (!current) return;
      if (!result.ok) return setError(sentence(result.message));
      setError(null);
      const pageLimit = Number(new URL(url, 'http://x').searchParams.get('limit') ?? 100);
      dispatch({ type: 'fetched', alerts: result.data.alerts, startedAt, complete: result.data.alerts.length < pageLimit });
    });
    return () => {
      current = false;
    };
    // bus.liveCounter reads a ref; a new generation (reconnect) fetches again.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [url, generation]);

  const refetch = useEffectEvent(() => setGeneration((g) => g + 1));
  useEffect(() => {
    if (!socket) return;
    let connectedBefore = socket.connected;
    const onConnect = () => {
      if (connectedBefore && !socket.recovered) refetch();
      connectedBefore = true;
    };
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
    };
  }, [socket]);

  return { state, error, dispatch, reload: () => setGeneration((g) => g + 1) } as {
    state: AlertListState;
    error: string | null;
    dispatch: typeof dispatch;
    reload: () => void;
  };
}

/** Open alerts grouped by the transcript message that triggered them. */
export function alertsByMessage(alerts: readonly AlertView[]): Map<number, AlertView[]> {
  const map = new Map<number, AlertView[]>();
  for (const a of alerts) for (const id of a.messageIds) map.set(id, [...(map.get(id) ?? []), a]);
  return map;
}
