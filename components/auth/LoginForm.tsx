'use client';

import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { callApi, sentence } from '@/lib/api-client';
import { loadPage } from '@/components/auth/loadPage';
import { safeNextPath } from '@/lib/next-path';
import { errorClass, inputClass, labelClass, primaryButtonClass } from '@/components/ui/form';

const signedInBody = z.object({ user: z.object({ email: z.string() }) });

/**
 * Email and password, posted as JSON. method="post" keeps the password out of the address bar
 * should the form be submitted before the page's script has loaded.
 */
export function LoginForm({ next }: { next: string }) {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setPending(true);
    setError(null);
    const result = await callApi('/api/auth/login', signedInBody, {
      method: 'POST',
      body: { email: String(form.get('email') ?? ''), password: String(form.get('password') ?? '') },
    });
    if (result.ok) {
      // A full page load, so every server component renders for the signed-in user.
      loadPage(safeNextPath(next));
      return;
    }
    // 401 wrong credentials, 403 disabled, 429 throttled (with the wait): the server's words are the clearest.
    setError(result.message);
    setPending(false);
  }

  return (
    <form data-testid="login-form" method="post" onSubmit={submit} className="space-y-4">
      <div>
        <label htmlFor="login-email" className={labelClass}>
          Email
        </label>
        <input
          id="login-email"
          name="email"
          type="email"
          required
          autoFocus
          autoComplete="username"
          spellCheck={false}
          className={inputClass}
        />
      </div>
      <div>
        <label htmlFor="login-password" className={labelClass}>
          Password
        </label>
        <input id="login-password" name="password" type="password" required autoComplete="current-password" className={inputClass} />
      </div>
      {error ? (
        <p data-testid="login-error" role="alert" className={errorClass}>
          {sentence(error)}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`${primaryButtonClass} w-full`}>
        {pending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}

