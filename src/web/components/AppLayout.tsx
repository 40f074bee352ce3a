// The console shell: side menu by role, header with product name, language switch and user menu.
import { useMemo, useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router-dom';
import { App, Avatar, Button, Dropdown, Flex, Layout, Menu, Typography } from 'antd';
import type { MenuProps } from 'antd';
import {
  ApartmentOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  CloudDownloadOutlined,
  CloudUploadOutlined,
  GlobalOutlined,
  MessageOutlined,
  ShareAltOutlined,
  DeploymentUnitOutlined,
  FileProtectOutlined,
  LineChartOutlined,
  NotificationOutlined,
  SafetyOutlined,
  SwapOutlined,
  TableOutlined,
  DashboardOutlined,
  DatabaseOutlined,
  FileSearchOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  TeamOutlined,
  UserOutlined,
  ShopOutlined,
  ShoppingCartOutlined,
  ProfileOutlined,
  CheckSquareOutlined,
  ClusterOutlined,
  AccountBookOutlined,
  PieChartOutlined,
  FundOutlined,
  BranchesOutlined,
  CloudServerOutlined,
} from '@ant-design/icons';
import { useAuth } from '../auth';
import { useI18n } from '../i18n';
import { LanguageSwitch } from './LanguageSwitch';
import { NotificationBell } from './NotificationBell';
import { canSee, PAGE_PATHS } from './navigation';
import type { PageKey } from './navigation';

type MenuItem = NonNullable<MenuProps['items']>[number];

const CATALOG_GROUP = 'catalog-group';
const EXCHANGE_GROUP = 'exchange-group';
const OPENDATA_GROUP = 'opendata-group';
const CLOUD_GROUP = 'cloud-group';

/** The menu key for a location: the longest page path that prefixes it, so /catalog/XYZ/edit selects Catalog. */
function selectedKeyFor(pathname: string, keys: string[]): string | undefined {
  return keys
    .filter((key) => (key === '/' ? pathname === '/' : pathname === key || pathname.startsWith(key + '/')))
    .sort((a, b) => b.length - a.length)[0];
}

export function AppLayout() {
  const { me, logout } = useAuth();
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const location = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const passwordChangeOnly = !!me?.mustChangePassword;

  const { items, keys } = useMemo(() => {
    const item = (page: PageKey, label: string, icon: React.ReactNode): MenuItem | null =>
      canSee(me, page) ? { key: PAGE_PATHS[page], label, icon } : null;
    const catalogChildren = [
      item('catalog', t('nav.catalogBrowse'), <FileSearchOutlined />),
      item('catalogReview', t('nav.catalogReview'), <AuditOutlined />),
      item('catalogImport', t('nav.catalogImport'), <CloudUploadOutlined />),
    ].filter((entry): entry is MenuItem => entry !== null);
    const exchangeChildren = [
      item('exchangeResources', t('nav.exchangeResources'), <TableOutlined />),
      item('exchangeRequests', t('nav.exchangeRequests'), <FileProtectOutlined />),
      item('exchangeGrants', t('nav.exchangeGrants'), <SafetyOutlined />),
      item('exchangeSubscriptions', t('nav.exchangeSubscriptions'), <NotificationOutlined />),
      item('exchangeSources', t('nav.exchangeSources'), <DeploymentUnitOutlined />),
      item('exchangeQuality', t('nav.exchangeQuality'), <LineChartOutlined />),
      item('exchangeCalendar', t('nav.exchangeCalendar'), <CalendarOutlined />),
    ].filter((entry): entry is MenuItem => entry !== null);
    const opendataChildren = [
      item('openDatasets', t('nav.openDatasets'), <GlobalOutlined />),
      item('openApplications', t('nav.openApplications'), <FileProtectOutlined />),
      item('openRequests', t('nav.openRequests'), <MessageOutlined />),
      item('openHarvest', t('nav.openHarvest'), <CloudDownloadOutlined />),
    ].filter((entry): entry is MenuItem => entry !== null);
    const cloudChildren = [
      item('cloudCatalog', t('nav.cloudCatalog'), <ShopOutlined />),
      item('cloudCart', t('nav.cloudCart'), <ShoppingCartOutlined />),
      item('cloudOrders', t('nav.cloudOrders'), <ProfileOutlined />),
      item('cloudApprovals', t('nav.cloudApprovals'), <CheckSquareOutlined />),
      item('cloudResources', t('nav.cloudResources'), <ClusterOutlined />),
      item('cloudSystems', t('nav.cloudSystems'), <AppstoreOutlined />),
      item('cloudBills', t('nav.cloudBills'), <AccountBookOutlined />),
      item('cloudQuotas', t('nav.cloudQuotas'), <PieChartOutlined />),
      item('cloudDashboard', t('nav.cloudDashboard'), <FundOutlined />),
      item('cloudProviders', t('nav.cloudProviders'), <ShopOutlined />),
      item('cloudPolicies', t('nav.cloudPolicies'), <BranchesOutlined />),
    ].filter((entry): entry is MenuItem => entry !== null);
    const list: (MenuItem | null)[] = [
      item('home', t('nav.home'), <DashboardOutlined />),
      catalogChildren.length
        ? { key: CATALOG_GROUP, label: t('nav.catalog'), icon: <DatabaseOutlined />, children: catalogChildren }
        : null,
      exchangeChildren.length
        ? { key: EXCHANGE_GROUP, label: t('nav.exchange'), icon: <SwapOutlined />, children: exchangeChildren }
        : null,
      opendataChildren.length
        ? { key: OPENDATA_GROUP, label: t('nav.opendata'), icon: <ShareAltOutlined />, children: opendataChildren }
        : null,
      cloudChildren.length
        ? { key: CLOUD_GROUP, label: t('nav.cloud'), icon: <CloudServerOutlined />, children: cloudChildren }
        : null,
      item('departments', t('nav.departments'), <ApartmentOutlined />),
      item('users', t('nav.users'), <TeamOutlined />),
      item('systems', t('nav.systems'), <AppstoreOutlined />),
      item('securityPolicy', t('nav.securityPolicy'), <SafetyCertificateOutlined />),
      item('audit', t('nav.audit'), <AuditOutlined />),
    ];
    const visible = list.filter((entry): entry is MenuItem => entry !== null);
    const allKeys = (Object.keys(PAGE_PATHS) as PageKey[]).filter((page) => canSee(me, page)).map((page) => PAGE_PATHS[page]);
    return { items: visible, keys: allKeys };
  }, [me, t]);

  const selected = selectedKeyFor(location.pathname, keys);
  // A page opened from a link or the address bar opens its own group too (云服务, 数据开放 start collapsed).
  const groupOfSelected = useMemo(
    () =>
      items.find((item) => item && 'children' in item && item.children?.some((child) => child?.key === selected))?.key as string | undefined,
    [items, selected],
  );

  const doLogout = async () => {
    try {
      await logout();
    } catch {
      // The local session is cleared either way; a failed DELETE only means the cookie expires on its own.
    }
    void message.success(t('auth.loggedOut'));
    navigate('/login', { replace: true });
  };

  const userMenu: MenuProps = {
    items: [
      {
        key: 'who',
        disabled: true,
        label: (
          <Flex vertical>
            <Typography.Text strong>{me?.displayName}</Typography.Text>
            <Typography.Text type="secondary">{me?.departmentName ?? me?.username}</Typography.Text>
            {me && me.roles.length > 0 && (
              <Typography.Text type="secondary">{me.roles.map((role) => t(`role.${role}`)).join(' · ')}</Typography.Text>
            )}
          </Flex>
        ),
      },
      { type: 'divider' },
      { key: 'password', icon: <KeyOutlined />, label: t('account.changePassword') },
      { key: 'logout', icon: <LogoutOutlined />, label: t('auth.logout'), danger: true },
    ],
    onClick: ({ key }) => {
      if (key === 'password') navigate('/account/password');
      if (key === 'logout') void doLogout();
    },
  };

  return (
    <Layout className="zs-shell">
      <Layout.Header className="zs-header">
        <Flex align="center" gap={12} className="zs-brand" onClick={() => navigate('/')}>
          <span className="zs-logo" aria-hidden>
            枢
          </span>
          <span className="zs-product">
            中枢 <span className="zs-product-en">Zhongshu</span>
          </span>
          <span className="zs-product-tagline">{t('app.tagline')}</span>
        </Flex>
        <Flex align="center" gap={4}>
          {me && !passwordChangeOnly && <NotificationBell className="zs-header-button" />}
          <LanguageSwitch className="zs-header-button" />
          <Dropdown menu={userMenu} placement="bottomRight" trigger={['click']}>
            <Button type="text" className="zs-header-button" data-testid="user-menu">
              <Avatar size="small" icon={<UserOutlined />} className="zs-avatar" />
              <span className="zs-username">{me?.displayName ?? me?.username}</span>
            </Button>
          </Dropdown>
        </Flex>
      </Layout.Header>
      <Layout>
        {!passwordChangeOnly && (
          <Layout.Sider
            collapsible
            collapsed={collapsed}
            onCollapse={setCollapsed}
            width={220}
            theme="light"
            className="zs-sider"
          >
            <Menu
              mode="inline"
              items={items}
              selectedKeys={selected ? [selected] : []}
              defaultOpenKeys={[CATALOG_GROUP, EXCHANGE_GROUP, ...(groupOfSelected ? [groupOfSelected] : [])]}
              onClick={({ key }) => navigate(key)}
            />
          </Layout.Sider>
        )}
        <Layout.Content className="zs-content">
          <Outlet />
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
