// Every metadata field of an entry in plain language, with localised labels and enumerations.
import { Descriptions, Space, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { loadSystems } from './catalogApi';
import { formatDateTime } from '../../components/format';
import { OpenTypeTag, SharingTypeTag, StatusTag, useEnumLabel } from './tags';
import type { BusinessSystem, Resource } from './types';
import type { ReferenceNames } from './useReferenceData';

function useSourceSystem(resource: Resource): BusinessSystem | null {
  const [system, setSystem] = useState<BusinessSystem | null>(null);
  const { sourceSystemId, providerDepartmentId } = resource;
  useEffect(() => {
    let alive = true;
    setSystem(null);
    if (!sourceSystemId) return;
    // Readers outside the department may not list its systems; the id is shown instead.
    loadSystems(providerDepartmentId)
      .then((systems) => alive && setSystem(systems.find((s) => s.id === sourceSystemId) ?? null))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [sourceSystemId, providerDepartmentId]);
  return system;
}

const none = <Typography.Text type="secondary">—</Typography.Text>;

function multiline(text: string | null | undefined) {
  return text ? <span style={{ whiteSpace: 'pre-wrap' }}>{text}</span> : none;
}

export function ResourceDescriptions({ resource, names }: { resource: Resource; names: ReferenceNames }) {
  const { t, locale } = useI18n();
  const enumLabel = useEnumLabel();
  const system = useSourceSystem(resource);
  const r = resource;
  const items: DescriptionsProps['items'] = [
    { key: 'name', label: t('catalog.field.name'), children: r.name },
    { key: 'nameEn', label: t('catalog.field.nameEn'), children: r.nameEn || none },
    { key: 'code', label: t('catalog.field.code'), children: <Typography.Text copyable code>{r.code}</Typography.Text> },
    {
      key: 'classification',
      label: t('catalog.field.classification'),
      children: (
        <span>
          <code>{r.classificationCode}</code> {names.classificationName(r.classificationCode, r.classificationName)}
        </span>
      ),
    },
    {
      key: 'provider',
      label: t('catalog.field.provider'),
      children: names.departmentName(r.providerDepartmentId, r.providerDepartmentName),
    },
    {
      key: 'providerCreditCode',
      label: t('catalog.field.providerCreditCode'),
      children: r.providerCreditCode ? <Typography.Text copyable>{r.providerCreditCode}</Typography.Text> : none,
    },
    { key: 'summary', label: t('catalog.field.summary'), span: 'filled', children: multiline(r.summary) },
    { key: 'format', label: t('catalog.field.format'), children: enumLabel('format', r.format) },
    { key: 'updateCycle', label: t('catalog.field.updateCycle'), children: enumLabel('updateCycle', r.updateCycle) },
    { key: 'sharingType', label: t('catalog.field.sharingType'), children: <SharingTypeTag value={r.sharingType} /> },
    {
      key: 'sharingMethods',
      label: t('catalog.field.sharingMethods'),
      children: r.sharingMethods.length
        ? r.sharingMethods.map((m) => <Tag key={m}>{enumLabel('sharingMethod', m)}</Tag>)
        : none,
    },
    ...(r.sharingType === 'conditional'
      ? [{ key: 'sharingConditions', label: t('catalog.field.sharingConditions'), span: 'filled' as const, children: multiline(r.sharingConditions) }]
      : []),
    ...(r.sharingType === 'not_shared'
      ? [{ key: 'notSharedBasis', label: t('catalog.field.notSharedBasis'), span: 'filled' as const, children: multiline(r.notSharedBasis) }]
      : []),
    { key: 'openType', label: t('catalog.field.openType'), children: <OpenTypeTag value={r.openType} /> },
    { key: 'openConditions', label: t('catalog.field.openConditions'), children: multiline(r.openConditions) },
    { key: 'publishDate', label: t('catalog.field.publishDate'), children: r.publishDate || none },
    {
      key: 'sourceSystem',
      label: t('catalog.field.sourceSystem'),
      children: r.sourceSystemId
        ? system
          ? `${(locale === 'en-US' && system.nameEn) || system.name} (${system.code})`
          : <code>{r.sourceSystemId}</code>
        : none,
    },
    {
      key: 'keywords',
      label: t('catalog.field.keywords'),
      children: r.keywords.length ? r.keywords.map((k) => <Tag key={k}>{k}</Tag>) : none,
    },
    {
      key: 'relatedCodes',
      label: t('catalog.field.relatedCodes'),
      children: r.relatedCodes.length ? (
        <Space wrap size={[8, 0]}>
          {r.relatedCodes.map((code) => (
            <Link key={code} to={`/catalog/${encodeURIComponent(code)}`}>
              {code}
            </Link>
          ))}
        </Space>
      ) : (
        none
      ),
    },
    { key: 'status', label: t('catalog.field.status'), children: <StatusTag value={r.status} /> },
    {
      key: 'currentVersion',
      label: t('catalog.field.currentVersion'),
      children: r.currentVersion > 0 ? t('catalog.result.version', { version: r.currentVersion }) : t('catalog.version.unpublished'),
    },
    { key: 'createdAt', label: t('catalog.field.createdAt'), children: formatDateTime(r.createdAt, locale) },
    { key: 'updatedAt', label: t('catalog.field.updatedAt'), children: formatDateTime(r.updatedAt, locale) },
    ...(r.submittedAt ? [{ key: 'submittedAt', label: t('catalog.field.submittedAt'), children: formatDateTime(r.submittedAt, locale) }] : []),
    ...(r.publishedAt ? [{ key: 'publishedAt', label: t('catalog.field.publishedAt'), children: formatDateTime(r.publishedAt, locale) }] : []),
    ...(r.retiredAt ? [{ key: 'retiredAt', label: t('catalog.field.retiredAt'), children: formatDateTime(r.retiredAt, locale) }] : []),
  ];
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
      items={items}
      styles={{ label: { width: 140, whiteSpace: 'nowrap' } }}
      data-testid="resource-descriptions"
    />
  );
}
