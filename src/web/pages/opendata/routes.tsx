// The open data pages of the console (数据开放), mounted inside the authenticated layout; guarded by the same page
// table (components/navigation.ts) that builds the side menu.
import type { RouteObject } from 'react-router-dom';
import { useAuth } from '../../auth';
import { Forbidden } from '../../components/Forbidden';
import { canSee } from '../../components/navigation';
import type { PageKey } from '../../components/navigation';
import { ApplicationsPage } from './ApplicationsPage';
import { DatasetsPage } from './DatasetsPage';
import { HarvestPage } from './harvest/HarvestPage';
import { RequestsPage } from './RequestsPage';

function Guard(props: { page: PageKey; children: React.ReactNode }) {
  const { me } = useAuth();
  return canSee(me, props.page) ? <>{props.children}</> : <Forbidden />;
}

const guarded = (path: string, page: PageKey, element: React.ReactNode): RouteObject => ({
  path,
  element: <Guard page={page}>{element}</Guard>,
});

export const opendataRoutes: RouteObject[] = [
  guarded('/opendata/datasets', 'openDatasets', <DatasetsPage />),
  guarded('/opendata/applications', 'openApplications', <ApplicationsPage />),
  guarded('/opendata/requests', 'openRequests', <RequestsPage />),
  guarded('/opendata/harvest/*', 'openHarvest', <HarvestPage />),
];
