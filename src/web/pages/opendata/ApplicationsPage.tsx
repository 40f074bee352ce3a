// /opendata/applications — 开放申请: the public's applications for the department's conditionally open datasets
// (the data administrator: all). Pending ones wait for approval (with a validity in days) or rejection (with a
// reason); decided ones stay for the record. The tab lives in ?tab=.
import { ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Form, InputNumber, Modal, Space, Table, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { ReasonModal } from '../../components/ReasonModal';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { opendataApi, publicDatasetUrl } from './opendataApi';
import { canDecideApplication, isDataAdmin } from './permissions';
import { ApplicationStatusTag } from './tags';
import type { Application } from './types';

const PAGE_SIZE = 20;
const TABS = ['pending', 'decided'] as const;
type TabKey = (typeof TABS)[number];

export function ApplicationsPage() {
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const tab: TabKey = TABS.find((key) => key === params.get('tab')) ?? 'pending';
  return (
    <div>
      <PageHeader title={t('opendata.applications.title')} subtitle={t('opendata.applications.subtitle')} />
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(key) => setParams({ tab: key }, { replace: true })}
          destroyOnHidden
          items={TABS.map((key) => ({
            key,
            label: <span data-testid={`applications-tab-${key}`}>{t(`opendata.applications.tab.${key}`)}</span>,
            children: <ApplicationList status={key} />,
          }))}
        />
      </Card>
    </div>
  );
}

function ApplicationList({ status }: { status: TabKey }) {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [page, setPage] = useState(1);
  const [approving, setApproving] = useState<Application | null>(null);
  const [rejecting, setRejecting] = useState<Application | null>(null);
  const list = useAsync(() => opendataApi.applications({ status, page, pageSize: PAGE_SIZE }), [status, page]);

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<Application>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        data-testid={`applications-${status}`}
        locale={{ emptyText: t(status === 'pending' ? 'opendata.applications.emptyPending' : 'opendata.applications.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (row) => <ApplicationDetails application={row} /> }}
        columns={[
          {
            title: t('opendata.field.dataset'),
            key: 'dataset',
            render: (_, row) => (
              <span>
                <a href={publicDatasetUrl(row.dataset.name)} target="_blank" rel="noopener noreferrer">
                  {row.dataset.title} <ExportOutlined style={{ fontSize: 12 }} />
                </a>
                {isDataAdmin(me) && row.department && (
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {locale === 'en-US' && row.department.nameEn ? row.department.nameEn : row.department.name}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          {
            title: t('opendata.applications.applicant'),
            key: 'applicant',
            width: 220,
            render: (_, row) => (
              <span>
                {row.applicant.displayName}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                  {row.organisation ?? row.applicant.organisation ?? row.applicant.email}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('opendata.applications.purpose'), dataIndex: 'purpose', ellipsis: true, width: 240 },
          { title: t('opendata.applications.submittedAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
          {
            title: t('common.status'),
            dataIndex: 'status',
            width: 100,
            render: (value: Application['status'], row) => <ApplicationStatusTag value={value} expired={row.expired} />,
          },
          ...(status === 'decided'
            ? [{ title: t('opendata.applications.expiresAt'), dataIndex: 'expiresAt', width: 150, render: (value: string | null) => formatDateTime(value, locale) }]
            : []),
          {
            title: t('common.actions'),
            key: 'actions',
            width: 160,
            fixed: 'right',
            render: (_, row) =>
              canDecideApplication(me, row) ? (
                <Space size={4}>
                  <Button size="small" type="primary" onClick={() => setApproving(row)} data-testid="application-approve">
                    {t('opendata.applications.approve')}
                  </Button>
                  <Button size="small" danger onClick={() => setRejecting(row)} data-testid="application-reject">
                    {t('opendata.applications.reject')}
                  </Button>
                </Space>
              ) : null,
          },
        ]}
      />
      <ApproveModal
        application={approving}
        onCancel={() => setApproving(null)}
        onSubmit={async (validDays) => {
          if (!approving) return;
          try {
            await opendataApi.approve(approving.id, validDays);
            void message.success(t('opendata.applications.approved'));
            setApproving(null);
            list.reload();
          } catch (e) {
            showError(e);
          }
        }}
      />
      <ReasonModal
        labelKey="opendata.reason.label"
        requiredKey="opendata.reason.required"
        open={rejecting !== null}
        title={t('opendata.applications.rejectTitle', { name: rejecting?.dataset.title ?? '' })}
        okText={t('opendata.applications.reject')}
        danger
        onCancel={() => setRejecting(null)}
        onSubmit={async (reason) => {
          if (!rejecting) return;
          await opendataApi.reject(rejecting.id, reason);
          void message.success(t('opendata.applications.rejected'));
          setRejecting(null);
          list.reload();
        }}
      />
    </div>
  );
}

function ApproveModal(props: { application: Application | null; onCancel(): void; onSubmit(validDays: number): Promise<void> }) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ validDays: number }>();
  const [busy, setBusy] = useState(false);
  const open = props.application !== null;
  useEffect(() => {
    if (open) form.setFieldsValue({ validDays: 365 });
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={t('opendata.applications.approveTitle', { name: props.application?.dataset.title ?? '' })}
      okText={t('opendata.applications.approve')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'approve-confirm' }}
      onCancel={props.onCancel}
      onOk={async () => {
        try {
          const { validDays } = await form.validateFields();
          setBusy(true);
          await props.onSubmit(validDays);
        } catch {
          // shown on the field or by the caller
        } finally {
          setBusy(false);
        }
      }}
      destroyOnHidden
    >
      {props.application && (
        <Typography.Paragraph type="secondary">
          {t('opendata.applications.approveHint', { name: props.application.applicant.displayName })}
        </Typography.Paragraph>
      )}
      <Form form={form} layout="vertical" initialValues={{ validDays: 365 }}>
        <Form.Item
          name="validDays"
          label={t('opendata.applications.validDays')}
          rules={[{ required: true, type: 'integer', min: 1, max: 3660, message: t('validation.range', { min: 1, max: 3660 }) }]}
        >
          <InputNumber min={1} max={3660} precision={0} style={{ width: 160 }} suffix={t('opendata.applications.days')} data-testid="approve-valid-days" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

function ApplicationDetails({ application }: { application: Application }) {
  const { t, locale } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('opendata.applications.applicant')}>
        {application.applicant.displayName} · {application.applicant.email}
      </Descriptions.Item>
      <Descriptions.Item label={t('opendata.applications.organisation')}>{application.organisation ?? application.applicant.organisation ?? '—'}</Descriptions.Item>
      <Descriptions.Item label={t('opendata.applications.purpose')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{application.purpose}</span>
      </Descriptions.Item>
      {application.reason && (
        <Descriptions.Item label={t('opendata.reason.label')} span={2}>
          {application.reason}
        </Descriptions.Item>
      )}
      {application.decidedAt && (
        <Descriptions.Item label={t('opendata.applications.decidedAt')}>
          {formatDateTime(application.decidedAt, locale)}
          {application.decidedBy && ` · ${application.decidedBy.name}`}
        </Descriptions.Item>
      )}
      {application.expiresAt && <Descriptions.Item label={t('opendata.applications.expiresAt')}>{formatDateTime(application.expiresAt, locale)}</Descriptions.Item>}
    </Descriptions>
  );
}
