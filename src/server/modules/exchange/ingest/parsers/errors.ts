/**
 * The problems a body can have before any record reaches the validator. Each one stops the load: the load's
 * transaction rolls back, so a malformed body leaves no load row and no record.
 */
import { DomainError } from '../../../../platform/errors.js';

/** A single record (NDJSON line, JSON array element, CSV row) may not be larger than this. */
export const MAX_RECORD_BYTES = 1024 * 1024;

type Where = { line?: number; element?: number; row?: number };

const place = (where: Where) =>
  where.line !== undefined ? `line ${where.line}` : where.element !== undefined ? `element ${where.element}` : where.row !== undefined ? `row ${where.row}` : 'the input';

export const recordTooLarge = (where: Where) =>
  new DomainError('exchange.record_too_large', 413, `The record at ${place(where)} is larger than ${MAX_RECORD_BYTES / 1024 / 1024} MB.`, [], { ...where });

export const malformedJson = (where: Where, reason?: string) =>
  new DomainError('exchange.malformed_json', 400, `The JSON at ${place(where)} is not valid${reason ? `: ${reason}` : ''}.`, [], { ...where });

export const truncatedInput = (where: Where) =>
  new DomainError('exchange.truncated_input', 400, `The input ends in the middle of a record (${place(where)}); nothing was loaded.`, [], { ...where });

export const notAnObject = (where: Where) =>
  new DomainError('exchange.not_an_object', 400, `The value at ${place(where)} is not a JSON object; send one object per record.`, [], { ...where });

export const notAnArray = () =>
  new DomainError('exchange.not_an_array', 400, 'An application/json body must be a JSON array of objects (or send application/x-ndjson).');

export const nestedTooDeep = (where: Where) =>
  new DomainError('exchange.nested_too_deep', 400, `The record at ${place(where)} holds an object or array as a value; records are flat (data item → text, number or boolean).`, [], { ...where });

export const badEncoding = (detail: string, where: Where = {}) =>
  new DomainError('exchange.bad_encoding', 400, `The input is not valid text in the expected encoding: ${detail}`, [], { ...where });

export const malformedCsv = (detail: string, where: Where = {}) =>
  new DomainError('exchange.malformed_csv', 400, `The CSV is not valid: ${detail}`, [], { ...where });
