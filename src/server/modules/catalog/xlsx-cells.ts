/**
 * Cell values as exceljs hands them over (plain values, rich text, formulas, hyperlinks, errors, dates) turned
 * into the few shapes the importer reasons about, and typed conversions that say what is wrong in words a
 * department officer understands.
 */
export type PlainCell = string | number | boolean | Date | null;

interface RichText { richText: Array<{ text?: string | null }> }

/** Reduces any exceljs cell value to a string, number, boolean, Date or null (blank). */
export function plainCell(value: unknown): PlainCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object.richText)) return plainCell((object as unknown as RichText).richText.map((run) => run.text ?? '').join(''));
    if ('formula' in object || 'sharedFormula' in object) return plainCell(object.result);
    if ('text' in object) return plainCell(object.text);
    if ('error' in object) return `#${String(object.error).replace(/^#/, '')}`;
  }
  return null;
}

/** The cell as text, the way it reads in Excel: numbers as typed (1, not 1.0), dates as YYYY-MM-DD. */
export function cellText(value: PlainCell): string {
  if (value === null) return '';
  if (value instanceof Date) return isoDate(value);
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (typeof value === 'number') return String(value);
  return value.trim();
}

export type Converted<T> = { ok: true; value: T } | { ok: false; reason: string };

const isoDate = (date: Date): string => date.toISOString().slice(0, 10);

// Excel stores dates as days since 1899-12-30 (the 1900 leap-year bug folded in); serials in this range are
// 1955–2119, far from any plausible count, so a bare number here is a date that lost its formatting.
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_DATE_SERIAL = 20_000;
const MAX_DATE_SERIAL = 80_000;

function realDate(year: number, month: number, day: number): string | undefined {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return isoDate(date);
}

/** Accepts Excel dates, serial numbers, 2024-03-01, 2024/3/1, 2024.3.1 and 2024年3月1日. */
export function toDate(value: PlainCell): Converted<string | null> {
  if (value === null) return { ok: true, value: null };
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? { ok: false, reason: '日期无效 / not a valid date' } : { ok: true, value: isoDate(value) };
  if (typeof value === 'number') {
    if (Number.isInteger(value) && value >= MIN_DATE_SERIAL && value <= MAX_DATE_SERIAL) {
      return { ok: true, value: isoDate(new Date(EXCEL_EPOCH_MS + value * 86_400_000)) };
    }
    return { ok: false, reason: '应为日期 YYYY-MM-DD / expected a date YYYY-MM-DD' };
  }
  const text = cellText(value);
  const match = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text);
  const date = match ? realDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  return date ? { ok: true, value: date } : { ok: false, reason: '应为日期 YYYY-MM-DD / expected a date YYYY-MM-DD' };
}

/** A whole number ≥ 0, from a number cell or digits typed as text. */
export function toInteger(value: PlainCell): Converted<number | null> {
  if (value === null) return { ok: true, value: null };
  const number = typeof value === 'number' ? value : /^\s*\d+\s*$/.test(cellText(value)) ? Number(cellText(value)) : Number.NaN;
  if (!Number.isSafeInteger(number) || number < 0) return { ok: false, reason: '应为非负整数 / expected a whole number' };
  return { ok: true, value: number };
}
