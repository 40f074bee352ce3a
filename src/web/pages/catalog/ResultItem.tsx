// One entry of the search result list.
import { Space, Tag, Typography } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { Highlight } from './Highlight';
import { OpenTypeTag, SharingTypeTag, StatusTag, useEnumLabel } from './tags';
import type { ResourceSummary } from './types';
import type { ReferenceNames } from './useReferenceData';

export function ResultItem({ item, query, names }: { item: ResourceSummary; query: string; names: ReferenceNames }) {
  const { t, locale } = useI18n();
  const enumLabel = useEnumLabel();
  const secondaryName = locale === 'en-US' ? item.nameEn : null;
  return (
    <div style={{ padding: '14px 0', borderBottom: '1px solid #f0f0f0' }} data-testid="catalog-result-item">
      <Space size={8} wrap align="baseline">
        <Link
          to={`/catalog/${encodeURIComponent(item.code)}`}
          data-testid="catalog-result"
          style={{ fontSize: 16, fontWeight: 500 }}
        >
          <Highlight text={item.name} query={query} />
        </Link>
        {secondaryName && (
          <Typography.Text type="secondary">
            <Highlight text={secondaryName} query={query} />
          </Typography.Text>
        )}
        {item.status !== 'published' && <StatusTag value={item.status} />}
      </Space>
      <div style={{ margin: '6px 0' }}>
        <Space size={[4, 4]} wrap>
          <Typography.Text type="secondary" copyable={{ text: item.code }} style={{ fontFamily: 'monospace' }}>
            {item.code}
          </Typography.Text>
          <Typography.Text type="secondary">·</Typography.Text>
          <Typography.Text>{names.departmentName(item.providerDepartmentId, item.providerDepartmentName)}</Typography.Text>
          <Typography.Text type="secondary">·</Typography.Text>
          <Typography.Text type="secondary">
            {names.classificationName(item.classificationCode)}
          </Typography.Text>
        </Space>
      </div>
      <Typography.Paragraph
        type="secondary"
        ellipsis={{ rows: 2 }}
        style={{ marginBottom: 8 }}
        data-testid="catalog-result-summary"
      >
        <Highlight text={item.summary} query={query} />
      </Typography.Paragraph>
      <Space size={[4, 4]} wrap>
        <SharingTypeTag value={item.sharingType} />
        <OpenTypeTag value={item.openType} />
        <Tag>{enumLabel('format', item.format)}</Tag>
        <Tag>{t('catalog.result.updateCycle', { cycle: enumLabel('updateCycle', item.updateCycle) })}</Tag>
        <Tag>{t('catalog.result.dataItemCount', { count: item.dataItemCount })}</Tag>
        {item.currentVersion > 0 && <Tag>{t('catalog.result.version', { version: item.currentVersion })}</Tag>}
      </Space>
    </div>
  );
}
