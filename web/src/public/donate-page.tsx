// A campaign's donation page (/donate/:campaign): what the campaign is for, how far it has come, and
// the form. Also the page a chat payment link leads to once it has expired (/donate/link-expired).
import { useCallback, useRef, type ReactNode } from 'react';
import { isApiError, type CheckoutStart, type DonationPage, type PublicOrganisation } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { CampaignProgress, ErrorNotice, Loading, useApi, useDocumentTitle, useRequest } from '../ui';
import { LatestUpdates } from './campaign-updates-section';
import { DonateForm } from './donate-form';
import { useSepaOption, type SepaOption } from './sepa-mandate';

export function DonatePage({ slug, organisation }: { readonly slug: string; readonly organisation: string }) {
  const api = useApi();
  const { t, language } = useI18n();
  // The consent wording comes in the reader's language: switching language fetches it again.
  const load = useCallback(
    (signal: AbortSignal) => api.donationPage(slug, language, { signal }),
    [api, slug, language],
  );
  const state = useRequest(load);
  // SEPA Direct Debit for monthly gifts, when the organisation has set it up.
  const sepa = useSepaOption(api, language);
  // Switching language reloads the wording; the form stays (with what was typed) meanwhile.
  const shown = useRef<DonationPage | null>(null);
  if (state.status === 'ready') shown.current = state.data;
  const page = state.status === 'ready' ? state.data : state.status === 'loading' ? shown.current : null;
  useDocumentTitle(page ? page.campaign.name : t('donate.eyebrow'), organisation);

  if (page)
    return (
      <DonateView
        page={page}
        onSubmit={async (body) => (await api.startCheckout(body)).url}
        onConsentsChanged={state.retry}
        sepa={sepa}
        updates={<LatestUpdates slug={page.campaign.slug} />}
      />
    );
  if (state.status === 'loading')
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  if (state.status === 'failed') {
    if (isApiError(state.error, 'PAYMENT_CAMPAIGN_NOT_OPEN'))
      return (
        <div className="container page">
          <div className="empty-state">
            <h1>{t('donate.notOpenTitle')}</h1>
            <p className="muted">{t('donate.errorCampaignClosed')}</p>
            <p>
              <Link to="/" className="button button-secondary">
                {t('donate.toHome')}
              </Link>
            </p>
          </div>
        </div>
      );
    return (
      <div className="container page">
        <h1>{t('public.loadFailed')}</h1>
        <ErrorNotice error={state.error} onRetry={state.retry} />
      </div>
    );
  }
  return null;
}

export function DonateView({
  page,
  onSubmit,
  onConsentsChanged,
  updates,
  sepa = null,
}: {
  readonly page: DonationPage;
  readonly onSubmit: (body: CheckoutStart) => Promise<string>;
  readonly onConsentsChanged?: () => void;
  /** The campaign's latest updates, after the form (they load on their own). */
  readonly updates?: ReactNode;
  readonly sepa?: SepaOption | null;
}) {
  const { t, number } = useI18n();
  const { campaign } = page;
  return (
    <div className="container page donate">
      <section className="donate-intro" aria-labelledby="donate-heading">
        <p className="eyebrow">{t('donate.eyebrow')}</p>
        <h1 id="donate-heading">{campaign.name}</h1>
        {campaign.description && <p className="donate-lead">{campaign.description}</p>}
        <CampaignProgress campaign={{ ...campaign, id: campaign.slug }} />
        {campaign.donations > 0 && (
          <p className="muted">{t('donate.giftsSoFar', { count: number(campaign.donations) })}</p>
        )}
      </section>
      <section className="card donate-card" aria-labelledby="donate-form-heading">
        <h2 id="donate-form-heading">{t('donate.formTitle')}</h2>
        {page.sandbox && <p className="notice donate-sandbox">{t('donate.sandboxNotice')}</p>}
        <DonateForm
          page={page}
          onSubmit={onSubmit}
          sepa={sepa}
          {...(onConsentsChanged ? { onConsentsChanged } : {})}
        />
      </section>
      {updates}
    </div>
  );
}

/** Where /give/<token> sends the donor once the chat link has expired. */
export function DonateLinkExpiredPage({ profile }: { readonly profile: PublicOrganisation }) {
  const { t } = useI18n();
  useDocumentTitle(t('donate.linkExpiredTitle'), profile.organisation.name);
  return (
    <div className="container page">
      <div className="empty-state">
        <h1>{t('donate.linkExpiredTitle')}</h1>
        <p className="muted">{t('donate.linkExpiredBody')}</p>
      </div>
      {profile.campaigns.length > 0 && (
        <ul className="cards donate-expired-campaigns">
          {profile.campaigns.map((campaign) => (
            <li key={campaign.id} className="card">
              <h2>{campaign.name}</h2>
              <CampaignProgress campaign={campaign} />
              <p>
                <Link
                  to={`/donate/${encodeURIComponent(campaign.slug)}`}
                  className="button button-primary"
                  aria-label={t('donate.giveTo', { campaign: campaign.name })}
                >
                  {t('donate.give')}
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
