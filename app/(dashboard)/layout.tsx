import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { ToastRegion } from '@/components/alerts/Toasts';
import { Header } from '@/components/layout/Header';
import { AlertsProvider } from '@/components/realtime/AlertsProvider';
import { can } from '@/lib/auth';
import { RealtimeProvider } from '@/components/realtime/RealtimeProvider';
import { currentUser } from '@/server/auth/current-user';

/**
 * Everything behind sign-in. The custom server's gate already sends signed-out browsers to
 * /login; this check is the second line, should a path ever slip past it.
 */
export default function DashboardLayout({ children }: { children: ReactNode }) {
  const user = currentUser();
  if (!user) redirect('/login');
  return (
    <RealtimeProvider>
      <AlertsProvider canOperate={can(user.role, 'operate')}>
        <Header user={user} />
        <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        <ToastRegion />
      </AlertsProvider>
    </RealtimeProvider>
  );
}
