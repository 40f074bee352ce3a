import { describe, expect, it } from 'vitest';
import { convertValue, planRead } from './read-plan.js';
import type { SourceColumn, ValueClass } from './source-client.js';

const col = (name: string, valueClass: ValueClass): SourceColumn => ({ name, type: valueClass, nullable: false, key: false, valueClass });
const mysqlQuote = (identifier: string) => `\`${identifier.replace(/`/g, '``')}\``;
const pgQuote = (identifier: string) => `"${identifier.replace(/"/g, '""')}"`;

describe('the source read plan', () => {
  it('resumes an integer cursor strictly after the last committed (cursor, key…) tuple, with every value bound', () => {
    const seq = col('seq', 'integer');
    const keys = [col('lic', 'text'), col('yr', 'integer')];
    const plan = planRead({ kind: 'mysql', tableRef: '`t`', quote: mysqlQuote, select: [keys[0], keys[1], seq], cursor: seq, keys, from: { value: '2', key: ['C-4', '2023'], windowSeconds: 300 } });
    expect(plan.sql).toBe(
      'SELECT `lic`, `yr`, `seq` FROM `t` WHERE ((`seq` > CAST(? AS DECIMAL(65,0))) OR (`seq` = CAST(? AS DECIMAL(65,0)) AND `lic` > ?)'
      + ' OR (`seq` = CAST(? AS DECIMAL(65,0)) AND `lic` = ? AND `yr` > CAST(? AS DECIMAL(65,0)))) ORDER BY `seq`, `lic`, `yr`',
    );
    expect(plan.values).toEqual(['2', '2', 'C-4', '2', 'C-4', '2023']);
    expect(plan).toMatchObject({ cursorIndex: 2, keyIndexes: [0, 1] });
  });

  it('re-reads the safety window for a time cursor and quotes hostile identifiers instead of interpolating them', () => {
    const cursor = col('up"dated', 'datetime_utc');
    const key = col('id', 'text');
    const plan = planRead({ kind: 'postgres', tableRef: '"s"."t"', quote: pgQuote, select: [key, cursor], cursor, keys: [key], from: { value: '2024-05-01 03:00:00+00', key: ['x'], windowSeconds: 300 } });
    expect(plan.sql).toBe('SELECT "id", "up""dated" FROM "s"."t" WHERE "up""dated" >= (CAST($1 AS timestamptz) - make_interval(secs => $2)) ORDER BY "up""dated" NULLS FIRST, "id"');
    expect(plan.values).toEqual(['2024-05-01 03:00:00+00', 300]);
    const first = planRead({ kind: 'mysql', tableRef: '`t`', quote: mysqlQuote, select: [col('a`b', 'text')], cursor: null, keys: [col('a`b', 'text')], from: null });
    expect(first.sql).toBe('SELECT `a``b` FROM `t` ORDER BY `a``b`');
  });

  it('converts source values into what the store accepts for each data-item type', () => {
    expect(convertValue('2024-05-01 09:30:00.123456', 'datetime_local', 'datetime')).toBe('2024-05-01T09:30:00.123456');
    expect(convertValue('2024-05-01 01:30:00', 'datetime_utc', 'datetime')).toBe('2024-05-01T01:30:00Z');
    expect(convertValue('2024-05-01 01:30:00.5+00', 'datetime_utc', 'datetime')).toBe('2024-05-01T01:30:00.5+00:00');
    expect(convertValue('2024-05-01 09:30:00', 'datetime_local', 'date')).toBe('2024-05-01');
    expect(convertValue('0000-00-00', 'date', 'date')).toBeNull();
    expect(convertValue(Buffer.from([1]), 'binary', 'boolean')).toBe('true');
    expect(convertValue('12345.67', 'decimal', 'decimal')).toBe('12345.67');
    expect(convertValue(null, 'text', 'string')).toBeNull();
  });
});
