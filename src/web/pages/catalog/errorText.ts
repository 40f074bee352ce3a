// The text for one field or cell error: the console's own translation of its code when there is one,
// otherwise the server's message as it is (import reasons often come as "中文 / English" with the allowed
// values at the end, which a translation of the code alone would lose).
import { useI18n } from '../../i18n';

export function useErrorText(): (code: string | undefined, fallback: string) => string {
  const { t } = useI18n();
  return (code, fallback) => {
    if (code) {
      // Catalog-specific wording first, then the console-wide one.
      for (const key of [`catalog.fieldError.${code}`, `error.${code}`]) {
        const text = t(key);
        if (text !== key) return text;
      }
    }
    return fallback;
  };
}
