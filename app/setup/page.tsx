import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { AuthShell } from '@/components/auth/AuthShell';
import { SetupForm } from '@/components/auth/SetupForm';
import { countUsers } from '@/server/db/queries/users';
import { getRegistry } from '@/server/registry';

export const metadata: Metadata = { title: 'Set up' };

/** Only while no account exists; the API refuses too, this page just does not offer it. */
export default async function SetupPage() {
  if ((await countUsers(getRegistry().db)) > 0) redirect('/login');
  return (
    <AuthShell
      title="Create the first admin"
      intro={
        <>
          This account can manage users and read the audit log; setting <code className="font-mono text-xs">ADMIN_EMAIL</code> and{' '}
          <code className="font-mono text-xs">ADMIN_PASSWORD</code> before starting the server creates it instead.
        </>
      }
    >
      <SetupForm />
    </AuthShell>
  );
}
