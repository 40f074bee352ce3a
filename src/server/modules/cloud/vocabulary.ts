/** The cloud portal's fixed vocabularies and role sets (re-exported by index.ts). */
import type { CloudCategory, CloudDriverKind, QuotaDimension } from '../../platform/db/schema.js';

export const CLOUD_CATEGORIES: readonly CloudCategory[] = ['compute', 'storage', 'database', 'cache', 'message_queue', 'network', 'security', 'backup', 'big_data'];
export const QUOTA_DIMENSIONS: readonly QuotaDimension[] = ['vcpu', 'memory_gb', 'storage_gb', 'databases', 'public_ips', 'monthly_budget_fen'];
export const DRIVER_KINDS: readonly CloudDriverKind[] = ['simulated', 'postgresql', 'mariadb', 'redis', 'openstack'];

/** Who runs the cloud catalog, quotas, policies and sees every department: the IT centre (数据统筹局/信息化服务中心). */
export const IT_CENTRE_ROLES = ['data_admin'] as const;
/** Who orders for a department: its people. The department head (approver) is dept_admin. */
export const ORDERING_ROLES = ['dept_admin', 'dept_operator'] as const;
