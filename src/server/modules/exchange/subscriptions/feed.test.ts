import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import { citizenId, insertGrant, licence, load, person, PURPOSE, PURPOSE_TEXT } from './test-support.js';

describe('change feed', () => {
  let bed: ExchangeTestbed;
  let personGrant: string;
  const changes = (code: string, query: Record<string, string>, headers: Record<string, string> = { ...bed.bearer('other'), ...PURPOSE }) =>
    bed.t.inject({ method: 'GET', url: `/api/v1/exchange/resources/${code}/changes`, query, headers });

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    personGrant = await insertGrant(bed, {
      resourceCode: bed.personCode, system: 'other',
      fields: ['id_number', 'full_name', 'phone', 'household_size', 'birth_date'],
      masking: { id_number: 'id_number', full_name: 'name', phone: 'phone' },
    });
    await insertGrant(bed, {
      resourceCode: bed.licenceCode, system: 'other', fields: ['licence_no', 'issue_year', 'holder_name'],
      rowScope: [{ field: 'issue_year', op: 'gte', value: '2024' }],
    });
    await load(bed, bed.personCode, [person(1), person(2, { full_name: '李四' }), person(3)]);
    await load(bed, bed.personCode, [person(2, { full_name: '李四四', household_size: 5 }), { _op: 'delete', id_number: citizenId(3) }]);
  });
  afterAll(() => bed.close());

  it('returns the changes in commit order page by page, granted fields only and masked', async () => {
    const first = await changes(bed.personCode, { after: '0', limit: '3' });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.hasMore).toBe(true);
    expect(page1.changes.map((change: { op: string }) => change.op)).toEqual(['insert', 'insert', 'insert']);
    expect(page1.next).toBe(page1.changes[2].seq);
    const masked1 = `${citizenId(1).slice(0, 6)}********${citizenId(1).slice(14)}`;
    expect(page1.changes[0]).toMatchObject({
      key: { id_number: masked1 },
      record: { id_number: masked1, full_name: '张**', phone: '138****8000', household_size: 3, birth_date: '1990-01-01' },
    });
    // Not granted: never in the answer.
    expect(Object.keys(page1.changes[0].record).sort()).toEqual(['birth_date', 'full_name', 'household_size', 'id_number', 'phone']);

    const page2 = (await changes(bed.personCode, { after: String(page1.next) })).json();
    expect(page2.hasMore).toBe(false);
    expect(page2.changes.map((change: { op: string }) => change.op)).toEqual(['update', 'delete']);
    expect(page2.changes[0].seq).toBeGreaterThan(page1.next);
    expect(page2.changes[0].record).toMatchObject({ full_name: '李**', household_size: 5 });
    expect(page2.changes[1]).toMatchObject({ key: { id_number: `${citizenId(3).slice(0, 6)}********${citizenId(3).slice(14)}` }, record: null });

    const empty = (await changes(bed.personCode, { after: String(page2.next) })).json();
    expect(empty).toEqual({ changes: [], next: page2.next, hasMore: false });

    const logged = await bed.t.platform.ctx.db.selectFrom('exchange_access_log').selectAll()
      .where('operation', '=', 'changes').where('grant_id', '=', personGrant).orderBy('id').execute();
    expect(logged.map((row) => [row.result, row.record_count, row.purpose])).toEqual([
      ['success', 3, PURPOSE_TEXT], ['success', 2, PURPOSE_TEXT], ['success', 0, PURPOSE_TEXT],
    ]);
  });

  it('skips changes outside the row scope while the cursor moves past them', async () => {
    await load(bed, bed.licenceCode, [licence('L-1', 2023), licence('L-2', 2024), licence('L-3', 2022)]);
    const page = (await changes(bed.licenceCode, { after: '0' })).json();
    expect(page.changes).toHaveLength(1);
    expect(page.changes[0]).toMatchObject({ op: 'insert', key: { licence_no: 'L-2', issue_year: 2024 }, record: { licence_no: 'L-2', issue_year: 2024, holder_name: '佛山某某有限公司' } });
    const store = await bed.t.platform.exchange.stores.forResource(bed.licenceCode);
    expect(page.next).toBe(store.lastChangeSeq);
    expect(page.changes[0].seq).toBeLessThan(page.next);
  });

  it('requires X-Purpose and an active grant of the calling system', async () => {
    const noPurpose = await changes(bed.personCode, {}, bed.bearer('other'));
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json().code).toBe('exchange.purpose_required');

    const noGrant = await changes(bed.personCode, {}, { ...bed.bearer('own'), ...PURPOSE });
    expect(noGrant.statusCode).toBe(403);
    expect(noGrant.json().code).toBe('exchange.no_grant');
    const denied = await bed.t.platform.ctx.db.selectFrom('exchange_access_log').selectAll()
      .where('system_id', '=', bed.systems.own.id).where('operation', '=', 'changes').execute();
    expect(denied.map((row) => [row.result, row.status_code])).toEqual([['denied', 403]]);

    const person = await bed.t.login('dataadmin');
    const byPerson = await person.inject({ method: 'GET', url: `/api/v1/exchange/resources/${bed.personCode}/changes`, headers: PURPOSE });
    expect(byPerson.statusCode).toBe(403);
    expect(byPerson.json().code).toBe('exchange.system_only');
  });
});
