import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AdminOnly } from '@/components/admin/AdminOnly';
import { NotificationsAdmin } from '@/components/admin/NotificationsAdmin';
import { can } from '@/lib/auth';
import { currentUser } from '@/server/auth/current-user';

export const metadata: Metadata = { title: 'Notifications' };

export default function NotificationsPage() {
  const user = currentUser();
  if (!user) redirect('/login');
  if (!can(user.role, 'administer')) return <AdminOnly message="Only admins can manage notification channels" />;
  return <NotificationsAdmin />;
}
