// The order form of an offering, built from its JSON Schema of parameters (the ordering pages and the resize dialog
// share it): numbers with their bounds, step and unit, enumerations as selects with their titles, switches, text.
// It is controlled (value/onChange) and binds no form store, so it can sit inside any page's own Form; `errors`
// carries the server's problems by parameter name (see parameterErrors in schema-form/schema.ts).
import { Form, Input, InputNumber, Select, Switch } from 'antd';
import { useMemo } from 'react';
import { useI18n } from '../../i18n';
import { schemaFields } from './schema-form/schema';
import type { FieldSpec } from './schema-form/schema';

export interface SchemaFormProps {
  schema: Record<string, unknown>;
  value: Record<string, unknown>;
  onChange: (value: Record<string, unknown>) => void;
  disabled?: boolean;
  /** by parameter name, from problem pointers /parameters/<name> */
  errors?: Record<string, string>;
}

export function SchemaForm(props: SchemaFormProps) {
  const { locale } = useI18n();
  const fields = useMemo(() => schemaFields(props.schema, locale), [props.schema, locale]);
  const set = (name: string, next: unknown) => {
    const value = { ...props.value };
    if (next === undefined || next === null || next === '') delete value[name];
    else value[name] = next;
    props.onChange(value);
  };
  return (
    <Form layout="vertical" component="div" disabled={props.disabled} data-testid="schema-form">
      {fields.map((field) => {
        const error = props.errors?.[field.name];
        return (
          <Form.Item
            key={field.name}
            label={field.label}
            required={field.required}
            extra={field.description ?? undefined}
            validateStatus={error ? 'error' : undefined}
            help={error}
          >
            <FieldControl field={field} value={props.value[field.name]} onChange={(next) => set(field.name, next)} />
          </Form.Item>
        );
      })}
    </Form>
  );
}

function FieldControl({ field, value, onChange }: { field: FieldSpec; value: unknown; onChange(next: unknown): void }) {
  const testId = `param-${field.name}`;
  switch (field.kind) {
    case 'integer':
    case 'number':
      return (
        <InputNumber
          data-testid={testId}
          style={{ width: 220 }}
          value={typeof value === 'number' ? value : null}
          min={field.minimum}
          max={field.maximum}
          step={field.step ?? 1}
          precision={field.kind === 'integer' ? 0 : undefined}
          suffix={field.unit ?? undefined}
          placeholder={rangeHint(field)}
          onChange={(next) => onChange(next ?? undefined)}
        />
      );
    case 'enum':
      return (
        <Select
          data-testid={testId}
          style={{ maxWidth: 360 }}
          value={value as string | number | undefined}
          options={field.options}
          allowClear={!field.required}
          onChange={(next) => onChange(next)}
        />
      );
    case 'boolean':
      return <Switch data-testid={testId} checked={value === true} onChange={(checked) => onChange(checked)} />;
    case 'string':
      return (
        <Input
          data-testid={testId}
          style={{ maxWidth: 360 }}
          value={typeof value === 'string' ? value : ''}
          maxLength={field.maxLength}
          showCount={field.maxLength !== undefined}
          suffix={field.unit ?? undefined}
          onChange={(event) => onChange(event.target.value)}
        />
      );
  }
}

function rangeHint(field: FieldSpec): string | undefined {
  if (field.minimum === undefined && field.maximum === undefined) return undefined;
  return `${field.minimum ?? ''} – ${field.maximum ?? ''}`;
}
