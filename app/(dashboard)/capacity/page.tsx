import type { Metadata } from 'next';
import { CapacityPage } from '@/components/capacity/CapacityPage';

export const metadata: Metadata = { title: 'Capacity' };

export default function Capacity() {
  return <CapacityPage />;
}
