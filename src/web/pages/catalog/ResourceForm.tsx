// The create/edit form of an entry: classification, descriptive metadata, sharing and open attributes,
// and the data item table.
import { Alert, Button, Card, Checkbox, Col, DatePicker, Form, Input, Radio, Row, Select, Space, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { loadSystems } from './catalogApi';
import { buildClassificationTree } from './classificationTree';
import { DATA_ITEM_COLUMNS, DataItemEditor } from './DataItemEditor';
import { useErrorText } from './errorText';
import { applyServerErrors, type NamePath } from './fieldErrors';
import type { ResourceFormValues } from './formValues';
import { useEnumLabel } from './tags';
import {
  FORMATS,
  OPEN_TYPES,
  SHARING_METHODS,
  SHARING_TYPES,
  UPDATE_CYCLES,
  type BusinessSystem,
  type DataItem,
} from './types';
import { useClassifications } from './useReferenceData';
import { RelatedCodesSelect } from './RelatedCodesSelect';

interface ResourceFormProps {
  initialValues: Partial<ResourceFormValues>;
  /** The department whose business systems may be the source. */
  departmentId: string | null;
  /** The code of the entry being edited (absent when creating). */
  code?: string;
  /** Editing a published entry makes a new version, which may carry a change note. */
  askChangeNote: boolean;
  disabled?: boolean;
  onSubmit(values: ResourceFormValues): Promise<void>;
  onCancel(): void;
}

const TOP_LEVEL_FIELDS = new Set([
  'classificationCode',
  'name',
  'nameEn',
  'summary',
  'format',
  'updateCycle',
  'publishDate',
  'keywords',
  'relatedCodes',
  'sourceSystemId',
  'sharingType',
  'sharingMethods',
  'openType',
  'dataItems',
]);

export function ResourceForm({ initialValues, departmentId, code, askChangeNote, disabled, onSubmit, onCancel }: ResourceFormProps) {
  const { t, locale, errorMessage } = useI18n();
  const enumLabel = useEnumLabel();
  const [form] = Form.useForm<ResourceFormValues>();
  const [saving, setSaving] = useState(false);
  const [formErrors, setFormErrors] = useState<string[]>([]);
  const { classifications, loading: classificationsLoading } = useClassifications();
  const [systems, setSystems] = useState<BusinessSystem[]>([]);
  const sharingType = Form.useWatch('sharingType', form);
  const openType = Form.useWatch('openType', form);

  useEffect(() => {
    let alive = true;
    loadSystems(departmentId)
      .then((list) => alive && setSystems(departmentId ? list.filter((s) => s.departmentId === departmentId) : list))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [departmentId]);

  const classificationTree = useMemo(
    () => buildClassificationTree(classifications, (c) => (locale === 'en-US' && c.nameEn) || c.name),
    [classifications, locale],
  );

  const required = (message = t('catalog.validation.required')) => ({ required: true, whitespace: true, message });

  /** Whether the form currently shows a field for this path, so a server error can be placed on it. */
  const isRendered = (path: NamePath): boolean => {
    const [top, index, column] = path;
    if (top === 'sharingConditions') return form.getFieldValue('sharingType') === 'conditional';
    if (top === 'notSharedBasis') return form.getFieldValue('sharingType') === 'not_shared';
    if (top === 'openConditions') return form.getFieldValue('openType') === 'conditional';
    if (top === 'changeNote') return askChangeNote;
    if (top === 'dataItems' && path.length > 1) {
      const items: DataItem[] = form.getFieldValue('dataItems') ?? [];
      return (
        path.length === 3 &&
        typeof index === 'number' &&
        index < items.length &&
        (DATA_ITEM_COLUMNS as readonly string[]).includes(String(column))
      );
    }
    return path.length === 1 && TOP_LEVEL_FIELDS.has(String(top));
  };

  const localiseFieldError = useErrorText();

  const submit = async (values: ResourceFormValues) => {
    setSaving(true);
    setFormErrors([]);
    try {
      await onSubmit(values);
    } catch (error) {
      const { unplaced, placedCount } = applyServerErrors(form, error, isRendered, localiseFieldError);
      // The problem's own message goes on top unless the field errors already say everything.
      setFormErrors(placedCount > 0 ? unplaced : [errorMessage(error), ...unplaced]);
      if (placedCount > 0) form.scrollToField(form.getFieldsError().find((f) => f.errors.length)?.name ?? 'name');
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<ResourceFormValues>
      form={form}
      layout="vertical"
      initialValues={initialValues}
      onFinish={submit}
      onFinishFailed={({ errorFields }) => errorFields[0] && form.scrollToField(errorFields[0].name)}
      disabled={disabled || saving}
      scrollToFirstError
      data-testid="resource-form"
    >
      {formErrors.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 16 }}
          title={formErrors[0]}
          description={formErrors.length > 1 ? formErrors.slice(1).map((e, i) => <div key={i}>{e}</div>) : undefined}
          data-testid="form-error"
        />
      )}
      <Card title={t('catalog.form.section.basic')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              name="classificationCode"
              label={t('catalog.field.classification')}
              rules={[{ required: true, message: t('catalog.validation.classification') }]}
              extra={t('catalog.form.classificationHint')}
            >
              <TreeSelect
                treeData={classificationTree}
                loading={classificationsLoading}
                showSearch={{ treeNodeFilterProp: 'title' }}
                treeExpandAction="click"
                placeholder={t('catalog.form.classificationPlaceholder')}
                styles={{ popup: { root: { maxHeight: 420, overflow: 'auto' } } }}
                data-testid="field-classification"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="name" label={t('catalog.field.name')} rules={[required(), { max: 200 }]}>
              <Input maxLength={200} placeholder={t('catalog.form.namePlaceholder')} data-testid="field-name" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="nameEn" label={t('catalog.field.nameEn')} rules={[{ max: 200 }]}>
              <Input maxLength={200} placeholder="Registered Population" data-testid="field-nameEn" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="format" label={t('catalog.field.format')} rules={[{ required: true, message: t('catalog.validation.required') }]}>
              <Select data-testid="field-format" options={FORMATS.map((v) => ({ value: v, label: enumLabel('format', v) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="updateCycle" label={t('catalog.field.updateCycle')} rules={[{ required: true, message: t('catalog.validation.required') }]}>
              <Select data-testid="field-updateCycle" options={UPDATE_CYCLES.map((v) => ({ value: v, label: enumLabel('updateCycle', v) }))} />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="summary" label={t('catalog.field.summary')} rules={[required(), { max: 2000 }]}>
              <Input.TextArea
                rows={3}
                maxLength={2000}
                showCount
                placeholder={t('catalog.form.summaryPlaceholder')}
                data-testid="field-summary"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="keywords" label={t('catalog.field.keywords')} extra={t('catalog.form.keywordsHint')}>
              <Select
                mode="tags"
                tokenSeparators={[',', '，', '、', ';', '；']}
                open={false}
                suffixIcon={null}
                placeholder={t('catalog.form.keywordsPlaceholder')}
                data-testid="field-keywords"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item
              name="publishDate"
              label={t('catalog.field.publishDate')}
              // The form keeps the contract's YYYY-MM-DD string; the picker works with dayjs values.
              getValueProps={(value?: string | null) => ({ value: value ? dayjs(value) : null })}
              normalize={(value?: Dayjs | null) => (value ? value.format('YYYY-MM-DD') : '')}
            >
              <DatePicker style={{ width: '100%' }} data-testid="field-publishDate" />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="sourceSystemId" label={t('catalog.field.sourceSystem')}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder={t('catalog.form.sourceSystemPlaceholder')}
                notFoundContent={t('catalog.form.noSystems')}
                data-testid="field-sourceSystem"
                options={systems.map((s) => ({
                  value: s.id,
                  label: `${(locale === 'en-US' && s.nameEn) || s.name} (${s.code})`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col span={24}>
            <Form.Item name="relatedCodes" label={t('catalog.field.relatedCodes')}>
              <RelatedCodesSelect excludeCode={code} />
            </Form.Item>
          </Col>
        </Row>
      </Card>

      <Card title={t('catalog.form.section.sharing')} style={{ marginBottom: 16 }}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="sharingType" label={t('catalog.field.sharingType')} rules={[{ required: true, message: t('catalog.validation.required') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="field-sharingType"
                options={SHARING_TYPES.map((v) => ({ value: v, label: enumLabel('sharingType', v) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            {sharingType !== 'not_shared' && (
              <Form.Item
                name="sharingMethods"
                label={t('catalog.field.sharingMethods')}
                rules={[{ required: true, type: 'array', min: 1, message: t('catalog.validation.sharingMethods') }]}
              >
                <Checkbox.Group
                  data-testid="field-sharingMethods"
                  options={SHARING_METHODS.map((v) => ({ value: v, label: enumLabel('sharingMethod', v) }))}
                />
              </Form.Item>
            )}
          </Col>
          {sharingType === 'conditional' && (
            <Col span={24}>
              <Form.Item
                name="sharingConditions"
                label={t('catalog.field.sharingConditions')}
                rules={[required(t('error.catalog.conditions_required'))]}
                extra={t('catalog.form.sharingConditionsHint')}
              >
                <Input.TextArea rows={2} maxLength={2000} data-testid="field-sharingConditions" />
              </Form.Item>
            </Col>
          )}
          {sharingType === 'not_shared' && (
            <Col span={24}>
              <Form.Item
                name="notSharedBasis"
                label={t('catalog.field.notSharedBasis')}
                rules={[required(t('error.catalog.legal_basis_required'))]}
                extra={t('catalog.form.notSharedBasisHint')}
              >
                <Input.TextArea rows={2} maxLength={2000} data-testid="field-notSharedBasis" />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="openType" label={t('catalog.field.openType')} rules={[{ required: true, message: t('catalog.validation.required') }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                data-testid="field-openType"
                options={OPEN_TYPES.map((v) => ({ value: v, label: enumLabel('openType', v) }))}
              />
            </Form.Item>
          </Col>
          {openType === 'conditional' && (
            <Col span={24}>
              <Form.Item name="openConditions" label={t('catalog.field.openConditions')}>
                <Input.TextArea rows={2} maxLength={2000} data-testid="field-openConditions" />
              </Form.Item>
            </Col>
          )}
        </Row>
      </Card>

      <Card title={t('catalog.field.dataItems')} style={{ marginBottom: 16 }}>
        <DataItemEditor form={form} />
      </Card>

      {askChangeNote && (
        <Card title={t('catalog.form.section.change')} style={{ marginBottom: 16 }}>
          <Alert type="info" showIcon title={t('catalog.form.newVersionNotice')} style={{ marginBottom: 12 }} />
          <Form.Item name="changeNote" label={t('catalog.field.changeNote')}>
            <Input.TextArea rows={2} maxLength={1000} showCount data-testid="field-changeNote" />
          </Form.Item>
        </Card>
      )}

      <Space>
        <Button type="primary" htmlType="submit" loading={saving} data-testid="save">
          {t('catalog.action.save')}
        </Button>
        <Button onClick={onCancel} disabled={false}>
          {t('catalog.action.cancel')}
        </Button>
      </Space>
    </Form>
  );
}
