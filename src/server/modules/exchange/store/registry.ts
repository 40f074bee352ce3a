/**
 * Creates and evolves each resource's store (xs_/xh_/xq_ objects, see StoreDefinition in index.ts) from its
 * catalog entry, and answers what a store looks like. DDL runs under an advisory lock per resource so two nodes
 * (or two first loads) never race to create the same tables.
 */
import { sql } from 'kysely';
import type { Actor } from '../../../platform/actor.js';
import type { AppContext } from '../../../platform/context.js';
import { json, type Executor } from '../../../platform/db/database.js';
import { conflict, DomainError, forbidden, notFound } from '../../../platform/errors.js';
import type { DataItem, SharingType } from '../../catalog/index.js';
import type { FieldRule, StoreDefinition, StoreRegistry } from '../index.js';
import { actsForProvider } from '../policy.js';
import { BUILTIN_CODE_LISTS, columnsFromItems, inferRules, quoteIdent, SQL_TYPES, storeTableNames } from './columns.js';

const STORE_LOCK_NAMESPACE = 72_000_010;
const CACHE_MS = 5_000;

interface PhysicalColumn {
  name: string;
  sqlType: string;
}

interface ResourceRow {
  id: string;
  code: string;
  name: string;
  provider_department_id: string;
  sharing_type: SharingType;
  update_cycle: string;
  status: string;
  current_version: number;
  data_items: DataItem[];
}

export async function lockStore(executor: Executor, resourceCode: string): Promise<void> {
  await sql`SELECT pg_advisory_xact_lock(${STORE_LOCK_NAMESPACE}, hashtext(${resourceCode}))`.execute(executor);
}

export class StoreRegistryImpl implements StoreRegistry {
  private readonly cache = new Map<string, { definition: StoreDefinition; at: number }>();
  private codeListsSeeded = false;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'audit'>) {}

  private async resource(executor: Executor, code: string): Promise<ResourceRow> {
    const row = await executor
      .selectFrom('catalog_resources')
      .select(['id', 'code', 'name', 'provider_department_id', 'sharing_type', 'update_cycle', 'status', 'current_version', 'data_items'])
      .where('code', '=', code)
      .executeTakeFirst();
    if (!row) throw notFound('exchange.resource_not_found', `No catalog entry has the code ${code}.`);
    return row as unknown as ResourceRow;
  }

  async seedCodeLists(): Promise<void> {
    if (this.codeListsSeeded) return;
    for (const list of BUILTIN_CODE_LISTS) {
      await this.ctx.db
        .insertInto('exchange_code_lists')
        .values({ id: list.id, name: list.name, codes: json(list.codes), builtin: true })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute();
    }
    this.codeListsSeeded = true;
  }

  /** Code list id → its codes, for the validator. */
  async codeLists(): Promise<Map<string, Set<string>>> {
    await this.seedCodeLists();
    const rows = await this.ctx.db.selectFrom('exchange_code_lists').select(['id', 'codes']).execute();
    return new Map(rows.map((row) => [row.id, new Set(row.codes.map((entry) => entry.code))]));
  }

  async find(code: string): Promise<StoreDefinition | null> {
    const store = await this.ctx.db.selectFrom('exchange_stores').selectAll().where('resource_code', '=', code).executeTakeFirst();
    if (!store) return null;
    const resource = await this.resource(this.ctx.db, code);
    return this.present(resource, store);
  }

  async forResource(code: string): Promise<StoreDefinition> {
    const cached = this.cache.get(code);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.definition;
    const resource = await this.resource(this.ctx.db, code);
    if (resource.status !== 'published') {
      throw conflict('exchange.resource_not_published', `The catalog entry ${code} is not published (it is ${resource.status}).`);
    }
    if (!resource.data_items.length) throw conflict('exchange.no_data_items', `The catalog entry ${code} has no data items, so it has no store.`);
    if (!resource.data_items.some((item) => item.key)) {
      throw conflict('exchange.no_key_items', `The catalog entry ${code} marks no data item as key; the store needs a key to upsert by.`);
    }
    let store = await this.ctx.db.selectFrom('exchange_stores').selectAll().where('resource_id', '=', resource.id).executeTakeFirst();
    if (!store || store.catalog_version !== resource.current_version) {
      await this.ctx.db.transaction().execute(async (trx) => {
        await lockStore(trx, code);
        const current = await trx.selectFrom('exchange_stores').selectAll().where('resource_id', '=', resource.id).executeTakeFirst();
        if (!current) await this.create(trx, resource);
        else if (current.catalog_version !== resource.current_version) await this.evolve(trx, resource, current.columns as PhysicalColumn[], current.key_columns);
      });
      store = await this.ctx.db.selectFrom('exchange_stores').selectAll().where('resource_id', '=', resource.id).executeTakeFirstOrThrow();
    }
    const definition = this.present(resource, store);
    this.cache.set(code, { definition, at: Date.now() });
    return definition;
  }

  /** Drops the cached definition (after a load changed counts, or rules changed). */
  invalidate(code: string): void {
    this.cache.delete(code);
  }

  async list() {
    const rows = await this.ctx.db
      .selectFrom('catalog_resources')
      .select(['code', 'name', 'provider_department_id', 'sharing_type', 'status', 'current_version', 'data_items', 'id', 'update_cycle'])
      .where('status', '=', 'published')
      .orderBy('code')
      .execute();
    const stores = await this.ctx.db.selectFrom('exchange_stores').selectAll().execute();
    const byResource = new Map(stores.map((store) => [store.resource_id, store]));
    return rows
      .filter((row) => (row.data_items as DataItem[]).length > 0)
      .map((row) => {
        const store = byResource.get(row.id);
        return {
          code: row.code,
          name: row.name,
          providerDepartmentId: row.provider_department_id,
          sharingType: row.sharing_type as SharingType,
          store: store ? this.present(row as unknown as ResourceRow, store) : null,
        };
      });
  }

  async setRules(actor: Actor, code: string, rules: Record<string, FieldRule>): Promise<StoreDefinition> {
    const definition = await this.forResource(code);
    if (!actsForProvider(actor, definition.providerDepartmentId)) throw forbidden('Only the provider department or the data bureau may change the checks of this resource.', 'exchange.not_provider');
    const problems = [];
    const names = new Set(definition.columns.map((column) => column.name));
    const codeLists = await this.codeLists();
    for (const [field, rule] of Object.entries(rules)) {
      if (!names.has(field)) problems.push({ pointer: `/${field}`, code: 'exchange.unknown_field', message: `"${field}" is not a data item of this resource.` });
      if (rule.pattern) {
        try {
          new RegExp(rule.pattern, 'u');
        } catch {
          problems.push({ pointer: `/${field}/pattern`, code: 'exchange.invalid_pattern', message: 'Not a valid regular expression.' });
        }
      }
      if (rule.codeListId && !codeLists.has(rule.codeListId)) {
        problems.push({ pointer: `/${field}/codeListId`, code: 'exchange.unknown_code_list', message: `No code list ${rule.codeListId}.` });
      }
    }
    if (problems.length) throw new DomainError('validation.failed', 400, 'The rules have invalid fields.', problems);
    await this.ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('exchange_stores').set({ rules: json(rules), updated_at: sql<Date>`now()` }).where('resource_id', '=', definition.resourceId).execute();
      await this.ctx.audit.record(trx, { actor, action: 'exchange.rules_changed', targetType: 'resource', targetId: code, before: definition.rules, after: rules });
    });
    this.invalidate(code);
    return this.forResource(code);
  }

  private present(resource: ResourceRow, store: {
    table_name: string; history_table: string; key_columns: string[]; rules: Record<string, unknown>; catalog_version: number;
    row_count: number; last_change_seq: number; last_load_at: Date | null;
  }): StoreDefinition {
    return {
      resourceId: resource.id,
      resourceCode: resource.code,
      resourceName: resource.name,
      providerDepartmentId: resource.provider_department_id,
      sharingType: resource.sharing_type,
      updateCycle: resource.update_cycle,
      catalogVersion: store.catalog_version,
      table: store.table_name,
      history: store.history_table,
      keyColumns: store.key_columns,
      columns: columnsFromItems(resource.data_items),
      rules: store.rules as Record<string, FieldRule>,
      rowCount: Number(store.row_count),
      lastChangeSeq: Number(store.last_change_seq),
      lastLoadAt: store.last_load_at ? new Date(store.last_load_at).toISOString() : null,
    };
  }

  private async create(trx: Executor, resource: ResourceRow): Promise<void> {
    const names = storeTableNames(resource.code);
    const columns = columnsFromItems(resource.data_items);
    const keys = columns.filter((column) => column.key).map((column) => column.name);
    const physical: PhysicalColumn[] = columns.map((column) => ({ name: column.name, sqlType: SQL_TYPES[column.type] }));
    const dataColumns = physical.map((column) => `${quoteIdent(column.name)} ${column.sqlType}`).join(', ');
    const keyList = keys.map(quoteIdent).join(', ');
    await sql.raw(`CREATE SEQUENCE IF NOT EXISTS ${names.sequence}`).execute(trx);
    await sql
      .raw(`CREATE TABLE IF NOT EXISTS ${names.table} (${dataColumns}, _seq bigint NOT NULL, _load_id uuid NULL, _updated_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (${keyList}))`)
      .execute(trx);
    // The history is written once and read by sequence: a narrow fill factor buys nothing, keep the default.
    await sql
      .raw(`CREATE TABLE IF NOT EXISTS ${names.history} (_seq bigint PRIMARY KEY, _op "char" NOT NULL, ${dataColumns}, _load_id uuid NULL, _at timestamptz NOT NULL DEFAULT now())`)
      .execute(trx);
    await trx
      .insertInto('exchange_stores')
      .values({
        resource_id: resource.id,
        resource_code: resource.code,
        table_name: names.table,
        history_table: names.history,
        key_columns: keys,
        columns: json(physical),
        rules: json(inferRules(columns)),
        catalog_version: resource.current_version,
      })
      .execute();
  }

  /** A new catalog version: add new columns, convert changed types; the key cannot change under a store. */
  private async evolve(trx: Executor, resource: ResourceRow, physical: PhysicalColumn[], keyColumns: string[]): Promise<void> {
    const columns = columnsFromItems(resource.data_items);
    const keys = columns.filter((column) => column.key).map((column) => column.name);
    if (keys.join(',') !== keyColumns.join(',')) {
      throw conflict('exchange.store_key_changed', `The key items of ${resource.code} changed (${keyColumns.join(', ')} → ${keys.join(', ')}); the store cannot be re-keyed in place.`);
    }
    const names = storeTableNames(resource.code);
    const byName = new Map(physical.map((column) => [column.name, column]));
    for (const column of columns) {
      const wanted = SQL_TYPES[column.type];
      const existing = byName.get(column.name);
      if (!existing) {
        for (const table of [names.table, names.history]) await sql.raw(`ALTER TABLE ${table} ADD COLUMN IF NOT EXISTS ${quoteIdent(column.name)} ${wanted}`).execute(trx);
        physical.push({ name: column.name, sqlType: wanted });
      } else if (existing.sqlType !== wanted) {
        try {
          await sql.raw('SAVEPOINT zs_evolve').execute(trx);
          for (const table of [names.table, names.history]) {
            await sql.raw(`ALTER TABLE ${table} ALTER COLUMN ${quoteIdent(column.name)} TYPE ${wanted} USING ${quoteIdent(column.name)}::text::${wanted}`).execute(trx);
          }
          await sql.raw('RELEASE SAVEPOINT zs_evolve').execute(trx);
        } catch {
          await sql.raw('ROLLBACK TO SAVEPOINT zs_evolve').execute(trx);
          throw conflict('exchange.store_incompatible', `Stored values of ${column.name} cannot be converted from ${existing.sqlType} to ${wanted}.`);
        }
        existing.sqlType = wanted;
      }
    }
    await trx
      .updateTable('exchange_stores')
      .set({ columns: json(physical), catalog_version: resource.current_version, updated_at: sql<Date>`now()` })
      .where('resource_id', '=', resource.id)
      .execute();
  }
}
