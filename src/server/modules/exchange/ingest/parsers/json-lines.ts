/**
 * NDJSON (application/x-ndjson): one flat JSON object per line, read as bytes and cut at newlines, so memory
 * stays bounded by the largest line (at most 1 MB) whatever the body's size. Each line is scanned as its bytes
 * arrive — a nested object or array is refused as soon as its bracket is seen — then decoded as strict UTF-8
 * and handed to JSON.parse.
 */
import type { RawRecord } from '../../index.js';
import { badEncoding, malformedJson, MAX_RECORD_BYTES, nestedTooDeep, notAnObject, recordTooLarge, truncatedInput } from './errors.js';
import { FlatJsonScanner, stripBom, toBuffer, type ByteSource } from './bytes.js';

export async function* parseNdjson(source: ByteSource): AsyncGenerator<RawRecord> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  const scanner = new FlatJsonScanner(1);
  let pieces: Buffer[] = [];
  let size = 0;
  let line = 1;

  const take = (last: boolean): RawRecord | null => {
    let bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, size);
    pieces = [];
    size = 0;
    scanner.reset();
    if (bytes.length && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, bytes.length - 1);
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw badEncoding('NDJSON must be UTF-8.', { line });
    }
    if (text.trim() === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (last) throw truncatedInput({ line });
      throw malformedJson({ line }, (error as Error).message);
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) throw notAnObject({ line });
    return value as RawRecord;
  };

  for await (const chunk of stripBom(source)) {
    const buffer = toBuffer(chunk);
    let start = 0;
    while (start < buffer.length) {
      const newline = buffer.indexOf(0x0a, start);
      const end = newline === -1 ? buffer.length : newline;
      if (size + (end - start) > MAX_RECORD_BYTES) throw recordTooLarge({ line });
      if (!scanner.scan(buffer, start, end)) throw nestedTooDeep({ line });
      if (end > start) {
        pieces.push(buffer.subarray(start, end));
        size += end - start;
      }
      if (newline === -1) break;
      const record = take(false);
      if (record) yield record;
      line++;
      start = newline + 1;
    }
  }
  if (size > 0) {
    const record = take(true);
    if (record) yield record;
  }
}
