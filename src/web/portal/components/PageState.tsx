// Loading, failure and "not found" states of portal pages, announced to screen readers.
import { Alert, Button, Flex, Spin } from 'antd';
import { Link } from 'react-router-dom';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n';
import { PageHead } from './PageHead';

export function PageSpinner() {
  const { t } = useI18n();
  return (
    <Flex align="center" justify="center" style={{ minHeight: 240 }} role="status">
      <Spin size="large" />
      <span className="zsp-visually-hidden">{t('portal.loading')}</span>
    </Flex>
  );
}

export function ErrorState(props: { error: unknown; onRetry?: () => void }) {
  const { t, errorMessage } = useI18n();
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      title={errorMessage(props.error)}
      action={props.onRetry ? <Button onClick={props.onRetry}>{t('portal.retry')}</Button> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

export const isNotFound = (error: unknown): boolean => error instanceof ApiError && error.status === 404;

export function NotFoundState(props: { withHead?: boolean }) {
  const { t } = useI18n();
  return (
    <section className="zsp-panel">
      {props.withHead !== false && <PageHead title={t('portal.notFound.title')} description={t('portal.notFound.text')} />}
      <h1 className="zsp-page-title">{t('portal.notFound.title')}</h1>
      <p>{t('portal.notFound.text')}</p>
      <p>
        <Link to="/dataset">{t('portal.notFound.search')}</Link> · <Link to="/portal">{t('portal.nav.home')}</Link>
      </p>
    </section>
  );
}
