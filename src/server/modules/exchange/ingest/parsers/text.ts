/**
 * Text decoding for CSV: UTF-8 (with or without BOM) or GBK/GB18030 as Chinese Excel writes it. A declared
 * encoding (Content-Type charset or the upload's `encoding` field) wins; otherwise the first 64 KB decide:
 * valid UTF-8 → UTF-8, else valid GB18030 → GB18030, else 400 exchange.bad_encoding. Decoding then streams
 * with a fatal decoder, so bytes that fit neither are refused wherever they occur.
 */
import { DomainError } from '../../../../platform/errors.js';
import { toBuffer, type ByteSource } from './bytes.js';
import { badEncoding } from './errors.js';

export type TextEncodingName = 'utf-8' | 'gb18030';

const DETECT_BYTES = 64 * 1024;

const LABELS: Record<string, TextEncodingName> = {
  'utf-8': 'utf-8', utf8: 'utf-8', 'unicode-1-1-utf-8': 'utf-8',
  gb18030: 'gb18030', gbk: 'gb18030', gb2312: 'gb18030', cp936: 'gb18030', 'x-gbk': 'gb18030', 'windows-936': 'gb18030', 'gb_2312-80': 'gb18030',
};

/** Maps a declared charset to the decoder used (GBK and GB2312 are subsets of GB18030); null when none given. */
export function encodingFromLabel(label: string | null | undefined): TextEncodingName | null {
  if (label === null || label === undefined || label.trim() === '') return null;
  const found = LABELS[label.trim().toLowerCase()];
  if (!found) {
    throw new DomainError('exchange.unsupported_encoding', 400, `The encoding "${label.slice(0, 40)}" is not supported; use UTF-8, GBK or GB18030.`);
  }
  return found;
}

function fits(encoding: TextEncodingName, bytes: Buffer): boolean {
  try {
    // stream: true — a character cut at the end of the sample is not an error.
    new TextDecoder(encoding, { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function detectEncoding(head: Buffer): TextEncodingName {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) {
    throw badEncoding('UTF-16 is not supported; save the file as UTF-8 (or GBK).');
  }
  if (fits('utf-8', head)) return 'utf-8';
  if (fits('gb18030', head)) return 'gb18030';
  throw badEncoding('the bytes are neither UTF-8 nor GBK/GB18030.');
}

/** Decodes a byte stream to text chunks; the BOM is dropped. `onEncoding` learns what was chosen. */
export async function* decodeText(source: ByteSource, declared: TextEncodingName | null, onEncoding?: (encoding: TextEncodingName) => void): AsyncGenerator<string> {
  const iterator = source[Symbol.asyncIterator]();
  const head: Buffer[] = [];
  let headSize = 0;
  let ended = false;
  while (headSize < DETECT_BYTES) {
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      break;
    }
    const buffer = toBuffer(next.value);
    head.push(buffer);
    headSize += buffer.length;
  }
  const first = Buffer.concat(head, headSize);
  const encoding = declared ?? detectEncoding(first);
  onEncoding?.(encoding);
  // ignoreBOM: false (the default) drops a leading UTF-8 BOM.
  const decoder = new TextDecoder(encoding, { fatal: true });
  const decode = (bytes: Buffer, stream: boolean) => {
    try {
      return decoder.decode(bytes, { stream });
    } catch {
      throw badEncoding(encoding === 'utf-8' ? 'the file is not valid UTF-8 (save it as UTF-8, or declare GBK).' : 'the file is not valid GBK/GB18030.');
    }
  };
  const text = decode(first, true);
  if (text) yield text;
  if (!ended) {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      const chunk = decode(toBuffer(next.value), true);
      if (chunk) yield chunk;
    }
  }
  const tail = decode(Buffer.alloc(0), false);
  if (tail) yield tail;
}
