// The dataset's data items (its columns) in plain words: name, meaning, kind of value, and whether it
// identifies a row.
import { useI18n } from '../../i18n';
import type { DatasetField } from '../types';

export function fieldTypeLabel(t: (key: string) => string, type: string): string {
  const key = `portal.fieldType.${type}`;
  const text = t(key);
  return text === key ? type : text;
}

export function FieldsTable(props: { fields: DatasetField[] }) {
  const { t } = useI18n();
  if (props.fields.length === 0) return <p>{t('portal.dataset.noFields')}</p>;
  return (
    <div className="zsp-table-wrap">
      <table className="zsp-table" data-testid="portal-dataset-fields">
        <caption className="zsp-visually-hidden">{t('portal.dataset.tab.fields')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('portal.dataset.field.label')}</th>
            <th scope="col">{t('portal.dataset.field.name')}</th>
            <th scope="col">{t('portal.dataset.field.type')}</th>
            <th scope="col">{t('portal.dataset.field.key')}</th>
          </tr>
        </thead>
        <tbody>
          {props.fields.map((field) => (
            <tr key={field.name}>
              <td>{field.label || field.name}</td>
              <td>
                <code>{field.name}</code>
              </td>
              <td>{fieldTypeLabel(t, field.type)}</td>
              <td>{field.key ? t('portal.dataset.field.isKey') : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
