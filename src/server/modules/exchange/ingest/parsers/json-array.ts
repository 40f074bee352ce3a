/**
 * A top-level JSON array of flat objects (application/json), split into its elements as the bytes arrive: the
 * splitter tracks strings, escapes and depth, refuses anything nested inside an element at once, and hands each
 * element (at most 1 MB) to JSON.parse. Memory stays bounded by the largest element, whatever the array's size.
 */
import type { RawRecord } from '../../index.js';
import { stripBom, toBuffer, type ByteSource } from './bytes.js';
import { badEncoding, malformedJson, MAX_RECORD_BYTES, nestedTooDeep, notAnArray, notAnObject, recordTooLarge, truncatedInput } from './errors.js';

const enum State { Start, FirstValue, Value, Element, After, End }

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

export async function* parseJsonArray(source: ByteSource): AsyncGenerator<RawRecord> {
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  let state = State.Start;
  let element = 0;
  let pieces: Buffer[] = [];
  let size = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;

  const complete = (): RawRecord => {
    const bytes = pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, size);
    pieces = [];
    size = 0;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      throw badEncoding('JSON must be UTF-8.', { element });
    }
    try {
      return JSON.parse(text) as RawRecord;
    } catch (error) {
      throw malformedJson({ element }, (error as Error).message);
    }
  };

  for await (const chunk of stripBom(source)) {
    const buffer = toBuffer(chunk);
    let elementStart = state === State.Element ? 0 : -1;
    for (let index = 0; index < buffer.length; index++) {
      const byte = buffer[index];
      if (state === State.Element) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === 0x5c) escaped = true;
          else if (byte === 0x22) inString = false;
          continue;
        }
        if (byte === 0x22) inString = true;
        else if (byte === 0x7b || byte === 0x5b) {
          if (++depth > 1) throw nestedTooDeep({ element });
        } else if (byte === 0x7d || byte === 0x5d) {
          if (--depth === 0) {
            if (size + index + 1 - elementStart > MAX_RECORD_BYTES) throw recordTooLarge({ element });
            pieces.push(buffer.subarray(elementStart, index + 1));
            size += index + 1 - elementStart;
            elementStart = -1;
            state = State.After;
            yield complete();
          }
        }
        continue;
      }
      if (isSpace(byte)) continue;
      switch (state) {
        case State.Start:
          if (byte !== 0x5b) throw notAnArray();
          state = State.FirstValue;
          break;
        case State.FirstValue:
        case State.Value:
          if (byte === 0x7b) {
            element++;
            state = State.Element;
            depth = 1;
            inString = false;
            escaped = false;
            elementStart = index;
          } else if (byte === 0x5d && state === State.FirstValue) {
            state = State.End;
          } else if (byte === 0x5d || byte === 0x2c) {
            throw malformedJson({ element: element + 1 }, 'expected an object');
          } else {
            throw notAnObject({ element: element + 1 });
          }
          break;
        case State.After:
          if (byte === 0x2c) state = State.Value;
          else if (byte === 0x5d) state = State.End;
          else throw malformedJson({ element }, 'expected "," or "]" after the element');
          break;
        case State.End:
          throw malformedJson({ element }, 'unexpected data after the closing "]"');
      }
    }
    if (state === State.Element && elementStart >= 0) {
      const length = buffer.length - elementStart;
      if (size + length > MAX_RECORD_BYTES) throw recordTooLarge({ element });
      pieces.push(buffer.subarray(elementStart));
      size += length;
    }
  }
  if ((state as State) === State.Start) throw notAnArray();
  if ((state as State) !== State.End) throw truncatedInput({ element: Math.max(element, 1) });
}
