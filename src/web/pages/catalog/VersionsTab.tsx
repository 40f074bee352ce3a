// 版本历史: the published versions of an entry; choosing two shows what changed between them.
import { Alert, Empty, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { CHANGE_COLORS, changeKind, parseChangePath, type ChangeKind } from './diffPresentation';
import { formatDateTime } from '../../components/format';
import { useEnumLabel, type EnumKind } from './tags';
import type { DataItem, VersionChange, VersionDiff, VersionInfo } from './types';
import type { ReferenceNames } from './useReferenceData';

// Fields whose values are enumerations, and the enumeration they use.
const ENUM_FIELDS: Record<string, EnumKind> = {
  format: 'format',
  updateCycle: 'updateCycle',
  sharingType: 'sharingType',
  sharingMethods: 'sharingMethod',
  openType: 'openType',
  status: 'status',
  type: 'dataType',
  sensitivity: 'sensitivity',
};

function isDataItem(value: unknown): value is DataItem {
  return typeof value === 'object' && value !== null && 'name' in value && 'label' in value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Who made a version. The server may answer with a user id; the reader's own id shows as their name. */
function Actor({ value }: { value: string | null }) {
  const { me } = useAuth();
  if (!value) return <>—</>;
  if (me && value === me.id) return <>{me.displayName}</>;
  if (!UUID.test(value)) return <>{value}</>;
  return (
    <Tooltip title={value}>
      <Typography.Text type="secondary" style={{ fontFamily: 'monospace' }}>
        {value.slice(0, 8)}
      </Typography.Text>
    </Tooltip>
  );
}

interface DiffRow extends VersionChange {
  key: number;
  kind: ChangeKind;
  field: string;
  dataItem?: string;
  subField?: string;
}

export function VersionsTab({ code, refreshKey, names }: { code: string; refreshKey: number; names: ReferenceNames }) {
  const { t, locale, errorMessage } = useI18n();
  const enumLabel = useEnumLabel();
  const [versions, setVersions] = useState<VersionInfo[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [diffError, setDiffError] = useState<unknown>(null);
  const [diffLoading, setDiffLoading] = useState(false);

  useEffect(() => {
    let alive = true;
    setError(null);
    catalogApi
      .versions(code)
      .then((list) => {
        if (!alive) return;
        const sorted = [...list].sort((a, b) => b.version - a.version);
        setVersions(sorted);
        // Start with the latest change selected: the two newest versions.
        setSelected(sorted.length >= 2 ? [sorted[1].version, sorted[0].version] : []);
      })
      .catch((e: unknown) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [code, refreshKey]);

  const [from, to] = useMemo(() => [...selected].sort((a, b) => a - b), [selected]);
  useEffect(() => {
    setDiff(null);
    setDiffError(null);
    if (from === undefined || to === undefined) return;
    let alive = true;
    setDiffLoading(true);
    catalogApi
      .diff(code, from, to)
      .then((answer) => alive && setDiff(answer))
      .catch((e: unknown) => alive && setDiffError(e))
      .finally(() => alive && setDiffLoading(false));
    return () => {
      alive = false;
    };
  }, [code, from, to]);

  const fieldLabel = (row: DiffRow): string => {
    if (row.dataItem !== undefined) {
      const attribute = row.subField ? ` · ${translate(`catalog.dataItem.${row.subField}`, row.subField)}` : '';
      return `${t('catalog.version.dataItem', { name: row.dataItem })}${attribute}`;
    }
    const base = translate(`catalog.field.${row.field}`, row.field);
    return row.subField ? `${base} · ${row.subField}` : base;
  };

  function translate(key: string, fallback: string): string {
    const text = t(key);
    return text === key ? fallback : text;
  }

  const renderValue = (value: unknown, row: DiffRow) => {
    if (value === null || value === undefined || value === '') return <Typography.Text type="secondary">—</Typography.Text>;
    const enumKind = ENUM_FIELDS[row.subField ?? row.field];
    if (isDataItem(value)) {
      const parts = [
        `${value.label} (${value.name})`,
        enumLabel('dataType', value.type),
        value.length ? String(value.length) : null,
        value.required ? t('catalog.dataItem.required') : null,
        value.key ? t('catalog.dataItem.key') : null,
        value.codeList ? `${t('catalog.dataItem.codeList')}: ${value.codeList}` : null,
        enumLabel('sensitivity', value.sensitivity),
      ];
      return parts.filter(Boolean).join(' · ');
    }
    if (Array.isArray(value)) {
      return value.map((v) => (enumKind && typeof v === 'string' ? enumLabel(enumKind, v) : String(v))).join('、');
    }
    if (typeof value === 'boolean') return value ? t('catalog.common.yes') : t('catalog.common.no');
    if (typeof value === 'object') return <code style={{ whiteSpace: 'pre-wrap' }}>{JSON.stringify(value)}</code>;
    if (enumKind) return enumLabel(enumKind, String(value));
    // Ids and codes of reference data read better as names.
    if (row.field === 'providerDepartmentId' && !row.subField) return names.departmentName(String(value));
    if (row.field === 'classificationCode' && !row.subField) {
      const classificationCode = String(value);
      const name = names.classificationName(classificationCode);
      return name === classificationCode ? classificationCode : `${classificationCode} ${name}`;
    }
    return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
  };

  if (error) return <Alert type="error" showIcon title={errorMessage(error)} />;

  const rows: DiffRow[] = (diff?.changes ?? []).map((change, key) => {
    const location = parseChangePath(change.path);
    return { ...change, ...location, key, kind: changeKind(location, change.before, change.after) };
  });

  return (
    <Space orientation="vertical" style={{ width: '100%' }} size="large">
      <Table<VersionInfo>
        size="small"
        rowKey="version"
        loading={versions === null}
        dataSource={versions ?? []}
        pagination={false}
        data-testid="versions-table"
        locale={{ emptyText: <Empty description={t('catalog.version.none')} /> }}
        rowSelection={{
          selectedRowKeys: selected,
          hideSelectAll: true,
          // Keep the two most recent picks: a third click replaces the older one.
          onChange: (keys) => setSelected((keys as number[]).slice(-2)),
          getCheckboxProps: (record) => ({ 'data-testid': `version-select-${record.version}` }) as Record<string, unknown>,
        }}
        columns={[
          { title: t('catalog.version.number'), dataIndex: 'version', width: 90, render: (v: number) => `v${v}` },
          { title: t('catalog.version.createdAt'), dataIndex: 'createdAt', render: (v: string) => formatDateTime(v, locale) },
          { title: t('catalog.version.createdBy'), dataIndex: 'createdBy', render: (v: string | null) => <Actor value={v} /> },
          { title: t('catalog.version.changeNote'), dataIndex: 'changeNote', render: (v: string | null) => v || '—' },
        ]}
      />
      {versions && versions.length >= 2 && (
        <div data-testid="version-diff">
          <Typography.Title level={5}>
            {from !== undefined && to !== undefined
              ? t('catalog.version.diffTitle', { from, to })
              : t('catalog.version.pickTwo')}
          </Typography.Title>
          {diffError != null && <Alert type="error" showIcon title={errorMessage(diffError)} />}
          {from !== undefined && to !== undefined && !diffError && (
            <Table<DiffRow>
              size="small"
              rowKey="key"
              loading={diffLoading}
              dataSource={rows}
              pagination={false}
              locale={{ emptyText: t('catalog.version.noChanges') }}
              onRow={(row) => ({
                style: row.dataItem !== undefined ? { background: CHANGE_COLORS[row.kind].row } : undefined,
                'data-testid': `diff-row-${row.kind}`,
              }) as HTMLAttributes<HTMLElement>}
              columns={[
                {
                  title: t('catalog.version.change'),
                  dataIndex: 'kind',
                  width: 80,
                  render: (kind: ChangeKind) => <Tag color={CHANGE_COLORS[kind].tag}>{t(`catalog.version.kind.${kind}`)}</Tag>,
                },
                { title: t('catalog.version.field'), key: 'field', width: 240, render: (_, row) => fieldLabel(row) },
                { title: t('catalog.version.before'), dataIndex: 'before', render: (v: unknown, row) => renderValue(v, row) },
                { title: t('catalog.version.after'), dataIndex: 'after', render: (v: unknown, row) => renderValue(v, row) },
              ]}
            />
          )}
        </div>
      )}
    </Space>
  );
}
