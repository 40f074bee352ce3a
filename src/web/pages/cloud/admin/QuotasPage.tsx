// /cloud/quotas — 配额: per department and dimension the limit, with what submitted orders reserve and provisioned
// resources hold. The IT centre sees every department and edits limits in place; a department user sees theirs.
import { CheckOutlined, CloseOutlined, EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, InputNumber, Progress, Space, Table, Tooltip, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useAuth } from '../../../auth';
import { DepartmentSelect, departmentLabel, useDepartments } from '../../../components/departments';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { formatFen, QUOTA_DIMENSIONS, type QuotaDimension, type QuotaView } from '../types';
import { quotaApi } from '../cloudApi';
import { fromDisplay, isMoney, toDisplay, usagePercent } from './logic';

interface Row {
  departmentId: string;
  departmentName: string;
  quotas: Partial<Record<QuotaDimension, QuotaView>>;
}

export function QuotasPage() {
  const { t, locale, errorMessage } = useI18n();
  const { hasRole, me } = useAuth();
  const itCentre = hasRole('data_admin');
  const [departmentId, setDepartmentId] = useState<string | undefined>();
  const quotas = useAsync(() => quotaApi.list(departmentId), [departmentId]);
  const { departments } = useDepartments();

  const rows = useMemo<Row[]>(() => {
    const byDepartment = new Map<string, Row>();
    // The IT centre sees every department, with or without limits yet, so a first limit can be set in place.
    if (itCentre) {
      for (const d of departments) {
        if (departmentId && d.id !== departmentId) continue;
        byDepartment.set(d.id, { departmentId: d.id, departmentName: departmentLabel(d, locale), quotas: {} });
      }
    }
    for (const quota of quotas.data ?? []) {
      const row = byDepartment.get(quota.departmentId) ?? { departmentId: quota.departmentId, departmentName: quota.departmentName, quotas: {} };
      row.quotas[quota.dimension] = quota;
      byDepartment.set(quota.departmentId, row);
    }
    if (!itCentre && me?.departmentId && !byDepartment.has(me.departmentId)) {
      byDepartment.set(me.departmentId, { departmentId: me.departmentId, departmentName: '', quotas: {} });
    }
    return [...byDepartment.values()];
  }, [quotas.data, departments, itCentre, departmentId, locale, me?.departmentId]);

  return (
    <div>
      <PageHeader
        title={t('cloudAdmin.quotas.title')}
        subtitle={itCentre ? t('cloudAdmin.quotas.subtitleItCentre') : t('cloudAdmin.quotas.subtitleDepartment')}
        extra={
          <>
            {itCentre && <DepartmentSelect value={departmentId} onChange={setDepartmentId} allowClear placeholder={t('cloudAdmin.allDepartments')} style={{ width: 240 }} />}
            <Button icon={<ReloadOutlined />} onClick={quotas.reload}>{t('common.refresh')}</Button>
          </>
        }
      />
      {quotas.error != null && <Alert type="error" showIcon title={errorMessage(quotas.error)} style={{ marginBottom: 12 }} />}
      <Card>
        <Table<Row>
          rowKey="departmentId"
          size="small"
          loading={quotas.loading}
          dataSource={rows}
          pagination={false}
          scroll={{ x: 1300 }}
          data-testid="cloud-quotas"
          columns={[
            { title: t('cloudAdmin.department'), dataIndex: 'departmentName', fixed: 'left' as const, width: 180, render: (name: string) => name || '—' },
            ...QUOTA_DIMENSIONS.map((dimension) => ({
              title: t(`cloudAdmin.dimension.${dimension}`),
              key: dimension,
              width: 190,
              render: (_: unknown, row: Row) => <QuotaCell departmentId={row.departmentId} dimension={dimension} quota={row.quotas[dimension]} editable={itCentre} onSaved={quotas.reload} />,
            })),
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('cloudAdmin.quotas.legend')}</Typography.Paragraph>
      </Card>
    </div>
  );
}

function QuotaCell(props: { departmentId: string; dimension: QuotaDimension; quota: QuotaView | undefined; editable: boolean; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [editing, setEditing] = useState(false);
  const [value, setValue] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const { quota, dimension } = props;
  const show = (n: number) => (isMoney(dimension) ? formatFen(n, locale) : n.toLocaleString(locale));

  const save = async () => {
    if (value === null) return;
    setSaving(true);
    try {
      await quotaApi.setLimit(props.departmentId, dimension, fromDisplay(dimension, value));
      void message.success(t('common.saved'));
      setEditing(false);
      props.onSaved();
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  if (editing) {
    return (
      <Space.Compact size="small">
        <InputNumber
          autoFocus
          min={0}
          precision={isMoney(dimension) ? 2 : 0}
          value={value}
          onChange={(v) => setValue(v)}
          onPressEnter={() => void save()}
          suffix={isMoney(dimension) ? t('cloudAdmin.yuan') : undefined}
          style={{ width: 130 }}
          aria-label={t(`cloudAdmin.dimension.${dimension}`)}
        />
        <Button icon={<CheckOutlined />} loading={saving} onClick={() => void save()} aria-label={t('common.save')} />
        <Button icon={<CloseOutlined />} onClick={() => setEditing(false)} aria-label={t('common.cancel')} />
      </Space.Compact>
    );
  }

  const startEditing = () => {
    setValue(quota ? toDisplay(dimension, quota.limit) : null);
    setEditing(true);
  };
  const editButton = props.editable ? <Button size="small" type="link" icon={<EditOutlined />} onClick={startEditing} aria-label={t('common.edit')} /> : null;

  if (!quota) {
    return (
      <span>
        <Typography.Text type="secondary">{t('cloudAdmin.quotas.unlimited')}</Typography.Text>
        {editButton}
      </span>
    );
  }
  const percent = usagePercent(quota);
  return (
    <Tooltip title={t('cloudAdmin.quotas.detail', { committed: show(quota.committed), reserved: show(quota.reserved), available: show(quota.available) })}>
      <div>
        <Progress
          size="small"
          percent={percent}
          success={{ percent: quota.limit > 0 ? Math.min(100, Math.round((quota.committed / quota.limit) * 100)) : 0 }}
          status={percent >= 100 ? 'exception' : 'normal'}
          showInfo={false}
        />
        <span>
          {show(quota.committed + quota.reserved)} / {show(quota.limit)}
          {editButton}
        </span>
      </div>
    </Tooltip>
  );
}
