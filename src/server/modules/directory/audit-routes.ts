import { actorOf } from '../../platform/http/auth.js';
import type { DirectoryServices } from './module.js';
import { rolesFor } from './policy.js';
import { presentAuditEntry } from './presenter.js';
import type { TypedApp } from './routes.js';
import { auditSchemas } from './schema.js';

/** GET /api/v1/audit: the audit admin reads the log, newest first. */
export function registerAuditRoutes(app: TypedApp, services: DirectoryServices): void {
  app.get('/api/v1/audit', { schema: auditSchemas.list, config: { auth: rolesFor('audit.read') } }, async (request) => {
    const { page = 1, pageSize = 20, from, to, ...filters } = request.query;
    const { rows, total } = await services.audit.list(actorOf(request), {
      ...filters,
      from: from ? new Date(from) : undefined,
      to: to ? new Date(to) : undefined,
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { data: rows.map(presentAuditEntry), total, page, pageSize };
  });
}
