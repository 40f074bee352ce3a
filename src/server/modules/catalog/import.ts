/**
 * The catalog import, all or nothing: the job runner and the CLI both call `runCatalogImport`.
 *
 *   reading     zip-bomb and size checks, then stream the two sheets into raw rows
 *   validating  convert every cell, join items to entries, then catalog.validateInput for every entry
 *   importing   only when there is no error at all: catalog.createMany in one transaction
 *
 * Every problem of every row is collected with its sheet, Excel row and column header; if there is any,
 * nothing is written.
 */
import { hasRole, type Actor } from '../../platform/actor.js';
import { DomainError, type FieldError } from '../../platform/errors.js';
import type { JobProgress } from '../../platform/jobs.js';
import type { DepartmentRef, DirectoryReader } from '../directory/index.js';
import type { CatalogService, ResourceInput } from './index.js';
import { cellKey, mapFieldErrors, sortErrors, type CellRef, type ImportError } from './import-errors.js';
import { convertRows, type ParsedEntry, type ProviderResolution } from './import-convert.js';
import { DEFAULT_READ_LIMITS, readCatalogWorkbook, type ReadLimits, type ReadResult } from './import-reader.js';
import { ENTRIES_SHEET, ITEM_COLUMNS, ITEMS_SHEET } from './xlsx-columns.js';
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, inspectArchive, verifyArchive, type ArchiveLimits } from './xlsx-zip.js';

export interface ImportDeps {
  catalog: Pick<CatalogService, 'validateInput' | 'createMany'>;
  directory: Pick<DirectoryReader, 'listDepartments'>;
}

export interface ImportOptions {
  /** Provider for rows that leave it blank; defaults to the actor's department. */
  defaultDepartmentId?: string | null;
  report?: (progress: JobProgress) => Promise<void> | void;
  archiveLimits?: ArchiveLimits;
  readLimits?: ReadLimits;
}

export interface PhaseTiming {
  phase: 'reading' | 'validating' | 'importing';
  ms: number;
}

export type ImportOutcome =
  | { ok: true; imported: number; codes: string[]; phases: PhaseTiming[] }
  | { ok: false; code: string; message: string; errors: ImportError[]; errorCount: number; phases: PhaseTiming[] };

/** Progress is written at least this often (rows or entries). */
export const PROGRESS_EVERY = 100;
/** A job result keeps at most this many errors; the count says how many there were. */
export const MAX_REPORTED_ERRORS = 10_000;

export const IMPORT_INVALID = 'catalog.import_invalid';

function providerResolver(departments: DepartmentRef[], actor: Actor, defaultId: string | null): (text: string) => ProviderResolution {
  const byKey = new Map<string, DepartmentRef>();
  for (const department of departments) {
    byKey.set(department.id.toLowerCase(), department);
    byKey.set(department.creditCode.toUpperCase(), department);
    byKey.set(department.name, department);
  }
  const mayImportForAny = hasRole(actor, 'data_admin');
  return (text) => {
    const key = text.trim();
    const department = key === '' ? departments.find((candidate) => candidate.id === defaultId) : byKey.get(key) ?? byKey.get(key.toUpperCase()) ?? byKey.get(key.toLowerCase());
    if (!department) {
      return key === ''
        ? { code: 'catalog.import_provider_required', reason: '必填：请填写提供方单位的统一社会信用代码 / required: the provider’s credit code' }
        : { code: 'catalog.import_unknown_provider', reason: '找不到这个单位 / no department has this credit code, id or name' };
    }
    if (!mayImportForAny && department.id !== actor.departmentId) {
      return { code: 'catalog.import_other_department', reason: '只能导入本单位的资源 / you may import entries of your own department only' };
    }
    return { id: department.id };
  };
}

class Phases {
  readonly timings: PhaseTiming[] = [];
  private current: { phase: PhaseTiming['phase']; started: number } | undefined;
  constructor(private readonly report: ImportOptions['report']) {}

  async enter(phase: PhaseTiming['phase'], total: number | null): Promise<void> {
    this.close();
    this.current = { phase, started: performance.now() };
    await this.report?.({ phase, progress: 0, total });
  }

  async progress(done: number, total: number | null, force = false): Promise<void> {
    if (force || done % PROGRESS_EVERY === 0) await this.report?.({ progress: done, total });
  }

  close(): PhaseTiming[] {
    if (this.current) this.timings.push({ phase: this.current.phase, ms: Math.round(performance.now() - this.current.started) });
    this.current = undefined;
    return this.timings;
  }
}

function rejected(code: string, message: string, errors: ImportError[], phases: Phases): ImportOutcome {
  return { ok: false, code, message, errors: errors.slice(0, MAX_REPORTED_ERRORS), errorCount: errors.length, phases: phases.close() };
}

const fileError = (code: string, reason: string): ImportError => ({ sheet: '', row: 0, column: '', value: '', reason, code });

export async function runCatalogImport(deps: ImportDeps, actor: Actor, path: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const phases = new Phases(options.report);
  await phases.enter('reading', null);
  let read: ReadResult;
  try {
    const directory = await inspectArchive(path, options.archiveLimits ?? DEFAULT_ARCHIVE_LIMITS);
    await verifyArchive(path, directory);
    read = await readCatalogWorkbook(path, directory, options.readLimits ?? DEFAULT_READ_LIMITS, (rows) => phases.progress(rows, null));
  } catch (error) {
    if (!(error instanceof ArchiveRejected)) throw error;
    return rejected(error.code, error.message, [fileError(error.code, error.message)], phases);
  }

  await phases.enter('validating', read.entries.length);
  const departments = await deps.directory.listDepartments();
  const converted = convertRows(read, { resolveProvider: providerResolver(departments, actor, options.defaultDepartmentId ?? actor.departmentId) });
  const errors = [...read.errors, ...converted.errors];
  const flagged = converted.flaggedCells;
  for (const key of read.missingColumns.entries) flagged.add(`${ENTRIES_SHEET}\u0000*\u0000${key}`);
  for (const key of read.missingColumns.items) flagged.add(`${ITEMS_SHEET}\u0000*\u0000${key}`);
  // Without an items sheet every entry lacks data items; the missing sheet is the one error to report.
  if (read.missingColumns.items.size === ITEM_COLUMNS.length) flagged.add(`${ENTRIES_SHEET}\u0000*\u0000entryNo`);
  const alreadyReported = (ref: CellRef) => flagged.has(cellKey(ref)) || (ref.key !== null && flagged.has(`${ref.sheet}\u0000*\u0000${ref.key}`));

  // Related codes may name entries of this same file that carry an explicit code.
  const knownCodes = new Set(converted.entries.map((entry) => entry.input.code).filter((code): code is string => Boolean(code)));
  let done = 0;
  for (const entry of converted.entries) {
    const fieldErrors = await deps.catalog.validateInput(actor, entry.input, { knownCodes });
    for (const { ref, error } of mapFieldErrors(entry.location, read.headers, fieldErrors)) {
      if (!alreadyReported(ref)) errors.push(error);
    }
    await phases.progress(++done, read.entries.length);
  }
  await phases.progress(done, read.entries.length, true);
  if (read.entries.length === 0 && errors.length === 0) {
    errors.push({ sheet: ENTRIES_SHEET, row: 0, column: '', value: '', reason: '文件中没有资源 / the file has no entries', code: 'catalog.import_empty' });
  }

  if (errors.length > 0) {
    const named = sortErrors(errors, read.headers).map((error) => withFileSheetName(error, read.sheetNames));
    return rejected(IMPORT_INVALID, `The file has ${errors.length} error(s); nothing was imported.`, named, phases);
  }

  const inputs: ResourceInput[] = converted.entries.map((entry) => entry.input);
  await phases.enter('importing', inputs.length);
  try {
    const codes = await deps.catalog.createMany(actor, inputs, { onProgress: (count) => phases.progress(count, inputs.length) });
    await phases.progress(inputs.length, inputs.length, true);
    return { ok: true, imported: codes.length, codes, phases: phases.close() };
  } catch (error) {
    // validateInput passed, so this is a race (a code taken meanwhile) or a rule only the write enforces.
    if (!(error instanceof DomainError) || error.status >= 500) throw error;
    const details = error.fieldErrors.length > 0 ? error.fieldErrors.flatMap((fieldError) => batchErrorToCells(fieldError, converted.entries, read)) : [fileError(error.code, error.message)];
    return rejected(error.code, error.message, details, phases);
  }
}

/** createMany prefixes pointers with the input's index ('/3/code'); that index is the entry's place in the file. */
function batchErrorToCells(fieldError: FieldError, entries: ParsedEntry[], read: ReadResult): ImportError[] {
  const match = /^\/(\d+)(\/.*)?$/.exec(fieldError.pointer);
  const entry = match ? entries[Number(match[1])] : undefined;
  if (!entry) return [fileError(fieldError.code, `${fieldError.pointer}: ${fieldError.message}`)];
  const pointer = { ...fieldError, pointer: match![2] ?? '' };
  return mapFieldErrors(entry.location, read.headers, [pointer]).map(({ error }) => withFileSheetName(error, read.sheetNames));
}

function withFileSheetName(error: ImportError, names: ReadResult['sheetNames']): ImportError {
  if (error.sheet === ENTRIES_SHEET) return { ...error, sheet: names.entries };
  if (error.sheet === ITEMS_SHEET) return { ...error, sheet: names.items };
  return error;
}
