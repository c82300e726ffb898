'use client';

import Link from 'next/link';
import { useSession } from '@/components/realtime/useSession';
import { SessionHeader } from './SessionHeader';
import { Transcript } from './Transcript';

export function SessionView({ sessionId }: { sessionId: string }) {
  const { loaded, session, messages } = useSession(sessionId);
  const waiting = loaded && !session && messages.length === 0;

  return (
    <div className="space-y-4">
      <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
        ← All sessions
      </Link>
      <SessionHeader sessionId={sessionId} session={session} messages={messages} />
      {!loaded ? (
        <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-8 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">
          Loading the transcript…
        </p>
      ) : waiting ? (
        <div
          data-testid="empty-state"
          className="rounded-lg border border-dashed border-zinc-300 px-4 py-10 text-center text-sm text-zinc-600 dark:border-zinc-700 dark:text-zinc-400"
        >
          <p className="font-medium text-zinc-800 dark:text-zinc-200">Waiting for this session’s first event…</p>
          <p className="mt-1">
            Nothing has arrived for <code className="font-mono">{sessionId}</code> yet. This page updates by itself when it does.
          </p>
        </div>
      ) : (
        <Transcript messages={messages} />
      )}
    </div>
  );
}
