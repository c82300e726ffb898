'use client';

import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { z } from 'zod';
import { callApi, sentence } from '@/lib/api-client';
import { loadPage } from '@/components/auth/loadPage';
import { MIN_PASSWORD_LENGTH } from '@/lib/auth';
import { errorClass, inputClass, labelClass, primaryButtonClass } from '@/components/ui/form';

const createdBody = z.object({ user: z.object({ email: z.string() }) });

/** The first admin's account; the server signs them in on success. */
export function SetupForm() {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<{ message: string; alreadySetUp: boolean } | null>(null);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const password = String(form.get('password') ?? '');
    if (password !== String(form.get('confirm') ?? '')) {
      setError({ message: 'The two passwords are not the same.', alreadySetUp: false });
      return;
    }
    if (password.length < MIN_PASSWORD_LENGTH) {
      setError({ message: `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`, alreadySetUp: false });
      return;
    }
    setPending(true);
    setError(null);
    const name = String(form.get('name') ?? '').trim();
    const result = await callApi('/api/auth/setup', createdBody, {
      method: 'POST',
      body: { email: String(form.get('email') ?? ''), password, ...(name ? { name } : {}) },
    });
    if (result.ok) {
      loadPage('/');
      return;
    }
    setError({ message: sentence(result.message), alreadySetUp: result.code === 'already_set_up' });
    setPending(false);
  }

  return (
    <form data-testid="setup-form" method="post" onSubmit={submit} className="space-y-4">
      <div>
        <label htmlFor="setup-email" className={labelClass}>
          Email
        </label>
        <input id="setup-email" name="email" type="email" required autoFocus autoComplete="username" spellCheck={false} className={inputClass} />
      </div>
      <div>
        <label htmlFor="setup-name" className={labelClass}>
          Name <span className="font-normal text-zinc-500 dark:text-zinc-400">(optional)</span>
        </label>
        <input id="setup-name" name="name" type="text" autoComplete="name" maxLength={200} className={inputClass} />
      </div>
      <div>
        <label htmlFor="setup-password" className={labelClass}>
          Password
        </label>
        <input
          id="setup-password"
          name="password"
          type="password"
          required
          minLength={MIN_PASSWORD_LENGTH}
          autoComplete="new-password"
          aria-describedby="setup-password-hint"
          className={inputClass}
        />
        <p id="setup-password-hint" className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">
          At least {MIN_PASSWORD_LENGTH} characters.
        </p>
      </div>
      <div>
        <label htmlFor="setup-confirm" className={labelClass}>
          Confirm password
        </label>
        <input id="setup-confirm" name="confirm" type="password" required minLength={MIN_PASSWORD_LENGTH} autoComplete="new-password" className={inputClass} />
      </div>
      {error ? (
        <p data-testid="setup-error" role="alert" className={errorClass}>
          {error.message}
          {error.alreadySetUp ? (
            <>
              {' '}
              <Link href="/login" className="font-medium underline">
                Sign in
              </Link>
            </>
          ) : null}
        </p>
      ) : null}
      <button type="submit" disabled={pending} className={`${primaryButtonClass} w-full`}>
        {pending ? 'Creating…' : 'Create admin and sign in'}
      </button>
    </form>
  );
}
