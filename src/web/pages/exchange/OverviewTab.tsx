// 概况: the store's columns (data items), the key, row count, and the field checks the provider edits.
import { Alert, App, Button, Descriptions, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../components/format';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { useEnumLabel } from '../catalog/tags';
import { formatCount, useLabel } from './common';
import { exchangeApi } from './exchangeApi';
import { FIELD_CHECKS } from './types';
import type { FieldRule, StoreColumn, StoreDefinition } from './types';

export function OverviewTab(props: { code: string; editable: boolean }) {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const enumLabel = useEnumLabel();
  const label = useLabel();
  const store = useAsync(() => exchangeApi.store(props.code), [props.code]);
  const codeLists = useAsync(() => (props.editable ? exchangeApi.codeLists() : Promise.resolve([])), [props.editable]);
  const [rules, setRules] = useState<Record<string, FieldRule>>({});
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    if (store.data) {
      setRules(store.data.rules ?? {});
      setDirty(false);
    }
  }, [store.data]);

  if (store.error) return <Alert type="warning" showIcon title={t('exchange.overview.noStore')} description={errorMessage(store.error)} />;
  const definition: StoreDefinition | undefined = store.data;

  const setRule = (name: string, patch: Partial<FieldRule>) => {
    setRules((current) => {
      const next = { ...(current[name] ?? {}), ...patch };
      const cleaned: FieldRule = {};
      if (next.check) cleaned.check = next.check;
      if (next.pattern) cleaned.pattern = next.pattern;
      if (next.codeListId) cleaned.codeListId = next.codeListId;
      const copy = { ...current };
      if (Object.keys(cleaned).length) copy[name] = cleaned;
      else delete copy[name];
      return copy;
    });
    setDirty(true);
  };

  const save = async () => {
    setSaving(true);
    try {
      const saved = await exchangeApi.setRules(props.code, rules);
      setRules(saved.rules ?? {});
      setDirty(false);
      void message.success(t('exchange.overview.rulesSaved'));
    } catch (e) {
      showError(e);
    } finally {
      setSaving(false);
    }
  };

  const codeListOptions = (codeLists.data ?? []).map((list) => ({ value: list.id, label: list.name }));

  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Descriptions size="small" column={{ xs: 1, md: 3 }} bordered>
        <Descriptions.Item label={t('exchange.field.rowCount')}>
          <span data-testid="store-row-count">{formatCount(definition?.rowCount, locale)}</span>
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.field.lastLoadAt')}>{formatDateTime(definition?.lastLoadAt, locale)}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.field.updateCycle')}>{label('catalog.updateCycle', definition?.updateCycle)}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.field.keyColumns')}>
          {(definition?.keyColumns ?? []).map((key) => (
            <Tag key={key} color="gold">
              {key}
            </Tag>
          ))}
        </Descriptions.Item>
        <Descriptions.Item label={t('exchange.field.catalogVersion')}>{definition?.catalogVersion ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('exchange.field.lastChangeSeq')}>{definition?.lastChangeSeq ?? '—'}</Descriptions.Item>
      </Descriptions>
      <div>
        <Space style={{ marginBottom: 8, width: '100%', justifyContent: 'space-between' }} wrap>
          <Typography.Title level={5} style={{ margin: 0 }}>
            {t('exchange.overview.columns')}
          </Typography.Title>
          {props.editable && (
            <Button type="primary" disabled={!dirty} loading={saving} onClick={() => void save()} data-testid="rules-save">
              {t('exchange.overview.saveRules')}
            </Button>
          )}
        </Space>
        {props.editable && <Alert type="info" showIcon style={{ marginBottom: 8 }} title={t('exchange.overview.rulesHint')} />}
        <Table<StoreColumn>
          rowKey="name"
          size="small"
          loading={store.loading}
          dataSource={definition?.columns ?? []}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="store-columns"
          columns={[
            {
              title: t('exchange.column.name'),
              dataIndex: 'name',
              width: 200,
              render: (name: string, column) => (
                <Space size={4}>
                  <Typography.Text code>{name}</Typography.Text>
                  {column.key && <Tag color="gold">{t('exchange.column.key')}</Tag>}
                </Space>
              ),
            },
            { title: t('exchange.column.label'), dataIndex: 'label', width: 160 },
            { title: t('exchange.column.type'), dataIndex: 'type', width: 120, render: (type: string) => enumLabel('dataType', type) },
            { title: t('exchange.column.length'), dataIndex: 'length', width: 70, render: (length: number | null) => length ?? '—' },
            { title: t('exchange.column.required'), dataIndex: 'required', width: 70, render: (required: boolean) => (required ? t('exchange.yes') : t('exchange.no')) },
            { title: t('exchange.column.sensitivity'), dataIndex: 'sensitivity', width: 90, render: (value: string) => enumLabel('sensitivity', value) },
            {
              title: t('exchange.column.check'),
              key: 'check',
              width: 170,
              render: (_, column) =>
                props.editable ? (
                  <Select
                    size="small"
                    allowClear
                    style={{ width: 150 }}
                    value={rules[column.name]?.check ?? undefined}
                    placeholder={t('exchange.check.none')}
                    onChange={(value) => setRule(column.name, { check: value ?? null })}
                    options={FIELD_CHECKS.map((check) => ({ value: check, label: t(`exchange.check.${check}`) }))}
                    data-testid={`rule-check-${column.name}`}
                  />
                ) : (
                  label('exchange.check', rules[column.name]?.check)
                ),
            },
            {
              title: t('exchange.column.pattern'),
              key: 'pattern',
              width: 200,
              render: (_, column) =>
                props.editable ? (
                  <Input
                    size="small"
                    value={rules[column.name]?.pattern ?? ''}
                    placeholder="^[0-9]{6}$"
                    onChange={(event) => setRule(column.name, { pattern: event.target.value || null })}
                  />
                ) : (
                  rules[column.name]?.pattern ?? '—'
                ),
            },
            {
              title: t('exchange.column.codeList'),
              key: 'codeList',
              render: (_, column) =>
                props.editable && column.type === 'code' ? (
                  <Select
                    size="small"
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    style={{ width: 220 }}
                    value={rules[column.name]?.codeListId ?? undefined}
                    onChange={(value) => setRule(column.name, { codeListId: value ?? null })}
                    options={codeListOptions}
                  />
                ) : (
                  rules[column.name]?.codeListId ?? column.codeList ?? '—'
                ),
            },
          ]}
        />
      </div>
    </Space>
  );
}
