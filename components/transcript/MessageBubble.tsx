import Link from 'next/link';
import { memo } from 'react';
import type { AlertView } from '@/lib/alerts';
import type { TranscriptMessage } from '@/lib/realtime';
import { RULE_LABELS } from '@/components/alerts/api';

/** Beyond this (either way, on -1..1) a message reads as clearly negative or positive. */
export const CLEAR_SENTIMENT = 0.5;

const markerTone: Record<AlertView['severity'], string> = {
  info: 'text-sky-800 bg-sky-50 ring-sky-600/20 dark:text-sky-200 dark:bg-sky-500/10 dark:ring-sky-400/30',
  warning: 'text-amber-900 bg-amber-50 ring-amber-600/30 dark:text-amber-200 dark:bg-amber-500/10 dark:ring-amber-400/30',
  critical: 'text-red-900 bg-red-50 ring-red-600/30 dark:text-red-200 dark:bg-red-500/10 dark:ring-red-400/30',
};

const ringTone: Record<AlertView['severity'], string> = {
  info: 'ring-sky-500',
  warning: 'ring-amber-500',
  critical: 'ring-red-500',
};

/** "−0.72" / "+0.64", with a real minus sign. */
function formatSentiment(s: number): string {
  return `${s < 0 ? '−' : '+'}${Math.abs(s).toFixed(2)}`;
}

/**
 * One message. Text is rendered as text (React escapes it); never as HTML. User messages that are
 * clearly negative or positive carry their sentiment; messages behind an alert carry its marker,
 * and the alert the page was opened for (`?alert=`) is ringed.
 */
export const MessageBubble = memo(function MessageBubble({
  message,
  alerts,
  focused = false,
}: {
  message: TranscriptMessage;
  alerts?: AlertView[];
  focused?: boolean;
}) {
  const isUser = message.role === 'user';
  const sent = new Date(message.sentAt);
  const s = message.sentiment;
  const showSentiment = isUser && s !== null && Math.abs(s) >= CLEAR_SENTIMENT;
  const strongest = alerts?.reduce<AlertView | null>((top, a) => (!top || severityRank(a) > severityRank(top) ? a : top), null) ?? null;
  return (
    <li
      data-testid="message"
      data-role={message.role}
      data-message-id={message.id}
      data-alerted={alerts && alerts.length > 0 ? 'true' : undefined}
      data-highlighted={focused ? 'true' : undefined}
      className={`flex ${isUser ? 'justify-end' : 'justify-start'}`}
    >
      <div className={`max-w-[80%] ${isUser ? 'text-right' : 'text-left'}`}>
        <div className="mb-0.5 flex items-baseline gap-2 text-xs text-zinc-500 dark:text-zinc-400" style={{ justifyContent: isUser ? 'flex-end' : 'flex-start' }}>
          <span className={`font-semibold ${isUser ? 'text-sky-700 dark:text-sky-300' : 'text-violet-700 dark:text-violet-300'}`}>
            {isUser ? 'User' : 'Avatar'}
          </span>
          <time dateTime={message.sentAt} title={sent.toLocaleString()} className="tabular-nums">
            {sent.toLocaleTimeString()}
          </time>
          {showSentiment ? (
            <span
              data-testid="message-sentiment"
              data-sentiment={s}
              title={`Sentiment ${formatSentiment(s)} (${s < 0 ? 'negative' : 'positive'}; −1 to +1)`}
              className={`inline-flex items-center gap-1 tabular-nums font-medium ${s < 0 ? 'text-red-700 dark:text-red-300' : 'text-emerald-700 dark:text-emerald-300'}`}
            >
              <span aria-hidden="true" className={`inline-block h-1.5 w-1.5 rounded-full ${s < 0 ? 'bg-red-500' : 'bg-emerald-500'}`} />
              <span className="sr-only">sentiment </span>
              {formatSentiment(s)}
            </span>
          ) : null}
        </div>
        <p
          className={`whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-left text-sm leading-relaxed ${
            isUser
              ? 'rounded-tr-sm bg-sky-100 text-sky-950 dark:bg-sky-900/60 dark:text-sky-50'
              : 'rounded-tl-sm bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
          } ${strongest ? `${ringTone[strongest.severity]} ${focused ? 'ring-2 ring-offset-2 ring-offset-white dark:ring-offset-zinc-900' : 'ring-1'}` : ''}`}
        >
          {message.text}
        </p>
        {alerts?.map((a) => (
          <Link
            key={a.id}
            href={`/alerts?id=${a.id}`}
            data-testid="message-alert-marker"
            data-alert-id={a.id}
            title={`${RULE_LABELS[a.rule]}: ${a.summary}`}
            className={`mt-1 inline-flex max-w-full items-center gap-1 rounded-md px-1.5 py-0.5 text-xs ring-1 ring-inset hover:underline ${markerTone[a.severity]} ${
              a.state === 'resolved' ? 'opacity-60' : ''
            }`}
          >
            <span aria-hidden="true">⚑</span>
            <span className="font-semibold">{RULE_LABELS[a.rule]}</span>
            <span className="truncate">· {a.title}</span>
            {a.state !== 'triggered' ? <span className="shrink-0 opacity-80">({a.state})</span> : null}
          </Link>
        ))}
      </div>
    </li>
  );
});

function severityRank(a: AlertView): number {
  return a.severity === 'critical' ? 2 : a.severity === 'warning' ? 1 : 0;
}
