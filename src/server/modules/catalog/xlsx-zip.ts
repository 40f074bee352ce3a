/**
 * Zip-bomb and size defence for uploaded workbooks, done before any XML parser sees the file.
 *
 * An XLSX file is a zip archive. `inspectArchive` reads only its end: the end-of-central-directory record and
 * the central directory, and refuses archives whose declared sizes are too big in total or absurdly
 * compressed. Declared sizes can lie, so `verifyArchive` then checks that the local entries tile the file with
 * nothing hidden between them (a streaming unzipper reads local headers, not the directory) and inflates every
 * entry through a counter that stops at the declared size — constant memory, bounded CPU — before exceljs
 * unzips the file again to parse it.
 */
import fs from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';

export interface ArchiveLimits {
  /** Sum of the declared uncompressed sizes of all entries. */
  maxTotalUncompressed: number;
  /** Compression ratio that counts as absurd… */
  maxRatio: number;
  /** …for entries at least this large (small XML compresses very well and is harmless). */
  ratioMinSize: number;
  maxEntries: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalUncompressed: 200 * 1024 * 1024,
  maxRatio: 200,
  ratioMinSize: 10 * 1024 * 1024,
  maxEntries: 10_000,
};

export type ArchiveProblemCode = 'catalog.import_invalid_file' | 'catalog.import_too_large';

export class ArchiveRejected extends Error {
  constructor(readonly code: ArchiveProblemCode, message: string) {
    super(message);
    this.name = 'ArchiveRejected';
  }
}

const invalid = (message: string) => new ArchiveRejected('catalog.import_invalid_file', message);
const tooLarge = (message: string) => new ArchiveRejected('catalog.import_too_large', message);

export interface ArchiveEntry {
  name: string;
  flags: number;
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export interface ArchiveDirectory {
  fileSize: number;
  centralDirectoryOffset: number;
  entries: ArchiveEntry[];
}

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_ZIP64_END = 0x06064b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_DESCRIPTOR = 0x08074b50;
const END_RECORD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const MAX_CENTRAL_DIRECTORY_BYTES = 8 * 1024 * 1024;
// Old .xls files and password-protected .xlsx files are OLE compound documents, not zip archives.
const OLE_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

async function readAt(handle: fs.FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  if (bytesRead !== length) throw invalid('The file ends early: it is not a complete zip archive.');
  return buffer;
}

function safeNumber(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw tooLarge('The archive declares an impossible size.');
  return Number(value);
}

async function findEndRecord(handle: fs.FileHandle, fileSize: number): Promise<{ offset: number; record: Buffer }> {
  const tailLength = Math.min(fileSize, END_RECORD_SIZE + MAX_COMMENT);
  const tail = await readAt(handle, fileSize - tailLength, tailLength);
  for (let at = tailLength - END_RECORD_SIZE; at >= 0; at--) {
    // The comment length must reach exactly to the end of the file, or these four bytes are just data.
    if (tail.readUInt32LE(at) === SIG_END && at + END_RECORD_SIZE + tail.readUInt16LE(at + 20) === tailLength) {
      return { offset: fileSize - tailLength + at, record: tail.subarray(at, at + END_RECORD_SIZE) };
    }
  }
  throw invalid('Not an XLSX file: no zip directory found.');
}

async function readZip64End(handle: fs.FileHandle, endOffset: number): Promise<{ count: number; size: number; offset: number }> {
  if (endOffset < 20) throw invalid('The zip64 directory locator is missing.');
  const locator = await readAt(handle, endOffset - 20, 20);
  if (locator.readUInt32LE(0) !== SIG_ZIP64_LOCATOR) throw invalid('The zip64 directory locator is missing.');
  const recordOffset = safeNumber(locator.readBigUInt64LE(8));
  const record = await readAt(handle, recordOffset, 56);
  if (record.readUInt32LE(0) !== SIG_ZIP64_END) throw invalid('The zip64 directory record is damaged.');
  return { count: safeNumber(record.readBigUInt64LE(32)), size: safeNumber(record.readBigUInt64LE(40)), offset: safeNumber(record.readBigUInt64LE(48)) };
}

/** Sizes that do not fit 32 bits are 0xFFFFFFFF in the header and follow in the zip64 extra field. */
function applyZip64Extra(entry: ArchiveEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 0x0001) {
      let field = at + 4;
      const next = (): number => {
        if (field + 8 > at + 4 + length) throw invalid('A zip64 extra field is too short.');
        const value = safeNumber(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

/** Reads the central directory (only the end of the file) and applies the declared-size limits. */
export async function inspectArchive(path: string, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): Promise<ArchiveDirectory> {
  const handle = await fs.open(path, 'r');
  try {
    const { size: fileSize } = await handle.stat();
    if (fileSize < END_RECORD_SIZE) throw invalid('Not an XLSX file: too short to be a zip archive.');
    const head = await readAt(handle, 0, Math.min(fileSize, OLE_SIGNATURE.length));
    if (head.equals(OLE_SIGNATURE)) {
      throw invalid('This is an old .xls or a password-protected workbook; save it as .xlsx without a password.');
    }
    const { offset: endOffset, record } = await findEndRecord(handle, fileSize);
    if (record.readUInt16LE(4) !== 0 || record.readUInt16LE(6) !== 0) throw invalid('Multi-part zip archives are not supported.');
    let count = record.readUInt16LE(10);
    let size = record.readUInt32LE(12);
    let offset = record.readUInt32LE(16);
    if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) ({ count, size, offset } = await readZip64End(handle, endOffset));
    if (count > limits.maxEntries) throw tooLarge(`The archive holds ${count} files; at most ${limits.maxEntries} are accepted.`);
    if (size > MAX_CENTRAL_DIRECTORY_BYTES || offset + size > endOffset) throw invalid('The zip directory is damaged.');

    const directory = await readAt(handle, offset, size);
    const entries: ArchiveEntry[] = [];
    let at = 0;
    for (let index = 0; index < count; index++) {
      if (at + 46 > directory.length || directory.readUInt32LE(at) !== SIG_CENTRAL) throw invalid('The zip directory is damaged.');
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      if (at + 46 + nameLength + extraLength + commentLength > directory.length) throw invalid('The zip directory is damaged.');
      const entry: ArchiveEntry = {
        name: directory.toString('utf8', at + 46, at + 46 + nameLength),
        flags: directory.readUInt16LE(at + 8),
        method: directory.readUInt16LE(at + 10),
        compressedSize: directory.readUInt32LE(at + 20),
        uncompressedSize: directory.readUInt32LE(at + 24),
        localHeaderOffset: directory.readUInt32LE(at + 42),
      };
      applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
      entries.push(entry);
      at += 46 + nameLength + extraLength + commentLength;
    }
    checkDeclaredSizes(entries, limits);
    if (!entries.some((entry) => entry.name === 'xl/workbook.xml')) throw invalid('Not an XLSX file: the archive has no xl/workbook.xml.');
    return { fileSize, centralDirectoryOffset: offset, entries };
  } finally {
    await handle.close();
  }
}

export function checkDeclaredSizes(entries: ArchiveEntry[], limits: ArchiveLimits): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.flags & 0x1) throw invalid('The workbook is encrypted; save it without a password.');
    if (entry.method !== 0 && entry.method !== 8) throw invalid(`"${entry.name}" uses an unsupported compression method.`);
    const ratio = entry.uncompressedSize / Math.max(entry.compressedSize, 1);
    if (entry.uncompressedSize > limits.ratioMinSize && ratio > limits.maxRatio) {
      throw tooLarge(`"${entry.name}" expands ${Math.round(ratio)}-fold to ${megabytes(entry.uncompressedSize)}; this looks like a zip bomb.`);
    }
    total += entry.uncompressedSize;
  }
  if (total > limits.maxTotalUncompressed) {
    throw tooLarge(`The workbook expands to ${megabytes(total)}; at most ${megabytes(limits.maxTotalUncompressed)} are accepted.`);
  }
}

const megabytes = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

/**
 * Checks what the directory cannot: that local entries follow each other without gaps or hidden extra entries,
 * that their headers agree with the directory, and that every entry inflates to exactly its declared size.
 */
export async function verifyArchive(path: string, directory: ArchiveDirectory): Promise<void> {
  const entries = [...directory.entries].sort((a, b) => a.localHeaderOffset - b.localHeaderOffset);
  const handle = await fs.open(path, 'r');
  try {
    let expectedOffset = 0;
    for (const entry of entries) {
      if (entry.localHeaderOffset !== expectedOffset) throw invalid('The zip archive has data outside its directory.');
      const header = await readAt(handle, entry.localHeaderOffset, 30);
      if (header.readUInt32LE(0) !== SIG_LOCAL) throw invalid(`The zip entry "${entry.name}" is damaged.`);
      const nameLength = header.readUInt16LE(26);
      const extraLength = header.readUInt16LE(28);
      const name = (await readAt(handle, entry.localHeaderOffset + 30, nameLength)).toString('utf8');
      if (name !== entry.name) throw invalid(`The zip entry "${entry.name}" does not match its directory record.`);
      const usesDescriptor = (header.readUInt16LE(6) & 0x8) !== 0;
      if (!usesDescriptor) {
        // A streaming unzipper trusts these local sizes, so they must agree with the directory (0xFFFFFFFF: zip64).
        const localCompressed = header.readUInt32LE(18);
        const localUncompressed = header.readUInt32LE(22);
        if ((localCompressed !== 0xffffffff && localCompressed !== entry.compressedSize) || (localUncompressed !== 0xffffffff && localUncompressed !== entry.uncompressedSize)) {
          throw invalid(`The zip entry "${entry.name}" declares different sizes in two places.`);
        }
      }
      const dataStart = entry.localHeaderOffset + 30 + nameLength + extraLength;
      const dataEnd = dataStart + entry.compressedSize;
      if (dataEnd > directory.centralDirectoryOffset) throw invalid(`The zip entry "${entry.name}" is damaged.`);
      await inflateWithin(path, entry, dataStart, dataEnd);
      expectedOffset = dataEnd + (usesDescriptor ? await descriptorLength(handle, dataEnd, directory.centralDirectoryOffset) : 0);
    }
    if (expectedOffset !== directory.centralDirectoryOffset) throw invalid('The zip archive has data outside its directory.');
  } finally {
    await handle.close();
  }
}

/** A data descriptor is 12 or 20 bytes (32- or 64-bit sizes), or 16/24 with its optional signature. */
async function descriptorLength(handle: fs.FileHandle, at: number, limit: number): Promise<number> {
  const bytes = await readAt(handle, at, Math.min(28, limit - at));
  const signed = bytes.length >= 4 && bytes.readUInt32LE(0) === SIG_DESCRIPTOR;
  for (const length of signed ? [16, 24] : [12, 20]) {
    // The right length is the one after which the next entry (or the directory) starts.
    if (at + length === limit) return length;
    if (length + 4 <= bytes.length && bytes.readUInt32LE(length) === SIG_LOCAL) return length;
  }
  throw invalid('A zip data descriptor is damaged.');
}

async function inflateWithin(path: string, entry: ArchiveEntry, start: number, end: number): Promise<void> {
  if (entry.compressedSize === 0) {
    if (entry.uncompressedSize !== 0) throw invalid(`The zip entry "${entry.name}" is damaged.`);
    return;
  }
  const source = createReadStream(path, { start, end: end - 1, highWaterMark: 64 * 1024 });
  const inflater = entry.method === 8 ? zlib.createInflateRaw() : undefined;
  if (inflater) source.on('error', (error) => inflater.destroy(error));
  let produced = 0;
  try {
    const chunks: AsyncIterable<Buffer> = inflater ? source.pipe(inflater) : source;
    for await (const chunk of chunks) {
      produced += chunk.length;
      if (produced > entry.uncompressedSize) {
        throw invalid(`The zip entry "${entry.name}" holds more than it declares; the file is refused as a possible zip bomb.`);
      }
    }
  } catch (error) {
    if (error instanceof ArchiveRejected) throw error;
    throw invalid(`The zip entry "${entry.name}" cannot be decompressed.`);
  } finally {
    source.destroy();
    inflater?.destroy();
  }
  if (produced !== entry.uncompressedSize) throw invalid(`The zip entry "${entry.name}" is shorter than it declares.`);
}

/**
 * The inflated content of one entry, located through the central directory (never by scanning local headers),
 * and cut off with an error if it inflates past its declared size.
 */
export async function openEntry(path: string, entry: ArchiveEntry): Promise<Readable> {
  const handle = await fs.open(path, 'r');
  let dataStart: number;
  try {
    const header = await readAt(handle, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== SIG_LOCAL) throw invalid(`The zip entry "${entry.name}" is damaged.`);
    dataStart = entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  } finally {
    await handle.close();
  }
  if (entry.compressedSize === 0) return Readable.from([]);
  const source = createReadStream(path, { start: dataStart, end: dataStart + entry.compressedSize - 1, highWaterMark: 64 * 1024 });
  let produced = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      produced += chunk.length;
      done(produced > entry.uncompressedSize ? invalid(`The zip entry "${entry.name}" holds more than it declares.`) : null, chunk);
    },
  });
  const inflated = entry.method === 8 ? source.pipe(zlib.createInflateRaw()) : source;
  // Errors of the earlier stages end the last one, so whoever reads it hears about them.
  source.on('error', (error) => limit.destroy(error));
  if (inflated !== source) inflated.on('error', (error: Error) => limit.destroy(error));
  return inflated.pipe(limit);
}
