// An honest empty state for a section whose feature has not been built yet.
import { useI18n } from '../i18n';
import { Icon, useDocumentTitle } from '../ui';
import { COMING_SOON, NAV_ITEMS, type ComingSoonSection } from './admin-routes';

export function ComingSoonPage({ section }: { readonly section: ComingSoonSection }) {
  const { t } = useI18n();
  const nav = NAV_ITEMS.find((item) => item.id === section);
  const copy = COMING_SOON[section];
  const title = nav ? t(nav.label) : section;
  useDocumentTitle(title);
  return (
    <div className="page">
      <div className="page-head">
        <h1>{title}</h1>
      </div>
      <div className="empty-state">
        {nav && (
          <span className="empty-state-icon">
            <Icon name={nav.icon} />
          </span>
        )}
        <p className="empty-state-lead">{t(copy.lead)}</p>
        <p className="muted">{t(copy.body)}</p>
      </div>
    </div>
  );
}
