// Showing server errors: every ApiError as a localised message, and field errors (JSON pointers) next to
// the form fields they belong to.
import { useCallback } from 'react';
import { App } from 'antd';
import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';
import type { FieldError } from '../api/client';
import { useI18n } from '../i18n';
import { pointerToNamePath } from './fieldPath';
import type { NamePath } from './fieldPath';

export { pointerToNamePath } from './fieldPath';

export interface FormErrorOptions {
  fieldFor?: (path: NamePath) => NamePath | undefined;
  codeFields?: Record<string, NamePath>;
}

export function useApiError() {
  const { message } = App.useApp();
  const { t, errorMessage } = useI18n();

  const fieldErrorText = useCallback(
    (fieldError: FieldError) => {
      const key = `error.${fieldError.code}`;
      const localised = t(key);
      return localised !== key ? localised : fieldError.message || t('error.validation.invalid');
    },
    [t],
  );

  /** A toast with the localised text of any error. */
  const showError = useCallback((e: unknown) => void message.error(errorMessage(e)), [message, errorMessage]);

  /**
   * Puts field errors on the form and shows a toast (listing the errors that have no field on screen).
   * `fieldFor` maps a pointer's name path to a form field when they differ (undefined: leave it to the
   * toast). `codeFields` places a domain error that came without pointers, e.g.
   * `{ 'directory.invalid_credit_code': ['creditCode'] }`.
   */
  const showFormError = useCallback(
    (form: FormInstance, e: unknown, options?: FormErrorOptions) => {
      if (!(e instanceof ApiError)) {
        showError(e);
        return;
      }
      const summary = errorMessage(e);
      if (e.errors.length === 0) {
        const name = options?.codeFields?.[e.code];
        if (name && fieldExists(form, name)) form.setFields([{ name, errors: [summary] }]);
        void message.error(summary);
        return;
      }
      const byField = new Map<string, { name: NamePath; errors: string[] }>();
      const unplaced: string[] = [];
      for (const fieldError of e.errors) {
        const path = pointerToNamePath(fieldError.pointer);
        const name = path.length ? (options?.fieldFor ? options.fieldFor(path) : path) : undefined;
        const text = fieldErrorText(fieldError);
        if (!name || !fieldExists(form, name)) {
          unplaced.push(text);
          continue;
        }
        const key = JSON.stringify(name);
        const entry = byField.get(key) ?? { name, errors: [] };
        entry.errors.push(text);
        byField.set(key, entry);
      }
      form.setFields([...byField.values()]);
      void message.error(unplaced.length ? `${summary}: ${unplaced.join('; ')}` : summary);
    },
    [showError, fieldErrorText, errorMessage, message],
  );

  return { showError, showFormError, fieldErrorText };
}

function fieldExists(form: FormInstance, name: NamePath): boolean {
  // A pointer to something the form does not show (e.g. a server-computed field) must go to the toast
  // instead of vanishing, so compare with the fields the form has registered. `strict` includes the
  // fields inside Form.List rows.
  const wanted = JSON.stringify(name);
  let found = false;
  form.getFieldsValue({
    strict: true,
    filter: (meta) => {
      if (meta && JSON.stringify(meta.name) === wanted) found = true;
      return false;
    },
  });
  return found;
}
