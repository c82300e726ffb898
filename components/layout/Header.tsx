import Link from 'next/link';
import { can, type CurrentUser } from '@/lib/auth';
import { AlertsNavLink } from '@/components/alerts/AlertsNav';
import { ConnectionState } from './ConnectionState';
import { NavLink } from './NavLink';
import { UserMenu } from './UserMenu';

/** The dashboard's chrome: where you are, whether data is live, and who is signed in. */
export function Header({ user }: { user: CurrentUser }) {
  const admin = can(user.role, 'administer');
  return (
    <header className="sticky top-0 z-10 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-950/90">
      <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center justify-between gap-x-6 gap-y-2 px-4 py-2">
        <nav aria-label="Main" className="flex flex-wrap items-center gap-x-6 gap-y-1">
          <Link href="/" className="flex items-center gap-2 font-semibold tracking-tight text-zinc-900 dark:text-zinc-50">
            <span aria-hidden="true" className="inline-block h-3 w-3 rounded-sm bg-sky-500" />
            Avatar Pulse
          </Link>
          <NavLink href="/">Overview</NavLink>
          <AlertsNavLink />
          <NavLink href="/capacity">Capacity</NavLink>
          <NavLink href="/analytics">Analytics</NavLink>
          <NavLink href="/history">History</NavLink>
          {admin ? (
            <>
              <NavLink href="/admin/users">Users</NavLink>
              <NavLink href="/admin/audit">Audit log</NavLink>
              <NavLink href="/admin/notifications">Notifications</NavLink>
            </>
          ) : null}
        </nav>
        <div className="flex items-center gap-4">
          <ConnectionState />
          <UserMenu email={user.email} role={user.role} />
        </div>
      </div>
    </header>
  );
}
