// The catalog pages, mounted by the shell inside its authenticated layout. Each page checks the role it
// needs itself, because the same checks decide which buttons it shows.
import type { RouteObject } from 'react-router-dom';
import { DetailPage } from './DetailPage';
import { CreatePage, EditPage } from './EditPage';
import { ImportPage } from './ImportPage';
import { ReviewPage } from './ReviewPage';
import { SearchPage } from './SearchPage';

export const catalogRoutes: RouteObject[] = [
  { path: '/catalog', element: <SearchPage /> },
  { path: '/catalog/new', element: <CreatePage /> },
  { path: '/catalog/review', element: <ReviewPage /> },
  { path: '/catalog/import', element: <ImportPage /> },
  { path: '/catalog/:code', element: <DetailPage /> },
  { path: '/catalog/:code/edit', element: <EditPage /> },
];
