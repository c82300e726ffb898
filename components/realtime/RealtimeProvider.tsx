'use client';

import { createContext, useContext, useEffect, useRef, useState, type ReactNode } from 'react';
import type { ConnectionState } from '@/lib/realtime-client';
import { loadPage } from '@/components/auth/loadPage';
import { getSocket, UNAUTHENTICATED, type DashboardSocket } from './socket';

interface RealtimeContextValue {
  socket: DashboardSocket | null;
  connection: ConnectionState;
  /** Try again now (after the server closed the connection or the network came back). */
  retry: () => void;
  /** Close the socket for good (signing out): nothing more arrives and nothing reconnects. */
  close: () => void;
  /** Undo `close` (signing out failed: the session is still valid). */
  reopen: () => void;
}

const RealtimeContext = createContext<RealtimeContextValue>({
  socket: null,
  connection: { status: 'connecting' },
  retry: () => {},
  close: () => {},
  reopen: () => {},
});

/** How long "Signed out" stays visible before the page moves to the sign-in page. */
const SIGNED_OUT_REDIRECT_MS = 1000;

/**
 * Owns the connection state shown in the header. It is derived only from what socket.io-client
 * reports (connect, disconnect, connect_error, reconnect_attempt, reconnect_failed) and from
 * navigator.onLine, so "Live" means a connected socket, nothing more hopeful.
 *
 * When the server refuses the socket as unauthenticated (signed out elsewhere, disabled, new
 * password, expired) there is nothing to retry: the state says so and the page goes to /login.
 */
export function RealtimeProvider({ children }: { children: ReactNode }) {
  // The shared socket is a singleton, so creating it here (browser only) is idempotent.
  const [socket] = useState<DashboardSocket | null>(() => (typeof window === 'undefined' ? null : getSocket()));
  const [connection, setConnection] = useState<ConnectionState>({ status: 'connecting' });
  // Once signed out, no path (online event, retry, server disconnect) may reconnect.
  const signedOut = useRef(false);

  useEffect(() => {
    const s = socket;
    if (!s) return;
    const online = () => typeof navigator === 'undefined' || navigator.onLine;
    let redirect: ReturnType<typeof setTimeout> | undefined;
    let reconnectOnce: ReturnType<typeof setTimeout> | undefined;

    const onConnect = () => setConnection(online() ? { status: 'live' } : { status: 'offline', reason: 'network' });
    const onDisconnect = (reason: string) => {
      if (signedOut.current) return;
      if (!online()) setConnection({ status: 'offline', reason: 'network' });
      else if (reason === 'io client disconnect') setConnection({ status: 'offline', reason: 'server' });
      else {
        setConnection({ status: 'reconnecting', attempt: 0 });
        // The server closed this socket itself: when shutting down, or because this sign-in
        // session was revoked. socket.io-client does not retry on its own, so try once; a revoked
        // session then fails with 'unauthenticated', a restarting server goes through the backoff.
        if (reason === 'io server disconnect') reconnectOnce = setTimeout(() => s.connected || signedOut.current || s.connect(), 1000);
      }
    };
    const onConnectError = (err: Error) => {
      if (err.message === UNAUTHENTICATED) {
        signedOut.current = true;
        s.disconnect();
        setConnection({ status: 'offline', reason: 'signed-out' });
        const here = window.location.pathname + window.location.search;
        // A full page load: the sign-in page starts clean, with no live data left in memory.
        redirect = setTimeout(() => loadPage(`/login?next=${encodeURIComponent(here)}`), SIGNED_OUT_REDIRECT_MS);
      } else if (!s.active) {
        // Refused by the server for another reason (its session check failed): no automatic retry.
        setConnection({ status: 'offline', reason: 'server' });
      }
      // Otherwise the transport failed and the manager's backoff goes on (reconnect_attempt).
    };
    const onAttempt = (attempt: number) =>
      setConnection(online() ? { status: 'reconnecting', attempt } : { status: 'offline', reason: 'network' });
    const onFailed = () => setConnection({ status: 'offline', reason: 'gave-up' });
    const onOffline = () => signedOut.current || setConnection({ status: 'offline', reason: 'network' });
    // Back to a signed-out page from the back/forward cache: load it again, so the gate decides.
    const onPageShow = (e: PageTransitionEvent) => {
      if (e.persisted && signedOut.current) window.location.reload();
    };
    const onOnline = () => {
      if (signedOut.current) return;
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
    s.on('connect_error', onConnectError);
    s.io.on('reconnect_attempt', onAttempt);
    s.io.on('reconnect_failed', onFailed);
    window.addEventListener('offline', onOffline);
    window.addEventListener('online', onOnline);
    window.addEventListener('pageshow', onPageShow);
    return () => {
      clearTimeout(redirect);
      clearTimeout(reconnectOnce);
      s.off('connect', onConnect);
      s.off('disconnect', onDisconnect);
      s.off('connect_error', onConnectError);
      s.io.off('reconnect_attempt', onAttempt);
      s.io.off('reconnect_failed', onFailed);
      window.removeEventListener('offline', onOffline);
      window.removeEventListener('online', onOnline);
      window.removeEventListener('pageshow', onPageShow);
    };
  }, [socket]);

  const retry = () => {
    if (!socket || socket.connected || signedOut.current) return;
    setConnection({ status: 'reconnecting', attempt: 0 });
    socket.connect();
  };

  const close = () => {
    signedOut.current = true;
    socket?.disconnect();
    setConnection({ status: 'offline', reason: 'signed-out' });
  };

  const reopen = () => {
    signedOut.current = false;
    retry();
  };

  return <RealtimeContext value={{ socket, connection, retry, close, reopen }}>{children}</RealtimeContext>;
}

export function useRealtime(): RealtimeContextValue {
  return useContext(RealtimeContext);
}
