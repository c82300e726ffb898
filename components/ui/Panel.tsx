import type { ReactNode } from 'react';

/** A titled card; the heading gives the region its accessible name. */
export function Panel({
  title,
  id,
  aside,
  children,
  className = '',
  testId,
}: {
  title: string;
  id: string;
  aside?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section
      aria-labelledby={`${id}-title`}
      data-testid={testId}
      className={`rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900 ${className}`}
    >
      <div className="flex items-baseline justify-between gap-3 border-b border-zinc-200 px-4 py-3 dark:border-zinc-800">
        <h2 id={`${id}-title`} className="text-sm font-semibold text-zinc-700 dark:text-zinc-200">
          {title}
        </h2>
        {aside ? <div className="text-xs text-zinc-500 dark:text-zinc-400">{aside}</div> : null}
      </div>
      {children}
    </section>
  );
}
