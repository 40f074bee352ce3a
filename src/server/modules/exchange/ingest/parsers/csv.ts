/**
 * CSV (RFC 4180 quoting, csv-parse streaming) in UTF-8 or GBK/GB18030 (text.ts): a header row of data-item
 * names, then one record per row. Empty cells are null. Rows shorter than the header leave the rest null; cells
 * beyond the header are kept under "(column N)" so the validator reports them on their row.
 */
import { Readable } from 'node:stream';
import { parse, type CsvError } from 'csv-parse';
import { DomainError } from '../../../../platform/errors.js';
import type { RawRecord } from '../../index.js';
import type { ByteSource } from './bytes.js';
import { malformedCsv, MAX_RECORD_BYTES, recordTooLarge } from './errors.js';
import { mapHeader, rowToRecord, type HeaderMap, type HeaderOptions } from './header.js';
import { decodeText, type TextEncodingName } from './text.js';

export interface CsvOptions extends HeaderOptions {
  encoding?: TextEncodingName | null;
  onEncoding?: (encoding: TextEncodingName) => void;
}

export async function* parseCsv(source: ByteSource, options: CsvOptions = {}): AsyncGenerator<RawRecord> {
  const text = Readable.from(decodeText(source, options.encoding ?? null, options.onEncoding), { objectMode: false, encoding: 'utf8' });
  const parser = parse({
    bom: true,
    trim: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_BYTES,
  });
  text.on('error', (error) => parser.destroy(error));
  text.pipe(parser);
  let header: HeaderMap | null = null;
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      if (!header) {
        header = mapHeader(record, options);
        continue;
      }
      // A line of separators only (Excel writes these for formatted but empty rows) is not a record.
      if (record.every((cell) => cell === '')) continue;
      row++;
      yield rowToRecord(header, record);
    }
  } catch (error) {
    if (error instanceof DomainError) throw error;
    const problem = error as CsvError & { lines?: number };
    if (problem.code === 'CSV_MAX_RECORD_SIZE') throw recordTooLarge({ row: row + 1 });
    if (typeof problem.code === 'string' && problem.code.startsWith('CSV_')) {
      throw malformedCsv(problem.message.replace(/^Invalid [A-Za-z ]+: /, ''), { row: row + 1 });
    }
    throw error;
  } finally {
    text.destroy();
    parser.destroy();
  }
  if (!header) throw new DomainError('exchange.empty_header', 400, 'The CSV is empty: the first row must name the data items (the header row).');
}
