/**
 * Downloads of a local dataset's data (current or a published version) as CSV (UTF-8 with BOM, header = column
 * names), XLSX (exceljs's streaming writer, header = labels) or a JSON array. Rows are read in keyset batches
 * in key order and written as the client takes them, so memory stays flat whatever the size: each batch is a
 * short query, and the next one is read only when the previous one has been sent.
 */
import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Db } from '../../../platform/db/database.js';
import type { Dataset } from '../index.js';
import { FILE_TYPE_BY_FORMAT } from '../vocabulary.js';
import type { DatastoreImpl, OpenedStore } from './datastore.js';
import { afterKey, ident, keyOrder, keySelect, outputValue, sourceOf, type PublicColumn } from './store-sql.js';

export const DOWNLOAD_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export const DOWNLOAD_BATCH = 1000;

export interface DownloadAnswer {
  stream: Readable;
  contentType: string;
  fileName: string;
}

type Row = Record<string, unknown>;

async function readBatch(db: Db, opened: OpenedStore, after: string[] | null): Promise<Row[]> {
  const { view } = opened;
  const source = sourceOf(view, opened.upToSeq, after ? afterKey(view, after) : null);
  const list = sql.raw([keySelect(view), ...view.columns.map((column) => `t.${ident(column.name)}`)].join(', '));
  const result = await sql<Row>`SELECT ${list} FROM ${source} ORDER BY ${sql.raw(keyOrder(view))} LIMIT ${sql.raw(String(DOWNLOAD_BATCH))}`.execute(db);
  return result.rows;
}

/** Every row in key order, batch by batch; the first batch is given (read before the answer started). */
async function* batches(db: Db, opened: OpenedStore, first: Row[]): AsyncGenerator<Row[]> {
  let rows = first;
  for (;;) {
    if (rows.length) yield rows;
    if (rows.length < DOWNLOAD_BATCH) return;
    const last = rows[rows.length - 1];
    rows = await readBatch(db, opened, opened.view.keys.map((_, index) => String(last[`_k${index}`])));
  }
}

function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A CSV cell: the value as stored. Text that a spreadsheet would run as a formula (= + - @, tab or CR first) gets
 * a leading apostrophe (OWASP CSV injection), as in the exchange's export.
 */
function csvValue(column: PublicColumn, value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (column.sqlType === 'text' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return csvCell(text);
}

async function* csvChunks(db: Db, opened: OpenedStore, first: Row[]): AsyncGenerator<string> {
  const columns = opened.view.columns;
  yield `\uFEFF${columns.map((column) => csvCell(column.name)).join(',')}\r\n`;
  for await (const rows of batches(db, opened, first)) {
    let chunk = '';
    for (const row of rows) chunk += `${columns.map((column) => csvValue(column, row[column.name])).join(',')}\r\n`;
    yield chunk;
  }
}

async function* jsonChunks(db: Db, opened: OpenedStore, first: Row[]): AsyncGenerator<string> {
  const columns = opened.view.columns;
  yield '[';
  let separator = '\n';
  for await (const rows of batches(db, opened, first)) {
    let chunk = '';
    for (const row of rows) {
      const record: Record<string, unknown> = {};
      for (const column of columns) record[column.name] = outputValue(column, row[column.name]);
      chunk += `${separator}${JSON.stringify(record)}`;
      separator = ',\n';
    }
    yield chunk;
  }
  yield '\n]\n';
}

function xlsxValue(column: PublicColumn, value: unknown): unknown {
  const presented = outputValue(column, value);
  return presented === null ? null : presented;
}

/** Resolves when the stream wants more, or when it was closed (the client went away). */
function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}

function xlsxStream(db: Db, opened: OpenedStore, first: Row[], sheetName: string): Readable {
  const output = new PassThrough({ highWaterMark: 256 * 1024 });
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  workbook.creator = 'Zhongshu';
  const columns = opened.view.columns;
  const write = async () => {
    const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = columns.map((column) => ({
      key: column.name, width: Math.min(40, Math.max(12, column.label.length * 2 + 2)), style: column.sqlType === 'text' ? { numFmt: '@' } : {},
    }));
    const header = sheet.addRow(columns.map((column) => column.label));
    header.font = { bold: true };
    header.commit();
    for await (const rows of batches(db, opened, first)) {
      for (const row of rows) sheet.addRow(columns.map((column) => xlsxValue(column, row[column.name]))).commit();
      // Let the client take what was written before reading the next batch (flat memory for slow clients).
      if (output.writableNeedDrain) await drained(output);
      if (output.destroyed) return;
    }
    sheet.commit();
    await workbook.commit();
  };
  write().catch((error: Error) => output.destroy(error));
  return output;
}

/** An Excel sheet name: at most 31 characters, none of : \ / ? * [ ]. */
function sheetNameOf(title: string): string {
  return title.replace(/[:\\/?*[\]]/g, ' ').slice(0, 31).trim() || 'data';
}

/** Opens the download: the first batch is read here, so a failure before streaming is a proper problem answer. */
export async function openDownload(db: Db, datastore: DatastoreImpl, dataset: Dataset, format: DownloadFormat, version: number | null): Promise<DownloadAnswer> {
  const opened = await datastore.open(dataset, version);
  const first = await readBatch(db, opened, null);
  const fileName = `${dataset.name}${version ? `-v${version}` : ''}.${format}`;
  const mediaType = FILE_TYPE_BY_FORMAT.get(format.toUpperCase())?.mediaType ?? 'application/octet-stream';
  if (format === 'xlsx') return { stream: xlsxStream(db, opened, first, sheetNameOf(dataset.title)), contentType: mediaType, fileName };
  const chunks = format === 'csv' ? csvChunks(db, opened, first) : jsonChunks(db, opened, first);
  return {
    stream: Readable.from(chunks, { objectMode: false, highWaterMark: 64 * 1024 }),
    contentType: `${mediaType}; charset=utf-8`,
    fileName,
  };
}
