import type { Metadata } from 'next';
import { SessionView } from '@/components/transcript/SessionView';

interface Props {
  params: Promise<{ id: string }>;
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

export default async function SessionPage({ params }: Props) {
  const { id } = await params;
  const sessionId = sessionIdFrom(id);
  return <SessionView key={sessionId} sessionId={sessionId} />;
}
