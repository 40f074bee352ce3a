// /cloud/cart — 购物车: one cart per business system (?system=). Its items with their price, the monthly total and
// what the cart holds against the quota; edit or remove an item; state the purpose and submit. A refusal for quota
// lists every dimension that falls short in plain words; a submitted order opens its page.
import { DeleteOutlined, EditOutlined, ShopOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, InputNumber, Modal, Popconfirm, Space, Table, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { orderApi } from '../cloudApi';
import { SchemaForm } from '../SchemaForm';
import { localProblems, parameterErrors, schemaFields } from '../schema-form/schema';
import { formatFen } from '../types';
import type { Offering, Order, OrderItem, QuotaShortfall } from '../types';
import { demandEntries, describeShortfalls, formatQuantity, leaseMonthsOf, shortfallsOf, sumDemand } from './logic';
import { useOfferingIndex } from './offerings';
import { itemColumns } from './itemColumns';
import { QuotePanel } from './QuotePanel';
import { lastSystem, rememberSystem, SystemSelect, useSystems } from './systems';
import { useLiveQuote } from './useLiveQuote';

export function CartPage() {
  const { t, errorMessage } = useI18n();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const { systems, loading: systemsLoading, error: systemsError } = useSystems();
  const systemId = params.get('system') ?? undefined;

  // Without ?system= the cart opens on the system last ordered for (or the only one).
  useEffect(() => {
    if (systemId || systems.length === 0) return;
    const remembered = lastSystem();
    const pick = remembered && systems.some((system) => system.id === remembered) ? remembered : systems.length === 1 ? systems[0].id : undefined;
    if (pick) setParams({ system: pick }, { replace: true });
  }, [systemId, systems, setParams]);

  const choose = (id: string | undefined) => {
    rememberSystem(id);
    setParams(id ? { system: id } : {}, { replace: true });
  };

  return (
    <div>
      <PageHeader
        title={t('cloud.cart.title')}
        subtitle={t('cloud.cart.subtitle')}
        extra={
          <Button icon={<ShopOutlined />} onClick={() => navigate('/cloud/catalog')}>
            {t('cloud.cart.browse')}
          </Button>
        }
      />
      {systemsError != null && <Alert type="error" showIcon title={errorMessage(systemsError)} style={{ marginBottom: 12 }} />}
      <Card style={{ marginBottom: 16 }}>
        <Space wrap>
          <Typography.Text>{t('cloud.field.businessSystem')}</Typography.Text>
          <SystemSelect systems={systems} loading={systemsLoading} value={systemId} onChange={choose} testId="cart-system" />
        </Space>
        {!systemsLoading && systems.length === 0 && <Alert type="info" showIcon title={t('cloud.system.none')} style={{ marginTop: 12 }} />}
      </Card>
      {systemId && <Cart key={systemId} systemId={systemId} />}
    </div>
  );
}

function Cart({ systemId }: { systemId: string }) {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showError } = useApiError();
  const navigate = useNavigate();
  const offerings = useOfferingIndex();
  const loaded = useAsync(() => orderApi.cart(systemId), [systemId]);
  const [cart, setCart] = useState<Order | null>(null);
  const [editing, setEditing] = useState<OrderItem | null>(null);
  const [purpose, setPurpose] = useState('');
  const [purposeError, setPurposeError] = useState(false);
  const [shortfalls, setShortfalls] = useState<QuotaShortfall[]>([]);
  const [submitting, setSubmitting] = useState(false);

  useEffect(() => {
    if (loaded.data) setCart(loaded.data);
  }, [loaded.data]);

  const items = cart?.items ?? [];
  const demand = useMemo(() => sumDemand(items.map((item) => item.quotaDemand)), [items]);
  const total = items.reduce((sum, item) => sum + item.monthlyFen, 0);

  const remove = async (item: OrderItem) => {
    try {
      setCart(await orderApi.removeItem(item.id));
      setShortfalls([]);
    } catch (e) {
      showError(e);
    }
  };

  const submit = async () => {
    if (!cart) return;
    if (!purpose.trim()) {
      setPurposeError(true);
      return;
    }
    setSubmitting(true);
    setShortfalls([]);
    try {
      const order = await orderApi.submit(cart.id, purpose.trim());
      void message.success(t(order.autoApproved ? 'cloud.cart.submittedAuto' : 'cloud.cart.submitted', { number: order.number ?? '' }));
      navigate(`/cloud/orders/${order.id}`);
    } catch (e) {
      const short = shortfallsOf(e);
      if (short.length) setShortfalls(short);
      else showError(e);
      // A price or an offering may have changed since the items were added: show the cart as it is now.
      if (e instanceof ApiError && e.status !== 409) loaded.reload();
    } finally {
      setSubmitting(false);
    }
  };

  if (loaded.error != null) return <Alert type="error" showIcon title={errorMessage(loaded.error)} />;

  return (
    <Card loading={!cart} data-testid="cart">
      {items.length === 0 ? (
        <Empty description={t('cloud.cart.empty')}>
          <Button type="primary" onClick={() => navigate('/cloud/catalog')}>
            {t('cloud.cart.browse')}
          </Button>
        </Empty>
      ) : (
        <>
          <Table<OrderItem>
            rowKey="id"
            size="middle"
            pagination={false}
            dataSource={items}
            data-testid="cart-items"
            columns={[
              ...itemColumns(t, locale, offerings),
              {
                title: t('common.actions'),
                key: 'actions',
                width: 120,
                render: (_, item) => (
                  <Space size={4}>
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(item)} aria-label={t('common.edit')} data-testid="cart-item-edit" />
                    <Popconfirm title={t('cloud.cart.removeConfirm', { name: item.name })} onConfirm={() => remove(item)} okText={t('cloud.cart.remove')} cancelText={t('common.cancel')}>
                      <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('cloud.cart.remove')} data-testid="cart-item-remove" />
                    </Popconfirm>
                  </Space>
                ),
              },
            ]}
          />
          <Flex justify="space-between" align="flex-start" wrap gap={24} style={{ marginTop: 16 }}>
            <div data-testid="cart-demand">
              <Typography.Text type="secondary">{t('cloud.quote.quota')}</Typography.Text>
              <div>
                {demandEntries(demand).map(([dimension, amount]) => (
                  <Typography.Text key={dimension} style={{ display: 'block' }}>
                    {t(`cloud.dimension.${dimension}`)}: {formatQuantity(dimension, amount, t, locale)}
                  </Typography.Text>
                ))}
              </div>
            </div>
            <div style={{ textAlign: 'right' }}>
              <Typography.Text type="secondary">{t('cloud.cart.total')}</Typography.Text>
              <Typography.Title level={3} style={{ margin: 0 }} data-testid="cart-total">
                {t('cloud.perMonth', { price: formatFen(total, locale) })}
              </Typography.Title>
            </div>
          </Flex>
          {shortfalls.length > 0 && (
            <Alert
              type="error"
              showIcon
              style={{ marginTop: 16 }}
              data-testid="quota-shortfalls"
              title={t('error.cloud.quota_exceeded')}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 20 }}>
                  {describeShortfalls(shortfalls, t, locale).map((line) => (
                    <li key={line}>{line}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Form layout="vertical" style={{ marginTop: 16 }}>
            <Form.Item
              label={t('cloud.field.purpose')}
              required
              validateStatus={purposeError ? 'error' : undefined}
              help={purposeError ? t('cloud.cart.purposeRequired') : t('cloud.cart.purposeHint')}
            >
              <Input.TextArea
                rows={3}
                maxLength={1000}
                showCount
                value={purpose}
                onChange={(event) => {
                  setPurpose(event.target.value);
                  setPurposeError(false);
                }}
                data-testid="cart-purpose"
              />
            </Form.Item>
            <Button type="primary" size="large" loading={submitting} onClick={() => void submit()} data-testid="cart-submit">
              {t('cloud.cart.submit')}
            </Button>
          </Form>
        </>
      )}
      <EditItemModal
        item={editing}
        offering={editing ? (offerings.get(editing.offeringId) ?? null) : null}
        onCancel={() => setEditing(null)}
        onSaved={(next) => {
          setCart(next);
          setShortfalls([]);
          setEditing(null);
        }}
      />
    </Card>
  );
}

function EditItemModal(props: { item: OrderItem | null; offering: Offering | null; onCancel(): void; onSaved(cart: Order): void }) {
  const { t } = useI18n();
  const open = props.item !== null;
  return (
    <Modal open={open} title={t('cloud.cart.editTitle', { name: props.item?.name ?? '' })} footer={null} onCancel={props.onCancel} width={960} destroyOnHidden>
      {props.item && !props.offering && <Alert type="warning" showIcon title={t('error.cloud.offering_retired')} />}
      {props.item && props.offering && <EditItemForm item={props.item} offering={props.offering} onCancel={props.onCancel} onSaved={props.onSaved} />}
    </Modal>
  );
}

function EditItemForm({ item, offering, onCancel, onSaved }: { item: OrderItem; offering: Offering; onCancel(): void; onSaved(cart: Order): void }) {
  const { t, locale } = useI18n();
  const { showError, showFormError, fieldErrorText } = useApiError();
  const [form] = Form.useForm<{ name: string; leaseMonths?: number | null }>();
  const leaseMonths = Form.useWatch('leaseMonths', form);
  const [parameters, setParameters] = useState<Record<string, unknown>>(item.parameters);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const fields = useMemo(() => schemaFields(offering.parametersSchema, locale), [offering.parametersSchema, locale]);
  const local = localProblems(fields, parameters);
  const live = useLiveQuote(offering.id, parameters, Object.keys(local).length > 0);
  const localErrors = Object.fromEntries(Object.entries(local).map(([name, problem]) => [name, t(`cloud.form.${problem}`)]));

  const save = async () => {
    let values: { name: string; leaseMonths?: number | null };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    if (Object.keys(local).length) return;
    setBusy(true);
    try {
      onSaved(await orderApi.updateItem(item.id, { name: values.name.trim(), parameters, leaseMonths: leaseMonthsOf(values.leaseMonths) }));
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        setServerErrors(parameterErrors(e.errors, fieldErrorText));
        showFormError(form, e);
      } else showError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex gap={16} wrap>
      <div style={{ flex: '1 1 420px' }}>
        <Form form={form} layout="vertical" initialValues={{ name: item.name, leaseMonths: item.leaseMonths }}>
          <Form.Item name="name" label={t('cloud.field.itemName')} rules={[{ required: true, whitespace: true, message: t('cloud.form.nameRequired') }, { max: 100 }]}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="leaseMonths" label={t('cloud.field.leaseMonths')} extra={t('cloud.form.leaseHint')}>
            <InputNumber min={1} max={120} precision={0} suffix={t('cloud.months')} style={{ width: 180 }} />
          </Form.Item>
        </Form>
        <SchemaForm
          schema={offering.parametersSchema}
          value={parameters}
          onChange={(next) => {
            setParameters(next);
            setServerErrors({});
          }}
          errors={{ ...live.errors, ...serverErrors, ...localErrors }}
        />
        <Space>
          <Button onClick={onCancel}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()} data-testid="cart-item-save">
            {t('common.save')}
          </Button>
        </Space>
      </div>
      <div style={{ flex: '0 1 340px' }}>
        <QuotePanel
          quote={Object.keys(local).length ? null : live.quote}
          loading={live.loading}
          problem={Object.keys(local).length ? t('cloud.quote.fixFields') : live.problem}
          leaseMonths={leaseMonthsOf(leaseMonths)}
        />
      </div>
    </Flex>
  );
}
