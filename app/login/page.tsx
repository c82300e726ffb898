import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { AuthShell } from '@/components/auth/AuthShell';
import { LoginForm } from '@/components/auth/LoginForm';
import { safeNextPath } from '@/lib/next-path';
import { currentUser } from '@/server/auth/current-user';
import { countUsers } from '@/server/db/queries/users';
import { getRegistry } from '@/server/registry';

export const metadata: Metadata = { title: 'Sign in' };

interface Props {
  searchParams: Promise<{ next?: string | string[] }>;
}

export default async function LoginPage({ searchParams }: Props) {
  const { next } = await searchParams;
  // Already signed in: straight on to where the link was going.
  if (currentUser()) redirect(safeNextPath(next));
  const noUsers = (await countUsers(getRegistry().db)) === 0;
  return (
    <AuthShell
      title="Sign in"
      intro="Live monitoring for bitHuman avatar conversations."
      footer={
        noUsers ? (
          <p data-testid="setup-hint">
            No account exists yet.{' '}
            <Link href="/setup" className="font-medium text-sky-700 underline dark:text-sky-400">
              Create the first admin
            </Link>
          </p>
        ) : (
          <p>Forgot your password? Ask an admin to reset it.</p>
        )
      }
    >
      <LoginForm next={safeNextPath(next)} />
    </AuthShell>
  );
}
