'use client';

import { useSyncExternalStore } from 'react';

const noop = () => () => {};

/** First-run help: exactly how to get events flowing into a fresh install. */
export function ConnectHelp() {
  const origin = useSyncExternalStore(noop, () => window.location.origin, () => '');
  const webhookUrl = `${origin}/api/webhooks`;
  return (
    <section
      data-testid="empty-state"
      aria-labelledby="connect-title"
      className="rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h2 id="connect-title" className="text-base font-semibold">
        No sessions or events yet
      </h2>
      <p className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">
        Avatar Pulse shows bitHuman conversations as they happen. Connect bitHuman, or send demo traffic.
      </p>
      <ol className="mt-5 space-y-5 text-sm">
        <li>
          <p className="font-medium">1. Paste this webhook URL into bitHuman’s webhook settings</p>
          <code className="mt-2 block select-all overflow-x-auto rounded-md bg-zinc-100 px-3 py-2 font-mono text-sm dark:bg-zinc-800">
            {webhookUrl}
          </code>
          <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
            bitHuman must be able to reach this address; behind a firewall, use a public URL that forwards here.
          </p>
        </li>
        <li>
          <p className="font-medium">2. Add the signing secret in the same settings</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            The server prints the secret in its terminal when it starts. In development it is also stored in{' '}
            <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">data/webhook-secret</code>.
          </p>
        </li>
        <li>
          <p className="font-medium">Or: see demo traffic</p>
          <p className="mt-1 text-zinc-600 dark:text-zinc-400">
            Run{' '}
            <code className="rounded bg-zinc-100 px-1 font-mono dark:bg-zinc-800">npm run simulate</code> in a second
            terminal. Sessions and messages appear here without reloading.
          </p>
        </li>
      </ol>
    </section>
  );
}
