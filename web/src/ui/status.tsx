// Loading and error states shared by every page that waits for the server.
import { useI18n } from '../i18n';
import { errorText } from './error-text';

export function Loading() {
  const { t } = useI18n();
  return (
    <p className="status status-loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {t('common.loading')}
    </p>
  );
}

export function ErrorNotice({ error, onRetry }: { readonly error: unknown; readonly onRetry?: () => void }) {
  const { t } = useI18n();
  const { key, requestId } = errorText(error);
  return (
    <div className="status status-error" role="alert">
      <p>{t(key)}</p>
      {requestId && <p className="status-reference">{t('errors.reference', { requestId })}</p>}
      {onRetry && (
        <button type="button" className="button button-secondary" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
