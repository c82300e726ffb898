import type { ReactNode } from 'react';

export type Tone = 'green' | 'amber' | 'red' | 'neutral' | 'sky';

const tones: Record<Tone, string> = {
  green: 'bg-emerald-50 text-emerald-800 ring-emerald-600/20 dark:bg-emerald-500/10 dark:text-emerald-300 dark:ring-emerald-400/20',
  amber: 'bg-amber-50 text-amber-800 ring-amber-600/20 dark:bg-amber-500/10 dark:text-amber-300 dark:ring-amber-400/20',
  red: 'bg-red-50 text-red-800 ring-red-600/20 dark:bg-red-500/10 dark:text-red-300 dark:ring-red-400/20',
  neutral: 'bg-zinc-100 text-zinc-700 ring-zinc-500/20 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-400/20',
  sky: 'bg-sky-50 text-sky-800 ring-sky-600/20 dark:bg-sky-500/10 dark:text-sky-300 dark:ring-sky-400/20',
};

export function Badge({ tone = 'neutral', children }: { tone?: Tone; children: ReactNode }) {
  return (
    <span className={`inline-flex items-center rounded-md px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${tones[tone]}`}>
      {children}
    </span>
  );
}

const SESSION_STATUS: Record<'active' | 'idle' | 'ended', { tone: Tone; label: string }> = {
  active: { tone: 'green', label: 'Active' },
  idle: { tone: 'amber', label: 'Idle' },
  ended: { tone: 'neutral', label: 'Ended' },
};

export function SessionStatusBadge({ status }: { status: 'active' | 'idle' | 'ended' }) {
  const { tone, label } = SESSION_STATUS[status];
  return <Badge tone={tone}>{label}</Badge>;
}

/** Agent statuses come from bitHuman (`ready`, `failed`, …); unknown ones stay neutral. */
export function agentTone(status: string): Tone {
  const s = status.toLowerCase();
  if (s === 'ready' || s === 'active' || s === 'online') return 'green';
  if (s === 'failed' || s === 'error') return 'red';
  if (s === 'starting' || s === 'pending' || s === 'degraded') return 'amber';
  return 'neutral';
}
