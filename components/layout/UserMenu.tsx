'use client';

import { useState } from 'react';
import { z } from 'zod';
import { callApi } from '@/lib/api-client';
import { loadPage } from '@/components/auth/loadPage';
import type { Role } from '@/lib/auth';
import { useRealtime } from '@/components/realtime/RealtimeProvider';
import { Badge } from '@/components/ui/Badge';

const roleLabel: Record<Role, string> = { viewer: 'Viewer', operator: 'Operator', admin: 'Admin' };

/** Who is signed in, and the way out. */
export function UserMenu({ email, role }: { email: string; role: Role }) {
  const { close, reopen } = useRealtime();
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function signOut() {
    setPending(true);
    setError(null);
    // Close the live connection first, so nothing more arrives on this page while the server ends the session.
    close();
    const result = await callApi('/api/auth/logout', z.unknown(), { method: 'POST' });
    // 401: the session had already ended elsewhere; either way this browser is signed out.
    if (result.ok || result.status === 401) {
      loadPage('/login');
      return;
    }
    setPending(false);
    setError(`Could not sign out: ${result.message}.`);
    reopen();
  }

  return (
    <div className="flex items-center gap-3 text-sm">
      <div data-testid="user-menu" className="flex items-center gap-2">
        <span className="max-w-[14rem] truncate text-zinc-700 dark:text-zinc-300" title={email}>
          {email}
        </span>
        <Badge tone={role === 'admin' ? 'sky' : 'neutral'}>{roleLabel[role]}</Badge>
      </div>
      <button
        type="button"
        data-testid="sign-out"
        onClick={signOut}
        disabled={pending}
        className="rounded-md border border-zinc-300 px-2.5 py-1 text-xs font-medium text-zinc-700 hover:bg-zinc-100 disabled:opacity-60 dark:border-zinc-700 dark:text-zinc-200 dark:hover:bg-zinc-800"
      >
        {pending ? 'Signing out…' : 'Sign out'}
      </button>
      {error ? (
        <p role="alert" className="text-xs text-red-700 dark:text-red-300">
          {error}
        </p>
      ) : null}
    </div>
  );
}
