// /opendata/harvest/:id — one source: its settings, run now, and its run history with counts and errors.
import { ArrowLeftOutlined, PlayCircleOutlined, ReloadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Descriptions, Space, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { harvestApi } from './harvestApi';
import { isRunning } from './logic';
import { RunErrorsDrawer, RunsTable, useRunPolling } from './runs';
import type { HarvestRun } from './types';

const PAGE_SIZE = 20;

export function SourceDetail() {
  const { id = '' } = useParams();
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [page, setPage] = useState(1);
  const [errorsOf, setErrorsOf] = useState<string | null>(null);
  const [updates, setUpdates] = useState<Record<string, HarvestRun>>({});
  const source = useAsync(() => harvestApi.source(id), [id]);
  const runs = useAsync(() => harvestApi.runs(id, page, PAGE_SIZE), [id, page]);

  const rows = (runs.data?.items ?? []).map((run) => updates[run.id] ?? run);
  useRunPolling(
    rows.filter(isRunning).map((run) => run.id),
    (run) => setUpdates((current) => ({ ...current, [run.id]: run })),
    () => {
      source.reload();
      runs.reload();
    },
  );

  const runNow = async (full = false) => {
    try {
      await harvestApi.run(id, full);
      void message.info(t('harvest.run.started', { title: source.data?.title ?? '' }));
      setPage(1);
      runs.reload();
    } catch (e) {
      showError(e);
    }
  };

  const data = source.data;
  const busy = rows.some(isRunning);
  return (
    <div>
      <PageHeader
        title={
          <Space>
            <Link to="/opendata/harvest" aria-label={t('harvest.back')}>
              <ArrowLeftOutlined />
            </Link>
            {data?.title ?? t('harvest.title')}
          </Space>
        }
        subtitle={data ? `${t(`harvest.type.${data.type}`)} · ${data.name}` : undefined}
        extra={
          <>
            <Button
              icon={<ReloadOutlined />}
              onClick={() => {
                source.reload();
                runs.reload();
              }}
            >
              {t('common.refresh')}
            </Button>
            {data?.type === 'ckan' && (
              <Button disabled={busy} onClick={() => void runNow(true)}>
                {t('harvest.run.full')}
              </Button>
            )}
            <Button type="primary" icon={<PlayCircleOutlined />} disabled={busy || !data} onClick={() => void runNow()} data-testid="harvest-run-now">
              {t('harvest.run.now')}
            </Button>
          </>
        }
      />
      {source.error != null && <Alert type="error" showIcon title={errorMessage(source.error)} style={{ marginBottom: 12 }} />}
      {data && (
        <Card style={{ marginBottom: 16 }}>
          <Descriptions size="small" column={{ xs: 1, md: 2 }}>
            <Descriptions.Item label={t('harvest.field.url')} span={2}>
              <Typography.Text copyable>{data.url}</Typography.Text>
            </Descriptions.Item>
            <Descriptions.Item label={t('harvest.field.schedule')}>
              {data.schedule ? <Typography.Text code>{data.schedule}</Typography.Text> : t('harvest.sources.manualOnly')}
              {!data.enabled && ` · ${t('harvest.sources.disabled')}`}
            </Descriptions.Item>
            <Descriptions.Item label={t('harvest.sources.nextRun')}>{formatDateTime(data.nextRunAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('harvest.sources.lastSuccess')}>{formatDateTime(data.lastSuccessAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('harvest.sources.datasets')}>{data.datasetCount.toLocaleString(locale)}</Descriptions.Item>
            {data.type === 'ckan' && (
              <Descriptions.Item label={t('harvest.sources.lastModifiedSeen')} span={Object.keys(data.config).length > 0 ? 1 : 'filled'}>{formatDateTime(data.lastModifiedSeen, locale)}</Descriptions.Item>
            )}
            {Object.keys(data.config).length > 0 && (
              <Descriptions.Item label={t('harvest.sources.config')} span="filled">
                <Typography.Text code>{JSON.stringify(data.config)}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
        </Card>
      )}
      <Card title={t('harvest.runs.title')}>
        {runs.error != null && <Alert type="error" showIcon title={errorMessage(runs.error)} style={{ marginBottom: 12 }} />}
        <RunsTable
          runs={rows}
          loading={runs.loading && !runs.data}
          total={runs.data?.total ?? 0}
          page={page}
          pageSize={PAGE_SIZE}
          onPage={setPage}
          onErrors={(run) => setErrorsOf(run.id)}
        />
      </Card>
      <RunErrorsDrawer runId={errorsOf} onClose={() => setErrorsOf(null)} />
    </div>
  );
}
