/**
 * Approval policies: which chain of approvers an order goes through and up to what monthly total it is approved
 * automatically. The most specific enabled policy wins (department + category > department > category > every
 * department); an order of several categories takes the strictest of its categories' policies (most steps, then the
 * lowest automatic threshold, "never" being the lowest). Without any, the built-in default applies.
 */
import { type Actor } from '../../../platform/actor.js';
import type { Executor } from '../../../platform/db/database.js';
import { json } from '../../../platform/db/database.js';
import { conflict, FieldErrors, forbidden, notFound } from '../../../platform/errors.js';
import type { ApprovalPolicies, ApprovalPolicy, CloudCategory } from '../index.js';
import { isItCentre, isOrderer } from './access.js';
import * as repo from './repository.js';
import type { OrderDeps } from './part.js';

/** The id the built-in default answers with (it has no row; orders under it keep policy_id null). */
export const DEFAULT_POLICY_ID = 'default';

export const DEFAULT_POLICY: ApprovalPolicy = {
  id: DEFAULT_POLICY_ID,
  name: '默认审批流程（部门负责人 → 信息化中心）',
  departmentId: null,
  category: null,
  steps: [
    { approver: 'dept_head', deadlineHours: 24, escalateTo: 'it_centre' },
    { approver: 'it_centre', deadlineHours: 24, escalateTo: null },
  ],
  autoApproveMaxFen: null,
  enabled: true,
};

const MAX_STEPS = 5;
const MAX_DEADLINE_HOURS = 24 * 30;

export function presentPolicy(row: repo.PolicyRow): ApprovalPolicy {
  return {
    id: row.id,
    name: row.name,
    departmentId: row.department_id,
    category: row.category,
    steps: row.steps,
    autoApproveMaxFen: row.auto_approve_max_fen,
    enabled: row.enabled,
  };
}

const specificity = (policy: ApprovalPolicy): number => (policy.departmentId ? 2 : 0) + (policy.category ? 1 : 0);
const threshold = (policy: ApprovalPolicy): number => policy.autoApproveMaxFen ?? -1;

/** Stricter first: more steps, then a lower automatic threshold. */
function stricter(a: ApprovalPolicy, b: ApprovalPolicy): ApprovalPolicy {
  if (a.steps.length !== b.steps.length) return a.steps.length > b.steps.length ? a : b;
  return threshold(a) <= threshold(b) ? a : b;
}

/** The policy of an order of these categories, from the enabled candidates of its department (pure). */
export function pickPolicy(candidates: ApprovalPolicy[], departmentId: string, categories: CloudCategory[]): ApprovalPolicy {
  const applicable = candidates.filter((policy) => policy.enabled && (policy.departmentId === null || policy.departmentId === departmentId));
  const wanted: Array<CloudCategory | null> = categories.length > 0 ? [...new Set(categories)] : [null];
  const perCategory = wanted.map((category) => {
    const matching = applicable.filter((policy) => policy.category === null || policy.category === category);
    return matching.reduce<ApprovalPolicy | null>((best, policy) => {
      if (!best || specificity(policy) > specificity(best)) return policy;
      return specificity(policy) === specificity(best) ? stricter(best, policy) : best;
    }, null);
  });
  const chosen = perCategory.filter((policy): policy is ApprovalPolicy => policy !== null);
  if (chosen.length === 0) return DEFAULT_POLICY;
  return chosen.reduce(stricter);
}

type PolicyInput = Omit<ApprovalPolicy, 'id'> & { id?: string };

export class PolicyService implements ApprovalPolicies {
  constructor(private readonly deps: Pick<OrderDeps, 'ctx' | 'directory'>) {}

  private get db() {
    return this.deps.ctx.db;
  }

  async list(actor: Actor): Promise<ApprovalPolicy[]> {
    if (isItCentre(actor)) return (await repo.listPolicies(this.db)).map(presentPolicy);
    // A department sees what applies to it: the policies of every department and its own.
    if (isOrderer(actor)) return (await repo.listPolicies(this.db, actor.departmentId)).map(presentPolicy);
    throw forbidden('Approval policies are for the IT centre and the departments that order.');
  }

  async upsert(actor: Actor, input: PolicyInput): Promise<ApprovalPolicy> {
    if (!isItCentre(actor)) throw forbidden('Approval policies are set by the IT centre.');
    await this.check(input);
    const values = {
      name: input.name.trim(),
      department_id: input.departmentId ?? null,
      category: input.category ?? null,
      steps: json(input.steps.map((step) => ({ approver: step.approver, deadlineHours: step.deadlineHours, escalateTo: step.escalateTo ?? null }))),
      auto_approve_max_fen: input.autoApproveMaxFen ?? null,
      enabled: input.enabled ?? true,
    };
    const row = await this.db.transaction().execute(async (trx) => {
      const current = input.id ? await repo.getPolicy(trx, input.id) : undefined;
      if (input.id && !current) throw notFound('cloud.approval_policy_not_found', 'No such approval policy.');
      const sameScope = await repo.policyOfScope(trx, values.department_id, values.category);
      if (sameScope && sameScope.id !== input.id) {
        throw conflict('cloud.approval_policy_scope_taken', 'A policy for this department and category exists; change that one.');
      }
      const saved = current ? await repo.updatePolicy(trx, current.id, values) : await repo.insertPolicy(trx, values);
      await this.deps.ctx.audit.record(trx, {
        actor,
        action: current ? 'cloud.approval_policy.update' : 'cloud.approval_policy.create',
        targetType: 'cloud_approval_policy',
        targetId: saved.id,
        before: current ? presentPolicy(current) : undefined,
        after: presentPolicy(saved),
      });
      return saved;
    });
    return presentPolicy(row);
  }

  async remove(actor: Actor, id: string): Promise<void> {
    if (!isItCentre(actor)) throw forbidden('Approval policies are set by the IT centre.');
    await this.db.transaction().execute(async (trx) => {
      const current = await repo.getPolicy(trx, id);
      if (!current) throw notFound('cloud.approval_policy_not_found', 'No such approval policy.');
      // Orders keep the policy they were approved under; a used policy is disabled instead of deleted.
      if (await repo.policyInUse(trx, id)) throw conflict('cloud.approval_policy_in_use', 'Orders were approved under this policy; disable it instead.');
      await repo.deletePolicy(trx, id);
      await this.deps.ctx.audit.record(trx, { actor, action: 'cloud.approval_policy.delete', targetType: 'cloud_approval_policy', targetId: id, before: presentPolicy(current) });
    });
  }

  async resolve(db: Executor, departmentId: string, categories: CloudCategory[]): Promise<ApprovalPolicy> {
    const candidates = await repo.candidatePolicies(db, departmentId, categories);
    return pickPolicy(candidates.map(presentPolicy), departmentId, categories);
  }

  /** The policy an order was submitted under (the default when it has none), for the deadlines of later steps. */
  async ofOrder(db: Executor, policyId: string | null): Promise<ApprovalPolicy> {
    const row = policyId ? await repo.getPolicy(db, policyId) : undefined;
    return row ? presentPolicy(row) : DEFAULT_POLICY;
  }

  /** Every problem of a policy at once. */
  private async check(input: PolicyInput): Promise<void> {
    const errors = new FieldErrors();
    if (input.name.trim().length === 0) errors.add('/name', 'cloud.policy_name_required', 'Give the policy a name.');
    if (input.steps.length === 0 || input.steps.length > MAX_STEPS) errors.add('/steps', 'cloud.policy_steps', `A policy has 1 to ${MAX_STEPS} steps.`);
    input.steps.forEach((step, index) => {
      if (!Number.isInteger(step.deadlineHours) || step.deadlineHours < 1 || step.deadlineHours > MAX_DEADLINE_HOURS) {
        errors.add(`/steps/${index}/deadlineHours`, 'cloud.policy_deadline', `A deadline is 1 to ${MAX_DEADLINE_HOURS} hours.`);
      }
      if (step.approver === 'it_centre' && step.escalateTo === 'it_centre') {
        errors.add(`/steps/${index}/escalateTo`, 'cloud.policy_escalation', 'An IT centre step cannot escalate to the IT centre.');
      }
    });
    if (input.autoApproveMaxFen !== null && input.autoApproveMaxFen !== undefined && (!Number.isInteger(input.autoApproveMaxFen) || input.autoApproveMaxFen < 0)) {
      errors.add('/autoApproveMaxFen', 'cloud.policy_threshold', 'The automatic approval threshold is a whole number of fen, 0 or more (null: never).');
    }
    if (input.departmentId && !(await this.deps.directory.getDepartment(input.departmentId))) {
      errors.add('/departmentId', 'cloud.department_not_found', 'No such department.');
    }
    errors.throwIfAny();
  }
}
