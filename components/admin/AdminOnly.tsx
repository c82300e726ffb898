import Link from 'next/link';

/** What a signed-in non-admin sees on an admin page: a clear refusal, not a broken page. */
export function AdminOnly({ message }: { message: string }) {
  return (
    <div data-testid="admin-only" className="mx-auto max-w-md rounded-lg border border-zinc-200 bg-white px-6 py-10 text-center dark:border-zinc-800 dark:bg-zinc-900">
      <h1 className="text-base font-semibold">{message}</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">Your role does not include this. Ask an admin if you need it.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        Back to the overview
      </Link>
    </div>
  );
}
