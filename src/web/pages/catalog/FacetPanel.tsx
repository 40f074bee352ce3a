// One facet of the search answer: its values with counts; clicking a value toggles it as a filter.
import { Badge, Card, Checkbox, Typography } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';
import type { FacetBucket, FacetName } from './types';

const COLLAPSED_COUNT = 8;

interface FacetPanelProps {
  name: FacetName;
  buckets: FacetBucket[];
  selected: string[];
  labelOf(value: string, serverLabel?: string | null): string;
  onToggle(value: string): void;
}

export function FacetPanel({ name, buckets, selected, labelOf, onToggle }: FacetPanelProps) {
  const { t } = useI18n();
  const [expanded, setExpanded] = useState(false);
  // A selected value stays visible even when the current answer no longer counts it.
  const missingSelected = selected
    .filter((value) => !buckets.some((bucket) => bucket.value === value))
    .map((value) => ({ value, label: null, count: 0 }));
  const all = [...buckets, ...missingSelected];
  const shown = expanded ? all : all.slice(0, COLLAPSED_COUNT);
  return (
    <Card size="small" title={t(`catalog.facet.${name}`)} data-testid={`facet-${name}`} style={{ marginBottom: 12 }}>
      {all.length === 0 && <Typography.Text type="secondary">{t('catalog.facet.none')}</Typography.Text>}
      {shown.map((bucket) => {
        const checked = selected.includes(bucket.value);
        const label = labelOf(bucket.value, bucket.label);
        return (
          <div
            key={bucket.value}
            style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, padding: '3px 0' }}
          >
            <Checkbox
              checked={checked}
              onChange={() => onToggle(bucket.value)}
              data-testid={`facet-${name}-${bucket.value}`}
              style={{ minWidth: 0 }}
            >
              <Typography.Text ellipsis={{ tooltip: label }} style={{ maxWidth: 170 }} strong={checked}>
                {label}
              </Typography.Text>
            </Checkbox>
            <Badge
              count={bucket.count}
              showZero
              overflowCount={99999}
              color={checked ? '#1677ff' : '#d9d9d9'}
              style={{ color: checked ? '#fff' : 'rgba(0,0,0,0.65)' }}
            />
          </div>
        );
      })}
      {all.length > COLLAPSED_COUNT && (
        <Typography.Link onClick={() => setExpanded(!expanded)}>
          {expanded ? t('catalog.facet.less') : t('catalog.facet.more', { count: all.length - COLLAPSED_COUNT })}
        </Typography.Link>
      )}
    </Card>
  );
}
