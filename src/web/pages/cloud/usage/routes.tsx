// STUB: the usage pages of the cloud portal (path, page key, element).
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { ComingSoon } from '../ComingSoon';

export const usage: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/resources/*', 'cloudResources', <ComingSoon key="cloudResources" />],
  ['/cloud/bills', 'cloudBills', <ComingSoon key="cloudBills" />],
  ['/cloud/systems/*', 'cloudSystems', <ComingSoon key="cloudSystems" />],
  ['/cloud/dashboard', 'cloudDashboard', <ComingSoon key="cloudDashboard" />],
];
