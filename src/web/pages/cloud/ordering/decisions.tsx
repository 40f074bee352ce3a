// Approve and reject an order (the order page and the approvals inbox share them): approval asks for a confirmation
// and an optional remark, rejection requires a reason (ReasonModal).
import { App, Button, Form, Input, Modal, Space } from 'antd';
import { useState } from 'react';
import { ReasonModal } from '../../../components/ReasonModal';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { orderApi } from '../cloudApi';
import type { Order } from '../types';

export function DecisionButtons({ order, onDecided, size }: { order: Order; onDecided(order: Order): void; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const [approving, setApproving] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  const [busy, setBusy] = useState(false);
  const [remark, setRemark] = useState('');
  const label = order.number ?? order.businessSystemName;

  const approve = async () => {
    setBusy(true);
    try {
      const next = await orderApi.decide(order.id, 'approve', remark.trim() || null);
      void message.success(t('cloud.decision.approved', { number: label }));
      setApproving(false);
      setRemark('');
      onDecided(next);
    } catch (e) {
      showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <Space size={4}>
        <Button type="primary" size={size} onClick={() => setApproving(true)} data-testid="order-approve">
          {t('cloud.decision.approve')}
        </Button>
        <Button danger size={size} onClick={() => setRejecting(true)} data-testid="order-reject">
          {t('cloud.decision.reject')}
        </Button>
      </Space>
      <Modal
        open={approving}
        title={t('cloud.decision.approveTitle', { number: label })}
        okText={t('cloud.decision.approve')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'approve-confirm' }}
        onOk={() => void approve()}
        onCancel={() => setApproving(false)}
        destroyOnHidden
      >
        <Form layout="vertical">
          <Form.Item label={t('cloud.decision.remark')}>
            <Input.TextArea rows={3} maxLength={1000} value={remark} onChange={(event) => setRemark(event.target.value)} data-testid="approve-remark" />
          </Form.Item>
        </Form>
      </Modal>
      <ReasonModal
        open={rejecting}
        title={t('cloud.decision.rejectTitle', { number: label })}
        okText={t('cloud.decision.reject')}
        danger
        labelKey="cloud.reason.label"
        requiredKey="cloud.reason.required"
        onCancel={() => setRejecting(false)}
        onSubmit={async (reason) => {
          const next = await orderApi.decide(order.id, 'reject', reason);
          void message.success(t('cloud.decision.rejected', { number: label }));
          setRejecting(false);
          onDecided(next);
        }}
      />
    </>
  );
}
