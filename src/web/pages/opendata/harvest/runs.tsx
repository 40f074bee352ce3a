// Runs of a harvest source: the status tag, polling a run until it ends, the runs table with its counts, and the
// drawer with a run's per-dataset errors.
import { WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Table, Tag, Tooltip, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { formatDateTime } from '../../../components/format';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { harvestApi } from './harvestApi';
import { durationSeconds, formatDuration, isRunning, runKindOf, splitRunMessage } from './logic';
import type { HarvestRun, HarvestRunDetail, RunStatus } from './types';

const STATUS_COLORS: Record<RunStatus, string> = { running: 'processing', succeeded: 'success', partial: 'warning', failed: 'error' };
export const POLL_MS = 2000;

export function RunStatusTag({ status }: { status: RunStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status] ?? 'default'} data-testid="harvest-run-status">
      {t(`harvest.runStatus.${status}`)}
    </Tag>
  );
}

/** The localised text of a run's message: a failure's code through the error messages, the server's words otherwise. */
export function useRunMessage(): (message: string | null) => string {
  const { t, locale } = useI18n();
  return (message) => {
    const kind = runKindOf(message);
    if (kind) return t(kind.key, typeof kind.vars.since === 'string' ? { ...kind.vars, since: formatDateTime(kind.vars.since, locale) } : kind.vars);
    const { code, text } = splitRunMessage(message);
    if (!code) return text;
    const key = `error.${code}`;
    const localised = t(key);
    return localised === key ? text : `${localised}（${text}）`;
  };
}

/**
 * Polls the given runs every two seconds while they are running; `onUpdate` gets every new state, `onDone` the
 * final one. Runs that end leave the list by the caller's choice (usually on onDone).
 */
export function useRunPolling(runIds: string[], onUpdate: (run: HarvestRunDetail) => void, onDone: (run: HarvestRunDetail) => void) {
  const handlers = useRef({ onUpdate, onDone });
  handlers.current = { onUpdate, onDone };
  const key = runIds.join(',');
  useEffect(() => {
    if (!key) return undefined;
    let cancelled = false;
    const ids = key.split(',');
    const timer = setInterval(() => {
      for (const id of ids) {
        harvestApi
          .runDetail(id)
          .then((run) => {
            if (cancelled) return;
            handlers.current.onUpdate(run);
            if (!isRunning(run)) handlers.current.onDone(run);
          })
          .catch(() => undefined);
      }
    }, POLL_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [key]);
}

export function RunCounts({ run }: { run: Pick<HarvestRun, 'created' | 'updated' | 'unchanged' | 'deleted' | 'failed'> }) {
  const { t } = useI18n();
  return (
    <span data-testid="harvest-run-counts">
      {t('harvest.runs.countsLine', { created: run.created, updated: run.updated, unchanged: run.unchanged, deleted: run.deleted, failed: run.failed })}
    </span>
  );
}

export function RunsTable(props: {
  runs: HarvestRun[];
  loading: boolean;
  total: number;
  page: number;
  pageSize: number;
  onPage(page: number): void;
  onErrors(run: HarvestRun): void;
}) {
  const { t, locale } = useI18n();
  const runMessage = useRunMessage();
  const units = { h: t('harvest.unit.h'), min: t('harvest.unit.min'), s: t('harvest.unit.s') };
  const count = (value: number) => value.toLocaleString(locale);
  return (
    <Table<HarvestRun>
      rowKey="id"
      size="small"
      loading={props.loading}
      dataSource={props.runs}
      scroll={{ x: 1100 }}
      data-testid="harvest-runs"
      locale={{ emptyText: t('harvest.runs.empty') }}
      pagination={{ current: props.page, pageSize: props.pageSize, total: props.total, onChange: props.onPage, showSizeChanger: false, hideOnSinglePage: true }}
      columns={[
        { title: t('harvest.runs.startedAt'), dataIndex: 'startedAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
        { title: t('harvest.runs.trigger'), dataIndex: 'trigger', width: 90, render: (value: string) => t(`harvest.trigger.${value}`) },
        { title: t('common.status'), dataIndex: 'status', width: 100, render: (value: RunStatus) => <RunStatusTag status={value} /> },
        { title: t('harvest.count.created'), dataIndex: 'created', align: 'right', width: 80, render: count },
        { title: t('harvest.count.updated'), dataIndex: 'updated', align: 'right', width: 80, render: count },
        { title: t('harvest.count.unchanged'), dataIndex: 'unchanged', align: 'right', width: 80, render: count },
        { title: t('harvest.count.deleted'), dataIndex: 'deleted', align: 'right', width: 80, render: count },
        {
          title: t('harvest.count.failed'),
          dataIndex: 'failed',
          align: 'right',
          width: 80,
          render: (value: number) => (value > 0 ? <Typography.Text type="danger">{count(value)}</Typography.Text> : count(value)),
        },
        { title: t('harvest.runs.duration'), key: 'duration', width: 110, render: (_: unknown, run: HarvestRun) => formatDuration(durationSeconds(run), units) },
        {
          title: t('harvest.runs.message'),
          dataIndex: 'message',
          render: (value: string | null, run: HarvestRun) => (
            <Typography.Text type={run.status === 'failed' ? 'danger' : 'secondary'} ellipsis={{ tooltip: runMessage(value) }} style={{ maxWidth: 360 }}>
              {runMessage(value) || '—'}
            </Typography.Text>
          ),
        },
        {
          title: t('common.actions'),
          key: 'actions',
          width: 110,
          fixed: 'right' as const,
          render: (_: unknown, run: HarvestRun) => (
            <Tooltip title={run.failed > 0 ? t('harvest.runs.errorsHint', { n: run.failed }) : undefined}>
              <Button size="small" icon={run.failed > 0 ? <WarningOutlined /> : undefined} onClick={() => props.onErrors(run)} data-testid="harvest-run-errors">
                {t('harvest.runs.details')}
              </Button>
            </Tooltip>
          ),
        },
      ]}
    />
  );
}

/** A run's summary and its per-dataset errors. */
export function RunErrorsDrawer(props: { runId: string | null; onClose(): void }) {
  const { t, locale, errorMessage } = useI18n();
  const runMessage = useRunMessage();
  const [live, setLive] = useState<HarvestRunDetail | null>(null);
  const detail = useAsync(async () => (props.runId ? harvestApi.runDetail(props.runId) : null), [props.runId]);
  const run = live && live.id === props.runId ? live : detail.data;
  useRunPolling(run && isRunning(run) ? [run.id] : [], setLive, setLive);
  return (
    <Drawer open={props.runId !== null} size={880} title={t('harvest.errors.title')} onClose={props.onClose} destroyOnHidden>
      {detail.error != null && <Alert type="error" showIcon title={errorMessage(detail.error)} />}
      {run && (
        <>
          <Descriptions size="small" column={2} bordered style={{ marginBottom: 16 }}>
            <Descriptions.Item label={t('harvest.field.source')}>{run.sourceTitle}</Descriptions.Item>
            <Descriptions.Item label={t('common.status')}>
              <RunStatusTag status={run.status} />
            </Descriptions.Item>
            <Descriptions.Item label={t('harvest.runs.startedAt')}>{formatDateTime(run.startedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('harvest.runs.finishedAt')}>{formatDateTime(run.finishedAt, locale)}</Descriptions.Item>
            <Descriptions.Item label={t('harvest.runs.counts')} span={2}>
              <RunCounts run={run} />
            </Descriptions.Item>
            {run.message && (
              <Descriptions.Item label={t('harvest.runs.message')} span={2}>
                <Typography.Text type={run.status === 'failed' ? 'danger' : undefined}>{runMessage(run.message)}</Typography.Text>
              </Descriptions.Item>
            )}
          </Descriptions>
          {run.errorCount > run.errors.length && (
            <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('harvest.errors.truncated', { shown: run.errors.length, total: run.errorCount })} />
          )}
          <Table
            rowKey="id"
            size="small"
            dataSource={run.errors}
            pagination={{ pageSize: 50, hideOnSinglePage: true, showSizeChanger: false }}
            data-testid="harvest-errors"
            locale={{ emptyText: t('harvest.errors.empty') }}
            columns={[
              {
                title: t('harvest.errors.identifier'),
                dataIndex: 'identifier',
                width: 280,
                render: (value: string | null) => (value ? <Typography.Text copyable code style={{ wordBreak: 'break-all' }}>{value}</Typography.Text> : '—'),
              },
              { title: t('harvest.errors.message'), dataIndex: 'message' },
              { title: t('harvest.errors.at'), dataIndex: 'at', width: 150, render: (value: string) => formatDateTime(value, locale) },
            ]}
          />
        </>
      )}
    </Drawer>
  );
}
