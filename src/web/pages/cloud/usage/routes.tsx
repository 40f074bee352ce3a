// The usage pages of the cloud portal (path, page key, element): resources, bills and showback, business systems,
// and the IT centre's overview.
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { BillsPage } from './BillsPage';
import { DashboardPage } from './DashboardPage';
import { ResourcesPage } from './ResourcesPage';
import { SystemsPage } from './SystemsPage';

export const usage: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/resources/*', 'cloudResources', <ResourcesPage key="cloudResources" />],
  ['/cloud/bills', 'cloudBills', <BillsPage key="cloudBills" />],
  ['/cloud/systems/*', 'cloudSystems', <SystemsPage key="cloudSystems" />],
  ['/cloud/dashboard', 'cloudDashboard', <DashboardPage key="cloudDashboard" />],
];
