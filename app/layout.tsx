import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import './globals.css';

// Every page is rendered per request: it shows live data behind sign-in, and the
// Content-Security-Policy nonce the server sets must reach Next's inline scripts.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'Avatar Pulse', template: '%s · Avatar Pulse' },
  description: 'Live monitoring for bitHuman AI-avatar conversations',
};

export const viewport: Viewport = {
  colorScheme: 'light dark',
  themeColor: [
    { media: '(prefers-color-scheme: light)', color: '#fafafa' },
    { media: '(prefers-color-scheme: dark)', color: '#09090b' },
  ],
};

/** The bare document: the dashboard's chrome lives in app/(dashboard)/layout.tsx, sign-in pages have none. */
export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        {children}
      </body>
    </html>
  );
}
