// Route guards from the page table (components/navigation.ts): the same table builds the side menu, so a route
// never opens for a user the menu would not show it to.
import type { RouteObject } from 'react-router-dom';
import { useAuth } from '../auth';
import { Forbidden } from './Forbidden';
import { canSee } from './navigation';
import type { PageKey } from './navigation';

export function RequirePage(props: { page: PageKey; children: React.ReactNode }) {
  const { me } = useAuth();
  return canSee(me, props.page) ? <>{props.children}</> : <Forbidden />;
}

export const guardedRoute = (path: string, page: PageKey, element: React.ReactNode): RouteObject => ({
  path,
  element: <RequirePage page={page}>{element}</RequirePage>,
});
