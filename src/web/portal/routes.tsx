// STUB (lead): the public portal's routes (no login): /portal, /dataset, /dataset/:name, /organization,
// /organization/:name, /group/:name, /portal/api, /portal/requests, /portal/login, /portal/register, /portal/account.
import type { RouteObject } from 'react-router-dom';

export const portalRoutes: RouteObject[] = [];
