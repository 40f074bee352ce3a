// The admin pages of the cloud portal (path, page key, element): providers, sub-contracts and prices; quotas;
// approval policies.
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { PoliciesPage } from './PoliciesPage';
import { ProvidersPage } from './ProvidersPage';
import { QuotasPage } from './QuotasPage';

export const admin: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/providers/*', 'cloudProviders', <ProvidersPage key="cloudProviders" />],
  ['/cloud/quotas', 'cloudQuotas', <QuotasPage key="cloudQuotas" />],
  ['/cloud/policies', 'cloudPolicies', <PoliciesPage key="cloudPolicies" />],
];
