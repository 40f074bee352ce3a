/**
 * The catalog's use cases behind one CatalogService (index.ts): entries (entries.ts), the review lifecycle
 * (workflow.ts), reads and search (queries.ts), and the classification tree here.
 */
import type { Actor } from '../../platform/actor.js';
import { hasRole } from '../../platform/actor.js';
import { forbidden, validationFailed, type FieldError } from '../../platform/errors.js';
import { EntryWriter } from './entries.js';
import type { CatalogService, ClassificationInput } from './index.js';
import { CatalogQueries } from './queries.js';
import { listClassifications, upsertClassifications } from './repository.js';
import type { CatalogContext } from './service-context.js';
import { CLASSIFICATION_VIEWS, VIEW_BY_DIGIT } from './vocabulary.js';
import { Workflow } from './workflow.js';

/** Code length per level: 类 1 digit, 项 +2, 目 +3, 细目 +3 (migrations/0003_catalog.sql). */
const CODE_LENGTH_BY_LEVEL: Record<number, number> = { 1: 1, 2: 3, 3: 6, 4: 9 };

/** Every problem of a classification list, against the list itself and the tree already stored. */
export function checkClassifications(list: ClassificationInput[], stored: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  const codes = new Set(list.map((c) => c.code));
  list.forEach((c, index) => {
    const at = `/${index}`;
    const expectedLength = CODE_LENGTH_BY_LEVEL[c.level];
    if (!expectedLength) errors.push({ pointer: `${at}/level`, code: 'validation.enum', message: 'level is 1, 2, 3 or 4.' });
    if (typeof c.code !== 'string' || !/^[1-3][0-9]*$/.test(c.code) || (expectedLength && c.code.length !== expectedLength)) {
      errors.push({ pointer: `${at}/code`, code: 'catalog.invalid_classification_code', message: 'The code does not fit its level (1, 3, 6 or 9 digits, first digit the view).' });
    } else if (VIEW_BY_DIGIT[c.code[0]] !== c.view || !(CLASSIFICATION_VIEWS as readonly string[]).includes(c.view)) {
      errors.push({ pointer: `${at}/view`, code: 'catalog.invalid_classification_view', message: 'The first digit of the code names the view: 1 base, 2 theme, 3 department.' });
    }
    if (typeof c.name !== 'string' || c.name.trim() === '' || c.name.length > 200) {
      errors.push({ pointer: `${at}/name`, code: 'validation.required', message: 'A classification needs a name of at most 200 characters.' });
    }
    const expectedParent = c.level > 1 && expectedLength ? c.code.slice(0, CODE_LENGTH_BY_LEVEL[c.level - 1]) : null;
    if ((c.parentCode ?? null) !== expectedParent) {
      errors.push({ pointer: `${at}/parentCode`, code: 'catalog.invalid_classification_parent', message: `The parent of ${c.code} is ${expectedParent ?? 'none'}.` });
    } else if (expectedParent && !codes.has(expectedParent) && !stored.has(expectedParent)) {
      errors.push({ pointer: `${at}/parentCode`, code: 'catalog.unknown_classification', message: `The parent ${expectedParent} does not exist.` });
    }
  });
  return errors;
}

export function createCatalogService(c: CatalogContext): CatalogService {
  const entries = new EntryWriter(c);
  const workflow = new Workflow(c);
  const queries = new CatalogQueries(c);

  async function upsertClassificationList(actor: Actor, list: ClassificationInput[]): Promise<void> {
    // Reference data of the whole platform: the data bureau (or the operator) maintains it.
    if (!hasRole(actor, 'data_admin')) throw forbidden('Only the platform data admin maintains the classification tree.');
    const stored = new Set((await listClassifications(c.db)).map((row) => row.code));
    const errors = checkClassifications(list, stored);
    if (errors.length) throw validationFailed(errors, 'The classification list has invalid entries.');
    await c.db.transaction().execute(async (trx) => {
      await upsertClassifications(trx, list);
      await c.audit.record(trx, {
        actor,
        action: 'catalog.classification.upsert',
        targetType: 'catalog_classification',
        after: { count: list.length, codes: list.map((item) => item.code) },
      });
    });
    c.classifications.forget();
    c.searchCache.clear();
  }

  return {
    upsertClassifications: upsertClassificationList,
    validateInput: (actor, input, options) => entries.validateInput(actor, input, options),
    create: (actor, input, executor) => entries.create(actor, input, executor),
    createMany: (actor, inputs, options) => entries.createMany(actor, inputs, options),
    update: (actor, code, input) => entries.update(actor, code, input),
    remove: (actor, code) => entries.remove(actor, code),
    submit: (actor, code) => workflow.submit(actor, code),
    returnForRevision: (actor, code, reason) => workflow.returnForRevision(actor, code, reason),
    publish: (actor, code) => workflow.publish(actor, code),
    retire: (actor, code, reason) => workflow.retire(actor, code, reason),
    countResources: () => queries.countResources(),
    listClassifications: () => queries.listClassifications(),
    search: (actor, params) => queries.search(actor, params),
    get: (actor, code) => queries.get(actor, code),
    versions: (actor, code) => queries.versions(actor, code),
    version: (actor, code, version) => queries.version(actor, code, version),
    diff: (actor, code, from, to) => queries.diff(actor, code, from, to),
    stats: (actor) => queries.stats(actor),
    listForExport: (actor, filters, options) => queries.listForExport(actor, filters, options),
  };
}
