// STUB: the admin pages of the cloud portal (path, page key, element).
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { ComingSoon } from '../ComingSoon';

export const admin: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/providers/*', 'cloudProviders', <ComingSoon key="cloudProviders" />],
  ['/cloud/quotas', 'cloudQuotas', <ComingSoon key="cloudQuotas" />],
  ['/cloud/policies', 'cloudPolicies', <ComingSoon key="cloudPolicies" />],
];
