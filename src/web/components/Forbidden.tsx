import { Result } from 'antd';
import { useI18n } from '../i18n';

/** Shown when a signed-in user opens a page their roles do not cover. */
export function Forbidden() {
  const { t } = useI18n();
  return <Result status="403" title="403" subTitle={t('common.forbiddenPage')} />;
}

export function NotFound() {
  const { t } = useI18n();
  return <Result status="404" title="404" subTitle={t('common.notFoundPage')} />;
}
