// 装载记录: every load of the resource (push, upload, pull) with its counts; the upload and the template.
import { CloudUploadOutlined, DownloadOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Dropdown, Space, Table, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { formatDateTime } from '../../components/format';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { formatCount, StatusTag, useLabel } from './common';
import { exchangeApi } from './exchangeApi';
import type { LoadRecord } from './types';
import { UploadModal } from './UploadModal';

const PAGE_SIZE = 20;

export function LoadsTab(props: { code: string; canUpload: boolean }) {
  const { t, locale, errorMessage } = useI18n();
  const { showError } = useApiError();
  const label = useLabel();
  const [page, setPage] = useState(1);
  const [uploadOpen, setUploadOpen] = useState(false);
  const loads = useAsync(() => exchangeApi.loads({ resourceCode: props.code, page, pageSize: PAGE_SIZE }), [props.code, page]);
  const count = (value: number) => formatCount(value, locale);

  return (
    <div>
      <Space style={{ marginBottom: 12 }} wrap>
        {props.canUpload && (
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => setUploadOpen(true)} data-testid="upload-open">
            {t('exchange.loads.upload')}
          </Button>
        )}
        <Dropdown
          menu={{
            items: [
              { key: 'xlsx', label: t('exchange.loads.templateXlsx') },
              { key: 'csv', label: t('exchange.loads.templateCsv') },
            ],
            onClick: ({ key }) => void exchangeApi.downloadTemplate(props.code, key as 'csv' | 'xlsx').catch(showError),
          }}
        >
          <Button icon={<DownloadOutlined />} data-testid="template-download">
            {t('exchange.loads.template')}
          </Button>
        </Dropdown>
        <Button icon={<ReloadOutlined />} onClick={loads.reload}>
          {t('common.refresh')}
        </Button>
      </Space>
      {loads.error != null && <Alert type="error" showIcon title={errorMessage(loads.error)} style={{ marginBottom: 12 }} />}
      <Table<LoadRecord>
        rowKey="id"
        size="small"
        loading={loads.loading}
        dataSource={loads.data?.data ?? []}
        scroll={{ x: 1200 }}
        data-testid="loads-table"
        locale={{ emptyText: t('exchange.loads.empty') }}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: loads.data?.total ?? 0, showSizeChanger: false, onChange: setPage, hideOnSinglePage: true }}
        columns={[
          { title: t('exchange.loads.startedAt'), dataIndex: 'startedAt', width: 160, render: (value: string) => formatDateTime(value, locale) },
          {
            title: t('exchange.loads.channel'),
            dataIndex: 'channel',
            width: 140,
            render: (channel: string, row) => (
              <span>
                {label('exchange.channel', channel)} · {row.format.toUpperCase()}
                {row.fileName && (
                  <Typography.Text type="secondary" ellipsis={{ tooltip: row.fileName }} style={{ display: 'block', maxWidth: 130 }}>
                    {row.fileName}
                  </Typography.Text>
                )}
              </span>
            ),
          },
          { title: t('common.status'), dataIndex: 'status', width: 100, render: (status: string) => <StatusTag kind="loadStatus" value={status} /> },
          { title: t('exchange.count.received'), dataIndex: 'received', width: 90, align: 'right', render: count },
          { title: t('exchange.count.inserted'), dataIndex: 'inserted', width: 90, align: 'right', render: count },
          { title: t('exchange.count.updated'), dataIndex: 'updated', width: 90, align: 'right', render: count },
          { title: t('exchange.count.unchanged'), dataIndex: 'unchanged', width: 90, align: 'right', render: count },
          { title: t('exchange.count.deleted'), dataIndex: 'deleted', width: 90, align: 'right', render: count },
          {
            title: t('exchange.count.rejected'),
            dataIndex: 'rejected',
            width: 90,
            align: 'right',
            render: (value: number) => (value > 0 ? <Typography.Text type="danger">{count(value)}</Typography.Text> : count(value)),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 130,
            render: (_, row) =>
              row.rejected > 0 || row.errorCount > 0 ? (
                <Tooltip title={t('exchange.upload.downloadErrors')}>
                  <Button size="small" icon={<DownloadOutlined />} onClick={() => void exchangeApi.downloadErrors(row.id, 'xlsx').catch(showError)}>
                    {t('exchange.loads.errors')}
                  </Button>
                </Tooltip>
              ) : null,
          },
        ]}
      />
      <UploadModal
        code={props.code}
        open={uploadOpen}
        onClose={(changed) => {
          setUploadOpen(false);
          if (changed) loads.reload();
        }}
      />
    </div>
  );
}
