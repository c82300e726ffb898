'use client';

import { useEffect, useEffectEvent } from 'react';
import type { DashboardSocket } from './socket';

/**
 * Runs `subscribe` once the socket is connected, and again after every reconnect that
 * connectionStateRecovery could not recover (the server-side socket is new and in no room).
 * After such a reconnect `resync` is called first, with the cursor it must backfill from.
 * A recovered reconnect needs nothing: the server replays what was missed and keeps the rooms.
 */
export function useLiveSubscription(
  socket: DashboardSocket | null,
  handlers: { subscribe: () => void; resync: () => void; unsubscribe?: () => void },
  key: string,
) {
  const subscribe = useEffectEvent(() => handlers.subscribe());
  const resync = useEffectEvent(() => handlers.resync());
  const unsubscribe = useEffectEvent(() => handlers.unsubscribe?.());

  useEffect(() => {
    if (!socket) return;
    let subscribed = false;
    const onConnect = () => {
      if (subscribed && socket.recovered) return;
      if (subscribed) resync();
      subscribe();
      subscribed = true;
    };
    if (socket.connected) onConnect();
    socket.on('connect', onConnect);
    return () => {
      socket.off('connect', onConnect);
      if (subscribed && socket.connected) unsubscribe();
    };
  }, [socket, key]);
}
