// Shown for an address that no route knows, in either app.
import { useI18n, type PlainMessageKey } from '../i18n';
import { Link } from '../router';
import { useDocumentTitle } from './use-document-title';

export function NotFoundPage({
  home,
  homeLabel,
}: {
  readonly home: string;
  readonly homeLabel: PlainMessageKey;
}) {
  const { t } = useI18n();
  useDocumentTitle(t('notFound.title'));
  return (
    <div className="page">
      <div className="empty-state">
        <h1>{t('notFound.title')}</h1>
        <p className="muted">{t('notFound.body')}</p>
        <p>
          <Link to={home} className="button button-secondary">
            {t(homeLabel)}
          </Link>
        </p>
      </div>
    </div>
  );
}
