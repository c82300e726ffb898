'use client';

import type { AlertView, Severity } from '@/lib/alerts';
import { Badge, type Tone } from '@/components/ui/Badge';
import { useNow } from '@/components/realtime/useNow';
import { RULE_LABELS, SEVERITY_LABELS } from './api';

export const severityTone: Record<Severity, Tone> = { info: 'sky', warning: 'amber', critical: 'red' };

/** Left-edge accent for a toast or a highlighted message. */
export const severityAccent: Record<Severity, string> = {
  info: 'border-l-sky-500 dark:border-l-sky-400',
  warning: 'border-l-amber-500 dark:border-l-amber-400',
  critical: 'border-l-red-600 dark:border-l-red-500',
};

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={severityTone[severity]}>{SEVERITY_LABELS[severity]}</Badge>;
}

export function StateBadge({ alert }: { alert: AlertView }) {
  if (alert.state === 'resolved') return <Badge tone="green">Resolved</Badge>;
  if (alert.state === 'acknowledged') return <Badge tone="neutral">Acknowledged</Badge>;
  return <Badge tone="red">Triggered</Badge>;
}

export function RuleLabel({ alert }: { alert: AlertView }) {
  return <span className="whitespace-nowrap text-xs font-medium text-zinc-600 dark:text-zinc-300">{RULE_LABELS[alert.rule]}</span>;
}

/** Why nobody is being told: snoozed until a time, or the agent muted. */
export function SuppressedBadge({ alert }: { alert: AlertView }) {
  const now = useNow();
  if (!alert.suppressed) return null;
  const snoozed = alert.snoozedUntil !== null && Date.parse(alert.snoozedUntil) > now;
  const label = snoozed ? `Snoozed until ${new Date(alert.snoozedUntil!).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}` : 'Agent muted';
  return (
    <span data-testid="alert-suppressed" title="Recorded, but nobody is notified" className="inline-flex">
      <Badge tone="neutral">{label}</Badge>
    </span>
  );
}
