import type { ReactNode } from 'react';

/** The calm, centered card the sign-in pages share: no dashboard chrome, just the task. */
export function AuthShell({ title, intro, children, footer }: { title: string; intro?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex items-center justify-center gap-2 text-lg font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
          <span aria-hidden="true" className="inline-block h-3.5 w-3.5 rounded-sm bg-sky-500" />
          Avatar Pulse
        </div>
        <section
          aria-labelledby="auth-title"
          className="rounded-xl border border-zinc-200 bg-white p-6 shadow-sm dark:border-zinc-800 dark:bg-zinc-900"
        >
          <h1 id="auth-title" className="text-base font-semibold text-zinc-900 dark:text-zinc-50">
            {title}
          </h1>
          {intro ? <div className="mt-1 text-sm text-zinc-600 dark:text-zinc-400">{intro}</div> : null}
          <div className="mt-5">{children}</div>
        </section>
        {footer ? <div className="mt-4 text-center text-sm text-zinc-600 dark:text-zinc-400">{footer}</div> : null}
      </div>
    </main>
  );
}
