// The editable table of data items (信息项) inside the resource form: add, remove and reorder rows.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Checkbox, Form, Input, InputNumber, Select, Space, Table, Tooltip } from 'antd';
import type { FormInstance } from 'antd';
import { useI18n } from '../../i18n';
import { useEnumLabel } from './tags';
import { NEW_DATA_ITEM } from './formValues';
import { DATA_TYPES, SENSITIVITIES, type DataItem } from './types';

export const DATA_ITEM_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
export const DATA_ITEM_COLUMNS = ['name', 'label', 'type', 'length', 'required', 'key', 'codeList', 'sensitivity'] as const;

const cell = { style: { marginBottom: 0 } };

export function DataItemEditor({ form }: { form: FormInstance }) {
  const { t } = useI18n();
  const enumLabel = useEnumLabel();
  return (
    <Form.List
      name="dataItems"
      rules={[
        {
          validator: async (_, items: DataItem[] | undefined) => {
            if (!items || items.length === 0) throw new Error(t('catalog.dataItem.atLeastOne'));
          },
        },
      ]}
    >
      {(fields, { add, remove, move }, { errors }) => (
        <>
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey="key"
            dataSource={fields}
            scroll={{ x: 1120 }}
            data-testid="dataitem-editor"
            locale={{ emptyText: t('catalog.dataItem.none') }}
            columns={[
              { title: '#', width: 44, render: (_, __, index) => index + 1 },
              {
                title: t('catalog.dataItem.name'),
                width: 160,
                render: (_, field, index) => (
                  <Form.Item
                    {...cell}
                    name={[field.name, 'name']}
                    rules={[
                      { required: true, message: t('catalog.validation.required') },
                      { pattern: DATA_ITEM_NAME_PATTERN, message: t('catalog.dataItem.namePattern') },
                      {
                        validator: async (__, value: string) => {
                          if (!value) return;
                          const all: DataItem[] = form.getFieldValue('dataItems') ?? [];
                          if (all.filter((item) => item?.name === value).length > 1) {
                            throw new Error(t('error.catalog.duplicate_data_item'));
                          }
                        },
                      },
                    ]}
                  >
                    <Input placeholder="id_number" data-testid={`dataitem-name-${index}`} style={{ fontFamily: 'monospace' }} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.label'),
                width: 160,
                render: (_, field, index) => (
                  <Form.Item
                    {...cell}
                    name={[field.name, 'label']}
                    rules={[{ required: true, whitespace: true, message: t('catalog.validation.required') }]}
                  >
                    <Input placeholder={t('catalog.dataItem.labelPlaceholder')} data-testid={`dataitem-label-${index}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.type'),
                width: 130,
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'type']} rules={[{ required: true, message: t('catalog.validation.required') }]}>
                    <Select
                      data-testid={`dataitem-type-${index}`}
                      options={DATA_TYPES.map((type) => ({ value: type, label: enumLabel('dataType', type) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.length'),
                width: 100,
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'length']}>
                    <InputNumber min={1} max={100000} precision={0} style={{ width: '100%' }} data-testid={`dataitem-length-${index}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.required'),
                width: 84,
                align: 'center',
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'required']} valuePropName="checked">
                    <Checkbox data-testid={`dataitem-required-${index}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.key'),
                width: 64,
                align: 'center',
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'key']} valuePropName="checked">
                    <Checkbox
                      data-testid={`dataitem-key-${index}`}
                      // A key item is always required (the server refuses a key that is not).
                      onChange={(e) => e.target.checked && form.setFieldValue(['dataItems', field.name, 'required'], true)}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.codeList'),
                width: 140,
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'codeList']}>
                    <Input placeholder={t('catalog.dataItem.codeListPlaceholder')} data-testid={`dataitem-codeList-${index}`} />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.sensitivity'),
                width: 110,
                render: (_, field, index) => (
                  <Form.Item {...cell} name={[field.name, 'sensitivity']} rules={[{ required: true, message: t('catalog.validation.required') }]}>
                    <Select
                      data-testid={`dataitem-sensitivity-${index}`}
                      options={SENSITIVITIES.map((value) => ({ value, label: enumLabel('sensitivity', value) }))}
                    />
                  </Form.Item>
                ),
              },
              {
                title: t('catalog.dataItem.actions'),
                width: 110,
                fixed: 'right',
                render: (_, field, index) => (
                  <Space size={0}>
                    <Tooltip title={t('catalog.dataItem.moveUp')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowUpOutlined />}
                        disabled={index === 0}
                        onClick={() => move(index, index - 1)}
                        aria-label={t('catalog.dataItem.moveUp')}
                        data-testid={`dataitem-up-${index}`}
                      />
                    </Tooltip>
                    <Tooltip title={t('catalog.dataItem.moveDown')}>
                      <Button
                        type="text"
                        size="small"
                        icon={<ArrowDownOutlined />}
                        disabled={index === fields.length - 1}
                        onClick={() => move(index, index + 1)}
                        aria-label={t('catalog.dataItem.moveDown')}
                        data-testid={`dataitem-down-${index}`}
                      />
                    </Tooltip>
                    <Tooltip title={t('catalog.dataItem.remove')}>
                      <Button
                        type="text"
                        size="small"
                        danger
                        icon={<DeleteOutlined />}
                        onClick={() => remove(field.name)}
                        aria-label={t('catalog.dataItem.remove')}
                        data-testid={`dataitem-remove-${index}`}
                      />
                    </Tooltip>
                  </Space>
                ),
              },
            ]}
          />
          <Button
            type="dashed"
            block
            icon={<PlusOutlined />}
            style={{ marginTop: 8 }}
            onClick={() => add({ ...NEW_DATA_ITEM })}
            data-testid="dataitem-add"
          >
            {t('catalog.dataItem.add')}
          </Button>
          <Form.ErrorList errors={errors} />
        </>
      )}
    </Form.List>
  );
}
