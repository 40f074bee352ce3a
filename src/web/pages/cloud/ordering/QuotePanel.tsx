// The price of one configuration as the rate card computes it: its lines, the monthly total, the total over the lease,
// and what it holds against the department's quota (with what is still available, when known).
import { Alert, Card, Descriptions, Flex, Spin, Table, Typography } from 'antd';
import { useI18n } from '../../../i18n';
import { formatFen } from '../types';
import type { QuotaDimension, QuotaView, Quote, QuoteLine } from '../types';
import { demandEntries, formatQuantity, localName } from './logic';

export function QuotePanel(props: {
  quote: Quote | null;
  loading: boolean;
  /** why there is no price now (invalid parameters, an error), shown instead of the lines */
  problem?: string | null;
  leaseMonths?: number | null;
  quotas?: QuotaView[];
}) {
  const { t, locale } = useI18n();
  const { quote } = props;
  const available = new Map<QuotaDimension, QuotaView>((props.quotas ?? []).map((row) => [row.dimension, row]));
  return (
    <Card title={t('cloud.quote.title')} size="small" data-testid="quote-panel" extra={props.loading ? <Spin size="small" /> : null}>
      {props.problem && <Alert type="warning" showIcon title={props.problem} style={{ marginBottom: 12 }} />}
      {quote && (
        <>
          <Table<QuoteLine>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={quote.lines}
            columns={[
              { title: t('cloud.quote.item'), key: 'name', render: (_, line) => localName(line, locale) },
              {
                title: t('cloud.quote.quantity'),
                key: 'quantity',
                align: 'right',
                render: (_, line) => `${line.quantity.toLocaleString(locale)}${line.unit ? ` ${line.unit}` : ''}`,
              },
              { title: t('cloud.quote.amount'), dataIndex: 'amountFen', align: 'right', render: (fen: number) => formatFen(fen, locale) },
            ]}
          />
          <Flex justify="space-between" align="baseline" style={{ marginTop: 12 }}>
            <Typography.Text>{t('cloud.quote.monthly')}</Typography.Text>
            <Typography.Title level={3} style={{ margin: 0 }} data-testid="quote-monthly">
              {t('cloud.perMonth', { price: formatFen(quote.monthlyFen, locale) })}
            </Typography.Title>
          </Flex>
          {props.leaseMonths ? (
            <Flex justify="space-between">
              <Typography.Text type="secondary">{t('cloud.quote.leaseTotal', { months: props.leaseMonths })}</Typography.Text>
              <Typography.Text type="secondary">{formatFen(quote.monthlyFen * props.leaseMonths, locale)}</Typography.Text>
            </Flex>
          ) : null}
          <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, marginTop: 4 }}>
            {t('cloud.quote.rateCard', { version: quote.rateCardVersion })}
          </Typography.Text>
          <Descriptions
            size="small"
            column={1}
            title={t('cloud.quote.quota')}
            style={{ marginTop: 16 }}
            data-testid="quote-quota"
            items={demandEntries(quote.quotaDemand).map(([dimension, amount]) => {
              const quota = available.get(dimension);
              return {
                key: dimension,
                label: t(`cloud.dimension.${dimension}`),
                children: (
                  <span>
                    {formatQuantity(dimension, amount, t, locale)}
                    {quota && (
                      <Typography.Text type={quota.available < amount ? 'danger' : 'secondary'} style={{ marginLeft: 8 }}>
                        {t('cloud.quote.available', { n: formatQuantity(dimension, quota.available, t, locale) })}
                      </Typography.Text>
                    )}
                  </span>
                ),
              };
            })}
          />
        </>
      )}
      {!quote && !props.problem && !props.loading && <Typography.Text type="secondary">{t('cloud.quote.none')}</Typography.Text>}
    </Card>
  );
}
