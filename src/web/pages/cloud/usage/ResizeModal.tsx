// Resizing a resource: the offering's order form prefilled with the current parameters, the new price as it is
// typed (beside the current one), and a purpose. The resize becomes a one-item order, so success opens that order
// (it may be approved automatically and run at once, or wait for its approvers).
import { Alert, Col, Descriptions, Form, Input, Modal, Row, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { catalogApi, orderApi } from '../cloudApi';
import { describeShortfalls, shortfallsOf } from '../ordering/logic';
import { QuotePanel } from '../ordering/QuotePanel';
import { useLiveQuote } from '../ordering/useLiveQuote';
import { parameterErrors } from '../schema-form/schema';
import { SchemaForm } from '../SchemaForm';
import type { CloudResource } from '../types';
import { changedParameters } from './logic';
import { MonthlyPrice } from './parts';

export function ResizeModal(props: { resource: CloudResource; onClose(): void }) {
  const { resource } = props;
  const { t, locale, errorMessage } = useI18n();
  const { showError, fieldErrorText } = useApiError();
  const navigate = useNavigate();
  const offering = useAsync(() => catalogApi.offering(resource.offeringId), [resource.offeringId]);
  const [parameters, setParameters] = useState<Record<string, unknown>>(() => ({ ...resource.parameters }));
  const [purpose, setPurpose] = useState('');
  const [purposeMissing, setPurposeMissing] = useState(false);
  const [submitErrors, setSubmitErrors] = useState<Record<string, string>>({});
  const [shortfalls, setShortfalls] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const live = useLiveQuote(resource.offeringId, parameters);
  const changed = changedParameters(resource.parameters, live.parameters ?? parameters);

  const submit = async () => {
    if (!purpose.trim()) {
      setPurposeMissing(true);
      return;
    }
    setBusy(true);
    setShortfalls([]);
    try {
      const order = await orderApi.resize(resource.id, parameters, purpose.trim());
      props.onClose();
      navigate(`/cloud/orders/${order.id}`);
    } catch (e) {
      const errors = e instanceof ApiError ? parameterErrors(e.errors, fieldErrorText) : {};
      setSubmitErrors(errors);
      const short = shortfallsOf(e);
      if (short.length) setShortfalls(describeShortfalls(short, t, locale));
      else if (!Object.keys(errors).length) showError(e);
    } finally {
      setBusy(false);
    }
  };

  const difference = live.quote ? live.quote.monthlyFen - resource.monthlyFen : null;
  return (
    <Modal
      open
      width={920}
      title={t('cloudUsage.resize.title', { name: resource.name })}
      okText={t('cloudUsage.resize.ok')}
      cancelText={t('common.cancel')}
      okButtonProps={{ disabled: !changed.length || !!live.problem || live.loading, 'data-testid': 'resize-submit' }}
      confirmLoading={busy}
      onCancel={props.onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">{t('cloudUsage.resize.hint')}</Typography.Paragraph>
      {offering.error != null && <Alert type="error" showIcon title={errorMessage(offering.error)} style={{ marginBottom: 12 }} />}
      {shortfalls.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('cloudUsage.resize.quotaExceeded')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 20 }}>
              {shortfalls.map((line) => (
                <li key={line}>{line}</li>
              ))}
            </ul>
          }
          data-testid="resize-shortfalls"
        />
      )}
      <Row gutter={24}>
        <Col xs={24} md={13}>
          {offering.data ? (
            <SchemaForm
              schema={offering.data.parametersSchema}
              value={parameters}
              onChange={(next) => {
                setParameters(next);
                setSubmitErrors({});
              }}
              disabled={busy}
              errors={{ ...live.errors, ...submitErrors }}
            />
          ) : (
            <Skeleton active />
          )}
          <Form layout="vertical" component="div">
            <Form.Item
              label={t('cloudUsage.resize.purpose')}
              required
              validateStatus={purposeMissing ? 'error' : undefined}
              help={purposeMissing ? t('cloudUsage.resize.purposeRequired') : undefined}
            >
              <Input.TextArea
                rows={2}
                maxLength={500}
                showCount
                value={purpose}
                onChange={(event) => {
                  setPurpose(event.target.value);
                  setPurposeMissing(false);
                }}
                data-testid="resize-purpose"
              />
            </Form.Item>
          </Form>
        </Col>
        <Col xs={24} md={11}>
          <Descriptions size="small" column={1} style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('cloudUsage.resize.currentPrice')}>
              <MonthlyPrice fen={resource.monthlyFen} />
            </Descriptions.Item>
            <Descriptions.Item label={t('cloudUsage.resize.newPrice')}>
              <MonthlyPrice fen={live.quote?.monthlyFen} />
            </Descriptions.Item>
            {difference !== null && (
              <Descriptions.Item label={t('cloudUsage.resize.difference')}>
                <Typography.Text type={difference > 0 ? 'warning' : difference < 0 ? 'success' : undefined} data-testid="resize-difference">
                  {difference > 0 ? '+' : ''}
                  <MonthlyPrice fen={difference} />
                </Typography.Text>
              </Descriptions.Item>
            )}
            <Descriptions.Item label={t('cloudUsage.resize.changes')}>{changed.length ? changed.join(', ') : t('cloudUsage.resize.noChange')}</Descriptions.Item>
          </Descriptions>
          <QuotePanel quote={live.quote} loading={live.loading} problem={live.problem} />
        </Col>
      </Row>
    </Modal>
  );
}
