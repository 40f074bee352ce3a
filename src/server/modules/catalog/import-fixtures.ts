/**
 * Test fixtures for import/export: hand-built zip archives (for the zip-bomb defence), workbooks filled the
 * way a department fills the template, and multipart bodies. Used by the *.test.ts files next to this one.
 */
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { cliActor } from '../../platform/actor.js';
import type { ClassificationInput } from './index.js';
import { TEST_CLASSIFICATIONS as CATALOG_TEST_CLASSIFICATIONS } from './test-support.js';

export interface ZipEntrySpec {
  name: string;
  /** The bytes stored in the archive (already deflated when method is 8). */
  data: Buffer;
  method?: 0 | 8;
  /** What the headers declare; may lie. */
  uncompressedSize: number;
  compressedSize?: number;
}

/** A zip archive written byte by byte, so a test can make its headers say anything. */
export function buildZip(entries: ZipEntrySpec[], options: { prefix?: Buffer } = {}): Buffer {
  const parts: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  if (options.prefix) {
    parts.push(options.prefix);
    offset += options.prefix.length;
  }
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const method = entry.method ?? 8;
    const compressedSize = entry.compressedSize ?? entry.data.length;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(0, 14);
    local.writeUInt32LE(compressedSize, 18);
    local.writeUInt32LE(entry.uncompressedSize, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(compressedSize, 20);
    header.writeUInt32LE(entry.uncompressedSize, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    central.push(header, name);
    parts.push(local, name, entry.data);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...parts, directory, end]);
}

/** Deflates `size` zero bytes chunk by chunk: a real zip bomb payload without holding it in memory. */
export async function deflatedZeros(size: number): Promise<Buffer> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const chunks: Buffer[] = [];
  deflate.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    deflate.on('end', resolve);
    deflate.on('error', reject);
  });
  const block = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += block.length) {
    const piece = size - written >= block.length ? block : block.subarray(0, size - written);
    if (!deflate.write(piece)) await new Promise((resolve) => deflate.once('drain', resolve));
  }
  deflate.end();
  await done;
  return Buffer.concat(chunks);
}

export const WORKBOOK_XML = Buffer.from('<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"/>');

export type CellInput = string | number | boolean | Date | null | undefined;

/** A workbook with the given sheets, each a header row followed by data rows. */
export async function buildWorkbook(sheets: Array<{ name: string; rows: CellInput[][] }>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const worksheet = workbook.addWorksheet(sheet.name);
    for (const row of sheet.rows) worksheet.addRow(row.map((value) => (value === undefined ? null : value)));
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Fills a downloaded template: each row is given by header text (any subset of the columns). */
export async function fillTemplate(template: Buffer, rows: { entries: Array<Record<string, CellInput>>; items: Array<Record<string, CellInput>> }): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(template as unknown as ArrayBuffer);
  for (const [sheetName, list] of [['资源 Entries', rows.entries], ['信息项 DataItems', rows.items]] as const) {
    const worksheet = workbook.getWorksheet(sheetName);
    if (!worksheet) throw new Error(`template has no sheet ${sheetName}`);
    const headers = (worksheet.getRow(1).values as CellInput[]).map((value) => String(value ?? ''));
    for (const row of list) {
      worksheet.addRow(headers.map((header) => row[header] ?? null).slice(1));
    }
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A multipart/form-data body with one file part. */
export function multipart(content: Buffer, options: { field?: string; filename?: string } = {}): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----zhongshu${Math.random().toString(16).slice(2)}`;
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="${options.field ?? 'file'}"; filename="${options.filename ?? 'catalog.xlsx'}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { payload: Buffer.concat([head, content, tail]), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

/** The catalog tests' tree plus the theme classification 201001 the import workbooks use. */
export const TEST_CLASSIFICATIONS: ClassificationInput[] = [
  ...CATALOG_TEST_CLASSIFICATIONS,
  { code: '201', view: 'theme', level: 2, name: '市场监管', nameEn: 'Market supervision', parentCode: '2' },
  { code: '201001', view: 'theme', level: 3, name: '市场主体', nameEn: 'Market entities', parentCode: '201' },
];

export async function seedClassifications(service: { upsertClassifications(actor: ReturnType<typeof cliActor>, list: ClassificationInput[]): Promise<void> }): Promise<void> {
  await service.upsertClassifications(cliActor('test'), TEST_CLASSIFICATIONS);
}
