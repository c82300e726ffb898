'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import type { ConnectionState } from '@/lib/realtime-client';
import { getSocket, type DashboardSocket } from './socket';

interface RealtimeContextValue {
  socket: DashboardSocket | null;
  connection: ConnectionState;
  /** Try again now (after the server closed the connection or the network came back). */
  retry: () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  socket: null,
  connection: { status: 'connecting' },
  retry: () => {},
});

/**
 * Owns the connection state shown in the header. It is derived only from what socket.io-client
 * reports (connect, disconnect, reconnect_attempt, reconnect_failed) and from navigator.onLine,
 * so "Live" means a connected socket, nothing more hopeful.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  // The shared socket is a singleton, so creating it here (browser only) is idempotent.
  const [socket] = useState<DashboardSocket | null>(() => (typeof window === 'undefined' ? null : getSocket()));
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting' });

  useEffect(() => {
    const s = socket;
    if (!s) return;
    const online = () => typeof navigator === 'undefined' || navigator.onLine;

    const onConnect = () => setConnection(online() ? { status: 'live' } : { status: 'offline', reason: 'network' });
    const onDisconnect = (reason: string) => {
      if (!online()) setConnection({ status: 'offline', reason: 'network' });
      else if (reason === 'io client disconnect') setConnection({ status: 'offline', reason: 'server' });
      else {
        setConnection({ status: 'reconnecting', attempt: 0 });
        // The server closed this socket itself (it does so when shutting down): socket.io-client
        // will not retry on its own, so ask it to; failures then go through its usual backoff.
        if (reason === 'io server disconnect') setTimeout(() => s.connected || s.connect(), 1000);
      }
    };
    const onAttempt = (attempt: number) =>
      setConnection(online() ? { status: 'reconnecting', attempt } : { status: 'offline', reason: 'network' });
    const onFailed = () => setConnection({ status: 'offline', reason: 'gave-up' });
    const onOffline = () => setConnection({ status: 'offline', reason: 'network' });
    const onOnline = () => {
      if (s.connected) setConnection({ status: 'live' });
      else {
        setConnection({ status: 'reconnecting', attempt: 0 });
        if (!s.active) s.connect();
      }
    };

    // Catch up with what happened before the listeners existed (a socket already connected by a
    // previous page): syncing with an external system is what this effect is for.
    if (s.connected) onConnect();
    else if (!online()) onOffline();
    s.on('connect', onConnect);
    s.on('disconnect', onDisconnect);
    s.io.on('reconnect_attempt', onAttempt);
    s.io.on('reconnect_failed', onFailed);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    return () => {
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.io.off('reconnect_attempt', onAttempt);
      s.io.off('reconnect_failed', onFailed);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
    };
  }, [socket]);

  const retry = () => {
    if (!socket || socket.connected) return;
    setConnection({ status: 'reconnecting', attempt: 0 });
    socket.connect();
  };

  return <RealtimeContext value={{ socket, connection, retry }}>{children}</RealtimeContext>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
