// Routes of the console. Everything but /login sits behind the session check; a user who must change
// their password sees nothing else until they have (the server refuses every other call meanwhile).
import { Navigate, useLocation, useRoutes } from 'react-router-dom';
import type { RouteObject } from 'react-router-dom';
import { Flex, Spin } from 'antd';
import { useAuth } from './auth';
import { AppLayout } from './components/AppLayout';
import { RequirePage } from './components/RequirePage';
import { NotFound } from './components/Forbidden';
import { canSee, landingPath } from './components/navigation';
import { ChangePasswordPage } from './pages/account/ChangePasswordPage';
import { AuditPage } from './pages/audit/AuditPage';
import { catalogRoutes } from './pages/catalog/routes';
import { exchangeRoutes } from './pages/exchange/routes';
import { opendataRoutes } from './pages/opendata/routes';
import { cloudRoutes } from './pages/cloud/routes';
import { portalRoutes } from './portal/routes';
import { DepartmentsPage } from './pages/directory/DepartmentsPage';
import { SecurityPolicyPage } from './pages/directory/SecurityPolicyPage';
import { SystemsPage } from './pages/directory/SystemsPage';
import { UsersPage } from './pages/directory/UsersPage';
import { HomePage } from './pages/home/HomePage';
import { LoginPage } from './pages/login/LoginPage';

export const CHANGE_PASSWORD_PATH = '/account/password';

function FullPageSpinner() {
  return (
    <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
      <Spin size="large" />
    </Flex>
  );
}

function RequireSession() {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageSpinner />;
  if (!me) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (me.mustChangePassword && location.pathname !== CHANGE_PASSWORD_PATH) {
    return <Navigate to={CHANGE_PASSWORD_PATH} replace />;
  }
  return <AppLayout />;
}

function Landing() {
  const { me } = useAuth();
  if (canSee(me, 'home')) return <HomePage />;
  return <Navigate to={landingPath(me)} replace />;
}

function LoginRoute() {
  const { me, loading } = useAuth();
  const location = useLocation();
  if (loading) return <FullPageSpinner />;
  if (me) {
    const from = (location.state as { from?: string } | null)?.from;
    return <Navigate to={from && from !== '/login' ? from : '/'} replace />;
  }
  return <LoginPage />;
}

const routes: RouteObject[] = [
  { path: '/login', element: <LoginRoute /> },
  // The public open data portal: no login (its own layout and, for applications, its own accounts).
  ...portalRoutes,
  {
    element: <RequireSession />,
    children: [
      { index: true, element: <Landing /> },
      { path: CHANGE_PASSWORD_PATH, element: <ChangePasswordPage /> },
      ...catalogRoutes,
      ...exchangeRoutes,
      ...opendataRoutes,
      ...cloudRoutes,
      {
        path: '/directory/departments',
        element: (
          <RequirePage page="departments">
            <DepartmentsPage />
          </RequirePage>
        ),
      },
      {
        path: '/directory/users',
        element: (
          <RequirePage page="users">
            <UsersPage />
          </RequirePage>
        ),
      },
      {
        path: '/directory/systems',
        element: (
          <RequirePage page="systems">
            <SystemsPage />
          </RequirePage>
        ),
      },
      {
        path: '/directory/security-policy',
        element: (
          <RequirePage page="securityPolicy">
            <SecurityPolicyPage />
          </RequirePage>
        ),
      },
      {
        path: '/audit',
        element: (
          <RequirePage page="audit">
            <AuditPage />
          </RequirePage>
        ),
      },
      { path: '*', element: <NotFound /> },
    ],
  },
];

export function App() {
  return useRoutes(routes);
}
