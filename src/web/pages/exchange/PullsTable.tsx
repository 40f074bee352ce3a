// The pulls list shared by the resource page and 数据源与抽取: schedule, last run, run now, history, edit.
import { DeleteOutlined, EditOutlined, HistoryOutlined, PlayCircleOutlined } from '@ant-design/icons';
import { App, Button, Drawer, Popconfirm, Space, Table, Tag, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../../auth';
import { formatDateTime } from '../../components/format';
import { useApiError } from '../../components/useApiError';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { formatCount, StatusTag, useLabel } from './common';
import { exchangeApi } from './exchangeApi';
import { canRunPull, canWriteSources } from './permissions';
import type { Pull, PullRun } from './types';

export function PullsTable(props: { pulls: Pull[]; loading: boolean; onChanged(): void; onEdit(pull: Pull): void; showResource?: boolean }) {
  const { t, locale } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const label = useLabel();
  const [history, setHistory] = useState<Pull | null>(null);

  const run = async (pull: Pull) => {
    try {
      await exchangeApi.runPull(pull.id);
      void message.success(t('exchange.pulls.started'));
      props.onChanged();
    } catch (e) {
      showError(e);
    }
  };
  const remove = async (pull: Pull) => {
    try {
      await exchangeApi.deletePull(pull.id);
      props.onChanged();
    } catch (e) {
      showError(e);
    }
  };

  return (
    <>
      <Table<Pull>
        rowKey="id"
        size="small"
        loading={props.loading}
        dataSource={props.pulls}
        pagination={false}
        scroll={{ x: 1100 }}
        data-testid="pulls-table"
        locale={{ emptyText: t('exchange.pulls.empty') }}
        columns={[
          ...(props.showResource
            ? [
                {
                  title: t('exchange.field.resource'),
                  dataIndex: 'resourceCode',
                  width: 170,
                  render: (code: string) => <Link to={`/exchange/resources/${encodeURIComponent(code)}?tab=pulls`}>{code}</Link>,
                },
              ]
            : []),
          {
            title: t('exchange.pulls.source'),
            key: 'source',
            render: (_: unknown, pull: Pull) => (
              <span>
                {pull.sourceName}
                <Typography.Text type="secondary" style={{ display: 'block' }}>
                  {pull.sourceTable}
                </Typography.Text>
              </span>
            ),
          },
          {
            title: t('exchange.pulls.mode'),
            dataIndex: 'mode',
            width: 110,
            render: (mode: string, pull: Pull) => (
              <Tooltip title={pull.cursorColumn ? `${pull.cursorColumn} > ${pull.cursorValue ?? '—'}` : undefined}>
                {label('exchange.pullMode', mode)}
              </Tooltip>
            ),
          },
          {
            title: t('exchange.pulls.schedule'),
            dataIndex: 'schedule',
            width: 170,
            render: (schedule: string, pull: Pull) => (
              <span>
                <Typography.Text code>{schedule}</Typography.Text>
                {!pull.enabled && <Tag style={{ marginLeft: 4 }}>{t('exchange.pulls.disabled')}</Tag>}
              </span>
            ),
          },
          { title: t('exchange.pulls.nextRun'), dataIndex: 'nextRunAt', width: 150, render: (value: string | null) => formatDateTime(value, locale) },
          {
            title: t('exchange.pulls.lastRun'),
            key: 'lastRun',
            width: 230,
            render: (_: unknown, pull: Pull) =>
              pull.lastRun ? (
                <Space size={4} wrap>
                  <StatusTag kind="runStatus" value={pull.lastRun.status} />
                  <span>{formatDateTime(pull.lastRun.startedAt, locale)}</span>
                  {pull.lastRun.error && (
                    <Tooltip title={pull.lastRun.error}>
                      <Typography.Text type="danger">!</Typography.Text>
                    </Tooltip>
                  )}
                </Space>
              ) : (
                '—'
              ),
          },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            fixed: 'right' as const,
            render: (_: unknown, pull: Pull) => (
              <Space size={4} wrap>
                {canRunPull(me, pull.departmentId) && (
                  <Button size="small" icon={<PlayCircleOutlined />} onClick={() => void run(pull)} data-testid="pull-run">
                    {t('exchange.pulls.runNow')}
                  </Button>
                )}
                <Button size="small" icon={<HistoryOutlined />} onClick={() => setHistory(pull)}>
                  {t('exchange.pulls.history')}
                </Button>
                {canWriteSources(me, pull.departmentId) && (
                  <>
                    <Button size="small" icon={<EditOutlined />} onClick={() => props.onEdit(pull)} aria-label={t('common.edit')} />
                    <Popconfirm title={t('exchange.pulls.deleteConfirm')} onConfirm={() => remove(pull)}>
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('exchange.delete')} />
                    </Popconfirm>
                  </>
                )}
              </Space>
            ),
          },
        ]}
      />
      <RunsDrawer pull={history} onClose={() => setHistory(null)} />
    </>
  );
}

function RunsDrawer(props: { pull: Pull | null; onClose(): void }) {
  const { t, locale, errorMessage } = useI18n();
  const label = useLabel();
  const [page, setPage] = useState(1);
  const pullId = props.pull?.id;
  const runs = useAsync(async () => (pullId ? exchangeApi.pullRuns(pullId, page, 20) : null), [pullId, page]);
  const count = (value: number) => formatCount(value, locale);
  return (
    <Drawer open={!!props.pull} size={980} title={t('exchange.pulls.historyTitle', { table: props.pull?.sourceTable ?? '' })} onClose={props.onClose} destroyOnHidden>
      {runs.error != null && <Typography.Text type="danger">{errorMessage(runs.error)}</Typography.Text>}
      <Table<PullRun>
        rowKey="id"
        size="small"
        loading={runs.loading}
        dataSource={runs.data?.data ?? []}
        data-testid="pull-runs"
        pagination={{ current: page, pageSize: 20, total: runs.data?.total ?? 0, onChange: setPage, showSizeChanger: false, hideOnSinglePage: true }}
        expandable={{
          rowExpandable: (run) => !!run.error,
          expandedRowRender: (run) => <Typography.Text type="danger">{run.error}</Typography.Text>,
        }}
        columns={[
          { title: t('exchange.loads.startedAt'), dataIndex: 'startedAt', width: 150, render: (value: string) => formatDateTime(value, locale) },
          { title: t('exchange.pulls.runKind'), dataIndex: 'kind', width: 90, render: (kind: string) => label('exchange.runKind', kind) },
          { title: t('common.status'), dataIndex: 'status', width: 90, render: (status: string) => <StatusTag kind="runStatus" value={status} /> },
          { title: t('exchange.pulls.readRows'), dataIndex: 'readRows', align: 'right', width: 80, render: count },
          { title: t('exchange.count.inserted'), dataIndex: 'inserted', align: 'right', width: 80, render: count },
          { title: t('exchange.count.updated'), dataIndex: 'updated', align: 'right', width: 80, render: count },
          { title: t('exchange.count.deleted'), dataIndex: 'deleted', align: 'right', width: 80, render: count },
          { title: t('exchange.count.rejected'), dataIndex: 'rejected', align: 'right', width: 80, render: count },
          {
            title: t('exchange.pulls.cursor'),
            key: 'cursor',
            render: (_, run) => (run.cursorFrom || run.cursorTo ? `${run.cursorFrom ?? '…'} → ${run.cursorTo ?? '…'}` : '—'),
          },
        ]}
      />
    </Drawer>
  );
}
