import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createWriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildWorkbook } from './import-fixtures.js';
import { worksheetsOf } from './xlsx-reader.js';
import { writeCatalogWorkbook } from './xlsx-template.js';
import { inspectArchive } from './xlsx-zip.js';

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'zs-reader-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function readAll(file: string) {
  const sheets: Array<{ name: string; rows: unknown[][] }> = [];
  for await (const sheet of worksheetsOf(file, await inspectArchive(file))) {
    const rows: unknown[][] = [];
    for await (const row of sheet.rows) rows.push((row.values as unknown[]).slice(1));
    sheets.push({ name: sheet.name, rows });
  }
  return sheets;
}

describe('worksheetsOf', () => {
  it('reads every sheet of an exceljs workbook every time (exceljs #3064: workbook.xml stored last)', async () => {
    const file = path.join(dir, 'two.xlsx');
    await fs.writeFile(file, await buildWorkbook([{ name: 'First', rows: [['a', 1], ['b', 2]] }, { name: '第二', rows: [['中文', new Date(Date.UTC(2024, 0, 2))]] }]));
    for (let attempt = 0; attempt < 30; attempt++) {
      expect(await readAll(file)).toEqual([
        { name: 'First', rows: [['a', 1], ['b', 2]] },
        { name: '第二', rows: [['中文', new Date(Date.UTC(2024, 0, 2))]] },
      ]);
    }
  });

  it('reads workbooks from the streaming writer, and lets the caller skip sheets', async () => {
    const file = path.join(dir, 'template.xlsx');
    const output = createWriteStream(file);
    await writeCatalogWorkbook(output);
    await finished(output);
    const names: string[] = [];
    for await (const sheet of worksheetsOf(file, await inspectArchive(file))) names.push(sheet.name);
    expect(names).toEqual(['资源 Entries', '信息项 DataItems', '说明 Instructions']);
    const sheets = await readAll(file);
    expect(sheets[0].rows[0][0]).toBe('资源序号 Entry No.');
  });
});
