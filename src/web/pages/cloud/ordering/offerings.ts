// The offerings by id, loaded once per page visit and shared: carts and orders describe their items' parameters
// with the offering's schema (labels, enum titles, units).
import { useMemo } from 'react';
import { useAsync } from '../../../components/useAsync';
import { catalogApi } from '../cloudApi';
import type { Offering } from '../types';

export function useOfferingIndex(): Map<string, Offering> {
  const state = useAsync(() => catalogApi.offerings().catch(() => [] as Offering[]), []);
  return useMemo(() => new Map((state.data ?? []).map((offering) => [offering.id, offering])), [state.data]);
}
