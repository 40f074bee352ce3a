// /catalog/import — bulk registration from the XLSX template, with live progress and a full error list.
import { CheckCircleOutlined, DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Progress, Result, Space, Steps, Table, Tag, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { PageHeader } from '../../components/PageHeader';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { useErrorText } from './errorText';
import { canImport } from './permissions';
import type { ImportJob, ImportRowError } from './types';

const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
const POLL_INTERVAL_MS = 1000;
const PHASES = ['reading', 'validating', 'importing'] as const;
const FINISHED = new Set(['succeeded', 'failed']);

/** Percentage done; `progress` counts rows processed out of `total` once the file has been read. */
export function jobPercent(job: ImportJob): number {
  if (job.status === 'succeeded') return 100;
  const { progress, total } = job;
  if (total && total > 0 && progress != null) return Math.min(100, Math.round((progress / total) * 100));
  return 0;
}

function jobFailed(job: ImportJob): boolean {
  return job.status === 'failed' || (job.result?.errors?.length ?? 0) > 0;
}

export function ImportPage() {
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const [job, setJob] = useState<ImportJob | null>(null);
  const [fileName, setFileName] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const pollTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => () => clearTimeout(pollTimer.current), []);

  const poll = (jobId: string) => {
    pollTimer.current = setTimeout(async () => {
      try {
        const { job: latest } = await catalogApi.importJob(jobId);
        setJob(latest);
        if (!FINISHED.has(latest.status)) poll(jobId);
      } catch (e) {
        setError(e);
      }
    }, POLL_INTERVAL_MS);
  };

  const start = async (file: File) => {
    clearTimeout(pollTimer.current);
    setError(null);
    setJob(null);
    setFileName(file.name);
    if (!file.name.toLowerCase().endsWith('.xlsx')) {
      setError(new Error(t('catalog.import.notXlsx')));
      return;
    }
    if (file.size > MAX_UPLOAD_BYTES) {
      setError(new Error(t('error.catalog.import_too_large')));
      return;
    }
    setUploading(true);
    try {
      const { job: created } = await catalogApi.startImport(file);
      setJob(created);
      if (!FINISHED.has(created.status)) poll(created.id);
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const downloadTemplate = async () => {
    try {
      await catalogApi.downloadTemplate();
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  if (!canImport(me)) return <Result status="403" title={t('catalog.import.notAllowed')} />;

  const finished = job != null && FINISHED.has(job.status);
  const running = uploading || (job != null && !finished);
  const phaseIndex = job?.phase ? PHASES.indexOf(job.phase as (typeof PHASES)[number]) : -1;
  const errors: ImportRowError[] = job?.result?.errors ?? [];
  const failed = job != null && finished && jobFailed(job);

  return (
    <div>
      <PageHeader title={t('catalog.import.title')} />
      <Card style={{ marginBottom: 16 }}>
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Alert type="info" showIcon title={t('catalog.import.instructions')} />
          <Button icon={<DownloadOutlined />} onClick={downloadTemplate} data-testid="import-template">
            {t('catalog.import.downloadTemplate')}
          </Button>
          <Upload.Dragger
            accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            multiple={false}
            showUploadList={false}
            disabled={running}
            beforeUpload={(file) => {
              void start(file);
              // The upload goes through the API client (CSRF header, error handling), not the widget.
              return false;
            }}
            data-testid="import-upload"
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{t('catalog.import.drop')}</p>
            <p className="ant-upload-hint">{t('catalog.import.hint')}</p>
          </Upload.Dragger>
        </Space>
      </Card>

      {error != null && (
        <Alert type="error" showIcon style={{ marginBottom: 16 }} title={errorMessage(error)} data-testid="import-error" />
      )}

      {(uploading || job) && (
        <Card title={fileName ? t('catalog.import.fileTitle', { file: fileName }) : undefined} style={{ marginBottom: 16 }}>
          <Steps
            size="small"
            style={{ marginBottom: 16 }}
            // A failed job stops at the phase it failed in; a successful one has finished them all.
            current={uploading ? -1 : finished && !failed ? PHASES.length : Math.max(phaseIndex, 0)}
            status={failed ? 'error' : undefined}
            items={PHASES.map((phase) => ({ title: t(`catalog.import.phase.${phase}`) }))}
          />
          <Progress
            percent={job ? jobPercent(job) : 0}
            status={job && finished ? (jobFailed(job) ? 'exception' : 'success') : 'active'}
            data-testid="import-progress"
          />
          <Typography.Text type="secondary" data-testid="import-status">
            {uploading
              ? t('catalog.import.uploading')
              : job && !finished
                ? t('catalog.import.running', {
                    phase: job.phase ? t(`catalog.import.phase.${job.phase}`) : t('catalog.import.queued'),
                    progress: job.progress ?? 0,
                    total: job.total ?? '—',
                  })
                : job
                  ? t('catalog.import.processed', { progress: job.progress ?? 0, total: job.total ?? job.progress ?? 0 })
                  : null}
          </Typography.Text>
        </Card>
      )}

      {job && finished && !jobFailed(job) && (
        <Result
          status="success"
          icon={<CheckCircleOutlined />}
          title={t('catalog.import.succeeded', { count: job.result?.imported ?? 0 })}
          subTitle={
            job.result?.codes?.length ? (
              <Space wrap size={[4, 4]} style={{ justifyContent: 'center' }}>
                {job.result.codes.slice(0, 50).map((code) => (
                  <Link key={code} to={`/catalog/${encodeURIComponent(code)}`}>
                    <Tag>{code}</Tag>
                  </Link>
                ))}
                {job.result.codes.length > 50 && <span>…</span>}
              </Space>
            ) : undefined
          }
          extra={
            <Link to="/catalog?status=draft" data-testid="import-drafts-link">
              <Button type="primary">{t('catalog.import.viewDrafts')}</Button>
            </Link>
          }
          data-testid="import-success"
        />
      )}

      {job && finished && jobFailed(job) && (
        <Card
          title={
            <Typography.Text type="danger">
              {t('catalog.import.failed', { count: job.result?.errorCount ?? errors.length })}
            </Typography.Text>
          }
          extra={
            errors.length > 0 && (
              <Button
                icon={<DownloadOutlined />}
                onClick={() => catalogApi.downloadImportErrors(job.id).catch((e: unknown) => message.error(errorMessage(e)))}
                data-testid="import-error-report"
              >
                {t('catalog.import.downloadErrors')}
              </Button>
            )
          }
          data-testid="import-failed"
        >
          <Typography.Paragraph type="secondary">{t('catalog.import.nothingImported')}</Typography.Paragraph>
          {(job.result?.errorCount ?? 0) > errors.length && (
            <Alert
              type="warning"
              showIcon
              style={{ marginBottom: 12 }}
              title={t('catalog.import.truncated', { shown: errors.length, count: job.result?.errorCount ?? 0 })}
            />
          )}
          {errors.length === 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginBottom: 12 }}
              title={errorText(job.errorCode ?? undefined, job.result?.message ?? t('catalog.import.failedUnknown'))}
            />
          )}
          {errors.length > 0 && <ImportErrorTable errors={errors} />}
        </Card>
      )}
    </div>
  );
}

function ImportErrorTable({ errors }: { errors: ImportRowError[] }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  return (
    <Table<ImportRowError & { key: number }>
      size="small"
      rowKey="key"
      data-testid="import-errors"
      dataSource={errors.map((e, key) => ({ ...e, key }))}
      pagination={{ pageSize: 50, showSizeChanger: false, hideOnSinglePage: true }}
      columns={[
        { title: t('catalog.import.col.sheet'), dataIndex: 'sheet', width: 140, render: (sheet: string) => sheet || t('catalog.import.wholeFile') },
        {
          title: t('catalog.import.col.row'),
          dataIndex: 'row',
          width: 70,
          align: 'right',
          // Row 0 marks a problem with the whole file or sheet.
          render: (row: number) => (row > 0 ? row : '—'),
        },
        { title: t('catalog.import.col.column'), dataIndex: 'column', width: 140, render: (column: string) => column || '—' },
        {
          title: t('catalog.import.col.value'),
          dataIndex: 'value',
          width: 220,
          render: (value: unknown) =>
            value === null || value === undefined || value === '' ? (
              <Typography.Text type="secondary">{t('catalog.import.emptyValue')}</Typography.Text>
            ) : (
              <Typography.Text ellipsis={{ tooltip: String(value) }} style={{ maxWidth: 200 }}>
                {typeof value === 'object' ? JSON.stringify(value) : String(value)}
              </Typography.Text>
            ),
        },
        { title: t('catalog.import.col.reason'), key: 'reason', render: (_, row) => errorText(row.code, row.reason) },
      ]}
    />
  );
}
