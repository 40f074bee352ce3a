// The columns every list of order items shares (the cart, an order's page): the item with its offering and provider,
// its configuration in words, the lease and the monthly price. Each page adds its own (actions, status).
import { Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Locale } from '../../../i18n';
import { describeParameters } from '../schema-form/schema';
import { formatFen } from '../types';
import type { Offering, OrderItem } from '../types';
import { itemOfferingName } from './logic';

type Translate = (key: string, values?: Record<string, string | number>) => string;

export function itemColumns(t: Translate, locale: Locale, offerings: Map<string, Offering>): ColumnsType<OrderItem> {
  return [
    {
      title: t('cloud.field.itemName'),
      key: 'name',
      render: (_, item) => (
        <span>
          <Typography.Text strong>{item.name}</Typography.Text>
          {item.action === 'resize' && <Tag style={{ marginLeft: 8 }}>{t('cloud.item.resize')}</Tag>}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
            {itemOfferingName(item, locale)} · {item.providerName}
          </Typography.Text>
        </span>
      ),
    },
    {
      title: t('cloud.field.configuration'),
      key: 'parameters',
      render: (_, item) => (
        <Typography.Text style={{ fontSize: 12 }}>
          {describeParameters(offerings.get(item.offeringId)?.parametersSchema ?? null, item.parameters, locale, [t('cloud.yes'), t('cloud.no')]).join(' · ')}
        </Typography.Text>
      ),
    },
    {
      title: t('cloud.field.leaseMonths'),
      dataIndex: 'leaseMonths',
      width: 100,
      render: (months: number | null) => (months ? t('cloud.monthsN', { n: months }) : t('cloud.noLease')),
    },
    {
      title: t('cloud.field.monthly'),
      dataIndex: 'monthlyFen',
      align: 'right',
      width: 140,
      render: (fen: number) => t('cloud.perMonth', { price: formatFen(fen, locale) }),
    },
  ];
}
