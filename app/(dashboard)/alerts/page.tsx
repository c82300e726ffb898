import type { Metadata } from 'next';
import { AlertsPage } from '@/components/alerts/AlertsPage';

export const metadata: Metadata = { title: 'Alerts' };

interface Props {
  searchParams: Promise<{ id?: string | string[] }>;
}

export default async function Alerts({ searchParams }: Props) {
  const { id } = await searchParams;
  const initialId = typeof id === 'string' && /^\d{1,15}$/.test(id) ? Number(id) : null;
  return <AlertsPage initialId={initialId} />;
}
