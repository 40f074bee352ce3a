import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveRejected, DEFAULT_ARCHIVE_LIMITS, inspectArchive, verifyArchive } from './xlsx-zip.js';
import { WORKBOOK_XML, buildWorkbook, buildZip, deflatedZeros } from './import-fixtures.js';
import { writeCatalogWorkbook } from './xlsx-template.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zs-zip-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, content: Buffer): Promise<string> {
  const file = path.join(dir, name);
  await fs.writeFile(file, content);
  return file;
}

async function rejection(promise: Promise<unknown>): Promise<ArchiveRejected> {
  const error = await promise.then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(ArchiveRejected);
  return error as ArchiveRejected;
}

const workbookEntry = () => ({ name: 'xl/workbook.xml', data: zlib.deflateRawSync(WORKBOOK_XML), uncompressedSize: WORKBOOK_XML.length });

describe('inspectArchive and verifyArchive', () => {
  it('accept workbooks written by exceljs, streamed (data descriptors) or not', async () => {
    const streamed = new PassThrough();
    const chunks: Buffer[] = [];
    streamed.on('data', (chunk: Buffer) => chunks.push(chunk));
    await writeCatalogWorkbook(streamed);
    for (const content of [Buffer.concat(chunks), await buildWorkbook([{ name: 'x', rows: [['a', 1]] }])]) {
      const file = await fileWith(`ok-${chunks.length}-${content.length}.xlsx`, content);
      const directory = await inspectArchive(file);
      expect(directory.entries.some((entry) => entry.name === 'xl/workbook.xml')).toBe(true);
      await expect(verifyArchive(file, directory)).resolves.toBeUndefined();
    }
  });

  it('refuse what is not a zip, an old .xls and a zip without xl/workbook.xml', async () => {
    const text = await fileWith('text.xlsx', Buffer.from('name,code\n人口,1\n'.repeat(20)));
    expect((await rejection(inspectArchive(text))).code).toBe('catalog.import_invalid_file');
    const ole = await fileWith('old.xls', Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(600)]));
    expect((await rejection(inspectArchive(ole))).message).toMatch(/xls/);
    const docx = await fileWith('doc.zip', buildZip([{ name: 'word/document.xml', data: zlib.deflateRawSync(Buffer.from('<w/>')), uncompressedSize: 4 }]));
    const error = await rejection(inspectArchive(docx));
    expect(error.code).toBe('catalog.import_invalid_file');
    expect(error.message).toMatch(/workbook\.xml/);
  });

  it('refuse a central directory that declares a huge size, reading only the end of the file', async () => {
    const file = await fileWith('declared.xlsx', buildZip([
      workbookEntry(),
      { name: 'xl/worksheets/sheet1.xml', data: zlib.deflateRawSync(Buffer.alloc(1000)), uncompressedSize: 3_000_000_000 },
    ]));
    const error = await rejection(inspectArchive(file));
    expect(error.code).toBe('catalog.import_too_large');
  });

  it('refuse many moderately compressed entries whose total is over the cap', async () => {
    const entries = [workbookEntry(), ...Array.from({ length: 30 }, (_, index) => ({
      name: `xl/worksheets/sheet${index + 1}.xml`, data: zlib.deflateRawSync(Buffer.alloc(100)), compressedSize: 80_000, uncompressedSize: 8_000_000,
    }))];
    // Sizes are only declared: inspectArchive never reads the entries' data.
    const file = await fileWith('total.xlsx', buildZip(entries));
    const error = await rejection(inspectArchive(file));
    expect(error.code).toBe('catalog.import_too_large');
    expect(error.message).toMatch(/expands to 229 MB/);
  });

  it('refuse a real zip bomb (250 MB of zeros deflated) without inflating it', async () => {
    const payload = await deflatedZeros(250 * 1024 * 1024);
    expect(payload.length).toBeLessThan(1024 * 1024);
    const file = await fileWith('bomb.xlsx', buildZip([workbookEntry(), { name: 'xl/sharedStrings.xml', data: payload, uncompressedSize: 250 * 1024 * 1024 }]));
    const heapBefore = process.memoryUsage().heapUsed;
    const error = await rejection(inspectArchive(file));
    expect(error.code).toBe('catalog.import_too_large');
    expect(error.message).toMatch(/zip bomb|expands/);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(50 * 1024 * 1024);
  });

  it('catch an entry that holds more than it declares, stopping at the declared size', async () => {
    const payload = await deflatedZeros(50 * 1024 * 1024);
    const file = await fileWith('liar.xlsx', buildZip([workbookEntry(), { name: 'xl/sharedStrings.xml', data: payload, uncompressedSize: 1000 }]));
    const directory = await inspectArchive(file);
    const error = await rejection(verifyArchive(file, directory));
    expect(error.message).toMatch(/more than it declares/);
  });

  it('catch data hidden outside the directory (a local entry a streaming unzipper would read)', async () => {
    const hidden = buildZip([{ name: 'xl/sharedStrings.xml', data: zlib.deflateRawSync(Buffer.alloc(10_000)), uncompressedSize: 1 }]);
    const localOnly = hidden.subarray(0, hidden.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])));
    const file = await fileWith('hidden.xlsx', buildZip([workbookEntry()], { prefix: localOnly }));
    const directory = await inspectArchive(file);
    const error = await rejection(verifyArchive(file, directory));
    expect(error.message).toMatch(/outside its directory/);
  });

  it('uses limits that a real catalog workbook never reaches', () => {
    expect(DEFAULT_ARCHIVE_LIMITS.maxTotalUncompressed).toBe(200 * 1024 * 1024);
    expect(DEFAULT_ARCHIVE_LIMITS.maxRatio).toBe(200);
  });
});
