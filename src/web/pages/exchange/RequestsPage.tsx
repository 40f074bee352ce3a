// /exchange/requests — 共享申请: requests waiting for my decision (with the 10-working-day deadline),
// my department's own requests, and the form for a new one. The tab lives in ?tab=.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Select, Space, Table, Tabs, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { ReasonModal } from '../../components/ReasonModal';
import { formatDay, StatusTag } from './common';
import { exchangeApi } from './exchangeApi';
import { describeCondition } from './logic';
import { canDecide, canRequest, canWithdraw, isDataAdmin, isDepartmentUser } from './permissions';
import { RequestForm } from './RequestForm';
import type { AccessRequest, RequestStatus } from './types';

const PAGE_SIZE = 20;

export function RequestsPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const [params, setParams] = useSearchParams();
  const tabs = [
    ...(isDataAdmin(me) || isDepartmentUser(me) ? ['incoming'] : []),
    ...(isDepartmentUser(me) ? ['outgoing'] : []),
    ...(canRequest(me) ? ['new'] : []),
  ];
  const tab = tabs.find((key) => key === params.get('tab')) ?? tabs[0] ?? 'incoming';
  const go = (key: string) => setParams({ tab: key }, { replace: true });

  return (
    <div>
      <PageHeader title={t('exchange.requests.title')} subtitle={t('exchange.requests.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={go}
          destroyOnHidden
          items={tabs.map((key) => ({
            key,
            label: <span data-testid={`requests-tab-${key}`}>{t(`exchange.requests.tab.${key}`)}</span>,
            children:
              key === 'new' ? (
                <RequestForm initialResource={params.get('resource') ?? undefined} onCreated={() => go('outgoing')} />
              ) : (
                <RequestList box={key === 'incoming' ? (isDataAdmin(me) ? 'all' : 'incoming') : 'outgoing'} incoming={key === 'incoming'} />
              ),
          }))}
        />
      </Card>
    </div>
  );
}

function RequestList(props: { box: 'incoming' | 'outgoing' | 'all'; incoming: boolean }) {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [status, setStatus] = useState<RequestStatus | ''>(props.incoming ? 'pending' : '');
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<AccessRequest | null>(null);
  const list = useAsync(
    () => exchangeApi.requests({ box: props.box, status: status || undefined, page, pageSize: PAGE_SIZE }),
    [props.box, status, page],
  );

  const approve = async (request: AccessRequest) => {
    try {
      await exchangeApi.approve(request.id, {});
      void message.success(t('exchange.requests.approved'));
      list.reload();
    } catch (e) {
      showError(e);
    }
  };
  const withdraw = async (request: AccessRequest) => {
    try {
      await exchangeApi.withdraw(request.id);
      void message.success(t('exchange.requests.withdrawn'));
      list.reload();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<RequestStatus | ''>
          style={{ width: 160 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[
            { value: '', label: t('exchange.requests.allStatuses') },
            ...(['pending', 'approved', 'rejected', 'withdrawn'] as const).map((value) => ({ value, label: t(`exchange.requestStatus.${value}`) })),
          ]}
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<AccessRequest>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.data ?? []}
        scroll={{ x: 1300 }}
        data-testid={props.incoming ? 'requests-incoming' : 'requests-outgoing'}
        locale={{ emptyText: t('exchange.requests.empty') }}
        onRow={(row) => ({ style: row.overdue ? { background: '#fff1f0' } : undefined })}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (row) => <RequestDetails request={row} /> }}
        columns={[
          {
            title: t('exchange.field.resource'),
            key: 'resource',
            render: (_, row) => (
              <span>
                <Link to={`/exchange/resources/${encodeURIComponent(row.resourceCode)}`}>{row.resourceName}</Link>
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {row.resourceCode}
                </Typography.Text>
              </span>
            ),
          },
          props.incoming
            ? {
                title: t('exchange.requests.requester'),
                key: 'requester',
                width: 220,
                render: (_, row) => (
                  <span>
                    {row.requesterDepartmentName ?? '—'}
                    <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                      {row.systemName ?? row.systemCode ?? row.systemId}
                    </Typography.Text>
                  </span>
                ),
              }
            : { title: t('exchange.field.provider'), dataIndex: 'providerDepartmentName', width: 200, render: (name: string | null) => name ?? '—' },
          {
            title: t('exchange.requests.fields'),
            dataIndex: 'fields',
            width: 90,
            render: (fields: string[], row) => (
              <Tooltip title={fields.map((field) => (row.cleartextFields.includes(field) ? `${field} (${t('exchange.requests.cleartext')})` : field)).join(', ')}>
                <Tag>{t('exchange.requests.fieldCount', { n: fields.length })}</Tag>
              </Tooltip>
            ),
          },
          { title: t('exchange.requests.purpose'), dataIndex: 'purpose', ellipsis: true, width: 200 },
          { title: t('exchange.requests.submittedAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
          {
            title: t('exchange.requests.dueDate'),
            dataIndex: 'dueDate',
            width: 190,
            render: (day: string, row) => (
              <Space size={4} wrap>
                <span data-testid="request-due-date">{formatDay(day)}</span>
                {row.status === 'pending' && row.workingDaysLeft !== null && !row.overdue && (
                  <Tag color={row.workingDaysLeft <= 2 ? 'orange' : 'blue'}>{t('exchange.requests.daysLeft', { n: row.workingDaysLeft })}</Tag>
                )}
                {row.overdue && (
                  <Tag color="red" data-testid="request-overdue">
                    {t('exchange.requests.overdue', { n: Math.abs(row.workingDaysLeft ?? 0) })}
                  </Tag>
                )}
              </Space>
            ),
          },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 120,
            render: (value: string, row) => (
              <Space size={2} wrap>
                <StatusTag kind="requestStatus" value={value} testId="request-status" />
                {row.automatic && <Tag>{t('exchange.requests.automatic')}</Tag>}
              </Space>
            ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            fixed: 'right',
            render: (_, row) => (
              <Space size={4}>
                {canDecide(me, row) && (
                  <>
                    <Popconfirm title={t('exchange.requests.approveConfirm')} onConfirm={() => approve(row)} okButtonProps={{ 'data-testid': 'approve-confirm' }}>
                      <Button size="small" type="primary" data-testid="request-approve">
                        {t('exchange.requests.approve')}
                      </Button>
                    </Popconfirm>
                    <Button size="small" danger onClick={() => setRejecting(row)} data-testid="request-reject">
                      {t('exchange.requests.reject')}
                    </Button>
                  </>
                )}
                {!props.incoming && canWithdraw(me, row) && (
                  <Popconfirm title={t('exchange.requests.withdrawConfirm')} onConfirm={() => withdraw(row)}>
                    <Button size="small">{t('exchange.requests.withdraw')}</Button>
                  </Popconfirm>
                )}
              </Space>
            ),
          },
        ]}
      />
      <ReasonModal
        labelKey="exchange.reason.label"
        requiredKey="exchange.reason.required"
        open={rejecting !== null}
        title={t('exchange.requests.rejectTitle', { name: rejecting?.resourceName ?? '' })}
        okText={t('exchange.requests.reject')}
        danger
        onCancel={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (!rejecting) return;
          await exchangeApi.reject(rejecting.id, reason);
          void message.success(t('exchange.requests.rejected'));
          setRejecting(null);
          list.reload();
        }}
      />
    </div>
  );
}

function RequestDetails({ request }: { request: AccessRequest }) {
  const { t, locale } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('exchange.requests.system')}>
        {request.systemName ?? '—'} {request.systemCode && <Typography.Text code>{request.systemCode}</Typography.Text>}
      </Descriptions.Item>
      <Descriptions.Item label={t('exchange.requests.duration')}>{t('exchange.requests.days', { n: request.durationDays })}</Descriptions.Item>
      <Descriptions.Item label={t('exchange.requests.fields')} span={2}>
        <Space size={[4, 4]} wrap>
          {request.fields.map((field) => (
            <Tag key={field} color={request.cleartextFields.includes(field) ? 'red' : undefined}>
              {field}
              {request.cleartextFields.includes(field) ? ` · ${t('exchange.requests.cleartext')}` : ''}
            </Tag>
          ))}
        </Space>
      </Descriptions.Item>
      <Descriptions.Item label={t('exchange.requests.purpose')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{request.purpose}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('exchange.requests.legalBasis')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{request.legalBasis}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('exchange.requests.rowScope')} span={2}>
        {request.rowScope?.length
          ? request.rowScope.map((condition) => describeCondition(condition, t('exchange.op.prefix'), t('exchange.op.in'))).join(' ∧ ')
          : t('exchange.requests.allRows')}
      </Descriptions.Item>
      {request.decisionReason && (
        <Descriptions.Item label={t('exchange.requests.decisionReason')} span={2}>
          {request.decisionReason}
        </Descriptions.Item>
      )}
      {request.decidedAt && <Descriptions.Item label={t('exchange.requests.decidedAt')}>{formatDateTime(request.decidedAt, locale)}</Descriptions.Item>}
      {request.grantId && (
        <Descriptions.Item label={t('exchange.requests.grant')}>
          <Link to="/exchange/grants">{request.grantId.slice(0, 8)}</Link>
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
