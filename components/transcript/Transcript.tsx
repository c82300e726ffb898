'use client';

import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { AlertView } from '@/lib/alerts';
import type { TranscriptMessage } from '@/lib/realtime';
import { MessageBubble } from './MessageBubble';

/** How close to the bottom still counts as "following the conversation". */
const PIN_THRESHOLD_PX = 48;

/**
 * The live transcript. It follows new messages while the operator is at the bottom; scrolling up
 * pauses that, and a button counts what arrived since and jumps back (also End or Escape).
 */
export function Transcript({
  messages,
  alertsByMessage,
  focus,
}: {
  messages: TranscriptMessage[];
  /** alerts by the message id that triggered them */
  alertsByMessage?: Map<number, AlertView[]>;
  /** the alert the page was opened for (`?alert=`): its messages are ringed and scrolled to once */
  focus?: { alertId: number; messageIds: number[] } | null;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const scrolledFor = useRef<number | null>(null);
  const [pinned, setPinned] = useState(true);
  const [seenCount, setSeenCount] = useState(0);
  const unseen = pinned ? 0 : Math.max(0, messages.length - seenCount);

  // Follow the newest message while pinned. Instant, not smooth: a smooth scroll's intermediate
  // positions would read as "the operator scrolled up" and unpin.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && pinned) el.scrollTop = el.scrollHeight;
  }, [messages, pinned]);

  // Scroll to the focused alert's first message once it is in the transcript; that stops following.
  useEffect(() => {
    const el = scroller.current;
    if (!el || !focus || scrolledFor.current === focus.alertId) return;
    const first = focus.messageIds
      .map((id) => el.querySelector<HTMLElement>(`[data-message-id="${id}"]`))
      .find((node): node is HTMLElement => node !== null);
    if (!first) return;
    scrolledFor.current = focus.alertId;
    setPinned(false);
    setSeenCount(messages.length);
    const offset = first.getBoundingClientRect().top - el.getBoundingClientRect().top;
    el.scrollTop += offset - el.clientHeight / 2 + first.clientHeight / 2;
  }, [messages, focus]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    const atBottom = el.scrollHeight - el.scrollTop - el.clientHeight <= PIN_THRESHOLD_PX;
    if (atBottom !== pinned) {
      setPinned(atBottom);
      if (!atBottom) setSeenCount(messages.length);
    }
  };

  const jumpToLatest = useCallback(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    setPinned(true);
  }, []);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.target as HTMLElement | null;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      jumpToLatest();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [jumpToLatest]);

  return (
    <div className="relative">
      <div
        ref={scroller}
        onScroll={onScroll}
        onKeyDown={(e) => {
          if (e.key === 'End') {
            e.preventDefault();
            jumpToLatest();
          }
        }}
        tabIndex={0}
        role="region"
        aria-label="Transcript (End or Escape jumps to the latest message)"
        data-testid="transcript"
        className="h-[calc(100vh-19rem)] min-h-72 overflow-y-auto rounded-lg border border-zinc-200 bg-white px-4 py-4 dark:border-zinc-800 dark:bg-zinc-900"
      >
        {messages.length === 0 ? (
          <p className="py-8 text-center text-sm text-zinc-500 dark:text-zinc-400">
            No messages yet. They appear here as the conversation happens.
          </p>
        ) : (
          <ol className="space-y-3">
            {messages.map((m) => (
              <MessageBubble
                key={m.id}
                message={m}
                alerts={alertsByMessage?.get(m.id)}
                focused={focus ? focus.messageIds.includes(m.id) : false}
              />
            ))}
          </ol>
        )}
      </div>
      {unseen > 0 ? (
        <button
          type="button"
          onClick={jumpToLatest}
          data-testid="jump-to-latest"
          className="absolute bottom-4 left-1/2 -translate-x-1/2 rounded-full bg-sky-700 px-4 py-1.5 text-sm font-medium text-white shadow-lg hover:bg-sky-800 dark:bg-sky-600 dark:hover:bg-sky-500"
        >
          {unseen} new {unseen === 1 ? 'message' : 'messages'} ↓ Jump to latest
        </button>
      ) : null}
    </div>
  );
}
