// The open data pages of the console (数据开放), mounted inside the authenticated layout; guarded by the same page
// table (components/navigation.ts) that builds the side menu.
import type { RouteObject } from 'react-router-dom';
import { guardedRoute as guarded } from '../../components/RequirePage';
import { ApplicationsPage } from './ApplicationsPage';
import { DatasetsPage } from './DatasetsPage';
import { HarvestPage } from './harvest/HarvestPage';
import { RequestsPage } from './RequestsPage';

export const opendataRoutes: RouteObject[] = [
  guarded('/opendata/datasets', 'openDatasets', <DatasetsPage />),
  guarded('/opendata/applications', 'openApplications', <ApplicationsPage />),
  guarded('/opendata/requests', 'openRequests', <RequestsPage />),
  guarded('/opendata/harvest/*', 'openHarvest', <HarvestPage />),
];
