// The public open data portal (中枢开放数据): no console login. Each page is its own chunk, and so is the
// layout, so the console's bundle carries none of the portal and the home page loads only what it shows
// (ECharts comes with the dataset page's chart tab only).
import { lazy, Suspense } from 'react';
import type { RouteObject } from 'react-router-dom';
import { Flex, Spin } from 'antd';

const PortalLayout = lazy(() => import('./PortalLayout'));
const HomePage = lazy(() => import('./pages/HomePage'));
const SearchPage = lazy(() => import('./pages/SearchPage'));
const DatasetPage = lazy(() => import('./dataset/DatasetPage'));
const OrganizationsPage = lazy(() => import('./pages/OrganizationsPage'));
const OrganizationPage = lazy(() => import('./pages/OrganizationPage'));
const ThemesPage = lazy(() => import('./pages/ThemesPage'));
const ThemePage = lazy(() => import('./pages/ThemePage'));
const ApiGuidePage = lazy(() => import('./pages/ApiGuidePage'));
const RequestsPage = lazy(() => import('./pages/RequestsPage'));
const RequestFormPage = lazy(() => import('./pages/RequestFormPage'));
const LoginPage = lazy(() => import('./pages/LoginPage'));
const RegisterPage = lazy(() => import('./pages/RegisterPage'));
const AccountPage = lazy(() => import('./pages/AccountPage'));
const NotFoundPage = lazy(() => import('./pages/NotFoundPage'));

function Frame() {
  return (
    <Suspense
      fallback={
        <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
          <Spin size="large" />
        </Flex>
      }
    >
      <PortalLayout />
    </Suspense>
  );
}

export const portalRoutes: RouteObject[] = [
  {
    element: <Frame />,
    children: [
      { path: '/portal', element: <HomePage /> },
      { path: '/portal/api', element: <ApiGuidePage /> },
      { path: '/portal/requests', element: <RequestsPage /> },
      { path: '/portal/requests/new', element: <RequestFormPage /> },
      { path: '/portal/login', element: <LoginPage /> },
      { path: '/portal/register', element: <RegisterPage /> },
      { path: '/portal/account', element: <AccountPage /> },
      { path: '/portal/*', element: <NotFoundPage /> },
      { path: '/dataset', element: <SearchPage /> },
      { path: '/dataset/:name', element: <DatasetPage /> },
      { path: '/organization', element: <OrganizationsPage /> },
      { path: '/organization/:name', element: <OrganizationPage /> },
      { path: '/group', element: <ThemesPage /> },
      { path: '/group/:key', element: <ThemePage /> },
    ],
  },
];
