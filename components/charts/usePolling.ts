'use client';

import { useCallback, useEffect, useRef, useState } from 'react';
import type { ApiResult } from '@/lib/api-client';

export interface Polled<T> {
  data: T | null;
  /** the last failure's message, cleared by the next success */
  error: string | null;
  /** true until the first answer for the current key */
  loading: boolean;
  /** ask for fresh data; calls closer together than minGapMs are merged into one */
  refresh: () => void;
}

/**
 * Data that stays fresh: loaded when `key` changes, again every `intervalMs` while the tab is
 * visible, and on `refresh()` (a socket push), never more often than once per `minGapMs`. Only the
 * newest answer for the current key is kept, so a slow, late answer cannot overwrite a newer one.
 */
export function usePolling<T>(
  load: () => Promise<ApiResult<T>>,
  { key, intervalMs, minGapMs = 5_000 }: { key: string; intervalMs: number; minGapMs?: number },
): Polled<T> {
  const [state, setState] = useState<{ key: string; data: T | null; error: string | null }>({ key, data: null, error: null });
  // The newest `load` (it closes over the page's filters); called from timers, effects and pushes.
  const loadRef = useRef(load);
  useEffect(() => {
    loadRef.current = load;
  });
  const control = useRef({ lastStart: 0, inFlight: false, pending: false, timer: undefined as ReturnType<typeof setTimeout> | undefined, generation: 0 });

  const start = useCallback(function start(this: void) {
    const c = control.current;
    const now = Date.now();
    if (c.inFlight) {
      c.pending = true;
      return;
    }
    const wait = c.lastStart + minGapMs - now;
    if (wait > 0) {
      c.timer ??= setTimeout(() => {
        c.timer = undefined;
        start();
      }, wait);
      return;
    }
    c.lastStart = now;
    c.inFlight = true;
    const generation = c.generation;
    void loadRef.current().then((res) => {
      if (generation !== c.generation) return;
      c.inFlight = false;
      setState((s) => (res.ok ? { key: s.key, data: res.data, error: null } : { ...s, error: res.message }));
      if (c.pending) {
        c.pending = false;
        start();
      }
    });
  }, [minGapMs]);

  useEffect(() => {
    const c = control.current;
    // A new key: forget what was in flight for the old one and load at once.
    c.generation += 1;
    c.inFlight = false;
    c.pending = false;
    c.lastStart = 0;
    clearTimeout(c.timer);
    c.timer = undefined;
    start();
    const interval = setInterval(() => {
      if (typeof document === 'undefined' || !document.hidden) start();
    }, intervalMs);
    const onVisible = () => document.hidden || start();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(interval);
      clearTimeout(c.timer);
      c.timer = undefined;
      c.generation += 1;
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [key, intervalMs, start]);

  // The key in state says which request the data answers; a new key shows loading, not old data.
  const current = state.key === key;
  if (!current) {
    // Adopting the new key during render (React's "adjust state on prop change" pattern).
    setState({ key, data: null, error: null });
  }
  return {
    data: current ? state.data : null,
    error: current ? state.error : null,
    loading: !current || (state.data === null && state.error === null),
    refresh: start,
  };
}
