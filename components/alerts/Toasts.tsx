'use client';

import Link from 'next/link';
import { useEffect, useEffectEvent, useRef, useState } from 'react';
import type { AlertView } from '@/lib/alerts';
import { useAlerts } from '@/components/realtime/useAlerts';
import { AlertActions } from './AlertActions';
import { RuleLabel, SeverityBadge, severityAccent } from './AlertBadges';
import { alertHref } from './api';
import { SHORTCUT_PRIORITY, useAlertShortcuts } from './shortcuts';

const MAX_VISIBLE = 4;
const FADE_MS = 20_000;
/** How long a toast stays once somebody acted on its alert (here or elsewhere). */
const DONE_MS = 6_000;
/** Toasts held at most; older ones are dropped. */
const MAX_HELD = 50;

/**
 * A toast for every new alert that is not suppressed, newest on top, at most four shown. Critical
 * ones stay until acted on or dismissed; the rest fade after 20 s (not while pointed at or focused).
 * Alerts are rare and each one matters, so the region is a polite live region.
 */
export function ToastRegion() {
  const { subscribe } = useAlerts();
  const [toasts, setToasts] = useState<AlertView[]>([]);

  useEffect(
    () =>
      subscribe((change) => {
        const { alert } = change;
        setToasts((list) => {
          if (change.source === 'live' && change.kind === 'new' && !alert.suppressed) {
            return [alert, ...list.filter((t) => t.id !== alert.id)].slice(0, MAX_HELD);
          }
          return list.some((t) => t.id === alert.id) ? list.map((t) => (t.id === alert.id ? alert : t)) : list;
        });
      }),
    [subscribe],
  );

  const dismiss = (id: number) => setToasts((list) => list.filter((t) => t.id !== id));
  const visible = toasts.slice(0, MAX_VISIBLE);
  const hidden = toasts.length - visible.length;

  return (
    <section
      aria-label="New alerts"
      aria-live="polite"
      aria-relevant="additions text"
      className="pointer-events-none fixed right-4 bottom-4 z-50 flex w-[min(26rem,calc(100vw-2rem))] flex-col gap-2"
    >
      {visible.map((alert, i) => (
        <Toast key={alert.id} alert={alert} newest={i === 0} onDismiss={() => dismiss(alert.id)} />
      ))}
      {hidden > 0 ? (
        <div className="pointer-events-auto flex items-center justify-between rounded-md bg-zinc-900/90 px-3 py-1.5 text-xs text-zinc-100 shadow dark:bg-zinc-100/90 dark:text-zinc-900">
          <span>
            +{hidden} more {hidden === 1 ? 'alert' : 'alerts'}
          </span>
          <span className="flex gap-3">
            <Link href="/alerts" className="font-medium underline">
              See all
            </Link>
            <button type="button" className="font-medium underline" onClick={() => setToasts([])}>
              Dismiss all
            </button>
          </span>
        </div>
      ) : null}
    </section>
  );
}

function Toast({ alert, newest, onDismiss }: { alert: AlertView; newest: boolean; onDismiss: () => void }) {
  const ref = useRef<HTMLDivElement>(null);
  const [held, setHeld] = useState(false);
  const focused = () => !!ref.current?.contains(document.activeElement);
  const done = alert.state !== 'triggered' || alert.suppressed;
  const lifetime = done ? DONE_MS : alert.severity === 'critical' ? null : FADE_MS;

  const expire = useEffectEvent(onDismiss);
  useEffect(() => {
    if (lifetime === null || held) return;
    const timer = setTimeout(expire, lifetime);
    return () => clearTimeout(timer);
  }, [lifetime, held]);

  const dismissOnEscape = (applies: boolean, e: KeyboardEvent) => {
    if (e.key !== 'Escape' || !applies) return false;
    onDismiss();
    return true;
  };
  useAlertShortcuts(SHORTCUT_PRIORITY.focusedToast, (e) => dismissOnEscape(focused(), e));
  useAlertShortcuts(SHORTCUT_PRIORITY.newestToast, (e) => dismissOnEscape(newest, e));

  const titleId = `toast-title-${alert.id}`;
  return (
    <div
      ref={ref}
      role="group"
      aria-labelledby={titleId}
      tabIndex={-1}
      data-testid="toast"
      data-alert-id={alert.id}
      data-state={alert.state}
      data-severity={alert.severity}
      data-rule={alert.rule}
      onMouseEnter={() => setHeld(true)}
      onMouseLeave={() => setHeld(focused())}
      onFocus={() => setHeld(true)}
      onBlur={(e) => setHeld(!!ref.current?.contains(e.relatedTarget as Node | null))}
      className={`pointer-events-auto rounded-lg border border-l-4 border-zinc-200 bg-white p-3 shadow-lg dark:border-zinc-700 dark:bg-zinc-900 ${severityAccent[alert.severity]} ${
        done ? 'opacity-90' : ''
      }`}
    >
      <div className="flex items-start justify-between gap-2">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-2">
            <SeverityBadge severity={alert.severity} />
            <RuleLabel alert={alert} />
            {alert.recurrence ? <span className="text-xs text-zinc-500 dark:text-zinc-400">recurred</span> : null}
            {alert.count > 1 ? <span className="text-xs tabular-nums text-zinc-500 dark:text-zinc-400">×{alert.count}</span> : null}
          </div>
          <p id={titleId} className="mt-1 text-sm font-semibold text-zinc-900 dark:text-zinc-50">
            {alert.title}
          </p>
        </div>
        <button
          type="button"
          data-testid="toast-dismiss"
          onClick={onDismiss}
          aria-label={`Dismiss “${alert.title}” (Esc)`}
          className="-mt-1 -mr-1 rounded p-1 text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100"
        >
          <span aria-hidden="true">✕</span>
        </button>
      </div>
      <p className="mt-0.5 line-clamp-3 text-sm text-zinc-700 dark:text-zinc-300">{alert.summary}</p>
      <p className="mt-1 flex flex-wrap gap-x-3 text-xs text-zinc-500 dark:text-zinc-400">
        {alert.agentId ? <span>agent {alert.agentId}</span> : null}
        <Link href={alertHref(alert)} className="font-medium text-sky-700 hover:underline dark:text-sky-400">
          {alert.sessionId ? 'Open transcript' : 'Open alert'}
        </Link>
      </p>
      <ToastStatus alert={alert} />
      {alert.state === 'triggered' ? (
        <div className="mt-2">
          <AlertActions
            alert={alert}
            testIdPrefix="toast"
            noteAlwaysVisible
            shortcuts={{ priority: SHORTCUT_PRIORITY.focusedToast, active: focused }}
          />
          {newest ? (
            <NewestShortcuts alert={alert} />
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** The newest toast answers a/r/s when nothing else (a focused toast, a selected row) does. */
function NewestShortcuts({ alert }: { alert: AlertView }) {
  const { act, canOperate } = useAlerts();
  useAlertShortcuts(SHORTCUT_PRIORITY.newestToast, (e) => {
    if (!canOperate || alert.state !== 'triggered') return false;
    if (e.key === 'a') void act(alert.id, { kind: 'acknowledge' });
    else if (e.key === 'r') void act(alert.id, { kind: 'resolve' });
    else if (e.key === 's') void act(alert.id, { kind: 'snooze', minutes: 15 });
    else if (e.key === 'S') void act(alert.id, { kind: 'snooze', minutes: 60 });
    else return false;
    return true;
  });
  return <p className="mt-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">Keys: a acknowledge · r resolve · s snooze · Esc dismiss</p>;
}

function ToastStatus({ alert }: { alert: AlertView }) {
  if (alert.state === 'acknowledged') {
    return (
      <p data-testid="toast-acked-by" className="mt-2 text-xs text-zinc-700 dark:text-zinc-300">
        Acknowledged by <span className="font-medium">{alert.acknowledgedBy ?? 'someone'}</span>
        {alert.ackNote ? <>: “{alert.ackNote}”</> : null}
      </p>
    );
  }
  if (alert.state === 'resolved') {
    return (
      <p className="mt-2 text-xs text-zinc-700 dark:text-zinc-300">
        Resolved{alert.resolvedBy ? <> by <span className="font-medium">{alert.resolvedBy}</span></> : null}
      </p>
    );
  }
  if (alert.suppressed) return <p className="mt-2 text-xs text-zinc-700 dark:text-zinc-300">Snoozed</p>;
  return null;
}
