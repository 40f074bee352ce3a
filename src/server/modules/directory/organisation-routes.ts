import { actorOf } from '../../platform/http/auth.js';
import type { DirectoryServices } from './module.js';
import { rolesFor } from './policy.js';
import { presentDepartment, presentRegion } from './presenter.js';
import type { TypedApp } from './routes.js';
import { departmentSchemas, regionSchemas } from './schema.js';

/** Regions and departments: reference data every person and business system may read. */
export function registerOrganisationRoutes(app: TypedApp, services: DirectoryServices): void {
  const { organisation } = services;

  app.get('/api/v1/regions', { schema: regionSchemas.list, config: { auth: 'any' } }, async (request) => {
    const rows = await organisation.listRegions(request.query.includeRetired === true);
    return rows.map(presentRegion);
  });

  app.post('/api/v1/regions', { schema: regionSchemas.upsert, config: { auth: rolesFor('region.write') } }, async (request) => {
    return presentRegion(await organisation.upsertRegion(actorOf(request), request.body));
  });

  app.post('/api/v1/regions/:code/retire', { schema: regionSchemas.retire, config: { auth: rolesFor('region.write') } }, async (request) => {
    return presentRegion(await organisation.retireRegion(actorOf(request), request.params.code, request.body));
  });

  app.get('/api/v1/departments', { schema: departmentSchemas.list, config: { auth: 'any' } }, async (request) => {
    const entries = await organisation.listDepartments({ q: request.query.q });
    return entries.map(({ row, depth }) => presentDepartment(row, depth));
  });

  app.get('/api/v1/departments/:id', { schema: departmentSchemas.get, config: { auth: 'any' } }, async (request) => {
    const { row, depth } = await organisation.getDepartment(request.params.id);
    return presentDepartment(row, depth);
  });

  app.post('/api/v1/departments', { schema: departmentSchemas.create, config: { auth: rolesFor('department.write') } }, async (request, reply) => {
    const created = await organisation.createDepartment(actorOf(request), request.body);
    const { row, depth } = await organisation.getDepartment(created.id);
    return reply.code(201).send(presentDepartment(row, depth));
  });

  app.patch('/api/v1/departments/:id', { schema: departmentSchemas.update, config: { auth: rolesFor('department.write') } }, async (request) => {
    await organisation.updateDepartment(actorOf(request), request.params.id, request.body);
    const { row, depth } = await organisation.getDepartment(request.params.id);
    return presentDepartment(row, depth);
  });
}
