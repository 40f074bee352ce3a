/**
 * The records API's use cases: list with filters and keyset paging, lookup by key, bulk export, and the
 * provider's console preview. Every call — answered or refused — is appended to the access log before the
 * answer leaves (the export when its stream ends). Hot path: the grant and the store definition come from
 * in-process caches, the row scope and the row presenter are compiled once per grant, so a request costs one
 * SELECT plus its share of a group-committed log flush.
 */
import { Readable } from 'node:stream';
import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { hasRole, type Actor } from '../../../platform/actor.js';
import { DomainError, forbidden, notFound } from '../../../platform/errors.js';
import { defaultMasking } from '../access/masking.js';
import type { AccessLogEntry, GrantInfo, StoreDefinition } from '../index.js';
import type { ExchangeParts } from '../parts.js';
import { quoteIdent, SQL_TYPES } from '../store/columns.js';
import { checkAgainstGrant, columnIndex, compileConditions, rowPresenter, type PresentedRecord } from './enforce.js';
import { RateLimiter } from './rate-limit.js';
import {
  openCursor, parseKey, parseRecordsQuery, PREVIEW_LIMIT, readPurpose, sealCursor, type RawQuery,
} from './request.js';

export const EXPORT_BATCH = 1000;

export interface CallMeta {
  requestId: string;
  purposeHeader: string | string[] | undefined;
  /** Called when the client goes away during an export. */
  onClose?: (listener: () => void) => void;
}

export interface RecordsPage {
  items: PresentedRecord[];
  next: string | null;
  fields: string[];
}

export interface ExportAnswer {
  stream: Readable;
  contentType: string;
  fileName: string;
}

type Operation = 'query' | 'get' | 'export' | 'console_preview';

/** The access-log entry of one call, filled in as the call learns who, what and how much. */
interface Draft extends Omit<AccessLogEntry, 'result' | 'statusCode'> {}

const LIST_PARAMS = new Set(['_fields', '_limit', '_after']);
const GET_PARAMS = new Set(['_fields']);
const EXPORT_PARAMS = new Set(['_fields', '_format']);
const PREVIEW_PARAMS = new Set(['_fields', '_limit']);

const systemOnly = () => forbidden('The records API is for business systems (Authorization: Bearer <credential>); people use the preview.', 'exchange.system_only');
const noGrant = (code: string) => forbidden(`Your business system holds no active grant on resource ${code}.`, 'exchange.no_grant');
const scopeInvalid = () => forbidden("The grant's row scope does not fit the resource any more; ask the provider to renew the grant.", 'exchange.grant_scope_invalid');

/** A database row: data-item columns (integers as text), plus _k0.._kn (key columns as text). */
type Row = Record<string, unknown>;

export class QueryService {
  private readonly limiter = new RateLimiter();
  private readonly scopes = new WeakMap<GrantInfo, { definition: StoreDefinition; scope: RawBuilder<SqlBool> | null }>();
  private readonly previewGrants = new WeakMap<StoreDefinition, GrantInfo>();
  private readonly selects = new WeakMap<StoreDefinition, Map<string, RawBuilder<unknown>>>();

  constructor(private readonly parts: ExchangeParts) {}

  // ------------------------------------------------------------ use cases

  list(actor: Actor, code: string, query: RawQuery, meta: CallMeta): Promise<RecordsPage> {
    return this.logged(actor, code, 'query', query, meta, async (draft) => {
      const { definition, grant } = await this.admit(actor, code, meta, draft);
      const request = parseRecordsQuery(query, LIST_PARAMS, { known: columnIndex(definition) });
      const fields = checkAgainstGrant(definition, grant, request);
      draft.fields = fields;
      const where = this.where(definition, grant, request.filter);
      const after = request.after ? openCursor(this.parts.secrets, definition, request.after) : null;
      const rows = await this.page(definition, fields, where, after, request.limit + 1);
      const more = rows.length > request.limit;
      if (more) rows.length = request.limit;
      const present = rowPresenter(definition, grant, fields);
      const items = rows.map(present);
      draft.recordCount = items.length;
      const next = more ? sealCursor(this.parts.secrets, definition.resourceCode, keyTexts(definition, rows[rows.length - 1])) : null;
      return { items, next, fields };
    });
  }

  get(actor: Actor, code: string, key: string, query: RawQuery, meta: CallMeta): Promise<{ item: PresentedRecord; fields: string[] }> {
    return this.logged(actor, code, 'get', { ...query, _key: key }, meta, async (draft) => {
      const { definition, grant } = await this.admit(actor, code, meta, draft);
      const request = parseRecordsQuery(query, GET_PARAMS, { known: columnIndex(definition) });
      const keyValues = parseKey(definition, key);
      const keyFilter = definition.keyColumns.map((field, index) => ({ field, op: 'eq' as const, value: keyValues[index] }));
      // Looking a record up by its key is a filter on the key items: they must be granted (eq on masked is fine).
      const fields = checkAgainstGrant(definition, grant, { fields: request.fields, filter: keyFilter }, { filter: () => '/key' });
      draft.fields = fields;
      const where = this.where(definition, grant, keyFilter);
      const rows = await this.page(definition, fields, where, null, 1);
      if (rows.length === 0) throw notFound('exchange.record_not_found', 'No record with this key (or it is outside your grant).');
      draft.recordCount = 1;
      return { item: rowPresenter(definition, grant, fields)(rows[0]), fields };
    });
  }

  export(actor: Actor, code: string, query: RawQuery, meta: CallMeta): Promise<ExportAnswer> {
    let streaming = false;
    return this.logged(actor, code, 'export', query, meta, async (draft) => {
      const { definition, grant } = await this.admit(actor, code, meta, draft);
      const request = parseRecordsQuery(query, EXPORT_PARAMS, { known: columnIndex(definition) });
      const format = request.format ?? 'ndjson';
      const fields = checkAgainstGrant(definition, grant, request);
      draft.fields = fields;
      const where = this.where(definition, grant, request.filter);
      // The first batch before any byte is sent: a failure here is still a proper problem answer.
      const first = await this.page(definition, fields, where, null, EXPORT_BATCH);
      streaming = true;
      const stream = Readable.from(this.exportChunks(definition, grant, fields, where, first, format, draft, meta), {
        objectMode: false, highWaterMark: 64 * 1024,
      });
      meta.onClose?.(() => {
        if (!stream.readableEnded) stream.destroy();
      });
      const stamp = new Date().toISOString().slice(0, 10).replace(/-/g, '');
      return {
        stream,
        contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        fileName: `${definition.resourceCode}-${stamp}.${format === 'csv' ? 'csv' : 'ndjson'}`,
      };
    }, () => streaming);
  }

  preview(actor: Actor, code: string, query: RawQuery, meta: CallMeta): Promise<RecordsPage & { masked: boolean }> {
    return this.logged(actor, code, 'console_preview', query, meta, async (draft) => {
      if (actor.kind !== 'user') throw forbidden('The preview is for the console.', 'exchange.user_only');
      draft.purpose = readPurpose(meta.purposeHeader, false);
      const definition = await this.parts.stores.forResource(code);
      let grant: GrantInfo | null;
      if (actor.departmentId === definition.providerDepartmentId && hasRole(actor, 'dept_admin', 'dept_operator')) grant = null;
      else if (hasRole(actor, 'data_admin')) grant = this.previewGrant(definition);
      else throw forbidden('Only the providing department and the data bureau may preview this resource.', 'exchange.not_provider');
      const request = parseRecordsQuery(query, PREVIEW_PARAMS, { maxLimit: PREVIEW_LIMIT, defaultLimit: PREVIEW_LIMIT, known: columnIndex(definition) });
      const fields = checkAgainstGrant(definition, grant, request);
      draft.fields = fields;
      const rows = await this.page(definition, fields, this.where(definition, grant, request.filter), null, request.limit);
      draft.recordCount = rows.length;
      return { items: rows.map(rowPresenter(definition, grant, fields)), next: null, fields, masked: grant !== null };
    });
  }

  // ------------------------------------------------------------ admission: who, why, which grant, how often

  private async admit(actor: Actor, code: string, meta: CallMeta, draft: Draft): Promise<{ definition: StoreDefinition; grant: GrantInfo }> {
    if (actor.kind !== 'system') throw systemOnly();
    draft.purpose = readPurpose(meta.purposeHeader);
    const grant = await this.parts.access.activeGrant(actor.systemId, code);
    if (!grant) throw noGrant(code);
    draft.grantId = grant.id;
    const decision = this.limiter.take(grant.id, grant.rateLimitPerMinute);
    if (!decision.allowed) {
      throw new DomainError('exchange.rate_limited', 429, `The grant allows ${grant.rateLimitPerMinute} requests per minute.`, [], {
        retryAfter: decision.retryAfterSeconds,
      });
    }
    const definition = await this.parts.stores.forResource(code);
    return { definition, grant };
  }

  /** The data admin's preview: every field, masked with the default rules a grant would start from. */
  private previewGrant(definition: StoreDefinition): GrantInfo {
    let grant = this.previewGrants.get(definition);
    if (!grant) {
      const fields = definition.columns.map((column) => column.name);
      grant = {
        id: 'preview', resourceId: definition.resourceId, resourceCode: definition.resourceCode, systemId: '', departmentId: '', requestId: null,
        fields, rowScope: null, masking: defaultMasking(definition.columns, fields, []), rateLimitPerMinute: 0, purpose: '', legalBasis: '',
        status: 'active', expiresAt: '', revokedAt: null, createdAt: '',
      };
      this.previewGrants.set(definition, grant);
    }
    return grant;
  }

  // ------------------------------------------------------------ SQL

  /** The grant's row scope ANDed with the request's filter (null: every row). */
  private where(definition: StoreDefinition, grant: GrantInfo | null, filter: Parameters<typeof compileConditions>[1]): RawBuilder<SqlBool> | null {
    const scope = grant ? this.scopeOf(definition, grant) : null;
    const request = compileConditions(definition, filter);
    if (scope && request) return sql<SqlBool>`${scope} AND ${request}`;
    return scope ?? request;
  }

  private scopeOf(definition: StoreDefinition, grant: GrantInfo): RawBuilder<SqlBool> | null {
    const cached = this.scopes.get(grant);
    if (cached && cached.definition === definition) return cached.scope;
    let scope: RawBuilder<SqlBool> | null;
    try {
      scope = compileConditions(definition, grant.rowScope);
    } catch {
      // Fail closed: a scope naming a data item the resource no longer has must not widen into "every row".
      throw scopeInvalid();
    }
    this.scopes.set(grant, { definition, scope });
    return scope;
  }

  /** The SELECT list of some fields: integers as text (exact beyond 2^53), plus the key columns as text. */
  private selectList(definition: StoreDefinition, fields: string[]): RawBuilder<unknown> {
    let perDefinition = this.selects.get(definition);
    if (!perDefinition) {
      perDefinition = new Map();
      this.selects.set(definition, perDefinition);
    }
    const cacheKey = fields.join(',');
    let list = perDefinition.get(cacheKey);
    if (!list) {
      const columns = columnIndex(definition);
      const parts = fields.map((name) => {
        const ident = quoteIdent(name);
        return columns.get(name)!.type === 'integer' ? `${ident}::text AS ${ident}` : ident;
      });
      definition.keyColumns.forEach((name, index) => parts.push(`${quoteIdent(name)}::text AS "_k${index}"`));
      list = sql.raw(parts.join(', '));
      if (perDefinition.size > 256) perDefinition.clear();
      perDefinition.set(cacheKey, list);
    }
    return list;
  }

  /** One keyset page ordered by the primary key, after the given key values (text, cast to the key types). */
  private async page(definition: StoreDefinition, fields: string[], where: RawBuilder<SqlBool> | null, after: string[] | null, limit: number): Promise<Row[]> {
    const columns = columnIndex(definition);
    const keys = definition.keyColumns.map((name) => sql.raw(quoteIdent(name)));
    const conditions: RawBuilder<unknown>[] = [];
    if (where) conditions.push(where);
    if (after) {
      const values = after.map((value, index) => sql`${value}::${sql.raw(SQL_TYPES[columns.get(definition.keyColumns[index])!.type])}`);
      conditions.push(sql`(${sql.join(keys)}) > (${sql.join(values)})`);
    }
    const whereClause = conditions.length ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
    const result = await sql<Row>`SELECT ${this.selectList(definition, fields)} FROM ${sql.raw(quoteIdent(definition.table))} ${whereClause} ORDER BY ${sql.join(keys)} LIMIT ${sql.raw(String(Math.max(1, Math.trunc(limit))))}`
      .execute(this.parts.ctx.db);
    return result.rows;
  }

  // ------------------------------------------------------------ export

  private async *exportChunks(
    definition: StoreDefinition, grant: GrantInfo, fields: string[], where: RawBuilder<SqlBool> | null, first: Row[],
    format: 'ndjson' | 'csv', draft: Draft, meta: CallMeta,
  ): AsyncGenerator<string> {
    const present = rowPresenter(definition, grant, fields);
    const textual = new Set(fields.filter((name) => ['string', 'code'].includes(columnIndex(definition).get(name)!.type)));
    let finished = false;
    try {
      if (format === 'csv') yield `\uFEFF${fields.map(csvCell).join(',')}\r\n`;
      let rows = first;
      for (;;) {
        let chunk = '';
        for (const row of rows) {
          const record = present(row);
          chunk += format === 'csv' ? `${fields.map((name) => csvValue(record[name], textual.has(name))).join(',')}\r\n` : `${JSON.stringify(record)}\n`;
        }
        draft.recordCount += rows.length;
        if (chunk) yield chunk;
        if (rows.length < EXPORT_BATCH) break;
        rows = await this.page(definition, fields, where, keyTexts(definition, rows[rows.length - 1]), EXPORT_BATCH);
      }
      // The stream ends only once its access record is committed.
      await this.parts.accessLog.append({ ...draft, result: 'success', statusCode: 200, requestId: meta.requestId });
      finished = true;
    } finally {
      if (!finished) {
        // The client went away, or a later batch failed: record what was streamed.
        await this.parts.accessLog.append({ ...draft, result: 'error', statusCode: 200, requestId: meta.requestId })
          .catch((error: unknown) => this.parts.ctx.log.error({ err: error, requestId: meta.requestId }, 'could not log an interrupted export'));
      }
    }
  }

  // ------------------------------------------------------------ the access log around every call

  private async logged<T>(
    actor: Actor, code: string, operation: Operation, filter: unknown, meta: CallMeta, work: (draft: Draft) => Promise<T>,
    /** true when the work handed logging over (a started export logs when its stream ends). */
    handedOver: () => boolean = () => false,
  ): Promise<T> {
    const draft: Draft = {
      actor,
      systemId: actor.kind === 'system' ? actor.systemId : null,
      departmentId: actor.departmentId,
      grantId: null,
      resourceCode: code,
      operation,
      purpose: null,
      filter,
      fields: null,
      recordCount: 0,
      requestId: meta.requestId,
    };
    let answer: T;
    try {
      answer = await work(draft);
    } catch (error) {
      const status = error instanceof DomainError ? error.status : 500;
      try {
        await this.parts.accessLog.append({ ...draft, result: status >= 500 ? 'error' : 'denied', statusCode: status });
      } catch (logError) {
        this.parts.ctx.log.error({ err: logError, requestId: meta.requestId }, 'could not log a refused access');
        throw logError;
      }
      throw error;
    }
    if (!handedOver()) await this.parts.accessLog.append({ ...draft, result: 'success', statusCode: 200 });
    return answer;
  }
}

/** The key values of a row as text (the _k columns), for the next cursor. */
function keyTexts(definition: StoreDefinition, row: Row): string[] {
  return definition.keyColumns.map((_, index) => String(row[`_k${index}`]));
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV cell. Text values that a spreadsheet would run as a formula (= + - @, tab, CR first) get a leading
 * apostrophe (OWASP CSV injection); numbers, dates and booleans are written as they are.
 */
function csvValue(value: PresentedRecord[string], textual: boolean): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (textual && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return csvCell(text);
}
