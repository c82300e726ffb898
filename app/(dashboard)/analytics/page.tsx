import type { Metadata } from 'next';
import { AnalyticsPage } from '@/components/analytics/AnalyticsPage';
import { parseRangeParams } from '@/components/analytics/range';

export const metadata: Metadata = { title: 'Analytics' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function Analytics({ searchParams }: Props) {
  const params = parseRangeParams(await searchParams);
  return <AnalyticsPage key={JSON.stringify(params)} params={params} />;
}
