// Renewing a resource's lease (by whole months) and retiring it (with a reason; it really removes the database,
// user or machine at the provider, so the dialog says so).
import { Alert, Form, Input, InputNumber, Modal, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../components/format';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { resourceApi } from '../cloudApi';
import type { CloudResource } from '../types';

const MAX_RENEW_MONTHS = 60;

export function RenewModal(props: { open: boolean; resource: CloudResource; onClose(): void; onDone(): void }) {
  const { t, locale } = useI18n();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<{ months: number }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.open) form.setFieldsValue({ months: 12 });
  }, [props.open, form]);

  const submit = async () => {
    let months: number;
    try {
      ({ months } = await form.validateFields());
    } catch {
      return;
    }
    setBusy(true);
    try {
      await resourceApi.renew(props.resource.id, months);
      props.onDone();
    } catch (e) {
      showFormError(form, e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('cloudUsage.renew.title', { name: props.resource.name })}
      okText={t('cloudUsage.renew.ok')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={props.onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        {props.resource.leaseEndsAt
          ? t('cloudUsage.renew.current', { at: formatDateTime(props.resource.leaseEndsAt, locale) })
          : t('cloudUsage.renew.noLease')}
      </Typography.Paragraph>
      <Form form={form} layout="vertical">
        <Form.Item name="months" label={t('cloudUsage.renew.months')} rules={[{ required: true, type: 'integer', min: 1, max: MAX_RENEW_MONTHS, message: t('cloudUsage.renew.monthsInvalid', { max: MAX_RENEW_MONTHS }) }]}>
          <InputNumber min={1} max={MAX_RENEW_MONTHS} precision={0} suffix={t('cloudUsage.unit.months')} style={{ width: 200 }} data-testid="renew-months" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function RetireModal(props: { open: boolean; resource: CloudResource; onClose(): void; onDone(): void }) {
  const { t } = useI18n();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (props.open) form.resetFields();
  }, [props.open, form]);

  const submit = async () => {
    let reason: string;
    try {
      ({ reason } = await form.validateFields());
    } catch {
      return;
    }
    setBusy(true);
    try {
      await resourceApi.retire(props.resource.id, reason.trim());
      props.onDone();
    } catch (e) {
      showFormError(form, e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={props.open}
      title={t('cloudUsage.retire.title', { name: props.resource.name })}
      okText={t('cloudUsage.retire.ok')}
      okButtonProps={{ danger: true, 'data-testid': 'retire-confirm' }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={props.onClose}
      onOk={() => void submit()}
      destroyOnHidden
    >
      <Alert type="error" showIcon title={t('cloudUsage.retire.warning')} style={{ marginBottom: 16 }} />
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label={t('cloudUsage.retire.reason')} rules={[{ required: true, whitespace: true, message: t('cloudUsage.retire.reasonRequired') }]}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="retire-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
