/**
 * Catalog export: the entries a search would find, as the import template filled in (XLSX, so a department can
 * edit and re-import) or as JSON. Shared by GET /api/v1/catalog/export and `zhongshu catalog export`.
 */
import { PassThrough, type Writable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { CatalogService, Resource, SearchFilters, StatusFilter } from './index.js';
import { SearchQuerySchema } from './schema.js';
import { FORMATS } from './vocabulary.js';
import type { WorkbookResource } from './xlsx-template.js';

/** What the catalog service provides for export (it applies the same visibility rules as search). */
export type ExportSource = Pick<CatalogService, 'listForExport'>;

export type ExportFileFormat = 'xlsx' | 'json';

export const XLSX_MIME = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** At most this many entries per file: the import accepts as many, so every export can be imported again. */
export const EXPORT_MAX_ENTRIES = 50_000;

const FILE_FORMATS = ['xlsx', 'json'] as const;
const { q, department, classification, sharingType, openType, updateCycle, status } = SearchQuerySchema.properties;

/** The search filters plus `file` (the file type). `format` filters by resource format as in search. */
export const ExportQuerySchema = Type.Object({
  file: Type.Optional(Type.Enum([...FILE_FORMATS], { description: 'The file type: xlsx (default) or json.' })),
  format: Type.Optional(Type.Array(Type.Enum([...FILE_FORMATS, ...FORMATS]), {
    maxItems: 20,
    description: 'Filter by resource format (database, document…) as in search. For older clients, xlsx/json here also choose the file type.',
  })),
  q, department, classification, sharingType, openType, updateCycle, status,
});

export interface ExportQuery {
  file?: ExportFileFormat;
  format?: string[];
  q?: string;
  department?: string[];
  classification?: string[];
  sharingType?: string[];
  openType?: string[];
  updateCycle?: string[];
  status?: StatusFilter;
}

/**
 * `file` chooses the file type. `format` is the search filter on the resource format (database, document…);
 * xlsx/json values in it are accepted as the file type too (when `file` is absent) and never filter.
 */
export function splitExportQuery(query: ExportQuery): { fileFormat: ExportFileFormat; filters: SearchFilters } {
  const formats = query.format ?? [];
  const fileFormat = query.file ?? [...formats].reverse().find((value): value is ExportFileFormat => (FILE_FORMATS as readonly string[]).includes(value)) ?? 'xlsx';
  const resourceFormats = formats.filter((value) => !(FILE_FORMATS as readonly string[]).includes(value));
  const filters: SearchFilters = {
    q: query.q, department: query.department, classification: query.classification, sharingType: query.sharingType,
    openType: query.openType, updateCycle: query.updateCycle, status: query.status,
    ...(resourceFormats.length ? { format: resourceFormats } : {}),
  };
  for (const key of Object.keys(filters) as Array<keyof SearchFilters>) if (filters[key] === undefined) delete filters[key];
  return { fileFormat, filters };
}

/** The date in China, where the platform's users are, whatever the server's time zone. */
export function exportDate(now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
  return parts.replace(/-/g, '');
}

/** RFC 6266 with both the plain and the UTF-8 (RFC 5987) form, so every browser keeps the name. */
export function contentDisposition(filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

export interface JsonExport {
  exportedAt: string;
  count: number;
  /** True when the catalog had more entries than one file holds (EXPORT_MAX_ENTRIES): narrow the filters. */
  truncated: boolean;
  resources: Resource[];
}

export function jsonExport(resources: Resource[], truncated: boolean, now = new Date()): JsonExport {
  return { exportedAt: now.toISOString(), count: resources.length, truncated, resources };
}

/** Up to EXPORT_MAX_ENTRIES entries, asking for one more to learn whether there were more. */
export async function listForExport(source: ExportSource, ...[actor, filters]: Parameters<ExportSource['listForExport']>) {
  const found = await source.listForExport(actor, filters, { limit: EXPORT_MAX_ENTRIES + 1 });
  return { resources: found.slice(0, EXPORT_MAX_ENTRIES), truncated: found.length > EXPORT_MAX_ENTRIES };
}

/** Resources as the workbook writer takes them (the presented Resource has every field it needs). */
export const asWorkbookResources = (resources: Resource[]): WorkbookResource[] => resources;

/**
 * Streams a workbook into the reply. Errors before this point still become problem documents; an error while
 * streaming can only cut the download short (the status is already sent), and is logged.
 */
export function sendWorkbook(request: FastifyRequest, reply: FastifyReply, filename: string, write: (output: Writable) => Promise<void>) {
  const body = new PassThrough();
  write(body).catch((error: unknown) => {
    request.log.error({ err: error }, 'writing a workbook failed');
    body.destroy(error as Error);
  });
  return reply.type(XLSX_MIME).header('content-disposition', contentDisposition(filename)).header('cache-control', 'no-store').send(body);
}
