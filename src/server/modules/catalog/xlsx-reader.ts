/**
 * Drives exceljs's streaming parsers over the entries that the central directory lists, in the order a
 * workbook needs them: relationships, workbook, shared strings, styles, then each sheet row by row.
 *
 * Why not `new WorkbookReader(file)` and iterate: its single pass over the local headers meets the parts in
 * stored order, and exceljs's own writers store xl/workbook.xml last; on Node ≥ 18 the sheets then
 * intermittently parse before the workbook (exceljs issue #3064, "Cannot read properties of undefined (reading
 * 'sheets')"). Reading through the directory is deterministic, and the parser sees exactly the entries that
 * xlsx-zip.ts checked — no hidden local entry can reach it.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { ArchiveRejected, openEntry, type ArchiveDirectory, type ArchiveEntry } from './xlsx-zip.js';

/** The parts of exceljs 4.4's WorkbookReader used here (underscore methods: not in its typings). */
interface WorkbookReaderParts {
  model?: { sheets?: Array<{ name: string; id: number; rId: string }> };
  workbookRels?: Array<{ Id: string; Target: string }>;
  _parseRels(stream: Readable): Promise<void>;
  _parseWorkbook(stream: Readable): Promise<void>;
  _parseSharedStrings(stream: Readable): AsyncGenerator<unknown>;
  _parseStyles(stream: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Generator<{ eventType: string; value: WorksheetRows }>;
}

interface WorksheetRows extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

export interface SheetRows {
  name: string;
  rows: AsyncIterable<ExcelJS.Row>;
}

/** "worksheets/sheet1.xml" (relative to xl/) or "/xl/worksheets/sheet1.xml" → "xl/worksheets/sheet1.xml". */
function partPath(target: string): string {
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/\/\.\//g, '/');
}

/**
 * The workbook's sheets in tab order, each opened only when the caller asks for its rows.
 * `styles: 'cache'` lets exceljs recognise date-formatted cells as dates.
 */
export async function* worksheetsOf(path: string, directory: ArchiveDirectory): AsyncGenerator<SheetRows> {
  const byName = new Map<string, ArchiveEntry>(directory.entries.map((entry) => [entry.name, entry]));
  const open = (name: string) => {
    const entry = byName.get(name);
    return entry ? openEntry(path, entry) : undefined;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore',
  }) as unknown as WorkbookReaderParts;

  const rels = await open('xl/_rels/workbook.xml.rels');
  if (!rels) throw new ArchiveRejected('catalog.import_invalid_file', 'Not an XLSX file: the workbook has no relationships part.');
  await reader._parseRels(rels);
  await reader._parseWorkbook((await open('xl/workbook.xml'))!);
  const sharedStrings = await open('xl/sharedStrings.xml');
  if (sharedStrings) for await (const _ of reader._parseSharedStrings(sharedStrings)) { /* cached by the reader */ }
  const styles = await open('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);

  for (const sheet of reader.model?.sheets ?? []) {
    const target = reader.workbookRels?.find((rel) => rel.Id === sheet.rId)?.Target;
    const part = target ? partPath(target) : undefined;
    const stream = part ? await open(part) : undefined;
    if (!part || !stream) continue;
    const sheetNo = /sheet(\d+)\.xml$/.exec(part)?.[1] ?? String(sheet.id);
    for (const { eventType, value } of reader._parseWorksheet(stream, sheetNo)) {
      if (eventType !== 'worksheet') continue;
      try {
        yield { name: sheet.name, rows: value };
      } finally {
        // A sheet the caller skipped or left early: close its file instead of leaving it to the GC.
        stream.destroy();
      }
    }
  }
}
