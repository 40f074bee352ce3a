import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Actor } from '../../platform/actor.js';
import type { AuditLog } from '../../platform/audit.js';
import type { Db, Executor } from '../../platform/db/database.js';
import { conflict } from '../../platform/errors.js';
import type { CredentialCache } from './credential-cache.js';
import { divisionLevel, isDivisionCodeFormat, validateCreditCode, type CreditCodeProblem } from '../../platform/identifiers.js';
import { departmentNotFound, Problems, regionNotFound } from './errors.js';
import type { DepartmentInput, RegionInput } from './index.js';
import { assertCan } from './policy.js';
import { departmentRef, orderAsTree } from './presenter.js';
import { uniqueViolation, type DepartmentRecord, type DepartmentRepository, type DepartmentRow, type RegionRepository, type RegionRow } from './repository.js';

/** Regions (GB/T 2260, versioned) and departments (a tree). Writes are the system admin's. */
export const REGION_LEVELS = ['province', 'prefecture', 'county', 'town', 'village'] as const;
type RegionLevel = (typeof REGION_LEVELS)[number];

export interface DepartmentPatch extends Partial<DepartmentInput> {
  status?: 'active' | 'disabled';
}

const CREDIT_CODE_MESSAGES: Record<CreditCodeProblem, string> = {
  length: 'A unified social credit code has exactly 18 characters.',
  charset: 'Only digits and the letters A–Y except I, O, S, V, Z are allowed.',
  organisation_check: 'The organisation code inside (positions 9–17, GB 11714) has a wrong check character.',
  check: 'The code’s own check character (position 18, GB 32100) is wrong.',
};

/** Serialises short-code assignment so two departments created at once never pick the same number. */
const SHORT_CODE_LOCK = 72_000_101;
const SHORT_CODE_PATTERN = /^\d{2}$/;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

const isRealDay = (text: string) => DAY_PATTERN.test(text) && !Number.isNaN(Date.parse(`${text}T00:00:00Z`)) && new Date(`${text}T00:00:00Z`).toISOString().startsWith(text);

export class OrganisationService {
  constructor(private readonly deps: { db: Db; audit: AuditLog; regions: RegionRepository; departments: DepartmentRepository; credentials?: CredentialCache }) {}

  // --- regions --------------------------------------------------------------------------------------------

  listRegions(includeRetired: boolean): Promise<RegionRow[]> {
    return this.deps.regions.list(this.deps.db, includeRetired);
  }

  /**
   * Creates or updates a region. Without validFrom it updates the current row of the code (or creates one);
   * with a validFrom later than the current row's, the current row is closed that day and a new version opens
   * (GB/T 2260 codes are sometimes reused for a different area).
   */
  async upsertRegion(actor: Actor, input: RegionInput): Promise<RegionRow> {
    assertCan(actor, 'region.write');
    const problems = new Problems();
    const code = input.code.trim();
    if (!isDivisionCodeFormat(code)) problems.add('directory.invalid_division_code', '/code', 'Use a 6- or 12-digit GB/T 2260 code with an existing province prefix.');
    if (input.parentCode && !isDivisionCodeFormat(input.parentCode)) {
      problems.add('directory.invalid_division_code', '/parentCode', 'Use a 6- or 12-digit GB/T 2260 code with an existing province prefix.');
    }
    if (input.level !== undefined && !REGION_LEVELS.includes(input.level as RegionLevel)) {
      problems.add('validation.failed', '/level', `Use one of ${REGION_LEVELS.join(', ')}.`, 'validation.enum');
    }
    if (input.validFrom !== undefined && !isRealDay(input.validFrom)) problems.add('validation.failed', '/validFrom', 'Use a date YYYY-MM-DD.', 'validation.format');
    if (!input.name?.trim()) problems.add('validation.failed', '/name', 'A name is required.', 'validation.required');
    problems.throwIfAny();

    const values = {
      name: input.name.trim(),
      name_en: input.nameEn?.trim() || null,
      level: (input.level as RegionLevel | undefined) ?? divisionLevel(code),
      parent_code: input.parentCode || null,
    };
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.regions.findCurrent(trx, code);
      const existing = input.validFrom ? await this.deps.regions.find(trx, code, input.validFrom) : current;
      if (existing) {
        const unchanged = existing.name === values.name && existing.name_en === values.name_en && existing.level === values.level && existing.parent_code === values.parent_code;
        // Re-running a seed or an import must not fill the audit log with no-op updates.
        if (unchanged) return existing;
        const updated = await this.deps.regions.update(trx, code, existing.valid_from, values);
        await this.deps.audit.record(trx, { actor, action: 'region.update', targetType: 'region', targetId: code, before: existing, after: updated });
        return updated;
      }
      if (current && input.validFrom) {
        if (input.validFrom <= current.valid_from) {
          throw conflict('directory.region_version_conflict', `The current version of ${code} starts on ${current.valid_from}; a new version must start later.`);
        }
        const closed = await this.deps.regions.update(trx, code, current.valid_from, { valid_to: input.validFrom });
        await this.deps.audit.record(trx, { actor, action: 'region.retire', targetType: 'region', targetId: code, before: current, after: closed });
      }
      const created = await this.deps.regions.insert(trx, { code, ...values, ...(input.validFrom ? { valid_from: input.validFrom } : {}) });
      await this.deps.audit.record(trx, { actor, action: 'region.create', targetType: 'region', targetId: code, after: created });
      return created;
    });
  }

  /** Retires the current version of a code from validTo on, naming the code that replaces it. */
  async retireRegion(actor: Actor, code: string, input: { validTo: string; successorCode?: string | null }): Promise<RegionRow> {
    assertCan(actor, 'region.write');
    const problems = new Problems();
    if (!isRealDay(input.validTo)) problems.add('validation.failed', '/validTo', 'Use a date YYYY-MM-DD.', 'validation.format');
    if (input.successorCode && !isDivisionCodeFormat(input.successorCode)) {
      problems.add('directory.invalid_division_code', '/successorCode', 'Use a 6- or 12-digit GB/T 2260 code.');
    }
    problems.throwIfAny();
    return this.deps.db.transaction().execute(async (trx) => {
      const current = await this.deps.regions.findCurrent(trx, code);
      if (!current) throw regionNotFound();
      if (input.successorCode && !(await this.deps.regions.findCurrent(trx, input.successorCode))) {
        new Problems().add('directory.unknown_region', '/successorCode', 'The successor code is not a current region.').throwIfAny();
      }
      if (input.validTo <= current.valid_from) {
        new Problems().add('validation.failed', '/validTo', `Must be after ${current.valid_from}.`, 'validation.range').throwIfAny();
      }
      const retired = await this.deps.regions.update(trx, code, current.valid_from, { valid_to: input.validTo, successor_code: input.successorCode ?? null });
      await this.deps.audit.record(trx, { actor, action: 'region.retire', targetType: 'region', targetId: code, before: current, after: retired });
      return retired;
    });
  }

  // --- departments ----------------------------------------------------------------------------------------

  /** Departments in tree order with their depth; `q` keeps the matching ones (depths stay those of the full tree). */
  async listDepartments(filter: { q?: string } = {}): Promise<Array<{ row: DepartmentRecord; depth: number }>> {
    const all = orderAsTree(await this.deps.departments.list(this.deps.db));
    const q = filter.q?.trim();
    if (!q) return all;
    const matching = new Set((await this.deps.departments.list(this.deps.db, { q })).map((row) => row.id));
    return all.filter((entry) => matching.has(entry.row.id));
  }

  async getDepartment(id: string): Promise<{ row: DepartmentRecord; depth: number }> {
    const row = await this.deps.departments.find(this.deps.db, id);
    if (!row) throw departmentNotFound();
    const chain = await this.deps.departments.selfAndAncestorIds(this.deps.db, id);
    return { row, depth: chain.length - 1 };
  }

  async findDepartment(id: string): Promise<DepartmentRecord | undefined> {
    return this.deps.departments.find(this.deps.db, id);
  }

  async createDepartment(actor: Actor, input: DepartmentInput): Promise<DepartmentRow> {
    assertCan(actor, 'department.write');
    // Forms send '' for "not given": an empty short code means "assign one".
    input = { ...input, shortCode: input.shortCode?.trim() || undefined };
    const creditCode = input.creditCode.trim().toUpperCase();
    const problems = new Problems();
    this.checkText(problems, input);
    this.checkCreditCode(problems, creditCode);
    if (input.shortCode !== undefined && !SHORT_CODE_PATTERN.test(input.shortCode)) {
      problems.add('directory.invalid_short_code', '/shortCode', 'A short code is two digits (01–99).');
    }
    return this.deps.db.transaction().execute(async (trx) => {
      await this.checkReferences(trx, problems, input.regionCode, input.parentId ?? null, null);
      problems.throwIfAny();
      await this.checkUnique(trx, { creditCode, shortCode: input.shortCode }, null);
      await sql`SELECT pg_advisory_xact_lock(${SHORT_CODE_LOCK})`.execute(trx);
      const shortCode = input.shortCode ?? (await this.nextFreeShortCode(trx));
      const created = await this.deps.departments
        .insert(trx, {
          id: randomUUID(),
          name: input.name.trim(),
          name_en: input.nameEn?.trim() || null,
          short_code: shortCode,
          credit_code: creditCode,
          region_code: input.regionCode,
          parent_id: input.parentId ?? null,
          kind: input.kind.trim(),
        })
        .catch((error: unknown) => this.rethrowUnique(error));
      await this.deps.audit.record(trx, { actor, action: 'department.create', targetType: 'department', targetId: created.id, after: departmentRef(created) });
      return created;
    });
  }

  async updateDepartment(actor: Actor, id: string, patch: DepartmentPatch): Promise<DepartmentRow> {
    assertCan(actor, 'department.write');
    patch = { ...patch, shortCode: patch.shortCode?.trim() || undefined };
    const creditCode = patch.creditCode?.trim().toUpperCase();
    const problems = new Problems();
    this.checkText(problems, patch);
    if (creditCode !== undefined) this.checkCreditCode(problems, creditCode);
    if (patch.shortCode !== undefined && !SHORT_CODE_PATTERN.test(patch.shortCode)) {
      problems.add('directory.invalid_short_code', '/shortCode', 'A short code is two digits (01–99).');
    }
    const result = await this.deps.db.transaction().execute(async (trx) => {
      const before = await this.deps.departments.findForUpdate(trx, id);
      if (!before) throw departmentNotFound();
      await this.checkReferences(trx, problems, patch.regionCode, patch.parentId, id);
      problems.throwIfAny();
      await this.checkUnique(trx, { creditCode, shortCode: patch.shortCode }, id);
      const updated = await this.deps.departments
        .update(trx, id, {
          ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
          ...(patch.nameEn !== undefined ? { name_en: patch.nameEn?.trim() || null } : {}),
          ...(creditCode !== undefined ? { credit_code: creditCode } : {}),
          ...(patch.regionCode !== undefined ? { region_code: patch.regionCode } : {}),
          ...(patch.parentId !== undefined ? { parent_id: patch.parentId } : {}),
          ...(patch.kind !== undefined ? { kind: patch.kind.trim() } : {}),
          ...(patch.shortCode !== undefined ? { short_code: patch.shortCode } : {}),
          ...(patch.status !== undefined ? { status: patch.status } : {}),
        })
        .catch((error: unknown) => this.rethrowUnique(error));
      await this.deps.audit.record(trx, { actor, action: 'department.update', targetType: 'department', targetId: id, before: departmentRef(before), after: departmentRef(updated) });
      return updated;
    });
    // A disabled department's business systems stop at once on this node.
    this.deps.credentials?.clear();
    return result;
  }

  private checkText(problems: Problems, input: { name?: string; kind?: string }): void {
    if (input.name !== undefined && !input.name.trim()) problems.add('validation.failed', '/name', 'A name is required.', 'validation.required');
    if (input.kind !== undefined && !input.kind.trim()) problems.add('validation.failed', '/kind', 'A kind is required.', 'validation.required');
  }

  /** Both layers of the code, with a message saying which one failed. */
  private checkCreditCode(problems: Problems, creditCode: string): void {
    const result = validateCreditCode(creditCode);
    if (!result.ok) {
      problems.add('directory.invalid_credit_code', '/creditCode', CREDIT_CODE_MESSAGES[result.reason], `directory.credit_code_${result.reason}`);
    }
  }

  /** The region must be current; the parent must exist and must not be the department itself or below it. */
  private async checkReferences(executor: Executor, problems: Problems, regionCode: string | undefined, parentId: string | null | undefined, selfId: string | null): Promise<void> {
    if (regionCode !== undefined && !(await this.deps.regions.findCurrent(executor, regionCode))) {
      problems.add('directory.unknown_region', '/regionCode', 'No current region has this code.');
    }
    if (!parentId) return;
    if (!(await this.deps.departments.find(executor, parentId))) {
      problems.add('directory.unknown_parent', '/parentId', 'No department has this id.');
    } else if (selfId && (await this.deps.departments.selfAndAncestorIds(executor, parentId)).includes(selfId)) {
      problems.add('directory.department_cycle', '/parentId', 'A department cannot be placed under itself or one of its own sub-departments.');
    }
  }

  private async checkUnique(executor: Executor, values: { creditCode?: string; shortCode?: string }, selfId: string | null): Promise<void> {
    if (values.creditCode !== undefined) {
      const holder = await this.deps.departments.findByCreditCode(executor, values.creditCode);
      if (holder && holder.id !== selfId) throw this.duplicate('credit_code');
    }
    if (values.shortCode !== undefined) {
      const holder = await this.deps.departments.findByShortCode(executor, values.shortCode);
      if (holder && holder.id !== selfId) throw this.duplicate('short_code');
    }
  }

  private duplicate(what: 'credit_code' | 'short_code') {
    const pointer = what === 'credit_code' ? '/creditCode' : '/shortCode';
    const message = what === 'credit_code' ? 'Another department has this credit code.' : 'Another department has this short code.';
    return conflict(`directory.duplicate_${what}`, message, [{ pointer, code: `directory.duplicate_${what}`, message }]);
  }

  /** A race lost to another transaction still answers 409 with the right code, not 500. */
  private rethrowUnique(error: unknown): never {
    const constraint = uniqueViolation(error);
    if (constraint?.includes('credit_code')) throw this.duplicate('credit_code');
    if (constraint?.includes('short_code')) throw this.duplicate('short_code');
    throw error;
  }

  /** The lowest two-digit number not taken (departments are never deleted, so numbers are never reused). */
  private async nextFreeShortCode(executor: Executor): Promise<string> {
    const used = await this.deps.departments.usedShortCodes(executor);
    for (let n = 1; n <= 99; n++) {
      const candidate = String(n).padStart(2, '0');
      if (!used.has(candidate)) return candidate;
    }
    throw conflict('directory.short_codes_exhausted', 'All 99 department short codes are taken; give one explicitly.');
  }
}
