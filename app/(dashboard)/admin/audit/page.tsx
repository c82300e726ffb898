import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AdminOnly } from '@/components/admin/AdminOnly';
import { AuditLog } from '@/components/admin/AuditLog';
import { can } from '@/lib/auth';
import { currentUser } from '@/server/auth/current-user';

export const metadata: Metadata = { title: 'Audit log' };

export default function AuditPage() {
  const user = currentUser();
  if (!user) redirect('/login');
  if (!can(user.role, 'administer')) return <AdminOnly message="Only admins can read the audit log" />;
  return <AuditLog />;
}
