// Asks for the reason an action requires: returning or retiring a catalog entry, rejecting an access request,
// revoking a grant, rejecting an application. Each caller names the field and its required message in its own
// messages. A refused request is reported here and keeps the dialog open with the reason typed so far: callers
// only say what to do, and what to do once it succeeded.
import { Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../i18n';
import { useApiError } from './useApiError';

interface ReasonModalProps {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  /** Message keys of the field label and of the "required" message (default: the catalog's). */
  labelKey?: string;
  requiredKey?: string;
  onCancel(): void;
  /** Throws when the request is refused (reported here, the dialog stays open). */
  onSubmit(reason: string): Promise<void>;
}

export function ReasonModal({
  open, title, okText, danger, labelKey = 'catalog.reason.label', requiredKey = 'catalog.reason.required', onCancel, onSubmit,
}: ReasonModalProps) {
  const { t } = useI18n();
  const { showError } = useApiError();
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('common.cancel')}
      okButtonProps={{ danger, 'data-testid': 'reason-confirm' }}
      onCancel={onCancel}
      onOk={async () => {
        // Both an empty reason (shown on the field) and a refused request (reported here) keep the dialog open;
        // neither may escape as an unhandled rejection.
        let reason: string;
        try {
          ({ reason } = await form.validateFields());
        } catch {
          return;
        }
        try {
          await onSubmit(reason.trim());
        } catch (error) {
          showError(error);
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t(labelKey)}
          rules={[{ required: true, whitespace: true, message: t(requiredKey) }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="reason-input" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
