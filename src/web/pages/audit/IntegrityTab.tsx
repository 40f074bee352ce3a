// 完整性校验: verify both hash chains and every signed checkpoint on request, and list the checkpoints.
import { useState } from 'react';
import { Alert, Button, Card, Col, Descriptions, Radio, Row, Space, Statistic, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { SafetyCertificateOutlined } from '@ant-design/icons';
import { formatDateTime } from '../../components/format';
import { useAsync } from '../../components/useAsync';
import { useI18n } from '../../i18n';
import { auditApi, type Checkpoint, type Finding, type VerifyReport } from './auditApi';

type ChainChoice = 'all' | 'audit' | 'access';

export function IntegrityTab() {
  const { t, locale, errorMessage } = useI18n();
  const [chain, setChain] = useState<ChainChoice>('all');
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [verifying, setVerifying] = useState(false);
  const [verifyError, setVerifyError] = useState<unknown>(null);
  const [page, setPage] = useState(1);
  const checkpoints = useAsync(() => auditApi.checkpoints(page, 10), [page]);

  const verify = async () => {
    setVerifying(true);
    setVerifyError(null);
    try {
      setReport(await auditApi.verify(chain));
      checkpoints.reload();
    } catch (e: unknown) {
      setVerifyError(e);
    } finally {
      setVerifying(false);
    }
  };

  const chainLabel = (name: string) => t(`audit.integrity.chain.${name}`);

  const findingColumns: TableColumnsType<Finding> = [
    { title: t('audit.integrity.chain'), dataIndex: 'chain', width: 130, render: chainLabel },
    { title: t('audit.integrity.rowId'), dataIndex: 'id', width: 100 },
    {
      title: t('audit.integrity.kind'),
      dataIndex: 'kind',
      width: 180,
      render: (kind: string) => <Tag color="red">{t(`audit.integrity.kind.${kind}`)}</Tag>,
    },
    { title: t('audit.integrity.detail'), dataIndex: 'detail' },
  ];

  const checkpointColumns: TableColumnsType<Checkpoint> = [
    { title: '#', dataIndex: 'id', width: 70 },
    { title: t('audit.integrity.signedAt'), dataIndex: 'signedAt', width: 170, render: (at: string) => formatDateTime(at, locale) },
    { title: t('audit.integrity.chain'), dataIndex: 'chain', width: 130, render: chainLabel },
    { title: t('audit.integrity.uptoId'), dataIndex: 'uptoId', width: 110 },
    { title: t('audit.integrity.entryCount'), dataIndex: 'entryCount', width: 110 },
    {
      title: t('audit.integrity.hash'),
      dataIndex: 'uptoHash',
      ellipsis: true,
      render: (hash: string) => (
        <Typography.Text code copyable={{ text: hash }} title={hash}>
          {hash.slice(0, 16)}…
        </Typography.Text>
      ),
    },
    {
      title: t('audit.integrity.algorithm'),
      key: 'algorithm',
      width: 220,
      render: (_, checkpoint) => (
        <span className="zs-nowrap">
          <Tag>{checkpoint.algorithm.toUpperCase()}</Tag>
          <Typography.Text type="secondary" className="zs-small">
            {checkpoint.keyFingerprint}
          </Typography.Text>
        </span>
      ),
    },
  ];

  return (
    <div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <Radio.Group
            value={chain}
            onChange={(event) => setChain(event.target.value as ChainChoice)}
            options={(['all', 'audit', 'access'] as const).map((value) => ({ value, label: chainLabel(value) }))}
            optionType="button"
          />
          <Button type="primary" icon={<SafetyCertificateOutlined />} loading={verifying} onClick={() => void verify()} data-testid="audit-verify">
            {t('audit.integrity.verify')}
          </Button>
          <Typography.Text type="secondary">{t('audit.integrity.hint')}</Typography.Text>
        </Space>
      </Card>
      {verifyError !== null && <Alert type="error" showIcon title={errorMessage(verifyError)} style={{ marginBottom: 16 }} />}
      {report && (
        <div style={{ marginBottom: 24 }} data-testid="audit-verify-report">
          <Alert
            type={report.ok ? 'success' : 'error'}
            showIcon
            title={report.ok ? t('audit.integrity.ok') : t('audit.integrity.failed', { n: report.findingCount })}
            description={
              report.signingKey
                ? t('audit.integrity.key', { algorithm: report.signingKey.algorithm.toUpperCase(), fingerprint: report.signingKey.fingerprint })
                : t('audit.integrity.noKey')
            }
            style={{ marginBottom: 16 }}
          />
          <Row gutter={16} style={{ marginBottom: 16 }}>
            {report.chains.map((summary) => (
              <Col xs={24} md={12} key={summary.chain}>
                <Card size="small" title={chainLabel(summary.chain)}>
                  <Space size="large" wrap>
                    <Statistic title={t('audit.integrity.rows')} value={summary.rows} />
                    <Statistic title={t('audit.integrity.checkpoints')} value={summary.checkpoints} />
                    <Statistic
                      title={t('audit.integrity.findings')}
                      value={summary.findings}
                      styles={{ content: { color: summary.findings ? '#cf1322' : '#389e0d' } }}
                    />
                  </Space>
                  <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
                    <Descriptions.Item label={t('audit.integrity.lastId')}>{summary.lastId ?? '—'}</Descriptions.Item>
                    <Descriptions.Item label={t('audit.integrity.lastCheckpoint')}>{summary.lastCheckpointId ?? '—'}</Descriptions.Item>
                  </Descriptions>
                  {summary.truncated && <Alert type="warning" showIcon title={t('audit.integrity.truncated')} />}
                </Card>
              </Col>
            ))}
          </Row>
          {report.findings.length > 0 && (
            <Table<Finding>
              rowKey={(finding) => `${finding.chain}-${finding.id}-${finding.kind}-${finding.checkpointId ?? ''}`}
              columns={findingColumns}
              dataSource={report.findings}
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
            />
          )}
        </div>
      )}
      <Typography.Title level={5}>{t('audit.integrity.checkpointList')}</Typography.Title>
      {checkpoints.error !== null && <Alert type="error" showIcon title={errorMessage(checkpoints.error)} style={{ marginBottom: 16 }} />}
      <Table<Checkpoint>
        rowKey="id"
        loading={checkpoints.loading}
        columns={checkpointColumns}
        dataSource={checkpoints.data?.data ?? []}
        size="small"
        scroll={{ x: 900 }}
        pagination={{ current: page, pageSize: 10, total: checkpoints.data?.total ?? 0, onChange: setPage, showTotal: (total) => t('common.total', { n: total }) }}
      />
    </div>
  );
}
