import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RawRecord } from '../index.js';
import { parseRecords, type ParseFormat, type ParseOptions } from './parse.js';

/** The body cut into chunks of `size` bytes, so every parser state is crossed at a chunk boundary somewhere. */
function chunks(bytes: Buffer | string, size = 7): Readable {
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes, 'utf8');
  const pieces: Buffer[] = [];
  for (let at = 0; at < buffer.length; at += size) pieces.push(buffer.subarray(at, at + size));
  return Readable.from(pieces);
}

async function all(format: ParseFormat, body: Buffer | string, options: ParseOptions = {}, size?: number): Promise<RawRecord[]> {
  const records: RawRecord[] = [];
  for await (const record of parseRecords(format, chunks(body, size), options)) records.push(record);
  return records;
}

const COLUMNS = [
  { name: 'id_number', label: '公民身份号码', key: true },
  { name: 'full_name', label: '姓名', key: false },
  { name: 'household_size', label: '家庭人口数', key: false },
];

describe('NDJSON parser', () => {
  it('reads one object per line across chunk boundaries: BOM, CRLF, blank lines, no final newline', async () => {
    const body = '\uFEFF{"a":"x\\"}{[","b":1}\r\n\n  \n{"a":"中文","b":null}\n{"a":"last"}';
    for (const size of [1, 3, 64]) {
      expect(await all('ndjson', body, {}, size)).toEqual([{ a: 'x"}{[', b: 1 }, { a: '中文', b: null }, { a: 'last' }]);
    }
  });

  it.each([
    ['a cut-off last line', '{"a":1}\n{"a":', 'exchange.truncated_input', 400, 2],
    ['invalid JSON on a line', '{"a":1}\n{a:1}\n{"a":2}\n', 'exchange.malformed_json', 400, 2],
    ['a line that is not an object', '{"a":1}\n[1,2]\n', 'exchange.not_an_object', 400, 2],
    ['an object as a value', '{"a":{"b":1}}\n', 'exchange.nested_too_deep', 400, 1],
    ['10,000 levels of nesting', `{"a":1}\n{"a":${'['.repeat(10_000)}${']'.repeat(10_000)}}\n`, 'exchange.nested_too_deep', 400, 2],
    ['invalid UTF-8', Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xd6, 0xd0]), Buffer.from('"}\n')]), 'exchange.bad_encoding', 400, 1],
  ])('refuses %s with its line number', async (_name, body, code, status, line) => {
    await expect(all('ndjson', body)).rejects.toMatchObject({ code, status, extra: { line } });
  });

  it('stops a line over 1 MB at 1 MB, without reading the rest of it', async () => {
    let produced = 0;
    async function* huge() {
      yield Buffer.from('{"a":1}\n{"a":"');
      for (let i = 0; i < 10 * 16; i++) {
        produced += 64 * 1024;
        yield Buffer.alloc(64 * 1024, 0x61);
      }
    }
    await expect((async () => { for await (const _ of parseRecords('ndjson', huge())) { /* drain */ } })()).rejects.toMatchObject({ code: 'exchange.record_too_large', status: 413, extra: { line: 2 } });
    expect(produced).toBeLessThan(2 * 1024 * 1024);
  });
});

describe('JSON array parser', () => {
  it('splits a top-level array into its objects, whatever the chunking', async () => {
    const body = ' [ {"a":"]},\\\\","b":2} ,{"a":"中"}\n]\n';
    for (const size of [1, 5, 100]) expect(await all('json', body, {}, size)).toEqual([{ a: ']},\\', b: 2 }, { a: '中' }]);
    expect(await all('json', '[]')).toEqual([]);
  });

  it.each([
    ['an object, not an array', '{"a":1}', 'exchange.not_an_array'],
    ['a number element', '[{"a":1},2]', 'exchange.not_an_object'],
    ['a trailing comma', '[{"a":1},]', 'exchange.malformed_json'],
    ['a nested array', `[{"a":${'['.repeat(10_000)}`, 'exchange.nested_too_deep'],
    ['a cut-off body', '[{"a":1},{"a":', 'exchange.truncated_input'],
    ['data after the array', '[{"a":1}] x', 'exchange.malformed_json'],
  ])('refuses %s', async (_name, body, code) => {
    await expect(all('json', body)).rejects.toMatchObject({ code });
  });
});

describe('CSV parser', () => {
  const csv = 'id_number,姓名,household_size,_op\n11010519491231002X,"张, ""三""\n二",3,\n440524188001010014,,,delete\n';

  it('reads RFC 4180 quoting, maps labels to names and makes empty cells null', async () => {
    expect(await all('csv', csv, { columns: COLUMNS }, 4)).toEqual([
      { id_number: '11010519491231002X', full_name: '张, "三"\n二', household_size: '3', _op: null },
      { id_number: '440524188001010014', full_name: null, household_size: null, _op: 'delete' },
    ]);
  });

  it('detects GBK and GB18030 (Chinese Excel) and UTF-8 with a BOM; a declared encoding wins', async () => {
    const expected = [{ id_number: '11010519491231002X', full_name: '张, "三"\n二', household_size: '3', _op: null }];
    const text = csv.split('\n').slice(0, 3).join('\n');
    for (const encoding of ['gbk', 'gb18030']) {
      let seen = '';
      expect(await all('csv', iconv.encode(text, encoding), { columns: COLUMNS, onEncoding: (name) => { seen = name; } }, 3)).toEqual(expected);
      expect(seen).toBe('gb18030');
    }
    // 𠀀 exists only in GB18030 (four bytes), not in GBK.
    expect(await all('csv', iconv.encode('id_number,full_name\nX,𠀀\n', 'gb18030'), {})).toEqual([{ id_number: 'X', full_name: '𠀀' }]);
    expect(await all('csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), { columns: COLUMNS }, 2)).toEqual(expected);
    // Declared UTF-8 for GBK bytes: refused instead of guessed.
    await expect(all('csv', iconv.encode(text, 'gbk'), { encoding: 'utf-8' })).rejects.toMatchObject({ code: 'exchange.bad_encoding' });
  });

  it('refuses bytes that are neither UTF-8 nor GB18030, and headers naming no data item', async () => {
    await expect(all('csv', Buffer.from([0x61, 0x0a, 0xff, 0xff, 0xff, 0x0a]))).rejects.toMatchObject({ code: 'exchange.bad_encoding', status: 400 });
    await expect(all('csv', 'id_number,nonsense,另一个\n1,2,3\n', { columns: COLUMNS })).rejects.toMatchObject({
      code: 'exchange.unknown_columns', status: 400, extra: { columns: ['nonsense', '另一个'] },
    });
  });
});

describe('XLSX parser', () => {
  it('reads the first sheet with the header row; Excel dates become YYYY-MM-DD or ISO local time', async () => {
    const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'ingest-xlsx-'));
    try {
      const file = path.join(directory, 'data.xlsx');
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('data');
      sheet.addRow(['id_number', '出生日期', 'registered_at', 'household_size']);
      sheet.addRow(['11010519491231002X', new Date(Date.UTC(1949, 11, 31)), new Date(Date.UTC(2024, 4, 1, 8, 30)), 3]);
      sheet.addRow([]);
      sheet.addRow(['440524188001010014', null, null, null]);
      sheet.getColumn(2).numFmt = 'yyyy-mm-dd';
      sheet.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
      workbook.addWorksheet('other').addRow(['ignored']);
      await workbook.xlsx.writeFile(file);
      const columns = [...COLUMNS, { name: 'birth_date', label: '出生日期', key: false }, { name: 'registered_at', label: '登记时间', key: false }];
      expect(await all('xlsx', await fs.readFile(file), { columns }, 1000)).toEqual([
        { id_number: '11010519491231002X', birth_date: '1949-12-31', registered_at: '2024-05-01T08:30:00', household_size: 3 },
        { id_number: '440524188001010014', birth_date: null, registered_at: null, household_size: null },
      ]);
    } finally {
      await fs.rm(directory, { recursive: true, force: true });
    }
  });
});
