/**
 * HTTP for stores (docs/exchange/store.md): which resources have data, what a store looks like, its checks,
 * and the code lists.
 */
import type { FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import { json } from '../../../platform/db/database.js';
import { conflict } from '../../../platform/errors.js';
import { actorOf } from '../../../platform/http/auth.js';
import type { FieldRule } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import type { StoreRegistryImpl } from './registry.js';
import { storeRouteSchemas } from './schema.js';

const BASE = '/api/v1/exchange';

export async function registerStoreRoutes(scope: FastifyInstance, parts: ExchangeParts): Promise<void> {
  const app = scope.withTypeProvider<TypeBoxTypeProvider>();
  const stores = parts.stores as StoreRegistryImpl;

  app.get(`${BASE}/resources`, { schema: storeRouteSchemas.list, config: { auth: 'user' } }, async (request) => {
    const [list, departments] = await Promise.all([stores.list(), parts.directory.listDepartments()]);
    const names = new Map(departments.map((department) => [department.id, department.name]));
    const q = request.query.q?.trim().toLowerCase();
    const items = list
      .filter((item) => !request.query.departmentId || item.providerDepartmentId === request.query.departmentId)
      .filter((item) => !q || item.code.toLowerCase().includes(q) || item.name.toLowerCase().includes(q))
      .map((item) => ({
        code: item.code,
        name: item.name,
        providerDepartmentId: item.providerDepartmentId,
        providerDepartmentName: names.get(item.providerDepartmentId) ?? null,
        sharingType: item.sharingType,
        hasStore: item.store !== null,
        rowCount: item.store?.rowCount ?? 0,
        lastLoadAt: item.store?.lastLoadAt ?? null,
      }));
    return { items };
  });

  app.get(`${BASE}/resources/:code`, { schema: storeRouteSchemas.get, config: { auth: 'any' } }, (request) => stores.forResource(request.params.code));

  app.put(`${BASE}/resources/:code/rules`, { schema: storeRouteSchemas.setRules, config: { auth: ['data_admin', 'dept_admin', 'dept_operator'] } }, (request) =>
    stores.setRules(actorOf(request), request.params.code, request.body as Record<string, FieldRule>),
  );

  app.get(`${BASE}/code-lists`, { schema: storeRouteSchemas.listCodeLists, config: { auth: 'user' } }, async () => {
    await stores.seedCodeLists();
    const rows = await parts.ctx.db.selectFrom('exchange_code_lists').selectAll().orderBy('id').execute();
    return { items: rows.map((row) => ({ id: row.id, name: row.name, builtin: row.builtin, codes: row.codes })) };
  });

  app.put(`${BASE}/code-lists`, { schema: storeRouteSchemas.putCodeList, config: { auth: ['data_admin'] } }, async (request) => {
    await stores.seedCodeLists();
    const { id, name, codes } = request.body;
    return parts.ctx.db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('exchange_code_lists').selectAll().where('id', '=', id).executeTakeFirst();
      if (before?.builtin) throw conflict('exchange.code_list_builtin', `${id} is a national standard list and cannot be replaced.`);
      await trx
        .insertInto('exchange_code_lists')
        .values({ id, name, codes: json(codes), builtin: false })
        .onConflict((oc) => oc.column('id').doUpdateSet({ name, codes: json(codes), updated_at: sql<Date>`now()` }))
        .execute();
      await parts.ctx.audit.record(trx, { actor: actorOf(request), action: 'exchange.code_list_saved', targetType: 'code_list', targetId: id, before: before ?? null, after: { id, name, codes: codes.length } });
      return { id, name, builtin: false, codes };
    });
  });
}
