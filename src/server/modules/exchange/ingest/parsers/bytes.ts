/** Byte-level helpers shared by the JSON parsers. */
export type ByteSource = AsyncIterable<Uint8Array | string>;

export const toBuffer = (chunk: Uint8Array | string): Buffer =>
  typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Drops a UTF-8 byte order mark at the very start (even when it is split across chunks). */
export async function* stripBom(source: ByteSource): AsyncGenerator<Buffer> {
  let head: Buffer | null = Buffer.alloc(0);
  for await (const chunk of source) {
    const buffer = toBuffer(chunk);
    if (head === null) {
      yield buffer;
      continue;
    }
    head = Buffer.concat([head, buffer]);
    if (head.length < BOM.length && BOM.subarray(0, head.length).equals(head)) continue;
    const rest: Buffer = head.subarray(0, 3).equals(BOM) ? head.subarray(3) : head;
    head = null;
    if (rest.length) yield rest;
  }
  if (head !== null && head.length && !BOM.subarray(0, head.length).equals(head)) yield head;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_ARRAY = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_ARRAY = 0x5d;

/**
 * Tracks strings, escapes and bracket depth over the bytes of one JSON value as they arrive, so a value nested
 * deeper than `maxDepth` is refused before JSON.parse ever sees it. Multi-byte UTF-8 sequences never contain
 * bytes below 0x80, so scanning bytes is exact.
 */
export class FlatJsonScanner {
  depth = 0;
  private inString = false;
  private escaped = false;

  constructor(private readonly maxDepth: number) {}

  reset(): void {
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
  }

  /** false as soon as the depth exceeds the maximum. */
  scan(buffer: Buffer, start: number, end: number): boolean {
    let { depth, inString, escaped } = this;
    for (let index = start; index < end; index++) {
      const byte = buffer[index];
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) inString = false;
      } else if (byte === QUOTE) {
        inString = true;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (++depth > this.maxDepth) return false;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--;
      }
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    return true;
  }
}
