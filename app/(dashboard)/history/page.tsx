import type { Metadata } from 'next';
import { HistoryPage } from '@/components/history/HistoryPage';
import { historyHref, parseHistoryFilters } from '@/components/history/query';
import { HISTORY_PAGE_DEFAULT, HISTORY_PAGE_MAX } from '@/lib/history';

export const metadata: Metadata = { title: 'History' };

interface Props {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}

export default async function History({ searchParams }: Props) {
  const sp = await searchParams;
  const filters = parseHistoryFilters(sp);
  // ?limit= (1–200) sets the page size; the default suits a screen.
  const limit = Number(typeof sp.limit === 'string' ? sp.limit : NaN);
  const pageSize = Number.isInteger(limit) && limit >= 1 && limit <= HISTORY_PAGE_MAX ? limit : HISTORY_PAGE_DEFAULT;
  // Keyed by the search: a new search starts with a fresh list and a fresh form.
  return <HistoryPage key={`${historyHref(filters)}|${pageSize}`} filters={filters} pageSize={pageSize} />;
}
