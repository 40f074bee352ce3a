// The dashboard and business-system calls, typed: the portal's helpers (../cloudApi.ts) answer them as loose
// records because the server's interface does; their shapes are metering/schema.ts's (see logic.ts).
import { billingApi } from '../cloudApi';
import { readDashboard } from './logic';
import type { Dashboard, SystemDetail, SystemSummary } from './logic';

export const insightsApi = {
  dashboard: async () => readDashboard((await billingApi.dashboard()) as Partial<Dashboard>),
  systems: async () => (await billingApi.systems()) as unknown as SystemSummary[],
  system: async (id: string) => (await billingApi.system(id)) as unknown as SystemDetail,
};
