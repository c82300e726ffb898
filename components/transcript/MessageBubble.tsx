import { memo } from 'react';
import type { TranscriptMessage } from '@/lib/realtime';

/** One message. Text is rendered as text (React escapes it); never as HTML. */
export const MessageBubble = memo(function MessageBubble({ message }: { message: TranscriptMessage }) {
  const isUser = message.role === 'user';
  const sent = new Date(message.sentAt);
  return (
    <li
      data-testid="message"
      data-role={message.role}
      data-message-id={message.id}
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
        </div>
        <p
          className={`whitespace-pre-wrap break-words rounded-2xl px-3.5 py-2 text-left text-sm leading-relaxed ${
            isUser
              ? 'rounded-tr-sm bg-sky-100 text-sky-950 dark:bg-sky-900/60 dark:text-sky-50'
              : 'rounded-tl-sm bg-zinc-100 text-zinc-900 dark:bg-zinc-800 dark:text-zinc-100'
          }`}
        >
          {message.text}
        </p>
      </div>
    </li>
  );
});
