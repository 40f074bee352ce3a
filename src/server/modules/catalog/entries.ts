/**
 * Registering and editing catalog entries: validation, code generation, the search columns, versions of
 * published entries, and the audit record of each write in the same transaction.
 *
 * Directory reads (departments, systems) happen before a transaction opens: on PGlite a single connection
 * serves everything, so a query outside an open transaction would wait for it forever.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/actor.js';
import { json, type Executor } from '../../platform/db/database.js';
import type { DataItemRecord } from '../../platform/db/schema.js';
import { conflict, forbidden, type FieldError } from '../../platform/errors.js';
import type { ResourceInput, ValidateOptions } from './index.js';
import { defaultDepartment, may, TRANSITIONS } from './policy.js';
import { presentResource } from './presenter.js';
import { loadCatalogReferences, loadDirectoryReferences } from './references.js';
import {
  deleteResource, existingCodes, insertResources, insertVersion, raiseSequence, reserveSequence, updateResource,
  type NewResource, type ResourceRow,
} from './repository.js';
import type { Resource } from './schema.js';
import { diffSnapshots } from './diff.js';
import { searchDocument } from './segment.js';
import {
  actorUserId, afterWrite, errorFor, findVisible, inTransaction, invalidTransition, isDuplicateCode, presentCached, prefixed, recordAudit,
  type CatalogContext,
} from './service-context.js';
import { checkReferences, checkResourceShape, type CheckedInput } from './validation.js';

/** Rows per INSERT and per progress report of a bulk creation. */
const CHUNK_SIZE = 100;

export interface CreateManyOptions {
  onProgress?: (done: number) => Promise<void> | void;
  /** A transaction of the caller to write in (create with an executor). */
  executor?: Executor;
}

/** The content columns of an entry, as the input states them. */
function contentColumns(input: CheckedInput, departmentId: string) {
  return {
    classification_code: input.classificationCode,
    name: input.name,
    name_en: input.nameEn,
    provider_department_id: departmentId,
    summary: input.summary,
    format: input.format,
    data_items: input.dataItems as DataItemRecord[],
    sharing_type: input.sharingType,
    sharing_conditions: input.sharingConditions,
    sharing_methods: input.sharingMethods,
    not_shared_basis: input.notSharedBasis,
    open_type: input.openType,
    open_conditions: input.openConditions,
    update_cycle: input.updateCycle,
    publish_date: input.publishDate,
    keywords: input.keywords,
    related_codes: input.relatedCodes,
    source_system_id: input.sourceSystemId,
  };
}

const documentFor = (code: string, input: CheckedInput) =>
  searchDocument({ code, name: input.name, nameEn: input.nameEn, keywords: input.keywords, summary: input.summary, dataItems: input.dataItems });

const formatCode = (classificationCode: string, sequence: number) => `${classificationCode}-${String(sequence).padStart(6, '0')}`;

/** Reserves `count` fresh codes of a classification, skipping any already taken (e.g. by an imported code). */
async function allocateCodes(trx: Executor, classificationCode: string, count: number): Promise<string[]> {
  const codes: string[] = [];
  while (codes.length < count) {
    const wanted = count - codes.length;
    const first = await reserveSequence(trx, classificationCode, wanted);
    const candidates = Array.from({ length: wanted }, (_, i) => formatCode(classificationCode, first + i));
    const taken = await existingCodes(trx, candidates);
    codes.push(...candidates.filter((code) => !taken.has(code)));
  }
  return codes;
}

export class EntryWriter {
  constructor(private readonly c: CatalogContext) {}

  async validateInput(actor: Actor, raw: ResourceInput, options: ValidateOptions = {}): Promise<FieldError[]> {
    const shape = checkResourceShape(raw);
    if (!shape.input) return shape.errors;
    const departmentId = shape.input.providerDepartmentId ?? defaultDepartment(actor);
    const refs = {
      ...(await loadDirectoryReferences(this.c.directory, [shape.input], [departmentId])),
      ...(await loadCatalogReferences(this.c.db, [shape.input], options.knownCodes)),
    };
    return [...shape.errors, ...checkReferences(shape.input, refs, { departmentId, mayUseDepartment: (id) => may(actor, 'create', id) })];
  }

  async create(actor: Actor, raw: ResourceInput, executor?: Executor): Promise<{ id: string; code: string }> {
    const [created] = await this.insertAll(actor, [raw], { executor }, true);
    return created;
  }

  async createMany(actor: Actor, raws: ResourceInput[], options: CreateManyOptions = {}): Promise<string[]> {
    const created = await this.insertAll(actor, raws, options, false);
    return created.map((entry) => entry.code);
  }

  /** Checks every input, then writes all of them in one transaction, or none. */
  private async insertAll(actor: Actor, raws: ResourceInput[], options: CreateManyOptions, single: boolean): Promise<Array<{ id: string; code: string }>> {
    const shapes = raws.map((raw) => checkResourceShape(raw));
    const inputs = shapes.map((shape) => shape.input).filter((input): input is CheckedInput => input !== null);
    const departmentIds = shapes.map((shape) => shape.input?.providerDepartmentId ?? defaultDepartment(actor));
    const explicitCodes = inputs.map((input) => input.code).filter((code): code is string => code !== null);
    const directoryRefs = await loadDirectoryReferences(this.c.directory, inputs, departmentIds);
    await this.c.departments.load(departmentIds.filter((id): id is string => id !== null));

    // Progress goes through a chain that is not awaited inside the transaction: the reporter may write with
    // another connection, which on PGlite can only run once this transaction has finished.
    let progress: Promise<void> = Promise.resolve();
    const report = (done: number) => {
      if (options.onProgress) progress = progress.then(() => options.onProgress!(done)).catch(() => undefined);
    };

    const created = await afterWrite(this.c, inTransaction(this.c, options.executor, async (trx) => {
      const refs = { ...directoryRefs, ...(await loadCatalogReferences(trx, inputs, explicitCodes)) };
      const seen = new Set<string>();
      shapes.forEach((shape, index) => {
        const errors = [...shape.errors];
        if (shape.input) {
          const departmentId = departmentIds[index];
          errors.push(...checkReferences(shape.input, refs, { departmentId, mayUseDepartment: (id) => may(actor, 'create', id) }));
          const code = shape.input.code;
          if (code !== null && seen.has(code)) errors.push({ pointer: '/code', code: 'catalog.duplicate_code', message: 'Another entry of this batch has this code.' });
          if (code !== null) seen.add(code);
        }
        if (errors.length) throw errorFor(single ? errors : prefixed(errors, `/${index}`), single ? undefined : `Entry ${index + 1} has invalid fields.`);
      });

      // Generated codes continue above every explicit code of their classification.
      for (const input of inputs) {
        if (input.code) await raiseSequence(trx, input.classificationCode, Number(input.code.slice(input.code.lastIndexOf('-') + 1)));
      }
      const result: Array<{ id: string; code: string }> = [];
      for (let start = 0; start < inputs.length; start += CHUNK_SIZE) {
        const chunk = inputs.slice(start, start + CHUNK_SIZE);
        const rows = await this.insertChunk(trx, actor, chunk, departmentIds.slice(start, start + CHUNK_SIZE) as string[]);
        result.push(...rows.map((row) => ({ id: row.id, code: row.code })));
        report(result.length);
      }
      return result;
    })).catch((error: unknown) => {
      if (isDuplicateCode(error)) throw conflict('catalog.duplicate_code', 'Another entry already has this code.');
      throw error;
    });
    await progress;
    return created;
  }

  private async insertChunk(trx: Executor, actor: Actor, inputs: CheckedInput[], departmentIds: string[]): Promise<ResourceRow[]> {
    const generated = new Map<string, string[]>();
    for (const input of inputs) {
      if (input.code) continue;
      generated.set(input.classificationCode, [...(generated.get(input.classificationCode) ?? []), '']);
    }
    for (const [classificationCode, slots] of generated) generated.set(classificationCode, await allocateCodes(trx, classificationCode, slots.length));
    const userId = actorUserId(actor);
    const rows = inputs.map((input, index) => {
      const code = input.code ?? generated.get(input.classificationCode)!.shift()!;
      const row: NewResource = { id: randomUUID(), code, ...contentColumns(input, departmentIds[index]), status: 'draft', created_by: userId, updated_by: userId };
      return { row, document: documentFor(code, input) };
    });
    const inserted = await insertResources(trx, rows);
    for (const row of inserted) {
      await recordAudit(this.c, trx, actor, 'create', row, null, await presentCached(this.c, row, trx));
    }
    return inserted;
  }

  /** Drafts and returned entries change in place; a published entry gets version N+1 and stays published. */
  async update(actor: Actor, code: string, raw: ResourceInput): Promise<Resource> {
    const shape = checkResourceShape(raw);
    const current = await findVisible(this.c, actor, code);
    const departmentId = shape.input?.providerDepartmentId ?? current.provider_department_id;
    const directoryRefs = shape.input ? await loadDirectoryReferences(this.c.directory, [shape.input], [departmentId]) : null;
    await this.c.departments.load([departmentId, current.provider_department_id]);

    return afterWrite(this.c, this.c.db.transaction().execute(async (trx) => {
      const row = await findVisible(this.c, actor, code, trx, true);
      if (!may(actor, 'edit', row.provider_department_id)) throw forbidden('Only the provider department edits its entries.');
      if (!TRANSITIONS.edit.from.includes(row.status)) throw invalidTransition('edit', row.status);
      if (!shape.input || !directoryRefs) throw errorFor(shape.errors);
      // An explicit code is for imports; an edit keeps the entry's code.
      const input: CheckedInput = { ...shape.input, code: null };
      const refs = { ...directoryRefs, ...(await loadCatalogReferences(trx, [input])) };
      const errors = [...shape.errors, ...checkReferences(input, refs, { departmentId, ownCode: row.code, mayUseDepartment: (id) => may(actor, 'edit', id) })];
      if (row.status === 'published' && input.classificationCode !== row.classification_code) {
        errors.push({ pointer: '/classificationCode', code: 'catalog.classification_locked', message: 'A published entry keeps its classification and code.' });
      }
      if (errors.length) throw errorFor(errors);

      // Publication fixed the publish date: an edit that leaves it out keeps it.
      const content = { ...contentColumns(input, departmentId), publish_date: input.publishDate ?? row.publish_date };
      const before = await presentCached(this.c, row, trx);
      const userId = actorUserId(actor);
      if (row.status === 'published') {
        const candidate = presentResource({ ...row, ...content }, this.c.departments.peek(departmentId), before.classificationName);
        if (diffSnapshots(before, candidate).length === 0) return before;
        const updated = await updateResource(trx, row.id, { ...content, current_version: row.current_version + 1, updated_by: userId }, documentFor(row.code, input));
        const after = await presentCached(this.c, updated, trx);
        await insertVersion(trx, { resource_id: row.id, version: updated.current_version, snapshot: json(after), change_note: input.changeNote, created_by: userId });
        await recordAudit(this.c, trx, actor, 'revise', row, before, { ...after, changeNote: input.changeNote });
        return after;
      }
      // A new classification before publication means a code of that classification.
      const newCode = input.classificationCode === row.classification_code ? row.code : (await allocateCodes(trx, input.classificationCode, 1))[0];
      const updated = await updateResource(trx, row.id, { ...content, code: newCode, updated_by: userId }, documentFor(newCode, input));
      const after = await presentCached(this.c, updated, trx);
      await recordAudit(this.c, trx, actor, 'update', row, before, after);
      return after;
    }));
  }

  async remove(actor: Actor, code: string): Promise<void> {
    const current = await findVisible(this.c, actor, code);
    await this.c.departments.load([current.provider_department_id]);
    await afterWrite(this.c, this.c.db.transaction().execute(async (trx) => {
      const row = await findVisible(this.c, actor, code, trx, true);
      if (!may(actor, 'delete', row.provider_department_id)) throw forbidden('Only the provider department deletes its drafts.');
      if (!TRANSITIONS.delete.from.includes(row.status)) throw invalidTransition('delete', row.status);
      const before = await presentCached(this.c, row, trx);
      await deleteResource(trx, row.id);
      await recordAudit(this.c, trx, actor, 'delete', row, before, null);
    }));
  }
}
