// /exchange/grants — 授权管理: grants on my department's resources (provided) and those my department's
// systems hold (consumed); revoke with a reason; expiry shown and flagged.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { ReasonModal } from '../../components/ReasonModal';
import { StatusTag, useLabel } from './common';
import { exchangeApi } from './exchangeApi';
import { describeCondition } from './logic';
import { canRevoke, isDataAdmin, isDepartmentUser } from './permissions';
import type { Grant } from './types';

const PAGE_SIZE = 20;
const SOON_DAYS = 30;

export function grantState(grant: Grant): 'active' | 'expired' | 'revoked' {
  if (grant.status === 'revoked') return 'revoked';
  return grant.expired || new Date(grant.expiresAt).getTime() < Date.now() ? 'expired' : 'active';
}

export function GrantsPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const sides = [...(isDepartmentUser(me) ? ['provided', 'consumed'] : []), ...(isDataAdmin(me) ? ['all'] : [])] as ('provided' | 'consumed' | 'all')[];
  const side = sides.find((key) => key === params.get('side')) ?? sides[0] ?? 'provided';
  return (
    <div>
      <PageHeader title={t('exchange.grants.title')} subtitle={t('exchange.grants.subtitle')} />
      <Card>
        <Tabs
          activeKey={side}
          onChange={(key) => setParams({ side: key }, { replace: true })}
          destroyOnHidden
          items={sides.map((key) => ({
            key,
            label: <span data-testid={`grants-tab-${key}`}>{t(`exchange.grants.side.${key}`)}</span>,
            children: <GrantList side={key} />,
          }))}
        />
      </Card>
    </div>
  );
}

function GrantList(props: { side: 'provided' | 'consumed' | 'all' }) {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const label = useLabel();
  const [status, setStatus] = useState<string>('active');
  const [page, setPage] = useState(1);
  const [revoking, setRevoking] = useState<Grant | null>(null);
  const list = useAsync(
    () => exchangeApi.grants({ side: props.side, status: status || undefined, page, pageSize: PAGE_SIZE }),
    [props.side, status, page],
  );

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select
          style={{ width: 160 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[
            { value: '', label: t('exchange.grants.allStatuses') },
            ...['active', 'expired', 'revoked'].map((value) => ({ value, label: t(`exchange.grantStatus.${value}`) })),
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Grant>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.data ?? []}
        scroll={{ x: 1200 }}
        data-testid="grants-table"
        locale={{ emptyText: t('exchange.grants.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{
          expandedRowRender: (grant) => (
            <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
              <Descriptions.Item label={t('exchange.requests.purpose')} span={2}>
                {grant.purpose}
              </Descriptions.Item>
              <Descriptions.Item label={t('exchange.requests.legalBasis')} span={2}>
                {grant.legalBasis}
              </Descriptions.Item>
              <Descriptions.Item label={t('exchange.requests.rowScope')} span={2}>
                {grant.rowScope?.length
                  ? grant.rowScope.map((condition) => describeCondition(condition, t('exchange.op.prefix'), t('exchange.op.in'))).join(' ∧ ')
                  : t('exchange.requests.allRows')}
              </Descriptions.Item>
              <Descriptions.Item label={t('exchange.grants.rateLimit')}>{t('exchange.grants.perMinute', { n: grant.rateLimitPerMinute })}</Descriptions.Item>
              <Descriptions.Item label={t('exchange.grants.createdAt')}>{formatDateTime(grant.createdAt, locale)}</Descriptions.Item>
              {grant.revokeReason && (
                <Descriptions.Item label={t('exchange.grants.revokeReason')} span={2}>
                  {grant.revokeReason} ({formatDateTime(grant.revokedAt, locale)})
                </Descriptions.Item>
              )}
            </Descriptions>
          ),
        }}
        columns={[
          {
            title: t('exchange.field.resource'),
            key: 'resource',
            render: (_, grant) => (
              <span>
                <Link to={`/exchange/resources/${encodeURIComponent(grant.resourceCode)}`} data-testid="grant-resource">
                  {grant.resourceName}
                </Link>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {grant.resourceCode} · {grant.providerDepartmentName ?? ''}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('exchange.grants.holder'),
            key: 'holder',
            width: 220,
            render: (_, grant) => (
              <span>
                {grant.systemName ?? grant.systemCode ?? grant.systemId}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {grant.departmentName ?? ''}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('exchange.requests.fields'),
            dataIndex: 'fields',
            width: 120,
            render: (fields: string[], grant) => {
              const masked = Object.entries(grant.masking ?? {}).filter(([, rule]) => rule !== 'clear');
              return (
                <Tooltip
                  title={fields
                    .map((field) => {
                      const rule = grant.masking?.[field];
                      return rule && rule !== 'clear' ? `${field} (${label('exchange.mask', rule)})` : field;
                    })
                    .join(', ')}
                >
                  <Tag>{t('exchange.requests.fieldCount', { n: fields.length })}</Tag>
                  {masked.length > 0 && <Tag color="purple">{t('exchange.grants.maskedCount', { n: masked.length })}</Tag>}
                </Tooltip>
              );
            },
          },
          {
            title: t('exchange.grants.expiresAt'),
            dataIndex: 'expiresAt',
            width: 200,
            render: (value: string, grant) => {
              const daysLeft = Math.ceil((new Date(value).getTime() - Date.now()) / 86_400_000);
              return (
                <Space size={4} wrap>
                  <span>{formatDateTime(value, locale)}</span>
                  {grant.status === 'active' && daysLeft >= 0 && daysLeft <= SOON_DAYS && <Tag color="orange">{t('exchange.grants.expiresSoon', { n: daysLeft })}</Tag>}
                </Space>
              );
            },
          },
          { title: t('common.status'), key: 'status', width: 100, render: (_, grant) => <StatusTag kind="grantStatus" value={grantState(grant)} testId="grant-status" /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 110,
            fixed: 'right',
            render: (_, grant) =>
              canRevoke(me, grant) && grantState(grant) === 'active' ? (
                <Button size="small" danger onClick={() => setRevoking(grant)} data-testid="grant-revoke">
                  {t('exchange.grants.revoke')}
                </Button>
              ) : null,
          },
        ]}
      />
      <ReasonModal
        labelKey="exchange.reason.label"
        requiredKey="exchange.reason.required"
        open={revoking !== null}
        title={t('exchange.grants.revokeTitle', { name: revoking?.resourceName ?? '', system: revoking?.systemName ?? '' })}
        okText={t('exchange.grants.revoke')}
        danger
        onCancel={() => setRevoking(null)}
        onSubmit={async (reason) => {
          if (!revoking) return;
          await exchangeApi.revoke(revoking.id, reason);
          void message.success(t('exchange.grants.revoked'));
          setRevoking(null);
          list.reload();
        }}
      />
    </div>
  );
}
