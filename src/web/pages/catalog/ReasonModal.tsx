// Asks for the reason that returning or retiring an entry requires.
import { Form, Input, Modal } from 'antd';
import { useEffect } from 'react';
import { useI18n } from '../../i18n';

interface ReasonModalProps {
  open: boolean;
  title: string;
  okText: string;
  danger?: boolean;
  onCancel(): void;
  onSubmit(reason: string): Promise<void>;
}

export function ReasonModal({ open, title, okText, danger, onCancel, onSubmit }: ReasonModalProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  useEffect(() => {
    if (open) form.resetFields();
  }, [open, form]);
  return (
    <Modal
      open={open}
      title={title}
      okText={okText}
      cancelText={t('catalog.action.cancel')}
      okButtonProps={{ danger, 'data-testid': 'reason-confirm' }}
      onCancel={onCancel}
      onOk={async () => {
        // Both an empty reason (shown on the field) and a refused request (reported by the caller) keep the
        // dialog open; neither may escape as an unhandled rejection.
        try {
          const { reason } = await form.validateFields();
          await onSubmit(reason.trim());
        } catch {
          // already shown
        }
      }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label={t('catalog.reason.label')}
          rules={[{ required: true, whitespace: true, message: t('catalog.reason.required') }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount data-testid="reason-input" autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}
