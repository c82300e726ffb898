import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-16 text-center">
      <h1 className="text-lg font-semibold">Page not found</h1>
      <p className="mt-2 text-sm text-zinc-600 dark:text-zinc-400">There is nothing at this address.</p>
      <Link href="/" className="mt-4 inline-block text-sm font-medium text-sky-700 underline dark:text-sky-400">
        Back to the overview
      </Link>
    </main>
  );
}
