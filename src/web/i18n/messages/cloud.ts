// Texts of the Cloud service portal: navigation, catalog browsing, the order form, cart, orders, approvals, notifications, and the ordering error codes (error.cloud.*). Every key exists in both languages.
import type { Messages } from '../index';

export default {
  'zh-CN': {
    'nav.cloud': '云服务',
    'nav.cloudCatalog': '服务目录',
    'nav.cloudCart': '购物车',
    'nav.cloudOrders': '订单',
    'nav.cloudApprovals': '审批',
    'nav.cloudResources': '云资源',
    'nav.cloudSystems': '业务系统',
    'nav.cloudBills': '账单',
    'nav.cloudQuotas': '配额',
    'nav.cloudDashboard': '运营总览',
    'nav.cloudProviders': '服务商与价格',
    'nav.cloudPolicies': '审批规则',
  },
  'en-US': {
    'nav.cloud': 'Cloud services',
    'nav.cloudCatalog': 'Service catalog',
    'nav.cloudCart': 'Cart',
    'nav.cloudOrders': 'Orders',
    'nav.cloudApprovals': 'Approvals',
    'nav.cloudResources': 'Resources',
    'nav.cloudSystems': 'Business systems',
    'nav.cloudBills': 'Bills',
    'nav.cloudQuotas': 'Quotas',
    'nav.cloudDashboard': 'Overview',
    'nav.cloudProviders': 'Providers & prices',
    'nav.cloudPolicies': 'Approval rules',
  },
} satisfies Messages;
