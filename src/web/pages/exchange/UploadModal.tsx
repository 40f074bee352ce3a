// 上传数据: a CSV/XLSX file becomes a load (a background job); the dialog polls the load through
// reading → merging → done and then shows its counts and the error report.
import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Modal, Progress, Radio, Row, Select, Space, Statistic, Steps, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useApiError } from '../../components/useApiError';
import { useI18n } from '../../i18n';
import { useCodeText } from './common';
import { exchangeApi } from './exchangeApi';
import { FINISHED_LOAD, loadPercent, loadProgress, loadStep } from './logic';
import type { LoadRecord, UploadMode } from './types';

const POLL_MS = 1000;
const PHASES = ['reading', 'merging', 'done'] as const;
const COUNTS = ['received', 'inserted', 'updated', 'unchanged', 'deleted', 'rejected'] as const;

export function UploadModal(props: { code: string; open: boolean; onClose(changed: boolean): void }) {
  const { t, locale, errorMessage } = useI18n();
  const { showError } = useApiError();
  const codeText = useCodeText();
  const [mode, setMode] = useState<UploadMode>('skip');
  const [encoding, setEncoding] = useState<string>('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [load, setLoad] = useState<LoadRecord | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const closed = useRef(false);

  useEffect(() => {
    if (props.open) {
      closed.current = false;
      setLoad(null);
      setError(null);
      setFileName(null);
    }
    return () => clearTimeout(timer.current);
  }, [props.open]);

  const poll = (loadId: string) => {
    timer.current = setTimeout(async () => {
      if (closed.current) return;
      try {
        const latest = await exchangeApi.load(loadId);
        setLoad(latest);
        if (!FINISHED_LOAD.has(latest.status)) poll(loadId);
      } catch (e) {
        setError(e);
      }
    }, POLL_MS);
  };

  const start = async (file: File) => {
    clearTimeout(timer.current);
    setError(null);
    setLoad(null);
    setFileName(file.name);
    if (!/\.(csv|xlsx)$/i.test(file.name)) {
      setError(new Error(t('exchange.upload.wrongType')));
      return;
    }
    setUploading(true);
    try {
      const { loadId } = await exchangeApi.upload(props.code, file, { mode, encoding: encoding || undefined });
      const first = await exchangeApi.load(loadId);
      setLoad(first);
      if (!FINISHED_LOAD.has(first.status)) poll(loadId);
    } catch (e) {
      setError(e);
    } finally {
      setUploading(false);
    }
  };

  const close = () => {
    closed.current = true;
    clearTimeout(timer.current);
    props.onClose(load !== null);
  };

  const finished = load !== null && FINISHED_LOAD.has(load.status);
  const running = uploading || (load !== null && !finished);
  const progress = load ? loadProgress(load) : null;
  const failed = load?.status === 'failed' || load?.status === 'rejected';

  return (
    <Modal
      open={props.open}
      title={t('exchange.upload.title')}
      onCancel={close}
      width={760}
      mask={{ closable: !running }}
      footer={
        <Button onClick={close} data-testid="upload-close">
          {finished ? t('exchange.upload.close') : t('common.cancel')}
        </Button>
      }
      destroyOnHidden
    >
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Form layout="inline">
          <Form.Item label={t('exchange.upload.mode')}>
            <Radio.Group value={mode} onChange={(event) => setMode(event.target.value as UploadMode)} disabled={running}>
              <Radio value="skip">{t('exchange.upload.mode.skip')}</Radio>
              <Radio value="atomic">{t('exchange.upload.mode.atomic')}</Radio>
            </Radio.Group>
          </Form.Item>
          <Form.Item label={t('exchange.upload.encoding')}>
            <Select
              style={{ width: 160 }}
              value={encoding}
              onChange={setEncoding}
              disabled={running}
              options={[
                { value: '', label: t('exchange.upload.encoding.auto') },
                { value: 'utf-8', label: 'UTF-8' },
                { value: 'gbk', label: 'GBK' },
                { value: 'gb18030', label: 'GB18030' },
              ]}
            />
          </Form.Item>
        </Form>
        <Upload.Dragger
          accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          multiple={false}
          showUploadList={false}
          disabled={running}
          beforeUpload={(file) => {
            void start(file);
            return false; // sent through the API client (CSRF header, error handling), not the widget
          }}
          data-testid="upload-file"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('exchange.upload.drop')}</p>
          <p className="ant-upload-hint">{t('exchange.upload.hint')}</p>
        </Upload.Dragger>

        {error != null && <Alert type="error" showIcon title={errorMessage(error)} data-testid="upload-error" />}

        {(uploading || load) && (
          <div data-testid="upload-progress-panel">
            <Typography.Text strong>{fileName}</Typography.Text>
            <Steps
              size="small"
              style={{ margin: '12px 0' }}
              current={load ? loadStep(load) : -1}
              status={failed ? 'error' : undefined}
              items={PHASES.map((phase) => ({ title: t(`exchange.upload.phase.${phase}`) }))}
            />
            <Progress
              percent={load ? loadPercent(load) : 0}
              status={finished ? (failed ? 'exception' : 'success') : 'active'}
              data-testid="upload-progress"
            />
            <Typography.Text type="secondary" data-testid="upload-status">
              {uploading
                ? t('exchange.upload.uploading')
                : load && !finished
                  ? t('exchange.upload.running', {
                      phase: progress?.phase ? t(`exchange.upload.phase.${progress.phase}`) : t('exchange.loadStatus.queued'),
                    })
                  : load
                    ? t(`exchange.upload.finished.${load.status}`)
                    : null}
            </Typography.Text>
          </div>
        )}

        {load && finished && (
          <div data-testid="upload-result">
            {load.status === 'failed' && (
              <Alert
                type="error"
                showIcon
                style={{ marginBottom: 12 }}
                title={codeText(load.errorCode, load.errorDetail ?? t('exchange.upload.failedUnknown'))}
                data-testid="upload-failed"
              />
            )}
            <Row gutter={[16, 16]}>
              {COUNTS.map((count) => (
                <Col key={count} xs={8} md={4}>
                  <Statistic
                    title={t(`exchange.count.${count}`)}
                    value={load[count] ?? 0}
                    formatter={(value) => Number(value).toLocaleString(locale)}
                    styles={count === 'rejected' && load.rejected > 0 ? { content: { color: '#c0504d' } } : undefined}
                    data-testid={`count-${count}`}
                  />
                </Col>
              ))}
            </Row>
            {(load.rejected > 0 || load.errorCount > 0) && (
              <Space style={{ marginTop: 16 }}>
                <Button
                  icon={<DownloadOutlined />}
                  onClick={() => exchangeApi.downloadErrors(load.id, 'xlsx').catch(showError)}
                  data-testid="download-errors"
                >
                  {t('exchange.upload.downloadErrors')}
                </Button>
                <Button type="link" onClick={() => exchangeApi.downloadErrors(load.id, 'csv').catch(showError)}>
                  CSV
                </Button>
              </Space>
            )}
          </div>
        )}
      </Space>
    </Modal>
  );
}
