// /cloud/catalog/:offeringId — one offering's order form: the parameters built from its JSON Schema, the live price
// beside it, and (for a department's people) the business system, a name, an optional lease and "加入购物车".
// The IT centre sees the same form and price, without the cart.
import { ArrowLeftOutlined, ShoppingCartOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Input, InputNumber, Row, Skeleton, Space, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { ApiError } from '../../../api/client';
import { useAuth } from '../../../auth';
import { PageHeader } from '../../../components/PageHeader';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { catalogApi, orderApi, quotaApi } from '../cloudApi';
import { SchemaForm } from '../SchemaForm';
import { localProblems, parameterErrors, schemaFields, withDefaults } from '../schema-form/schema';
import type { Offering } from '../types';
import { leaseMonthsOf, localName, offeringDescription } from './logic';
import { QuotePanel } from './QuotePanel';
import { lastSystem, rememberSystem, SystemSelect, useSystems } from './systems';
import { CategoryTag } from './tags';
import { useLiveQuote } from './useLiveQuote';

export function OfferingOrderPage() {
  const { offeringId = '' } = useParams();
  const { t, errorMessage } = useI18n();
  const navigate = useNavigate();
  const offering = useAsync(() => catalogApi.offering(offeringId), [offeringId]);
  return (
    <div>
      <PageHeader
        title={offering.data ? <OfferingTitle offering={offering.data} /> : t('cloud.catalog.title')}
        extra={
          <Button icon={<ArrowLeftOutlined />} onClick={() => navigate('/cloud/catalog')}>
            {t('cloud.catalog.back')}
          </Button>
        }
      />
      {offering.error != null && <Alert type="error" showIcon title={errorMessage(offering.error)} />}
      {offering.loading && !offering.data && <Skeleton active />}
      {offering.data && <OrderForm key={offering.data.id} offering={offering.data} />}
    </div>
  );
}

function OfferingTitle({ offering }: { offering: Offering }) {
  const { locale } = useI18n();
  return (
    <Space>
      {localName(offering, locale)}
      <CategoryTag value={offering.category} />
    </Space>
  );
}

interface ItemFields {
  businessSystemId?: string;
  name: string;
  leaseMonths?: number | null;
}

function OrderForm({ offering }: { offering: Offering }) {
  const { t, locale } = useI18n();
  const { me, hasRole } = useAuth();
  const { message } = App.useApp();
  const { showError, showFormError, fieldErrorText } = useApiError();
  const navigate = useNavigate();
  const canOrder = hasRole('dept_admin', 'dept_operator') && offering.status === 'active';
  const [form] = Form.useForm<ItemFields>();
  const leaseMonths = Form.useWatch('leaseMonths', form);
  const fields = useMemo(() => schemaFields(offering.parametersSchema, locale), [offering.parametersSchema, locale]);
  const [parameters, setParameters] = useState<Record<string, unknown>>(() => withDefaults(offering.parametersSchema, {}));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [cartCount, setCartCount] = useState<number | null>(null);
  const { systems, loading: systemsLoading } = useSystems();
  const quotas = useAsync(
    () => (canOrder && me?.departmentId ? quotaApi.list(me.departmentId).catch(() => []) : Promise.resolve([])),
    [canOrder, me?.departmentId],
  );

  // Bounds and patterns the browser can check itself; a quote is only asked for a configuration that can pass.
  const local = localProblems(fields, parameters);
  const localErrors = Object.fromEntries(
    Object.entries(local)
      .filter(([, problem]) => problem !== 'required')
      .map(([name, problem]) => [name, t(`cloud.form.${problem}`)]),
  );
  const live = useLiveQuote(offering.id, parameters, Object.keys(local).length > 0);
  const errors = { ...live.errors, ...serverErrors, ...localErrors };

  useEffect(() => {
    const remembered = lastSystem();
    if (remembered && systems.some((system) => system.id === remembered)) form.setFieldValue('businessSystemId', remembered);
    else if (systems.length === 1) form.setFieldValue('businessSystemId', systems[0].id);
  }, [systems, form]);

  const changeParameters = (next: Record<string, unknown>) => {
    setParameters(next);
    setServerErrors({});
  };

  const addToCart = async () => {
    let values: ItemFields;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const missing = Object.entries(local).filter(([, problem]) => problem === 'required');
    if (missing.length) {
      setServerErrors(Object.fromEntries(missing.map(([name]) => [name, t('cloud.form.required')])));
      return;
    }
    setBusy(true);
    try {
      const systemId = values.businessSystemId as string;
      const cart = await orderApi.addItem(systemId, {
        offeringId: offering.id,
        name: values.name.trim(),
        parameters,
        leaseMonths: leaseMonthsOf(values.leaseMonths),
      });
      rememberSystem(systemId);
      setCartCount(cart.items.length);
      void message.success(t('cloud.catalog.added'));
      form.setFieldValue('name', '');
    } catch (e) {
      if (e instanceof ApiError && e.errors.length) {
        setServerErrors(parameterErrors(e.errors, fieldErrorText));
        showFormError(form, e);
      } else {
        showError(e);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Row gutter={16}>
      <Col xs={24} lg={15}>
        <Card style={{ marginBottom: 16 }}>
          <Typography.Text type="secondary">{offering.providerName}</Typography.Text>
          <Typography.Paragraph style={{ marginTop: 8, whiteSpace: 'pre-wrap' }}>{offeringDescription(offering, locale)}</Typography.Paragraph>
          {offering.status !== 'active' && <Alert type="warning" showIcon title={t('error.cloud.offering_retired')} />}
        </Card>
        <Card title={t('cloud.form.parameters')} style={{ marginBottom: 16 }}>
          {fields.length === 0 ? (
            <Typography.Text type="secondary">{t('cloud.form.noParameters')}</Typography.Text>
          ) : (
            <SchemaForm schema={offering.parametersSchema} value={parameters} onChange={changeParameters} errors={errors} />
          )}
        </Card>
        {canOrder && (
          <Card title={t('cloud.form.item')}>
            <Form form={form} layout="vertical" initialValues={{ name: '' }} style={{ maxWidth: 480 }}>
              <Form.Item
                name="businessSystemId"
                label={t('cloud.field.businessSystem')}
                rules={[{ required: true, message: t('cloud.system.required') }]}
                extra={systems.length === 0 && !systemsLoading ? t('cloud.system.none') : undefined}
              >
                <SystemSelect systems={systems} loading={systemsLoading} testId="order-system" />
              </Form.Item>
              <Form.Item
                name="name"
                label={t('cloud.field.itemName')}
                extra={t('cloud.form.nameHint')}
                rules={[{ required: true, whitespace: true, message: t('cloud.form.nameRequired') }, { max: 100 }]}
              >
                <Input maxLength={100} placeholder={t('cloud.form.namePlaceholder')} data-testid="order-name" />
              </Form.Item>
              <Form.Item name="leaseMonths" label={t('cloud.field.leaseMonths')} extra={t('cloud.form.leaseHint')}>
                <InputNumber min={1} max={120} precision={0} suffix={t('cloud.months')} style={{ width: 180 }} data-testid="order-lease" />
              </Form.Item>
              <Space>
                <Button type="primary" icon={<ShoppingCartOutlined />} loading={busy} onClick={() => void addToCart()} data-testid="add-to-cart">
                  {t('cloud.catalog.addToCart')}
                </Button>
                {cartCount !== null && (
                  <Button onClick={() => navigate('/cloud/cart')} data-testid="view-cart">
                    {t('cloud.catalog.viewCart', { n: cartCount })}
                  </Button>
                )}
              </Space>
            </Form>
          </Card>
        )}
      </Col>
      <Col xs={24} lg={9}>
        <div style={{ position: 'sticky', top: 16 }}>
          <QuotePanel
            quote={Object.keys(local).length ? null : live.quote}
            loading={live.loading}
            problem={Object.keys(local).length ? t('cloud.quote.fixFields') : live.problem}
            leaseMonths={leaseMonthsOf(leaseMonths)}
            quotas={quotas.data}
          />
        </div>
      </Col>
    </Row>
  );
}
