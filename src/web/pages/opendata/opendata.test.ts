// Pure logic of the open data console pages: who sees which button, the pages in the menu, and the messages in
// both languages (every key a page asks for exists).
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../api/client';
import type { Me, Role } from '../../auth';
import { canSee } from '../../components/navigation';
import { localiseError } from '../../i18n';
import opendata from '../../i18n/messages/opendata';
import { canAnswerRequest, canDecideApplication, canSync } from './permissions';

const actor = (departmentId: string | null, ...roles: Role[]) => ({ departmentId, roles });
const me = (...roles: Role[]): Me => ({ id: 'u', username: 'u', displayName: 'U', departmentId: 'd', departmentName: 'D', roles, mustChangePassword: false, locale: 'zh-CN' });

describe('open data messages', () => {
  it('has the same keys in zh-CN and en-US', () => {
    const zh = Object.keys(opendata['zh-CN']).sort();
    const en = Object.keys(opendata['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('has every opendata.* key the pages ask for', () => {
    const sources = import.meta.glob<string>('./*.tsx', { query: '?raw', import: 'default', eager: true });
    const used = new Set<string>();
    for (const source of Object.values(sources)) {
      for (const match of source.matchAll(/'(opendata\.[\w.]+)'/g)) used.add(match[1]);
    }
    expect(used.size).toBeGreaterThan(20);
    // Error codes named in the pages (field placement of problems) are looked up as `error.<code>`.
    const missing = [...used].filter((key) => !(key in opendata['zh-CN']) && !(`error.${key}` in opendata['zh-CN']));
    expect(missing).toEqual([]);
  });

  it('words the open data error codes of the console', () => {
    expect(localiseError('zh-CN', new ApiError({ status: 409, code: 'opendata.not_conditional' }))).toBe('该数据集无条件开放，无需申请。');
    expect(localiseError('en-US', new ApiError({ status: 409, code: 'opendata.request_closed', extra: { currentStatus: 'opened' } }))).toBe(
      'The request was answered as opened or declined; the answer is final.',
    );
  });
});

describe('open data pages by role', () => {
  it('shows the pages to the data bureau and the departments, not to the admin triad (三员分立)', () => {
    for (const page of ['openDatasets', 'openApplications', 'openRequests'] as const) {
      expect(canSee(me('data_admin'), page)).toBe(true);
      expect(canSee(me('dept_operator'), page)).toBe(true);
      for (const role of ['system_admin', 'security_admin', 'audit_admin'] as Role[]) expect(canSee(me(role), page)).toBe(false);
    }
  });

  it('lets the providing department and the data administrator decide pending applications only', () => {
    const pending = { status: 'pending', department: { id: 'd1' } };
    expect(canDecideApplication(actor('d1', 'dept_operator'), pending)).toBe(true);
    expect(canDecideApplication(actor('d1', 'dept_admin'), pending)).toBe(true);
    expect(canDecideApplication(actor('d2', 'dept_admin'), pending)).toBe(false);
    expect(canDecideApplication(actor(null, 'data_admin'), pending)).toBe(true);
    expect(canDecideApplication(actor('d1', 'dept_admin'), { ...pending, status: 'approved' })).toBe(false);
    expect(canDecideApplication(null, pending)).toBe(false);
  });

  it('lets the addressed department answer open and accepted requests; unassigned ones are the data administrator’s', () => {
    const open = { status: 'open', department: { id: 'd1' } };
    expect(canAnswerRequest(actor('d1', 'dept_operator'), open)).toBe(true);
    expect(canAnswerRequest(actor('d1', 'dept_operator'), { ...open, status: 'accepted' })).toBe(true);
    expect(canAnswerRequest(actor('d1', 'dept_operator'), { ...open, status: 'declined' })).toBe(false);
    expect(canAnswerRequest(actor('d2', 'dept_admin'), open)).toBe(false);
    expect(canAnswerRequest(actor('d1', 'dept_admin'), { status: 'open', department: null })).toBe(false);
    expect(canAnswerRequest(actor(null, 'data_admin'), { status: 'open', department: null })).toBe(true);
  });

  it('gives "sync now" to the data administrator only', () => {
    expect(canSync(actor(null, 'data_admin'))).toBe(true);
    expect(canSync(actor('d1', 'dept_admin'))).toBe(false);
  });
});
