// The lifecycle buttons of one entry, offered by role and status; every call reports back through onChanged.
import { CheckOutlined, DeleteOutlined, EditOutlined, RollbackOutlined, SendOutlined, StopOutlined } from '@ant-design/icons';
import { App, Button, Popconfirm, Space } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { useAuth } from '../../auth';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';
import { allowedActions, type CatalogAction } from './permissions';
import { ReasonModal } from '../../components/ReasonModal';
import type { Resource, ResourceStatus } from './types';

interface LifecycleActionsProps {
  resource: { code: string; providerDepartmentId: string; status: ResourceStatus };
  /** Which actions to offer at most (the review list shows only publish and return). */
  only?: CatalogAction[];
  size?: 'small' | 'middle';
  onChanged(updated: Resource | null, action: CatalogAction): void;
}

export function LifecycleActions({ resource, only, size = 'middle', onChanged }: LifecycleActionsProps) {
  const { t, errorMessage } = useI18n();
  const { me } = useAuth();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [busy, setBusy] = useState<CatalogAction | null>(null);
  const [reasonFor, setReasonFor] = useState<'return' | 'retire' | null>(null);
  const actions = allowedActions(me, resource).filter((action) => !only || only.includes(action));
  if (actions.length === 0) return null;

  /** `report: false` when the caller reports a failure itself (the reason dialog does). */
  const run = async (action: CatalogAction, call: () => Promise<Resource | void>, report = true) => {
    setBusy(action);
    try {
      const updated = await call();
      message.success(t(`catalog.action.${action}.done`));
      onChanged(updated ?? null, action);
    } catch (e) {
      if (report) message.error(errorMessage(e));
      throw e;
    } finally {
      setBusy(null);
    }
  };
  // Popconfirm closes on its own; a rejected promise would keep the spinner, so swallow after reporting.
  const runQuietly = (action: CatalogAction, call: () => Promise<Resource | void>) =>
    run(action, call).catch(() => undefined);

  const { code } = resource;
  return (
    <>
      <Space wrap size={size === 'small' ? 4 : 8}>
        {actions.includes('edit') && (
          <Button
            size={size}
            icon={<EditOutlined />}
            onClick={() => navigate(`/catalog/${encodeURIComponent(code)}/edit`)}
            data-testid="action-edit"
          >
            {t('catalog.action.edit')}
          </Button>
        )}
        {actions.includes('submit') && (
          <Popconfirm
            title={t('catalog.action.submit.confirm')}
            okText={t('catalog.action.submit')}
            cancelText={t('catalog.action.cancel')}
            onConfirm={() => runQuietly('submit', () => catalogApi.submit(code))}
          >
            <Button size={size} type="primary" icon={<SendOutlined />} loading={busy === 'submit'} data-testid="action-submit">
              {t('catalog.action.submit')}
            </Button>
          </Popconfirm>
        )}
        {actions.includes('publish') && (
          <Popconfirm
            title={t('catalog.action.publish.confirm')}
            okText={t('catalog.action.publish')}
            cancelText={t('catalog.action.cancel')}
            onConfirm={() => runQuietly('publish', () => catalogApi.publish(code))}
          >
            <Button size={size} type="primary" icon={<CheckOutlined />} loading={busy === 'publish'} data-testid="action-publish">
              {t('catalog.action.publish')}
            </Button>
          </Popconfirm>
        )}
        {actions.includes('return') && (
          <Button
            size={size}
            icon={<RollbackOutlined />}
            loading={busy === 'return'}
            onClick={() => setReasonFor('return')}
            data-testid="action-return"
          >
            {t('catalog.action.return')}
          </Button>
        )}
        {actions.includes('retire') && (
          <Button
            size={size}
            danger
            icon={<StopOutlined />}
            loading={busy === 'retire'}
            onClick={() => setReasonFor('retire')}
            data-testid="action-retire"
          >
            {t('catalog.action.retire')}
          </Button>
        )}
        {actions.includes('delete') && (
          <Popconfirm
            title={t('catalog.action.delete.confirm')}
            okText={t('catalog.action.delete')}
            okButtonProps={{ danger: true }}
            cancelText={t('catalog.action.cancel')}
            onConfirm={() => runQuietly('delete', () => catalogApi.remove(code))}
          >
            <Button size={size} danger icon={<DeleteOutlined />} loading={busy === 'delete'} data-testid="action-delete">
              {t('catalog.action.delete')}
            </Button>
          </Popconfirm>
        )}
      </Space>
      <ReasonModal
        open={reasonFor !== null}
        title={reasonFor ? t(`catalog.action.${reasonFor}.title`, { code }) : ''}
        okText={reasonFor ? t(`catalog.action.${reasonFor}`) : ''}
        danger={reasonFor === 'retire'}
        onCancel={() => setReasonFor(null)}
        onSubmit={async (reason) => {
          const action = reasonFor;
          if (!action) return;
          // A failure is reported by the dialog, which stays open with the reason typed so far.
          await run(action, () =>
            action === 'return' ? catalogApi.returnToProvider(code, reason) : catalogApi.retire(code, reason), false);
          setReasonFor(null);
        }}
      />
    </>
  );
}
