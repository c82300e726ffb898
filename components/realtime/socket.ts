'use client';

import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, ServerToClientEvents } from '@/lib/realtime';

export type DashboardSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

let socket: DashboardSocket | null = null;

/**
 * One socket per browser tab, shared by every page: client-side navigation keeps the connection
 * (and its recovery state) instead of reconnecting. Created lazily, in the browser only.
 */
export function getSocket(): DashboardSocket {
  socket ??= io({ path: '/socket.io', autoConnect: true });
  return socket;
}

/** The message the hub's middleware refuses a socket with when its sign-in session is gone. */
export const UNAUTHENTICATED = 'unauthenticated';
