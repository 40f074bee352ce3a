// The cloud service portal's pages (云服务), mounted inside the authenticated layout; guarded by the same page
// table (components/navigation.ts) that builds the side menu.
import type { RouteObject } from 'react-router-dom';
import { guardedRoute as guarded } from '../../components/RequirePage';
import { ordering } from './ordering/routes';
import { admin } from './admin/routes';
import { usage } from './usage/routes';

export const cloudRoutes: RouteObject[] = [
  ...ordering.map(([path, page, element]) => guarded(path, page, element)),
  ...admin.map(([path, page, element]) => guarded(path, page, element)),
  ...usage.map(([path, page, element]) => guarded(path, page, element)),
];
