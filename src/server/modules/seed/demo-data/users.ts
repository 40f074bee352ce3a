import { departmentShortName } from './departments.js';
import type { DemoUser } from './types.js';

// The departments whose officers log in to the demo: the big data holders and the ones the review story uses.
export const DEMO_USER_DEPARTMENT_KEYS = ['gaj', 'scj', 'mzj', 'rsj', 'zrzyj', 'wjj', 'jyj', 'bdc'] as const;

export function buildUsers(): DemoUser[] {
  const users: DemoUser[] = [
    { username: 'secadmin', displayName: '安全管理员', role: 'security_admin' },
    { username: 'auditor', displayName: '审计管理员', role: 'audit_admin' },
    { username: 'dataadmin', displayName: '数据统筹局数据管理员', role: 'data_admin', departmentKey: 'sjtcj' },
  ];
  for (const key of DEMO_USER_DEPARTMENT_KEYS) {
    const shortName = departmentShortName(key);
    users.push({ username: `${key}_admin`, displayName: `${shortName}管理员`, role: 'dept_admin', departmentKey: key });
    users.push({ username: `${key}_op`, displayName: `${shortName}数据专员`, role: 'dept_operator', departmentKey: key });
  }
  return users;
}
