// 服务与价格: offerings by category (create/edit with JSON editors for the parameters schema and the quota map)
// and their rate card versions (list, add a version with fixed, per-unit and tiered components).
import { DollarOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, DatePicker, Drawer, Form, Input, InputNumber, Row, Segmented, Select, Space, Table, Tag, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { formatDateTime } from '../../../components/format';
import { useApiError } from '../../../components/useApiError';
import { useAsync } from '../../../components/useAsync';
import { useI18n } from '../../../i18n';
import { CLOUD_CATEGORIES, formatFen, type CloudCategory, type CloudDriverKind, type Offering, type RateCard } from '../types';
import { catalogApi, type OfferingInput } from '../cloudApi';
import { componentFromForm, componentToForm, DRIVERS, numericParameters, parseJsonObject, SCHEMA_TEMPLATE, type ComponentFormValue } from './logic';

export function OfferingsTab() {
  const { t, locale, errorMessage } = useI18n();
  const [category, setCategory] = useState<CloudCategory | 'all'>('all');
  const [q, setQ] = useState('');
  const offerings = useAsync(() => catalogApi.offerings({ includeRetired: true, category: category === 'all' ? undefined : category, q: q || undefined }), [category, q]);
  const [editing, setEditing] = useState<{ offering: Offering | null } | null>(null);
  const [pricing, setPricing] = useState<Offering | null>(null);

  return (
    <Card
      title={t('cloudAdmin.offerings.title')}
      extra={
        <Space>
          <Input.Search allowClear placeholder={t('cloudAdmin.offerings.search')} onSearch={setQ} style={{ width: 220 }} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ offering: null })} data-testid="cloud-offering-create">{t('cloudAdmin.offerings.create')}</Button>
        </Space>
      }
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={category}
        onChange={(value) => setCategory(value as CloudCategory | 'all')}
        options={[{ value: 'all', label: t('cloudAdmin.all') }, ...CLOUD_CATEGORIES.map((c) => ({ value: c, label: t(`cloudAdmin.category.${c}`) }))]}
      />
      {offerings.error != null && <Alert type="error" showIcon title={errorMessage(offerings.error)} style={{ marginBottom: 12 }} />}
      <Table<Offering>
        rowKey="id"
        size="small"
        loading={offerings.loading}
        dataSource={offerings.data ?? []}
        pagination={false}
        locale={{ emptyText: t('cloudAdmin.offerings.empty') }}
        columns={[
          {
            title: t('cloudAdmin.offerings.name'),
            key: 'name',
            render: (_: unknown, o: Offering) => (
              <span>
                {locale === 'en-US' && o.nameEn ? o.nameEn : o.name}
                <Typography.Text type="secondary" style={{ display: 'block' }}>{o.code} · {o.resourceKind}</Typography.Text>
              </span>
            ),
          },
          { title: t('cloudAdmin.offerings.category'), dataIndex: 'category', width: 110, render: (c: CloudCategory) => t(`cloudAdmin.category.${c}`) },
          { title: t('cloudAdmin.provider'), dataIndex: 'providerName' },
          { title: t('cloudAdmin.endpoint.driver'), dataIndex: 'driver', width: 120, render: (d: CloudDriverKind) => t(`cloudAdmin.driver.${d}`) },
          {
            title: t('cloudAdmin.offerings.price'),
            key: 'price',
            render: (_: unknown, o: Offering) =>
              o.rateCard ? (
                <span>
                  {t('cloudAdmin.offerings.fromPrice', { price: formatFen(o.fromMonthlyFen ?? 0, locale) })}
                  <Typography.Text type="secondary" style={{ display: 'block' }}>{t('cloudAdmin.rateCards.versionN', { n: o.rateCard.version })}</Typography.Text>
                </span>
              ) : (
                <Tag color="orange">{t('cloudAdmin.offerings.noPrice')}</Tag>
              ),
          },
          { title: t('common.status'), dataIndex: 'status', width: 90, render: (s: Offering['status']) => <Tag color={s === 'active' ? 'green' : 'default'}>{t(`cloudAdmin.offeringStatus.${s}`)}</Tag> },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 170,
            render: (_: unknown, o: Offering) => (
              <Space size={4}>
                <Button size="small" icon={<DollarOutlined />} onClick={() => setPricing(o)}>{t('cloudAdmin.rateCards.title')}</Button>
                <Button size="small" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ offering: o })} />
              </Space>
            ),
          },
        ]}
      />
      <OfferingDrawer
        open={editing !== null}
        offering={editing?.offering ?? null}
        onClose={(saved) => {
          setEditing(null);
          if (saved) offerings.reload();
        }}
      />
      <RateCardsDrawer
        offering={pricing}
        onClose={(changed) => {
          setPricing(null);
          if (changed) offerings.reload();
        }}
      />
    </Card>
  );
}

interface OfferingFormValues {
  code: string;
  providerId: string;
  driver: CloudDriverKind;
  category: CloudCategory;
  resourceKind: string;
  name: string;
  nameEn?: string;
  description?: string;
  descriptionEn?: string;
  parametersSchema: string;
  quotaMap: string;
  status: 'active' | 'retired';
}

function OfferingDrawer(props: { open: boolean; offering: Offering | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const providers = useAsync(() => (props.open ? catalogApi.providers() : Promise.resolve([])), [props.open]);
  const [form] = Form.useForm<OfferingFormValues>();
  const [saving, setSaving] = useState(false);
  const editing = props.offering;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(
      editing
        ? {
            code: editing.code, providerId: editing.providerId, driver: editing.driver, category: editing.category, resourceKind: editing.resourceKind,
            name: editing.name, nameEn: editing.nameEn ?? undefined, description: editing.description, descriptionEn: editing.descriptionEn ?? undefined,
            parametersSchema: JSON.stringify(editing.parametersSchema, null, 2), quotaMap: JSON.stringify(editing.quotaMap, null, 2), status: editing.status,
          }
        : { driver: 'simulated', category: 'compute', status: 'active', parametersSchema: JSON.stringify(SCHEMA_TEMPLATE, null, 2), quotaMap: JSON.stringify({ vcpu: 'vcpu', memory_gb: 'memoryGb' }, null, 2) },
    );
  }, [props.open, editing, form]);

  const jsonRule = { validator: async (_: unknown, value: string) => { if (!parseJsonObject(value).ok) throw new Error(t('cloudAdmin.jsonObjectInvalid')); } };

  const save = async () => {
    let values: OfferingFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    const schema = parseJsonObject(values.parametersSchema);
    const quotaMap = parseJsonObject(values.quotaMap);
    if (!schema.ok || !quotaMap.ok) return;
    const input: OfferingInput = {
      category: values.category, resourceKind: values.resourceKind, name: values.name, nameEn: values.nameEn || null,
      description: values.description ?? '', descriptionEn: values.descriptionEn || null,
      parametersSchema: schema.value, quotaMap: quotaMap.value as Record<string, string | number>, status: values.status,
    };
    setSaving(true);
    try {
      if (editing) await catalogApi.updateOffering(editing.id, input);
      else await catalogApi.createOffering({ ...input, code: values.code, providerId: values.providerId, driver: values.driver });
      void message.success(t('common.saved'));
      props.onClose(true);
    } catch (e) {
      // /parametersSchema/properties/x → the schema editor; /quotaMap/vcpu → the map editor
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'parametersSchema' || path[0] === 'quotaMap' ? [path[0]] : path) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={props.open}
      size={760}
      title={editing ? t('cloudAdmin.offerings.edit') : t('cloudAdmin.offerings.create')}
      onClose={() => props.onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => props.onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="cloud-offering-save">{t('common.save')}</Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="code" label={t('cloudAdmin.offerings.code')} rules={[{ required: true }, { pattern: /^[a-z0-9][a-z0-9-]{1,62}$/, message: t('cloudAdmin.codeInvalid') }]}>
              <Input disabled={!!editing} placeholder="rds-pg-standard" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="providerId" label={t('cloudAdmin.provider')} rules={[{ required: true }]}>
              <Select disabled={!!editing} loading={providers.loading} options={(providers.data ?? []).map((p) => ({ value: p.id, label: p.name }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="driver" label={t('cloudAdmin.endpoint.driver')} rules={[{ required: true }]}>
              <Select disabled={!!editing} options={DRIVERS.map((d) => ({ value: d, label: t(`cloudAdmin.driver.${d}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={8}>
            <Form.Item name="category" label={t('cloudAdmin.offerings.category')} rules={[{ required: true }]}>
              <Select options={CLOUD_CATEGORIES.map((c) => ({ value: c, label: t(`cloudAdmin.category.${c}`) }))} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="resourceKind" label={t('cloudAdmin.offerings.resourceKind')} rules={[{ required: true }, { pattern: /^[a-z][a-z0-9_]{1,62}$/, message: t('cloudAdmin.codeInvalid') }]}>
              <Input placeholder="postgresql_database" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="status" label={t('common.status')}>
              <Select options={(['active', 'retired'] as const).map((s) => ({ value: s, label: t(`cloudAdmin.offeringStatus.${s}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col span={12}>
            <Form.Item name="name" label={t('cloudAdmin.offerings.name')} rules={[{ required: true, whitespace: true }]}><Input maxLength={200} /></Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="nameEn" label={t('cloudAdmin.nameEn')}><Input maxLength={200} /></Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('cloudAdmin.offerings.description')}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
        <Form.Item name="descriptionEn" label={t('cloudAdmin.offerings.descriptionEn')}><Input.TextArea rows={2} maxLength={4000} /></Form.Item>
        <Form.Item name="parametersSchema" label={t('cloudAdmin.offerings.schema')} extra={t('cloudAdmin.offerings.schemaHelp')} rules={[{ required: true }, jsonRule]}>
          <Input.TextArea rows={14} style={{ fontFamily: 'monospace' }} spellCheck={false} />
        </Form.Item>
        <Form.Item name="quotaMap" label={t('cloudAdmin.offerings.quotaMap')} extra={t('cloudAdmin.offerings.quotaMapHelp')} rules={[jsonRule]}>
          <Input.TextArea rows={5} style={{ fontFamily: 'monospace' }} spellCheck={false} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

interface RateCardFormValues {
  effectiveFrom?: Dayjs;
  note?: string;
  components: ComponentFormValue[];
}

function RateCardsDrawer(props: { offering: Offering | null; onClose(changed: boolean): void }) {
  const { t, locale, errorMessage } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const offering = props.offering;
  const cards = useAsync(() => (offering ? catalogApi.rateCards(offering.id) : Promise.resolve([])), [offering?.id]);
  const [form] = Form.useForm<RateCardFormValues>();
  const [adding, setAdding] = useState(false);
  const [saving, setSaving] = useState(false);
  const [changed, setChanged] = useState(false);
  const parameters = offering ? numericParameters(offering.parametersSchema) : [];

  useEffect(() => {
    setAdding(false);
    setChanged(false);
  }, [offering?.id]);

  const startAdding = () => {
    form.resetFields();
    const latest = cards.data?.[0];
    form.setFieldsValue({ components: latest ? latest.components.map(componentToForm) : [{ code: 'base', name: '基础费用', type: 'fixed', priceYuan: 0 }] });
    setAdding(true);
  };

  const save = async () => {
    if (!offering) return;
    let values: RateCardFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      await catalogApi.createRateCard(offering.id, {
        effectiveFrom: values.effectiveFrom?.toISOString(),
        note: values.note || null,
        components: values.components.map(componentFromForm),
      });
      void message.success(t('common.saved'));
      setAdding(false);
      setChanged(true);
      cards.reload();
    } catch (e) {
      showFormError(form, e);
    } finally {
      setSaving(false);
    }
  };

  const describe = (card: RateCard) =>
    card.components.map((c) => {
      const price =
        c.type === 'tiered'
          ? (c.tiers ?? []).map((tier) => `${tier.upTo === null ? '∞' : `≤${tier.upTo}`}: ${formatFen(tier.priceFen, locale)}`).join(' / ')
          : formatFen(c.priceFen ?? 0, locale);
      return (
        <div key={c.code}>
          <Tag>{t(`cloudAdmin.componentType.${c.type}`)}</Tag>
          {locale === 'en-US' && c.nameEn ? c.nameEn : c.name}
          {c.parameter ? <Typography.Text type="secondary"> × {c.parameter}{c.unit ? ` (${c.unit})` : ''}</Typography.Text> : null}: {price}
        </div>
      );
    });

  return (
    <Drawer open={offering !== null} size={860} title={t('cloudAdmin.rateCards.drawerTitle', { name: offering?.name ?? '' })} onClose={() => props.onClose(changed)} destroyOnHidden>
      {cards.error != null && <Alert type="error" showIcon title={errorMessage(cards.error)} style={{ marginBottom: 12 }} />}
      <Table<RateCard>
        rowKey="id"
        size="small"
        loading={cards.loading}
        pagination={false}
        dataSource={cards.data ?? []}
        locale={{ emptyText: t('cloudAdmin.rateCards.empty') }}
        columns={[
          {
            title: t('cloudAdmin.rateCards.version'),
            dataIndex: 'version',
            width: 90,
            render: (v: number, card: RateCard) => (
              <Space size={4}>
                v{v}
                {offering?.rateCard?.id === card.id && <Tag color="green">{t('cloudAdmin.rateCards.inForce')}</Tag>}
              </Space>
            ),
          },
          { title: t('cloudAdmin.rateCards.effectiveFrom'), dataIndex: 'effectiveFrom', width: 150, render: (v: string) => formatDateTime(v, locale) },
          { title: t('cloudAdmin.rateCards.components'), key: 'components', render: (_: unknown, card: RateCard) => describe(card) },
          { title: t('cloudAdmin.rateCards.note'), dataIndex: 'note', width: 140, render: (v: string | null) => v ?? '—' },
        ]}
      />
      {!adding ? (
        <Button type="dashed" icon={<PlusOutlined />} style={{ marginTop: 12 }} onClick={startAdding} block>
          {t('cloudAdmin.rateCards.add')}
        </Button>
      ) : (
        <Card size="small" style={{ marginTop: 12 }} title={t('cloudAdmin.rateCards.add')}>
          <Form form={form} layout="vertical">
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item name="effectiveFrom" label={t('cloudAdmin.rateCards.effectiveFrom')} extra={t('cloudAdmin.rateCards.effectiveFromHelp')}>
                  <DatePicker showTime style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item name="note" label={t('cloudAdmin.rateCards.note')}><Input maxLength={500} /></Form.Item>
              </Col>
            </Row>
            <Form.List name="components">
              {(fields, { add, remove }) => (
                <>
                  {fields.map((field) => (
                    <Card key={field.key} size="small" style={{ marginBottom: 8 }} extra={<Button type="link" danger onClick={() => remove(field.name)}>{t('cloudAdmin.remove')}</Button>}>
                      <ComponentFields name={field.name} parameters={parameters} />
                    </Card>
                  ))}
                  <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name: '', type: 'per_unit', priceYuan: 0 })}>{t('cloudAdmin.rateCards.addComponent')}</Button>
                </>
              )}
            </Form.List>
            <Space style={{ marginTop: 12 }}>
              <Button onClick={() => setAdding(false)}>{t('common.cancel')}</Button>
              <Button type="primary" loading={saving} onClick={() => void save()} data-testid="cloud-rate-card-save">{t('common.save')}</Button>
            </Space>
          </Form>
        </Card>
      )}
    </Drawer>
  );
}

function ComponentFields(props: { name: number; parameters: string[] }) {
  const { t } = useI18n();
  const type = Form.useWatch(['components', props.name, 'type']) as ComponentFormValue['type'] | undefined;
  const parameterOptions = props.parameters.map((p) => ({ value: p, label: p }));
  return (
    <>
      <Row gutter={8}>
        <Col span={5}>
          <Form.Item name={[props.name, 'code']} label={t('cloudAdmin.component.code')} rules={[{ required: true }, { pattern: /^[A-Za-z0-9_.-]{1,40}$/, message: t('cloudAdmin.codeInvalid') }]}>
            <Input />
          </Form.Item>
        </Col>
        <Col span={6}>
          <Form.Item name={[props.name, 'name']} label={t('cloudAdmin.component.name')} rules={[{ required: true, whitespace: true }]}><Input /></Form.Item>
        </Col>
        <Col span={5}>
          <Form.Item name={[props.name, 'nameEn']} label={t('cloudAdmin.nameEn')}><Input /></Form.Item>
        </Col>
        <Col span={8}>
          <Form.Item name={[props.name, 'type']} label={t('cloudAdmin.component.type')} rules={[{ required: true }]}>
            <Select options={(['fixed', 'per_unit', 'tiered'] as const).map((v) => ({ value: v, label: t(`cloudAdmin.componentType.${v}`) }))} />
          </Form.Item>
        </Col>
      </Row>
      {type !== 'fixed' && (
        <Row gutter={8}>
          <Col span={12}>
            <Form.Item name={[props.name, 'parameter']} label={t('cloudAdmin.component.parameter')} rules={[{ required: true }]}>
              <Select options={parameterOptions} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name={[props.name, 'unit']} label={t('cloudAdmin.component.unit')}><Input placeholder="GB" /></Form.Item>
          </Col>
        </Row>
      )}
      {type === 'tiered' ? (
        <Form.List name={[props.name, 'tiers']}>
          {(tiers, { add, remove }) => (
            <>
              <Typography.Text type="secondary">{t('cloudAdmin.component.tiersHelp')}</Typography.Text>
              {tiers.map((tier, index) => (
                <Space key={tier.key} align="baseline" style={{ display: 'flex' }}>
                  <Form.Item name={[tier.name, 'upTo']} label={index === 0 ? t('cloudAdmin.component.upTo') : undefined}>
                    <InputNumber min={0} placeholder={index === tiers.length - 1 ? '∞' : undefined} disabled={index === tiers.length - 1} style={{ width: 140 }} />
                  </Form.Item>
                  <Form.Item name={[tier.name, 'priceYuan']} label={index === 0 ? t('cloudAdmin.component.unitPriceYuan') : undefined} rules={[{ required: true }]}>
                    <InputNumber min={0} step={0.01} precision={2} style={{ width: 160 }} />
                  </Form.Item>
                  <Button type="link" danger onClick={() => remove(tier.name)}>{t('cloudAdmin.remove')}</Button>
                </Space>
              ))}
              <Button size="small" icon={<PlusOutlined />} onClick={() => add({ priceYuan: 0 })}>{t('cloudAdmin.component.addTier')}</Button>
            </>
          )}
        </Form.List>
      ) : (
        <Form.Item name={[props.name, 'priceYuan']} label={type === 'fixed' ? t('cloudAdmin.component.monthlyYuan') : t('cloudAdmin.component.unitPriceYuan')} rules={[{ required: true }]}>
          <InputNumber min={0} step={0.01} precision={2} style={{ width: 200 }} />
        </Form.Item>
      )}
    </>
  );
}
