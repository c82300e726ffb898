'use client';

import { useEffect, useEffectEvent } from 'react';

/**
 * One keyboard dispatcher for the alert shortcuts (a, r, s, Esc, j, k), so a toast and the alerts
 * table never both act on one key press: handlers are asked in priority order, the first that
 * takes the key wins. Keys typed into a field, or with a modifier other than Shift, are never taken.
 */

type Handler = (e: KeyboardEvent) => boolean;
const handlers: { priority: number; handle: Handler }[] = [];
let listening = false;

export function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el?.closest?.('input, textarea, select, [contenteditable="true"], [contenteditable=""]');
}

function dispatch(e: KeyboardEvent) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  if (isTyping(e.target)) return;
  for (const { handle } of handlers) {
    if (handle(e)) {
      e.preventDefault();
      e.stopPropagation();
      return;
    }
  }
}

/** Register `handle` while mounted; higher `priority` is asked first. */
export function useAlertShortcuts(priority: number, handle: Handler) {
  const onKey = useEffectEvent(handle);
  useEffect(() => {
    const entry = { priority, handle: (e: KeyboardEvent) => onKey(e) };
    handlers.push(entry);
    handlers.sort((a, b) => b.priority - a.priority);
    if (!listening) {
      // Capture: decide before page-level listeners (the transcript's Escape) see the key.
      window.addEventListener('keydown', dispatch, true);
      listening = true;
    }
    return () => {
      handlers.splice(handlers.indexOf(entry), 1);
      if (handlers.length === 0) {
        window.removeEventListener('keydown', dispatch, true);
        listening = false;
      }
    };
  }, [priority]);
}

export const SHORTCUT_PRIORITY = { focusedToast: 100, alertsTable: 50, newestToast: 10 } as const;
