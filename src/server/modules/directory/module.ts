import type { AppContext } from '../../platform/context.js';
import { AuditRepository } from './audit-repository.js';
import { CredentialCache } from './credential-cache.js';
import { createAuditTrailRoutes } from './audit-routes.js';
import type { DirectoryModule } from './index.js';
import { OrganisationService } from './organisation-service.js';
import { createPrincipalResolver } from './principal.js';
import { DepartmentRepository, RegionRepository, SettingsRepository } from './repository.js';
import { createDirectoryRoutes } from './routes.js';
import { SecurityPolicyService } from './security-policy-service.js';
import { AuditQueryService, createDirectoryService } from './service.js';
import { SessionService } from './session-service.js';
import { SystemRepository } from './system-repository.js';
import { SystemService } from './system-service.js';
import { UserRepository } from './user-repository.js';
import { UserService } from './user-service.js';

/** The use-case services the routes call, one per area. */
export interface DirectoryServices {
  sessions: SessionService;
  organisation: OrganisationService;
  users: UserService;
  systems: SystemService;
  securityPolicy: SecurityPolicyService;
  audit: AuditQueryService;
}

/** Builds the directory from the application context: repositories → services → resolver and routes. */
export function createDirectoryModule(ctx: AppContext): DirectoryModule {
  const { db, audit, crypto, log, config } = ctx;
  const regions = new RegionRepository();
  const departments = new DepartmentRepository();
  const users = new UserRepository();
  const systems = new SystemRepository();

  const credentials = new CredentialCache();
  const securityPolicy = new SecurityPolicyService({ db, audit, settings: new SettingsRepository(), defaultSessionIdleMinutes: config.sessionIdleMinutes });
  const services: DirectoryServices = {
    securityPolicy,
    sessions: new SessionService({ db, audit, crypto, log, users, securityPolicy }),
    organisation: new OrganisationService({ db, audit, regions, departments, credentials }),
    users: new UserService({ db, audit, users, departments, securityPolicy }),
    systems: new SystemService({ db, audit, crypto, systems, departments, credentials }),
    audit: new AuditQueryService({ db, repository: new AuditRepository() }),
  };

  return {
    service: createDirectoryService(services),
    resolver: createPrincipalResolver({ db, crypto, log, users, systems, securityPolicy, credentials }),
    routes: async (app) => {
      await createDirectoryRoutes(services, { cookieSecure: config.cookieSecure })(app);
      await createAuditTrailRoutes({ ctx, secrets: ctx.secrets })(app);
    },
  };
}
