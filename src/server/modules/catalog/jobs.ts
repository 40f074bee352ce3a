/**
 * Background work of the catalog: the XLSX import. The upload route stores the file and enqueues a job; the
 * runner (any worker node, no request at hand) rebuilds the uploader as the actor from the payload, runs the
 * import and always deletes the file afterwards.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { ROLES, type Role, type UserActor } from '../../platform/actor.js';
import type { AppContext } from '../../platform/context.js';
import { JobFailed, type JobRunner } from '../../platform/jobs.js';
import { runCatalogImport, type ImportDeps } from './import.js';

export const CATALOG_IMPORT_JOB = 'catalog.import';

export interface CatalogImportPayload {
  file: string;
  fileName: string;
  userId: string;
  username: string;
  displayName: string;
  departmentId: string | null;
  roles: Role[];
  requestId?: string;
}

export interface CatalogJobDeps extends ImportDeps {
  ctx: Pick<AppContext, 'config' | 'db' | 'audit' | 'log'>;
}

export const uploadsDir = (config: { dataDir: string }) => path.join(config.dataDir, 'uploads');

/** The uploader, as the import runs on their behalf (roles as they were at upload time). */
export function actorFromPayload(payload: CatalogImportPayload): UserActor {
  return {
    kind: 'user',
    userId: payload.userId,
    username: payload.username,
    displayName: payload.displayName,
    departmentId: payload.departmentId,
    roles: payload.roles.filter((role): role is Role => (ROLES as readonly string[]).includes(role)),
    mustChangePassword: false,
    requestId: payload.requestId,
  };
}

export function payloadFor(actor: UserActor, file: string, fileName: string): CatalogImportPayload {
  return {
    file, fileName, userId: actor.userId, username: actor.username, displayName: actor.displayName,
    departmentId: actor.departmentId, roles: [...actor.roles], requestId: actor.requestId,
  };
}

export function registerCatalogJobs(jobs: JobRunner, deps: CatalogJobDeps): void {
  const { ctx } = deps;
  // One attempt: the file is deleted whatever happens, and the uploader can simply upload again.
  jobs.register(CATALOG_IMPORT_JOB, async (job) => {
    const payload = job.payload as unknown as CatalogImportPayload;
    const file = path.resolve(payload.file);
    // The path comes from the database; never let it point outside the upload folder.
    if (path.dirname(file) !== path.resolve(uploadsDir(ctx.config))) {
      throw new JobFailed('catalog.import_invalid_file', { imported: 0, message: 'The uploaded file is not where uploads are kept.' });
    }
    const actor = actorFromPayload(payload);
    const present = await fs.access(file).then(() => true, () => false);
    if (!present) throw new JobFailed('catalog.import_file_missing', { imported: 0, message: 'The uploaded file is gone; upload it again.' });
    try {
      const outcome = await runCatalogImport(deps, actor, file, { report: (progress) => job.report(progress) });
      await ctx.audit.record(ctx.db, {
        actor,
        action: 'catalog.import',
        targetType: 'job',
        targetId: job.id,
        after: outcome.ok
          ? { fileName: payload.fileName, imported: outcome.imported, codes: outcome.codes }
          : { fileName: payload.fileName, imported: 0, errorCode: outcome.code, errorCount: outcome.errorCount },
        result: outcome.ok ? 'success' : 'failure',
      });
      if (!outcome.ok) {
        throw new JobFailed(outcome.code, {
          imported: 0, message: outcome.message, errors: outcome.errors, errorCount: outcome.errorCount, phases: outcome.phases,
        });
      }
      return { imported: outcome.imported, codes: outcome.codes, phases: outcome.phases };
    } finally {
      await fs.rm(file, { force: true });
    }
  }, 1);
}
