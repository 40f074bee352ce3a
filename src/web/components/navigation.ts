// Which pages a user may open, as data: the side menu and the route guards read the same table, so a
// menu item is never shown for a page that would answer 403 (roles: docs/API.md § Roles).
import type { Me, Role } from '../auth';

export type PageKey =
  | 'home'
  | 'catalog'
  | 'catalogReview'
  | 'catalogImport'
  | 'departments'
  | 'users'
  | 'systems'
  | 'securityPolicy'
  | 'audit'
  | 'exchangeResources'
  | 'exchangeRequests'
  | 'exchangeGrants'
  | 'exchangeSubscriptions'
  | 'exchangeSources'
  | 'exchangeQuality'
  | 'exchangeCalendar'
  | 'openDatasets'
  | 'openApplications'
  | 'openRequests'
  | 'openHarvest'
  | 'cloudCatalog'
  | 'cloudCart'
  | 'cloudOrders'
  | 'cloudApprovals'
  | 'cloudResources'
  | 'cloudBills'
  | 'cloudQuotas'
  | 'cloudSystems'
  | 'cloudDashboard'
  | 'cloudProviders'
  | 'cloudPolicies';

/** Roles that work with catalog data. Security and audit admins hold no business data (三员分立). */
const BUSINESS_ROLES: Role[] = ['system_admin', 'data_admin', 'dept_admin', 'dept_operator'];

/** Roles that hold exchange data: the data bureau and the departments (not the system admin: 三员分立). */
const EXCHANGE_ROLES: Role[] = ['data_admin', 'dept_admin', 'dept_operator'];

/** Roles of the cloud portal: the IT centre and the departments. */
const CLOUD_ROLES: Role[] = ['data_admin', 'dept_admin', 'dept_operator'];

const PAGE_ROLES: Record<PageKey, Role[] | 'business'> = {
  // Every user may read published entries, so a user without any role still sees the catalog.
  home: 'business',
  catalog: 'business',
  catalogReview: ['data_admin'],
  catalogImport: ['data_admin', 'dept_admin', 'dept_operator'],
  departments: ['system_admin', 'security_admin', 'data_admin', 'dept_admin', 'dept_operator'],
  users: ['system_admin', 'security_admin', 'dept_admin'],
  systems: ['system_admin', 'data_admin', 'dept_admin', 'dept_operator'],
  securityPolicy: ['security_admin'],
  audit: ['audit_admin'],
  // The exchange (docs/exchange/*.md): requests, grants and pulls are department business; the calendar
  // of working days is the data bureau's.
  exchangeResources: EXCHANGE_ROLES,
  exchangeRequests: EXCHANGE_ROLES,
  exchangeGrants: EXCHANGE_ROLES,
  exchangeSubscriptions: EXCHANGE_ROLES,
  exchangeSources: EXCHANGE_ROLES,
  exchangeQuality: EXCHANGE_ROLES,
  exchangeCalendar: ['data_admin'],
  // Open data (docs/opendata/*.md): departments manage their datasets and answer the public; harvesting other
  // portals is the data bureau's.
  openDatasets: EXCHANGE_ROLES,
  openApplications: EXCHANGE_ROLES,
  openRequests: EXCHANGE_ROLES,
  openHarvest: ['data_admin'],
  // The cloud service portal (docs/cloud/*.md): departments order for their business systems, the department head
  // (dept_admin) and the IT centre (data_admin) approve; providers, prices, quotas and policies are the IT centre's.
  cloudCatalog: CLOUD_ROLES,
  cloudCart: ['dept_admin', 'dept_operator'],
  cloudOrders: CLOUD_ROLES,
  cloudApprovals: ['data_admin', 'dept_admin', 'system_admin'],
  cloudResources: CLOUD_ROLES,
  cloudBills: CLOUD_ROLES,
  cloudQuotas: CLOUD_ROLES,
  cloudSystems: CLOUD_ROLES,
  cloudDashboard: ['data_admin'],
  cloudProviders: ['data_admin'],
  cloudPolicies: ['data_admin'],
};

export const PAGE_PATHS: Record<PageKey, string> = {
  home: '/',
  catalog: '/catalog',
  catalogReview: '/catalog/review',
  catalogImport: '/catalog/import',
  departments: '/directory/departments',
  users: '/directory/users',
  systems: '/directory/systems',
  securityPolicy: '/directory/security-policy',
  audit: '/audit',
  exchangeResources: '/exchange/resources',
  exchangeRequests: '/exchange/requests',
  exchangeGrants: '/exchange/grants',
  exchangeSubscriptions: '/exchange/subscriptions',
  exchangeSources: '/exchange/sources',
  exchangeQuality: '/exchange/quality',
  exchangeCalendar: '/exchange/calendar',
  openDatasets: '/opendata/datasets',
  openApplications: '/opendata/applications',
  openRequests: '/opendata/requests',
  openHarvest: '/opendata/harvest',
  cloudCatalog: '/cloud/catalog',
  cloudCart: '/cloud/cart',
  cloudOrders: '/cloud/orders',
  cloudApprovals: '/cloud/approvals',
  cloudResources: '/cloud/resources',
  cloudBills: '/cloud/bills',
  cloudQuotas: '/cloud/quotas',
  cloudSystems: '/cloud/systems',
  cloudDashboard: '/cloud/dashboard',
  cloudProviders: '/cloud/providers',
  cloudPolicies: '/cloud/policies',
};

export function canSee(me: Me | null, page: PageKey): boolean {
  if (!me) return false;
  const allowed = PAGE_ROLES[page];
  if (allowed === 'business') {
    return me.roles.length === 0 || me.roles.some((role) => BUSINESS_ROLES.includes(role));
  }
  return me.roles.some((role) => allowed.includes(role));
}

/** Where `/` sends a user who cannot see the dashboard (an audit admin lands on the audit log). */
export function landingPath(me: Me | null): string {
  const order: PageKey[] = ['home', 'users', 'securityPolicy', 'audit', 'departments'];
  const first = order.find((page) => canSee(me, page));
  return first ? PAGE_PATHS[first] : '/account/password';
}
