import type { Metadata } from 'next';
import { SessionView } from '@/components/transcript/SessionView';

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<{ alert?: string | string[] }>;
}

/** Route params may arrive still percent-encoded; a malformed escape is kept as written. */
function sessionIdFrom(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const { id } = await params;
  return { title: `Session ${sessionIdFrom(id)}` };
}

export default async function SessionPage({ params, searchParams }: Props) {
  const { id } = await params;
  const { alert } = await searchParams;
  const sessionId = sessionIdFrom(id);
  // ?alert=<id>: scroll to and ring the messages behind that alert.
  const focusAlertId = typeof alert === 'string' && /^\d{1,15}$/.test(alert) ? Number(alert) : null;
  return <SessionView key={sessionId} sessionId={sessionId} focusAlertId={focusAlertId} />;
}
