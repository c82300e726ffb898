import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Header } from '@/components/layout/Header';
import { RealtimeProvider } from '@/components/realtime/RealtimeProvider';
import './globals.css';

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

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-zinc-50 font-sans text-zinc-900 antialiased dark:bg-zinc-950 dark:text-zinc-100">
        <RealtimeProvider>
          <Header />
          <main className="mx-auto max-w-7xl px-4 py-6">{children}</main>
        </RealtimeProvider>
      </body>
    </html>
  );
}
