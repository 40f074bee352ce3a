// STUB: the ordering pages of the cloud portal (path, page key, element).
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { ComingSoon } from '../ComingSoon';

export const ordering: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/catalog/*', 'cloudCatalog', <ComingSoon key="cloudCatalog" />],
  ['/cloud/cart', 'cloudCart', <ComingSoon key="cloudCart" />],
  ['/cloud/orders/*', 'cloudOrders', <ComingSoon key="cloudOrders" />],
  ['/cloud/approvals', 'cloudApprovals', <ComingSoon key="cloudApprovals" />],
];
