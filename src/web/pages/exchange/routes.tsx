// The exchange pages (共享交换), mounted by the shell inside its authenticated layout; each route is guarded
// by the same page table (components/navigation.ts) that builds the side menu.
import type { RouteObject } from 'react-router-dom';
import { guardedRoute as guarded } from '../../components/RequirePage';
import { CalendarPage } from './CalendarPage';
import { GrantsPage } from './GrantsPage';
import { QualityPage } from './QualityPage';
import { RequestsPage } from './RequestsPage';
import { ResourcePage } from './ResourcePage';
import { ResourcesPage } from './ResourcesPage';
import { SourcesPage } from './SourcesPage';
import { SubscriptionsPage } from './SubscriptionsPage';

export const exchangeRoutes: RouteObject[] = [
  guarded('/exchange/resources', 'exchangeResources', <ResourcesPage />),
  guarded('/exchange/resources/:code', 'exchangeResources', <ResourcePage />),
  guarded('/exchange/requests', 'exchangeRequests', <RequestsPage />),
  guarded('/exchange/grants', 'exchangeGrants', <GrantsPage />),
  guarded('/exchange/subscriptions', 'exchangeSubscriptions', <SubscriptionsPage />),
  guarded('/exchange/sources', 'exchangeSources', <SourcesPage />),
  guarded('/exchange/quality', 'exchangeQuality', <QualityPage />),
  guarded('/exchange/calendar', 'exchangeCalendar', <CalendarPage />),
];
