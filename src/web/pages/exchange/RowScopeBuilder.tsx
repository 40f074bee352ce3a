// A simple condition builder (field, operator, value rows, ANDed) for grant row scopes and preview filters.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Form, Input, Select } from 'antd';
import { useI18n } from '../../i18n';
import { ROW_OPS } from './types';

export function RowScopeBuilder(props: { name: string; fields: { name: string; label: string }[]; testId?: string }) {
  const { t } = useI18n();
  const fieldOptions = props.fields.map((field) => ({ value: field.name, label: `${field.label} (${field.name})` }));
  return (
    <Form.List name={props.name}>
      {(rows, { add, remove }) => (
        <Flex vertical gap={8} data-testid={props.testId}>
          {rows.map((row) => (
            <Flex key={row.key} gap={8} align="start" wrap>
              <Form.Item name={[row.name, 'field']} noStyle rules={[{ required: true, message: t('exchange.scope.fieldRequired') }]}>
                <Select style={{ width: 220 }} options={fieldOptions} placeholder={t('exchange.scope.field')} showSearch={{ optionFilterProp: 'label' }} />
              </Form.Item>
              <Form.Item name={[row.name, 'op']} noStyle initialValue="eq">
                <Select style={{ width: 130 }} options={ROW_OPS.map((op) => ({ value: op, label: t(`exchange.op.${op}`) }))} />
              </Form.Item>
              <Form.Item name={[row.name, 'value']} noStyle rules={[{ required: true, whitespace: true, message: t('exchange.scope.valueRequired') }]}>
                <Input style={{ width: 240 }} placeholder={t('exchange.scope.value')} />
              </Form.Item>
              <Button icon={<DeleteOutlined />} onClick={() => remove(row.name)} aria-label={t('exchange.scope.remove')} />
            </Flex>
          ))}
          <div>
            <Button icon={<PlusOutlined />} onClick={() => add({ op: 'eq' })} size="small">
              {t('exchange.scope.add')}
            </Button>
          </div>
        </Flex>
      )}
    </Form.List>
  );
}
