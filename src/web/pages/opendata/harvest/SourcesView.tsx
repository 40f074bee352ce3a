// /opendata/harvest — 数据汇聚: the portals harvested into this one (CKAN, DCAT), their schedules, last runs and
// next runs; add, edit, delete, and run now with the run's progress shown until it ends.
import { DeleteOutlined, DownOutlined, EditOutlined, PlayCircleOutlined, PlusOutlined, ReloadOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Dropdown, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { formatDateTime } from '../../../components/format';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { harvestApi } from './harvestApi';
import { isRunning } from './logic';
import { RunCounts, RunErrorsDrawer, RunStatusTag, useRunMessage, useRunPolling } from './runs';
import { SourceDrawer } from './SourceDrawer';
import type { HarvestRun, HarvestSource } from './types';

export function SourcesView() {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const runMessage = useRunMessage();
  const sources = useAsync(() => harvestApi.sources(), []);
  const [drawer, setDrawer] = useState<{ source: HarvestSource | null } | null>(null);
  const [errorsOf, setErrorsOf] = useState<string | null>(null);
  /** Runs followed on this page (started here, or running when the list loaded), by source id. */
  const [live, setLive] = useState<Record<string, HarvestRun>>({});

  const list = sources.data ?? [];
  const lastRunOf = (source: HarvestSource): HarvestRun | null => live[source.id] ?? source.lastRun;
  const running = list.map(lastRunOf).filter((run): run is HarvestRun => isRunning(run)).map((run) => run.id);

  useRunPolling(
    running,
    (run) => setLive((current) => ({ ...current, [run.sourceId]: run })),
    (run) => {
      const title = list.find((source) => source.id === run.sourceId)?.title ?? run.sourceTitle;
      if (run.status === 'failed') void message.error(t('harvest.run.failed', { title, reason: runMessage(run.message) }));
      else if (run.status === 'partial') void message.warning(t('harvest.run.partial', { title, failed: run.failed }));
      else void message.success(t('harvest.run.succeeded', { title }));
      sources.reload();
    },
  );

  const runNow = async (source: HarvestSource, full = false) => {
    try {
      const { run } = await harvestApi.run(source.id, full);
      setLive((current) => ({ ...current, [source.id]: run }));
      void message.info(t('harvest.run.started', { title: source.title }));
    } catch (e) {
      showError(e);
    }
  };
  const remove = async (source: HarvestSource) => {
    try {
      await harvestApi.remove(source.id);
      void message.success(t('harvest.sources.deleted', { title: source.title }));
      sources.reload();
    } catch (e) {
      showError(e);
    }
  };

  const active = list.filter((source) => isRunning(lastRunOf(source)));

  return (
    <div>
      <PageHeader
        title={t('harvest.title')}
        subtitle={t('harvest.subtitle')}
        extra={
          <>
            <Button icon={<ReloadOutlined />} onClick={sources.reload}>
              {t('common.refresh')}
            </Button>
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setDrawer({ source: null })} data-testid="harvest-source-create">
              {t('harvest.sources.create')}
            </Button>
          </>
        }
      />
      {sources.error != null && <Alert type="error" showIcon title={errorMessage(sources.error)} style={{ marginBottom: 12 }} />}
      {active.map((source) => (
        <Alert
          key={source.id}
          type="info"
          showIcon
          icon={<SyncOutlined spin />}
          style={{ marginBottom: 12 }}
          data-testid="harvest-progress"
          title={t('harvest.run.progress', { title: source.title })}
          description={<RunCounts run={lastRunOf(source)!} />}
        />
      ))}
      <Card>
        <Table<HarvestSource>
          rowKey="id"
          size="small"
          loading={sources.loading}
          dataSource={list}
          pagination={false}
          scroll={{ x: 1100 }}
          data-testid="harvest-sources"
          locale={{ emptyText: t('harvest.sources.empty') }}
          columns={[
            {
              title: t('harvest.field.title'),
              key: 'title',
              width: 240,
              render: (_: unknown, source: HarvestSource) => (
                <span>
                  <Link to={`/opendata/harvest/${source.id}`}>{source.title}</Link>
                  <Tag style={{ marginLeft: 6 }}>{t(`harvest.type.${source.type}`)}</Tag>
                  <Typography.Text type="secondary" style={{ display: 'block' }}>
                    {source.name}
                  </Typography.Text>
                </span>
              ),
            },
            {
              title: t('harvest.field.url'),
              dataIndex: 'url',
              ellipsis: true,
              render: (url: string) => (
                <Typography.Text ellipsis={{ tooltip: url }}>
                  {url}
                </Typography.Text>
              ),
            },
            {
              title: t('harvest.field.schedule'),
              dataIndex: 'schedule',
              width: 130,
              render: (schedule: string | null, source: HarvestSource) => (
                <span>
                  {schedule ? <Typography.Text code>{schedule}</Typography.Text> : <Typography.Text type="secondary">{t('harvest.sources.manualOnly')}</Typography.Text>}
                  {!source.enabled && <Tag style={{ marginLeft: 4 }}>{t('harvest.sources.disabled')}</Tag>}
                </span>
              ),
            },
            {
              title: t('harvest.sources.lastRun'),
              key: 'lastRun',
              width: 190,
              render: (_: unknown, source: HarvestSource) => {
                const run = lastRunOf(source);
                if (!run) return <Typography.Text type="secondary">{t('harvest.sources.neverRun')}</Typography.Text>;
                return (
                  <Space size={4} wrap>
                    <Tooltip title={<RunCounts run={run} />}>
                      <span>
                        <RunStatusTag status={run.status} />
                      </span>
                    </Tooltip>
                    <Typography.Link onClick={() => setErrorsOf(run.id)}>{formatDateTime(run.startedAt, locale)}</Typography.Link>
                  </Space>
                );
              },
            },
            { title: t('harvest.sources.nextRun'), dataIndex: 'nextRunAt', width: 140, render: (value: string | null) => formatDateTime(value, locale) },
            { title: t('harvest.sources.datasets'), dataIndex: 'datasetCount', width: 80, align: 'right', render: (value: number) => value.toLocaleString(locale) },
            {
              title: t('common.actions'),
              key: 'actions',
              width: 200,
              fixed: 'right' as const,
              render: (_: unknown, source: HarvestSource) => {
                const busy = isRunning(lastRunOf(source));
                return (
                  <Space size={4}>
                    <Space.Compact size="small">
                      <Button size="small" icon={<PlayCircleOutlined />} disabled={busy} onClick={() => void runNow(source)} data-testid="harvest-run-now">
                        {t('harvest.run.now')}
                      </Button>
                      {source.type === 'ckan' && (
                        <Dropdown disabled={busy} menu={{ items: [{ key: 'full', label: t('harvest.run.full') }], onClick: () => void runNow(source, true) }}>
                          <Button size="small" icon={<DownOutlined />} aria-label={t('harvest.run.full')} />
                        </Dropdown>
                      )}
                    </Space.Compact>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setDrawer({ source })} aria-label={t('common.edit')} />
                    <Popconfirm title={t('harvest.sources.deleteConfirm', { n: source.datasetCount })} onConfirm={() => remove(source)} disabled={busy}>
                      <Button size="small" danger icon={<DeleteOutlined />} disabled={busy} aria-label={t('harvest.sources.delete')} />
                    </Popconfirm>
                  </Space>
                );
              },
            },
          ]}
        />
      </Card>
      <SourceDrawer
        open={drawer !== null}
        source={drawer?.source ?? null}
        onClose={(saved) => {
          setDrawer(null);
          if (saved) sources.reload();
        }}
      />
      <RunErrorsDrawer runId={errorsOf} onClose={() => setErrorsOf(null)} />
    </div>
  );
}
