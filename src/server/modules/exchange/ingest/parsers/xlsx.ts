/**
 * XLSX uploads: the first sheet, header row as in CSV, read row by row through the catalog's streaming reader
 * (xlsx-reader.ts) after its zip-bomb checks (xlsx-zip.ts). Excel dates become YYYY-MM-DD, or
 * YYYY-MM-DDTHH:mm:ss without offset (read as China Standard Time by the validator) when they carry a time.
 */
import { DomainError } from '../../../../platform/errors.js';
import { plainCell } from '../../../catalog/xlsx-cells.js';
import { worksheetsOf } from '../../../catalog/xlsx-reader.js';
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, inspectArchive, verifyArchive, type ArchiveLimits } from '../../../catalog/xlsx-zip.js';
import type { RawRecord } from '../../index.js';
import { mapHeader, rowToRecord, type HeaderMap, type HeaderOptions } from './header.js';

/** Data sheets are larger than catalog workbooks; the compression-ratio check still catches zip bombs. */
export const DATA_ARCHIVE_LIMITS: ArchiveLimits = { ...DEFAULT_ARCHIVE_LIMITS, maxTotalUncompressed: 4 * 1024 * 1024 * 1024 };

export interface XlsxOptions extends HeaderOptions {
  archiveLimits?: ArchiveLimits;
  /** Called after each data row with the number of rows read so far. */
  onRow?: (rows: number) => void;
}

const pad = (value: number) => String(value).padStart(2, '0');

function cellValue(raw: unknown): unknown {
  const value = plainCell(raw);
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return String(raw);
    const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
    const hasTime = value.getUTCHours() || value.getUTCMinutes() || value.getUTCSeconds();
    return hasTime ? `${date}T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}` : date;
  }
  return typeof value === 'string' ? value.trim() : value;
}

export function fromArchiveProblem(error: ArchiveRejected): DomainError {
  return error.code === 'catalog.import_too_large'
    ? new DomainError('exchange.file_too_large', 413, error.message)
    : new DomainError('exchange.invalid_file', 400, error.message);
}

export async function checkXlsxArchive(path: string, limits: ArchiveLimits = DATA_ARCHIVE_LIMITS) {
  try {
    return await inspectArchive(path, limits);
  } catch (error) {
    throw error instanceof ArchiveRejected ? fromArchiveProblem(error) : error;
  }
}

export async function* parseXlsxFile(path: string, options: XlsxOptions = {}): AsyncGenerator<RawRecord> {
  let header: HeaderMap | null = null;
  let rows = 0;
  try {
    const directory = await inspectArchive(path, options.archiveLimits ?? DATA_ARCHIVE_LIMITS);
    await verifyArchive(path, directory);
    for await (const sheet of worksheetsOf(path, directory)) {
      for await (const row of sheet.rows) {
        // row.values is 1-based and sparse.
        const values = (row.values as unknown[]).slice(1);
        const cells: unknown[] = new Array(values.length);
        for (let index = 0; index < values.length; index++) cells[index] = cellValue(values[index]);
        if (cells.every((cell) => cell === null || cell === undefined || cell === '')) continue;
        if (!header) {
          header = mapHeader(cells, options);
          continue;
        }
        rows++;
        yield rowToRecord(header, cells);
        options.onRow?.(rows);
      }
      break;
    }
  } catch (error) {
    if (error instanceof ArchiveRejected) throw fromArchiveProblem(error);
    throw error;
  }
  if (!header) throw new DomainError('exchange.empty_header', 400, 'The first sheet is empty: its first row must name the data items (the header row).');
}
