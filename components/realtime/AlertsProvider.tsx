'use client';

import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type { AlertView } from '@/lib/alerts';
import type { ApiResult } from '@/lib/api-client';
import type { OverviewCounters } from '@/lib/realtime';
import { ALERT_LIMIT, countUnacknowledged, isOpenAlert, type AlertChange } from '@/lib/realtime-client';
import { sendAlertCommand, type AlertCommand } from '@/components/alerts/api';
import { useRealtime } from './RealtimeProvider';
import { useLiveSubscription } from './useLiveSubscription';
import { useAlertList } from './useAlertList';

type AlertListener = (change: AlertChange) => void;

interface AlertsContextValue {
  /** open alerts (triggered or acknowledged), most recently seen first, capped at ALERT_LIMIT */
  open: AlertView[];
  loaded: boolean;
  /** this page has joined the dashboard room: from now on it hears every new alert */
  subscribed: boolean;
  /** for the badge: open alerts nobody acknowledged */
  unacknowledged: number;
  /** the signed-in user may acknowledge, resolve, snooze, mute and hand over */
  canOperate: boolean;
  /** every alert change this page learns of: socket deltas and the answers to its own actions */
  subscribe: (listener: AlertListener) => () => void;
  /** the live counter now; an HTTP request started at this moment passes it as `startedAt` */
  liveCounter: () => number;
  /** acknowledge, resolve or snooze; the answer reaches every list at once */
  act: (id: number, command: AlertCommand) => Promise<ApiResult<{ alert: AlertView }>>;
}

const AlertsContext = createContext<AlertsContextValue | null>(null);

/**
 * Alert state for every dashboard page: one bus for `alert:new` / `alert:update` (each list on the
 * page merges what it needs from it), the open alerts for the badge, toasts and session markers,
 * and the operator actions. Lives in the dashboard layout, so it survives client navigation.
 */
export function AlertsProvider({ canOperate, children }: { canOperate: boolean; children: ReactNode }) {
  const { socket } = useRealtime();
  const [listeners] = useState(() => new Set<AlertListener>());
  const counter = useRef(0);
  const [counters, setCounters] = useState<OverviewCounters | null>(null);

  // Stable for the page's lifetime: lists subscribe once.
  const bus = useMemo(
    () => ({
      subscribe: (listener: AlertListener) => {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      liveCounter: () => counter.current,
    }),
    [listeners],
  );
  const broadcast = (change: AlertChange) => {
    for (const l of listeners) l(change);
  };

  useEffect(() => {
    if (!socket) return;
    const live = (kind: 'new' | 'update') => (alert: AlertView) => {
      counter.current += 1;
      const change: AlertChange = { source: 'live', kind, alert, counter: counter.current };
      for (const l of listeners) l(change);
    };
    const onNew = live('new');
    const onUpdate = live('update');
    const onCounters = (c: OverviewCounters) => setCounters(c);
    socket.on('alert:new', onNew);
    socket.on('alert:update', onUpdate);
    socket.on('counters:update', onCounters);
    return () => {
      socket.off('alert:new', onNew);
      socket.off('alert:update', onUpdate);
      socket.off('counters:update', onCounters);
    };
  }, [socket, listeners]);

  // Alerts go to the `dashboard` room: every page joins it (without the overview's snapshot), so
  // a toast reaches an operator reading a transcript too.
  useLiveSubscription(
    socket,
    {
      subscribe: () =>
        socket?.emit('dashboard:subscribe', (res) => {
          if (res.ok) setCounters(res.data);
          else console.warn('dashboard:subscribe failed:', res.error);
        }),
      resync: () => {},
    },
    'alerts',
  );

  const act = async (id: number, command: AlertCommand) => {
    const startedAt = counter.current;
    const result = await sendAlertCommand(id, command);
    if (result.ok) broadcast({ source: 'http', alert: result.data.alert, startedAt });
    return result;
  };

  const { state } = useAlertList(
    bus,
    `/api/alerts?state=open&limit=${ALERT_LIMIT}`,
    { accepts: isOpenAlert, limit: ALERT_LIMIT },
  );
  const open = state.alerts.filter(isOpenAlert);
  // The list counts exactly; once it is full there may be more than it holds, and the server's
  // counter (which counts snoozed ones too) is the better number.
  const unacknowledged =
    state.alerts.length >= ALERT_LIMIT && counters ? Math.max(counters.unacknowledgedAlerts, countUnacknowledged(open)) : countUnacknowledged(open);

  return (
    <AlertsContext value={{ open, loaded: state.loaded, subscribed: counters !== null, unacknowledged, canOperate, ...bus, act }}>
      {children}
    </AlertsContext>
  );
}

export function useAlerts(): AlertsContextValue {
  const value = useContext(AlertsContext);
  if (!value) throw new Error('useAlerts() needs an <AlertsProvider> above it');
  return value;
}
