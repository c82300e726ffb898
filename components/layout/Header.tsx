import Link from 'next/link';
import { ConnectionState } from './ConnectionState';

export function Header() {
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4">
        <nav aria-label="Main" className="flex items-center gap-6">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm bg-sky-500" />
            Avatar Pulse
          </Link>
          <Link href="/" className="text-sm text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
            Overview
          </Link>
        </nav>
        <ConnectionState />
      </div>
    </header>
  );
}
