'use client';

import { formatRelative } from '@/lib/realtime-client';
import { useNow } from '@/components/realtime/useNow';

/** "12 s ago", ticking; the exact local time is in the tooltip. */
export function RelativeTime({ iso, className }: { iso: string; className?: string }) {
  const now = useNow();
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={date.toLocaleString()} className={className} suppressHydrationWarning>
      {now === 0 ? '' : formatRelative(iso, now)}
    </time>
  );
}
