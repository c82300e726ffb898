import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AdminOnly } from '@/components/admin/AdminOnly';
import { UsersAdmin } from '@/components/admin/UsersAdmin';
import { can } from '@/lib/auth';
import { currentUser } from '@/server/auth/current-user';
import { listUsers } from '@/server/db/queries/users';
import { getRegistry } from '@/server/registry';

export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const user = currentUser();
  if (!user) redirect('/login');
  if (!can(user.role, 'administer')) return <AdminOnly message="Only admins can manage users" />;
  return <UsersAdmin initialUsers={await listUsers(getRegistry().db)} selfId={user.id} />;
}
