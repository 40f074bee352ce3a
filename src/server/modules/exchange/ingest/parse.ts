/**
 * Streaming parsers: every format turns a byte stream into records with memory bounded by one record (at most
 * 1 MB), whatever the size of the input.
 *
 *   ndjson  parsers/json-lines.ts   one flat object per line (UTF-8)
 *   json    parsers/json-array.ts   a top-level array of flat objects (UTF-8)
 *   csv     parsers/csv.ts          header row + rows; UTF-8 (BOM or not) or GBK/GB18030, detected (parsers/text.ts)
 *   xlsx    parsers/xlsx.ts         first sheet; needs a file, so a stream is spooled to a temporary file first
 *
 * Malformed input throws a DomainError (400/413) from the iterator; the load's transaction then rolls back.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { LoadFormat, RawRecord, StoreColumn } from '../index.js';
import type { ByteSource } from './parsers/bytes.js';
import { parseCsv } from './parsers/csv.js';
import { parseJsonArray } from './parsers/json-array.js';
import { parseNdjson } from './parsers/json-lines.js';
import { encodingFromLabel, type TextEncodingName } from './parsers/text.js';
import { parseXlsxFile } from './parsers/xlsx.js';

export type ParseFormat = Exclude<LoadFormat, 'database'>;

export interface ParseOptions {
  /** A declared text encoding (CSV only): utf-8, gbk, gb18030, gb2312; detected when absent. */
  encoding?: string | null;
  /** The store's columns: headers (CSV/XLSX) are then checked and labels accepted for names. */
  columns?: readonly Pick<StoreColumn, 'name' | 'label' | 'key'>[];
  /** Learns which encoding a CSV was read in. */
  onEncoding?: (encoding: TextEncodingName) => void;
}

async function* spooledXlsx(body: ByteSource, options: ParseOptions): AsyncGenerator<RawRecord> {
  const directory = await fs.mkdtemp(path.join(os.tmpdir(), 'zhongshu-xlsx-'));
  try {
    const file = path.join(directory, 'upload.xlsx');
    await pipeline(body as AsyncIterable<Uint8Array>, createWriteStream(file, { mode: 0o600 }));
    yield* parseXlsxFile(file, { columns: options.columns });
  } finally {
    await fs.rm(directory, { recursive: true, force: true });
  }
}

export function parseRecords(format: ParseFormat, body: Readable | ByteSource, options: ParseOptions = {}): AsyncIterable<RawRecord> {
  switch (format) {
    case 'ndjson':
      return parseNdjson(body);
    case 'json':
      return parseJsonArray(body);
    case 'csv':
      return parseCsv(body, { columns: options.columns, encoding: encodingFromLabel(options.encoding), onEncoding: options.onEncoding });
    case 'xlsx':
      return spooledXlsx(body, options);
    default:
      throw new Error(`no parser for ${String(format)}`);
  }
}
