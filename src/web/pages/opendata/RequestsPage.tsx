// /opendata/requests — 数据需求: what the public asked to be opened, addressed to the department (the data
// administrator: all, including requests that named no department), with the requester's contact, and the
// answer: accepted, opened (naming the dataset it became) or declined (with a reason). Answers are public.
import { ExportOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, AutoComplete, Button, Descriptions, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { PageHeader } from '../../components/PageHeader';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { opendataApi, publicDatasetUrl } from './opendataApi';
import { canAnswerRequest } from './permissions';
import { RequestStatusTag } from './tags';
import type { AnswerStatus, DataRequest, RequestStatus } from './types';

const PAGE_SIZE = 20;
const STATUSES: RequestStatus[] = ['open', 'accepted', 'opened', 'declined'];

export function RequestsPage() {
  const { t, locale, errorMessage } = useI18n();
  const { me } = useAuth();
  const [status, setStatus] = useState<RequestStatus | ''>('');
  const [page, setPage] = useState(1);
  const [answering, setAnswering] = useState<DataRequest | null>(null);
  const list = useAsync(() => opendataApi.requests({ status: status || undefined, page, pageSize: PAGE_SIZE }), [status, page]);
  const departmentName = (row: DataRequest) =>
    row.department ? (locale === 'en-US' && row.department.nameEn ? row.department.nameEn : row.department.name) : t('opendata.requests.unassigned');

  return (
    <div>
      <PageHeader title={t('opendata.requests.title')} subtitle={t('opendata.requests.subtitle')} />
      <Space style={{ marginBottom: 12 }} wrap>
        <Select<RequestStatus | ''>
          style={{ width: 160 }}
          value={status}
          onChange={(value) => {
            setStatus(value);
            setPage(1);
          }}
          options={[{ value: '', label: t('opendata.requests.allStatuses') }, ...STATUSES.map((value) => ({ value, label: t(`opendata.requestStatus.${value}`) }))]}
          data-testid="requests-status"
        />
        <Button icon={<ReloadOutlined />} onClick={list.reload}>
          {t('common.refresh')}
        </Button>
        <Typography.Text type="secondary">{t('common.total', { n: list.data?.total ?? 0 })}</Typography.Text>
      </Space>
      {list.error != null && <Alert type="error" showIcon title={errorMessage(list.error)} style={{ marginBottom: 12 }} />}
      <Table<DataRequest>
        rowKey="id"
        size="middle"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 1200 }}
        data-testid="opendata-requests"
        locale={{ emptyText: t('opendata.requests.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{ expandedRowRender: (row) => <RequestDetails request={row} /> }}
        columns={[
          {
            title: t('opendata.requests.request'),
            key: 'title',
            render: (_, row) => (
              <span>
                {row.title}
                <Typography.Text type="secondary" ellipsis style={{ display: 'block', fontSize: 12, maxWidth: 360 }}>
                  {row.description}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('opendata.requests.department'), key: 'department', width: 180, render: (_, row) => departmentName(row) },
          {
            title: t('opendata.requests.requester'),
            key: 'requester',
            width: 200,
            render: (_, row) => (
              <span>
                {row.requesterName}
                {row.portalUser && <Tag style={{ marginLeft: 4 }}>{t('opendata.requests.registered')}</Tag>}
                <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }} copyable={!!row.requesterEmail}>
                  {row.requesterEmail ?? '—'}
                </Typography.Text>
              </span>
            ),
          },
          { title: t('opendata.requests.submittedAt'), dataIndex: 'createdAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
          { title: t('common.status'), dataIndex: 'status', width: 100, render: (value: RequestStatus) => <RequestStatusTag value={value} /> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 100,
            fixed: 'right',
            render: (_, row) =>
              canAnswerRequest(me, row) ? (
                <Button size="small" type="primary" onClick={() => setAnswering(row)} data-testid="request-answer">
                  {t('opendata.requests.answer')}
                </Button>
              ) : null,
          },
        ]}
      />
      <AnswerModal
        request={answering}
        onCancel={() => setAnswering(null)}
        onDone={() => {
          setAnswering(null);
          list.reload();
        }}
      />
    </div>
  );
}

interface AnswerValues {
  status: AnswerStatus;
  answer?: string;
  datasetName?: string;
}

function AnswerModal(props: { request: DataRequest | null; onCancel(): void; onDone(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<AnswerValues>();
  const [busy, setBusy] = useState(false);
  const [datasetQuery, setDatasetQuery] = useState('');
  const status = Form.useWatch('status', form);
  const open = props.request !== null;
  useEffect(() => {
    if (!open || !props.request) return;
    form.resetFields();
    form.setFieldsValue({ status: props.request.status === 'accepted' ? 'opened' : 'accepted', answer: props.request.answer ?? undefined });
  }, [open, props.request, form]);
  const datasets = useAsync(
    () => (open && status === 'opened' ? opendataApi.datasets({ q: datasetQuery || undefined, page: 1, pageSize: 10 }) : Promise.resolve({ items: [], total: 0 })),
    [open, status, datasetQuery],
  );

  const submit = async () => {
    if (!props.request) return;
    let values: AnswerValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setBusy(true);
    try {
      await opendataApi.answer(props.request.id, {
        status: values.status,
        answer: values.answer?.trim() || null,
        datasetName: values.status === 'opened' ? values.datasetName?.trim() || null : null,
      });
      void message.success(t('opendata.requests.answered'));
      props.onDone();
    } catch (e) {
      showFormError(form, e, { codeFields: { 'opendata.dataset_not_found': ['datasetName'], 'opendata.answer_required': ['answer'] } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('opendata.requests.answerTitle', { title: props.request?.title ?? '' })}
      okText={t('opendata.requests.answer')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'answer-confirm' }}
      onCancel={props.onCancel}
      onOk={submit}
      destroyOnHidden
      width={560}
    >
      <Form form={form} layout="vertical">
        <Form.Item name="status" label={t('opendata.requests.answerStatus')} rules={[{ required: true, message: t('validation.required') }]}>
          <Radio.Group
            optionType="button"
            options={(['accepted', 'opened', 'declined'] as const).map((value) => ({ value, label: t(`opendata.requestStatus.${value}`) }))}
            data-testid="answer-status"
          />
        </Form.Item>
        {status === 'opened' && (
          <Form.Item
            name="datasetName"
            label={t('opendata.requests.datasetName')}
            extra={t('opendata.requests.datasetNameHint')}
            rules={[{ required: true, whitespace: true, message: t('opendata.requests.datasetNameRequired') }]}
          >
            <AutoComplete
              onSearch={(value) => setDatasetQuery(value.trim())}
              options={(datasets.data?.items ?? []).map((dataset) => ({ value: dataset.name, label: `${dataset.title} (${dataset.name})` }))}
              data-testid="answer-dataset"
            />
          </Form.Item>
        )}
        <Form.Item
          name="answer"
          label={t('opendata.requests.answerText')}
          rules={status === 'declined' ? [{ required: true, whitespace: true, message: t('opendata.requests.answerRequired') }] : []}
        >
          <Input.TextArea rows={4} maxLength={4000} showCount data-testid="answer-text" />
        </Form.Item>
        <Typography.Text type="secondary">{t('opendata.requests.answerPublic')}</Typography.Text>
      </Form>
    </Modal>
  );
}

function RequestDetails({ request }: { request: DataRequest }) {
  const { t, locale } = useI18n();
  return (
    <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
      <Descriptions.Item label={t('opendata.requests.description')} span={2}>
        <span style={{ whiteSpace: 'pre-wrap' }}>{request.description}</span>
      </Descriptions.Item>
      <Descriptions.Item label={t('opendata.requests.requester')}>{request.requesterName}</Descriptions.Item>
      <Descriptions.Item label={t('opendata.requests.contact')}>
        {request.requesterEmail ?? '—'}
        {request.portalUser && ` (${t('opendata.requests.registered')}: ${request.portalUser.displayName})`}
      </Descriptions.Item>
      {request.answer && (
        <Descriptions.Item label={t('opendata.requests.answerText')} span={2}>
          <span style={{ whiteSpace: 'pre-wrap' }}>{request.answer}</span>
        </Descriptions.Item>
      )}
      {request.dataset && (
        <Descriptions.Item label={t('opendata.requests.datasetName')}>
          <a href={publicDatasetUrl(request.dataset.name)} target="_blank" rel="noopener noreferrer">
            {request.dataset.title} <ExportOutlined style={{ fontSize: 12 }} />
          </a>
        </Descriptions.Item>
      )}
      {request.answeredAt && (
        <Descriptions.Item label={t('opendata.requests.answeredAt')}>
          {formatDateTime(request.answeredAt, locale)}
          {request.answeredBy && ` · ${request.answeredBy.name}`}
        </Descriptions.Item>
      )}
    </Descriptions>
  );
}
