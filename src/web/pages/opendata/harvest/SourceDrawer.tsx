// Adding or changing a harvest source: type, address, schedule (with cron help), and the type's own settings.
import { Alert, App, Button, Col, Drawer, Form, Input, InputNumber, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { harvestApi } from './harvestApi';
import { CKAN_DEFAULTS, CRON_EXAMPLES, DEFAULT_TIMEOUT_SECONDS, formValuesOf, inputOf, isHttpUrl, looksLikeCron, SLUG, type SourceFormValues } from './logic';
import type { HarvestSource } from './types';

export function SourceDrawer(props: { open: boolean; source: HarvestSource | null; onClose(saved: boolean): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { showFormError } = useApiError();
  const [form] = Form.useForm<SourceFormValues>();
  const [saving, setSaving] = useState(false);
  const type = Form.useWatch('type', form);
  const editing = props.source;

  useEffect(() => {
    if (!props.open) return;
    form.resetFields();
    form.setFieldsValue(formValuesOf(editing));
  }, [props.open, editing, form]);

  const save = async () => {
    let values: SourceFormValues;
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    try {
      const input = inputOf(values);
      if (editing) await harvestApi.update(editing.id, input);
      else await harvestApi.create(input);
      void message.success(t('common.saved'));
      props.onClose(true);
    } catch (e) {
      // Field errors arrive with pointers like /config/fq: the form keeps config fields at the top level.
      showFormError(form, e, { fieldFor: (path) => (path[0] === 'config' ? (path.length > 1 ? path.slice(1) : undefined) : path) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <Drawer
      open={props.open}
      size={640}
      title={editing ? t('harvest.sources.edit') : t('harvest.sources.create')}
      onClose={() => props.onClose(false)}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={() => props.onClose(false)}>{t('common.cancel')}</Button>
          <Button type="primary" loading={saving} onClick={() => void save()} data-testid="harvest-source-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form form={form} layout="vertical" requiredMark>
        <Form.Item name="type" label={t('harvest.field.type')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'ckan', label: t('harvest.type.ckan') },
              { value: 'dcat', label: t('harvest.type.dcat') },
            ]}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col span={10}>
            <Form.Item
              name="name"
              label={t('harvest.field.name')}
              extra={t('harvest.field.nameHelp')}
              rules={[{ required: true }, { pattern: SLUG, message: t('harvest.field.nameInvalid') }]}
            >
              <Input maxLength={50} placeholder="city-portal" data-testid="harvest-source-name" />
            </Form.Item>
          </Col>
          <Col span={14}>
            <Form.Item name="title" label={t('harvest.field.title')} rules={[{ required: true, whitespace: true }]}>
              <Input maxLength={200} placeholder={t('harvest.field.titlePlaceholder')} data-testid="harvest-source-title" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="url"
          label={t('harvest.field.url')}
          extra={type === 'dcat' ? t('harvest.field.urlHelpDcat') : t('harvest.field.urlHelpCkan')}
          rules={[{ required: true }, { validator: async (_, value: string) => { if (value && !isHttpUrl(value)) throw new Error(t('harvest.field.urlInvalid')); } }]}
        >
          <Input maxLength={2000} placeholder={type === 'dcat' ? 'https://data.example.gov.cn/catalog.jsonld' : 'https://data.example.gov.cn/'} data-testid="harvest-source-url" />
        </Form.Item>
        <Row gutter={12}>
          <Col span={16}>
            <Form.Item
              name="schedule"
              label={t('harvest.field.schedule')}
              rules={[{ validator: async (_, value: string | undefined) => { if (value && value.trim() && !looksLikeCron(value)) throw new Error(t('harvest.cron.fiveFields')); } }]}
              extra={
                <div>
                  <div>{t('harvest.cron.help')}</div>
                  <Space size={[12, 0]} wrap>
                    {CRON_EXAMPLES.map((example) => (
                      <Typography.Link key={example.expression} onClick={() => form.setFieldValue('schedule', example.expression)}>
                        <Typography.Text code>{example.expression}</Typography.Text> {t(example.key)}
                      </Typography.Link>
                    ))}
                  </Space>
                </div>
              }
            >
              <Input placeholder={t('harvest.cron.placeholder')} style={{ fontFamily: 'monospace' }} data-testid="harvest-source-schedule" />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="enabled" label={t('harvest.field.enabled')} valuePropName="checked" extra={t('harvest.field.enabledHelp')}>
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        {type === 'ckan' ? (
          <>
            <Form.Item name="fq" label={t('harvest.config.fq')} extra={t('harvest.config.fqHelp')}>
              <Input maxLength={1000} placeholder="organization:transport" />
            </Form.Item>
            <Row gutter={12}>
              <Col span={8}>
                <Form.Item name="fullEvery" label={t('harvest.config.fullEvery')} extra={t('harvest.config.fullEveryHelp')}>
                  <InputNumber min={0} max={10000} placeholder={String(CKAN_DEFAULTS.fullEvery)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="rows" label={t('harvest.config.rows')}>
                  <InputNumber min={10} max={1000} placeholder={String(CKAN_DEFAULTS.rows)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
              <Col span={8}>
                <Form.Item name="overlapSeconds" label={t('harvest.config.overlapSeconds')} extra={t('harvest.config.overlapHelp')}>
                  <InputNumber min={0} max={86400} placeholder={String(CKAN_DEFAULTS.overlapSeconds)} style={{ width: '100%' }} />
                </Form.Item>
              </Col>
            </Row>
          </>
        ) : (
          <Form.Item name="format" label={t('harvest.config.format')} extra={t('harvest.config.formatHelp')}>
            <Select
              options={[
                { value: 'auto', label: t('harvest.format.auto') },
                { value: 'jsonld', label: 'JSON-LD' },
                { value: 'turtle', label: 'Turtle' },
              ]}
            />
          </Form.Item>
        )}
        <Form.Item name="timeoutSeconds" label={t('harvest.config.timeoutSeconds')}>
          <InputNumber min={1} max={600} placeholder={String(DEFAULT_TIMEOUT_SECONDS)} style={{ width: 160 }} />
        </Form.Item>
        {editing && <Alert type="info" showIcon title={t('harvest.sources.editNote')} />}
      </Form>
    </Drawer>
  );
}
