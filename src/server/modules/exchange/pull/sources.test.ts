import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExchangeTestbed, type ExchangeTestbed } from '../test-support.js';
import type { HttpSession } from '../../../testing/harness.js';
import { MARIADB, mariadb, mariadbAvailable, runnerParts, uniqueName } from './test-support.js';

const SOURCES = '/api/v1/exchange/sources';
const PULLS = '/api/v1/exchange/pulls';
const available = await mariadbAvailable();
/** The connection settings without a password (PUT without password keeps the stored one). */
const { password: _none, ...CONNECTION } = MARIADB;

describe.skipIf(!available)('database sources and pull definitions (MariaDB)', () => {
  let bed: ExchangeTestbed;
  let admin: HttpSession;
  let sourceId: string;
  const table = uniqueName('zs_src');
  const secret = `S3cret-${uniqueName('pw')}`;

  beforeAll(async () => {
    bed = await createExchangeTestbed();
    admin = await bed.t.login('own_admin');
    const connection = await mariadb();
    await connection.query(`CREATE TABLE ${table} (lic VARCHAR(30) NOT NULL, yr INT NOT NULL, holder VARCHAR(100), credit CHAR(18), note VARCHAR(20), updated_at DATETIME(6), PRIMARY KEY (lic, yr))`);
    await connection.end();
  });
  afterAll(async () => {
    const connection = await mariadb();
    await connection.query(`DROP TABLE IF EXISTS ${table}`);
    await connection.end();
    await bed?.close();
  });

  it('stores the password sealed and never answers or audits it; PUT without password keeps it', async () => {
    // The MariaDB root account has no password: a made-up one shows the sealing; the suite then sets the right one.
    const created = await admin.post(SOURCES, { name: '市监业务库', ...CONNECTION, password: secret });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.body).not.toContain(secret);
    const source = created.json();
    sourceId = source.id;
    expect(source).toMatchObject({ kind: 'mysql', summary: 'mysql://root@127.0.0.1:3306/test', departmentId: bed.directory.departments.own, ssl: false });
    expect(source).not.toHaveProperty('password');

    const db = bed.t.platform.ctx.db;
    const row = await db.selectFrom('exchange_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
    expect(row.connection_encrypted).toMatch(/^v1\.aes-gcm\./);
    expect(row.connection_encrypted).not.toContain(secret);
    expect(JSON.parse(runnerParts(bed).secrets.open(row.connection_encrypted)).password).toBe(secret);

    const renamed = await admin.put(`${SOURCES}/${sourceId}`, { name: '市监业务库(主)', ...CONNECTION });
    expect(renamed.statusCode, renamed.body).toBe(200);
    const after = await db.selectFrom('exchange_sources').selectAll().where('id', '=', sourceId).executeTakeFirstOrThrow();
    expect(JSON.parse(runnerParts(bed).secrets.open(after.connection_encrypted)).password).toBe(secret);

    const audit = await db.selectFrom('audit_log').selectAll().where('action', 'like', 'exchange.source.%').orderBy('id').execute();
    expect(audit.map((entry) => entry.action)).toEqual(['exchange.source.create', 'exchange.source.update']);
    expect(JSON.stringify(audit)).not.toContain(secret);
    expect((await admin.get(SOURCES)).body).not.toContain(secret);

    // Back to the right (empty) password for the rest of the suite.
    expect((await admin.put(`${SOURCES}/${sourceId}`, { name: '市监业务库', ...CONNECTION, password: '' })).statusCode).toBe(200);
  });

  it('keeps sources within the department: operators read, other departments see nothing', async () => {
    const operator = await bed.t.login('own_op');
    expect((await operator.get(`${SOURCES}/${sourceId}`)).statusCode).toBe(200);
    expect((await operator.post(SOURCES, { name: 'x', ...MARIADB })).statusCode).toBe(403);
    const other = await bed.t.login('other_admin');
    expect((await other.get(`${SOURCES}/${sourceId}`)).statusCode).toBe(404);
    expect((await other.get(SOURCES)).json().items).toEqual([]);
    expect((await other.put(`${SOURCES}/${sourceId}`, { name: 'taken over', ...CONNECTION })).statusCode).toBe(404);
    const dataAdmin = await bed.t.login('dataadmin');
    expect((await dataAdmin.get(SOURCES)).json().items.map((s: { id: string }) => s.id)).toEqual([sourceId]);
  });

  it('tests connections: ok with the version, or ok:false with a stable code for a bad target', async () => {
    const saved = (await admin.post(`${SOURCES}/${sourceId}/test`)).json();
    expect(saved).toMatchObject({ ok: true });
    expect(saved.serverVersion).toMatch(/MariaDB|^\d+\./);
    expect(saved.latencyMs).toBeGreaterThanOrEqual(0);

    const refused = await admin.post(`${SOURCES}/test`, { ...MARIADB, port: 1 });
    expect(refused.statusCode).toBe(200);
    expect(refused.json()).toMatchObject({ ok: false, code: 'exchange.source_unreachable' });
    const noDatabase = (await admin.post(`${SOURCES}/test`, { ...MARIADB, database: 'zs_no_such_db' })).json();
    expect(noDatabase).toMatchObject({ ok: false, code: 'exchange.source_database_missing' });
  });

  it('lists tables and columns with keys and cursor capability for the mapping', async () => {
    const tables = (await admin.get(`${SOURCES}/${sourceId}/tables`)).json().items;
    expect(tables).toContainEqual({ name: table, type: 'table' });
    const columns = (await admin.get(`${SOURCES}/${sourceId}/tables/${table}/columns`)).json().items;
    expect(columns.map((c: { name: string }) => c.name)).toEqual(['lic', 'yr', 'holder', 'credit', 'note', 'updated_at']);
    expect(columns[0]).toMatchObject({ name: 'lic', type: 'varchar', nullable: false, key: true, cursorCapable: false });
    expect(columns[5]).toMatchObject({ name: 'updated_at', type: 'datetime', nullable: true, key: false, cursorCapable: true });
    expect((await admin.get(`${SOURCES}/${sourceId}/tables/no_such_table/columns`)).statusCode).toBe(404);
  });

  it('checks a pull against the store and the source table, reporting every problem at once', async () => {
    const base = {
      resourceCode: bed.licenceCode, sourceId, sourceTable: table, mode: 'incremental', cursorColumn: 'updated_at', schedule: '*/15 * * * *',
    };
    const bad = await admin.post(PULLS, { ...base, cursorColumn: 'note', schedule: '61 * * * *', columnMapping: { licence_no: 'lic', holder_name: 'nope', colour: 'note' } });
    expect(bad.statusCode).toBe(400);
    const problems = bad.json().errors.map((e: { pointer: string; code: string }) => `${e.pointer} ${e.code}`).sort();
    expect(problems).toEqual([
      '/columnMapping/colour exchange.unknown_data_item',
      '/columnMapping/holder_credit_code exchange.mapping_required',
      '/columnMapping/holder_name exchange.source_column_missing',
      '/columnMapping/issue_year exchange.mapping_required',
      '/cursorColumn exchange.cursor_column_type',
      '/schedule exchange.invalid_schedule',
    ]);
    const missingTable = await admin.post(PULLS, { ...base, sourceTable: 'no_such_table', columnMapping: {} });
    expect(missingTable.json().errors).toContainEqual(expect.objectContaining({ pointer: '/sourceTable', code: 'exchange.source_table_missing' }));

    const mapping = { licence_no: 'lic', issue_year: 'yr', holder_name: 'holder', holder_credit_code: 'credit' };
    const created = await admin.post(PULLS, { ...base, columnMapping: mapping });
    expect(created.statusCode, created.body).toBe(201);
    const pull = created.json();
    expect(pull).toMatchObject({ resourceCode: bed.licenceCode, mode: 'incremental', safetyWindowSeconds: 300, reconcileEveryRuns: 24, enabled: true, cursorValue: null, lastRun: null });
    expect(new Date(pull.nextRunAt).getUTCMinutes() % 15).toBe(0);
    expect((await admin.delete(`${SOURCES}/${sourceId}`)).json().code).toBe('exchange.source_in_use');

    // A source feeds only its own department's resources.
    const foreign = await bed.entry('published', { name: '低保对象', providerDepartmentId: bed.directory.departments.other, dataItems: [
      { name: 'licence_no', label: '编号', type: 'string', length: 30, required: true, key: true, sensitivity: 'internal' },
    ] });
    const cross = await admin.post(PULLS, { ...base, resourceCode: foreign, columnMapping: { licence_no: 'lic' } });
    expect(cross.statusCode).toBe(409);
    expect(cross.json().code).toBe('exchange.pull_resource_department');

    const audit = await bed.t.platform.ctx.db.selectFrom('audit_log').select(['action', 'target_id']).where('action', '=', 'exchange.pull.create').execute();
    expect(audit).toEqual([{ action: 'exchange.pull.create', target_id: pull.id }]);
  });
});
