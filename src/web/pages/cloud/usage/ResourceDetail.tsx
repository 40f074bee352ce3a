// /cloud/resources/:id — one resource: what it is and costs, how to connect (the credentials shown once, to the
// ordering department only), measured sizes, its recent bill lines, and resize / renew / retire.
import { ArrowLeftOutlined, ExpandAltOutlined, FieldTimeOutlined, KeyOutlined, ReloadOutlined, StopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Descriptions, Empty, Row, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { billingApi, resourceApi } from '../cloudApi';
import type { CloudResource } from '../types';
import { CredentialsModal } from './CredentialsModal';
import { formatMeasure, monthOf, resourceActions, resourceCost, revealedInfo, shiftMonth } from './logic';
import { DriftTag, LeaseEnd, MonthlyPrice, offeringLabel, ResourceStatusTag, yuan } from './parts';
import { RenewModal, RetireModal } from './LeaseModals';
import { ResizeModal } from './ResizeModal';

/** While the resource is changing, look again every few seconds so the page shows when it is done. */
const POLL_MS = 3000;
const CHANGING = new Set(['provisioning', 'resizing', 'retiring']);

export function ResourceDetail() {
  const { id = '' } = useParams();
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { modal } = App.useApp();
  const { showError } = useApiError();
  const resource = useAsync(() => resourceApi.get(id), [id]);
  const [credentials, setCredentials] = useState<{ credentials: Record<string, string>; endpointInfo: Record<string, unknown> } | null>(null);
  const [revealed, setRevealed] = useState<{ at: string | null; by: string | null } | null>(null);
  const [dialog, setDialog] = useState<'resize' | 'renew' | 'retire' | null>(null);
  const data = resource.data;

  const { reload } = resource;
  const changing = !!data && CHANGING.has(data.status);
  useEffect(() => {
    if (!changing) return;
    const timer = setInterval(reload, POLL_MS);
    return () => clearInterval(timer);
  }, [changing, reload]);

  const reveal = () => {
    modal.confirm({
      title: t('cloudUsage.credentials.confirmTitle'),
      content: t('cloudUsage.credentials.confirmBody'),
      okText: t('cloudUsage.credentials.confirmOk'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          setCredentials(await resourceApi.revealCredentials(id));
          resource.reload();
        } catch (e) {
          if (e instanceof ApiError && e.code === 'cloud.credentials_revealed') {
            setRevealed(revealedInfo(e.extra, data?.credentialsRevealedAt ?? null));
            resource.reload();
          } else showError(e);
        }
      },
    });
  };

  const can = data ? resourceActions(me, data) : null;
  return (
    <div>
      <PageHeader
        title={
          <Space>
            <Link to="/cloud/resources" aria-label={t('cloudUsage.back')}>
              <ArrowLeftOutlined />
            </Link>
            {data?.name ?? t('cloudUsage.resources.title')}
            {data && <ResourceStatusTag status={data.status} />}
            {data && <DriftTag resource={data} />}
          </Space>
        }
        subtitle={data ? `${offeringLabel(data, locale)} · ${data.providerName}` : undefined}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={resource.reload}>
              {t('common.refresh')}
            </Button>
            {can?.reveal && (
              <Button type="primary" icon={<KeyOutlined />} onClick={reveal} data-testid="reveal-credentials">
                {t('cloudUsage.credentials.reveal')}
              </Button>
            )}
            {can?.resize && (
              <Button icon={<ExpandAltOutlined />} onClick={() => setDialog('resize')} data-testid="resize-resource">
                {t('cloudUsage.resize.open')}
              </Button>
            )}
            {can?.renew && (
              <Button icon={<FieldTimeOutlined />} onClick={() => setDialog('renew')} data-testid="renew-resource">
                {t('cloudUsage.renew.open')}
              </Button>
            )}
            {can?.retire && (
              <Button danger icon={<StopOutlined />} onClick={() => setDialog('retire')} data-testid="retire-resource">
                {t('cloudUsage.retire.open')}
              </Button>
            )}
          </>
        }
      />
      {resource.error != null && <Alert type="error" showIcon title={errorMessage(resource.error)} style={{ marginBottom: 12 }} />}
      {revealed && (
        <Alert
          type="info"
          showIcon
          closable={{ onClose: () => setRevealed(null) }}
          style={{ marginBottom: 12 }}
          data-testid="credentials-already-revealed"
          title={t('cloudUsage.credentials.alreadyTitle')}
          description={
            revealed.by
              ? t('cloudUsage.credentials.alreadyBy', { at: formatDateTime(revealed.at, locale), by: revealed.by })
              : t('cloudUsage.credentials.alreadyAt', { at: formatDateTime(revealed.at, locale) })
          }
        />
      )}
      {data?.status === 'failed' && data.failureReason && (
        <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('cloudUsage.resource.failed')} description={data.failureReason} />
      )}
      {data && data.driftStatus !== 'ok' && (
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t(`cloudUsage.drift.${data.driftStatus}Long`)} description={data.driftDetail ?? undefined} />
      )}
      {data && <ResourceBody resource={data} />}
      <CredentialsModal value={credentials} onClose={() => setCredentials(null)} />
      {data && dialog === 'resize' && <ResizeModal resource={data} onClose={() => setDialog(null)} />}
      {data && (
        <RenewModal
          open={dialog === 'renew'}
          resource={data}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            resource.reload();
          }}
        />
      )}
      {data && (
        <RetireModal
          open={dialog === 'retire'}
          resource={data}
          onClose={() => setDialog(null)}
          onDone={() => {
            setDialog(null);
            resource.reload();
          }}
        />
      )}
    </div>
  );
}

function ResourceBody({ resource }: { resource: CloudResource }) {
  const { t, locale } = useI18n();
  const endpointEntries = Object.entries(resource.endpointInfo ?? {});
  const measured = Object.entries(resource.measured ?? {});
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title={t('cloudUsage.resource.details')}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('cloudUsage.field.system')}>
              <Link to={`/cloud/systems/${resource.businessSystemId}`}>{resource.businessSystemName}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.department')}>{resource.departmentName}</Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.offering')}>
              {offeringLabel(resource, locale)} · {t(`cloudUsage.category.${resource.category}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.provider')}>{resource.providerName}</Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.monthlyPrice')}>
              <MonthlyPrice fen={resource.monthlyFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.leaseEndsAt')}>
              <LeaseEnd leaseEndsAt={resource.leaseEndsAt} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.order')}>
              <Link to={`/cloud/orders/${resource.orderId}`}>{resource.orderNumber ?? resource.orderId}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.externalId')}>
              {resource.externalId ? <Typography.Text code>{resource.externalId}</Typography.Text> : '—'}
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.createdAt')}>{formatDateTime(resource.createdAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.field.readyAt')}>{formatDateTime(resource.readyAt, locale)}</Descriptions.Item>
            {resource.retiredAt && <Descriptions.Item label={t('cloudUsage.field.retiredAt')}>{formatDateTime(resource.retiredAt, locale)}</Descriptions.Item>}
            <Descriptions.Item label={t('cloudUsage.field.tags')} span="filled">
              <Space size={[4, 4]} wrap>
                {Object.entries(resource.tags ?? {}).map(([key, value]) => (
                  <Tag key={key}>
                    {key}={value}
                  </Tag>
                ))}
              </Space>
            </Descriptions.Item>
          </Descriptions>
        </Card>
        <Card title={t('cloudUsage.resource.parameters')} style={{ marginTop: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }} data-testid="resource-parameters">
            {Object.entries(resource.parameters ?? {}).map(([key, value]) => (
              <Descriptions.Item key={key} label={key}>
                {typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value)}
              </Descriptions.Item>
            ))}
          </Descriptions>
        </Card>
      </Col>
      <Col xs={24} xl={10}>
        <Card title={t('cloudUsage.resource.connection')}>
          {endpointEntries.length ? (
            <Descriptions size="small" column={1} data-testid="endpoint-info">
              {endpointEntries.map(([key, value]) => (
                <Descriptions.Item key={key} label={key}>
                  <Typography.Text code copyable>
                    {typeof value === 'string' ? value : JSON.stringify(value)}
                  </Typography.Text>
                </Descriptions.Item>
              ))}
            </Descriptions>
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('cloudUsage.resource.noConnection')} />
          )}
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }} data-testid="credentials-note">
            {resource.credentialsRevealedAt
              ? t('cloudUsage.credentials.revealedAt', { at: formatDateTime(resource.credentialsRevealedAt, locale) })
              : resource.credentialsAvailable
                ? t('cloudUsage.credentials.notYet')
                : t('cloudUsage.credentials.none')}
          </Typography.Paragraph>
        </Card>
        <Card title={t('cloudUsage.resource.measured')} style={{ marginTop: 16 }}>
          {measured.length ? (
            <Descriptions size="small" column={1} data-testid="resource-measured">
              {measured.map(([key, value]) => (
                <Descriptions.Item key={key} label={t(`cloudUsage.measure.${key}`) === `cloudUsage.measure.${key}` ? key : t(`cloudUsage.measure.${key}`)}>
                  {formatMeasure(key, value, locale)}
                </Descriptions.Item>
              ))}
              <Descriptions.Item label={t('cloudUsage.resource.measuredAt')}>{formatDateTime(resource.measuredAt, locale)}</Descriptions.Item>
            </Descriptions>
          ) : (
            <Typography.Text type="secondary">{t('cloudUsage.resource.notMeasured')}</Typography.Text>
          )}
        </Card>
        <RecentCost resource={resource} />
      </Col>
    </Row>
  );
}

/** The resource's lines in this month's and last month's bills; nothing when no bill has been generated yet. */
function RecentCost({ resource }: { resource: CloudResource }) {
  const { t, locale } = useI18n();
  const cost = useAsync(async () => {
    const thisMonth = monthOf(new Date());
    const months = [thisMonth, shiftMonth(thisMonth, -1)];
    const bills = await Promise.allSettled(months.map((month) => billingApi.bill(resource.departmentId, month)));
    return resourceCost(bills.flatMap((bill) => (bill.status === 'fulfilled' ? [bill.value] : [])), resource.id);
  }, [resource.id, resource.departmentId]);
  return (
    <Card title={t('cloudUsage.resource.recentCost')} style={{ marginTop: 16 }}>
      <Table
        rowKey="month"
        size="small"
        loading={cost.loading}
        dataSource={cost.data ?? []}
        pagination={false}
        locale={{ emptyText: t('cloudUsage.resource.noCost') }}
        columns={[
          { title: t('cloudUsage.field.month'), dataIndex: 'month' },
          { title: t('cloudUsage.field.hours'), dataIndex: 'hours', align: 'right' },
          { title: t('cloudUsage.field.amount'), dataIndex: 'amountFen', align: 'right', render: (fen: number) => yuan(fen, locale) },
        ]}
      />
    </Card>
  );
}
