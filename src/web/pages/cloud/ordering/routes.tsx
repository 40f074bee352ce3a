// The ordering pages of the cloud portal (path, page key, element): the service catalog with its order forms, the
// cart, orders and the approvals inbox.
import type { ReactNode } from 'react';
import type { PageKey } from '../../../components/navigation';
import { ApprovalsPage } from './ApprovalsPage';
import { CartPage } from './CartPage';
import { CatalogPage } from './CatalogPage';
import { OrdersPage } from './OrdersPage';

export const ordering: Array<[string, PageKey, ReactNode]> = [
  ['/cloud/catalog/*', 'cloudCatalog', <CatalogPage key="cloudCatalog" />],
  ['/cloud/cart', 'cloudCart', <CartPage key="cloudCart" />],
  ['/cloud/orders/*', 'cloudOrders', <OrdersPage key="cloudOrders" />],
  ['/cloud/approvals', 'cloudApprovals', <ApprovalsPage key="cloudApprovals" />],
];
