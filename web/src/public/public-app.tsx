// The public site: loads the organisation's public profile once, then routes its pages.
import { useCallback } from 'react';
import type { PublicOrganisation } from '../api';
import { useI18n } from '../i18n';
import { Link, matchRoutes, usePathname } from '../router';
import { ErrorNotice, LanguageSelect, Loading, Logo, NotFoundPage, useApi, useRequest } from '../ui';
import { CheckoutSandboxPage } from './checkout-sandbox-page';
import { DonateLinkExpiredPage, DonatePage } from './donate-page';
import { DonateThanksPage } from './donate-thanks-page';
import { EventPage, EventsListPage, ParticipantPage } from './events-pages';
import { HomePage } from './home-page';
import { PhonePage } from './phone-page';
import { PUBLIC_ROUTES, type PublicRouteId } from './public-routes';
import { TrackPage } from './track-page';
import { TransparencyPage } from './transparency-page';
import { RecurringPage } from './recurring-page';

export function PublicApp() {
  const api = useApi();
  const { t } = useI18n();
  const pathname = usePathname();
  const load = useCallback((signal: AbortSignal) => api.publicOrganisation({ signal }), [api]);
  const state = useRequest(load);
  const route = matchRoutes(PUBLIC_ROUTES, pathname);
  const organisation = state.status === 'ready' ? state.data.organisation : null;

  return (
    <div className="site">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="site-header">
        <div className="container site-header-inner">
          <Link to="/" className="brand">
            <Logo />
            <span className="brand-name">{organisation?.name ?? t('app.name')}</span>
          </Link>
          <LanguageSelect className="language-select-compact" />
        </div>
      </header>
      <main id="main" className="site-main" tabIndex={-1}>
        {state.status === 'loading' && (
          <div className="container page">
            <Loading />
          </div>
        )}
        {state.status === 'failed' && (
          <div className="container page">
            <h1>{t('public.loadFailed')}</h1>
            <ErrorNotice error={state.error} onRetry={state.retry} />
          </div>
        )}
        {state.status === 'ready' &&
          (route ? (
            <PublicPage id={route.id} params={route.params} profile={state.data} />
          ) : (
            <div className="container">
              <NotFoundPage home="/" homeLabel="notFound.toHome" />
            </div>
          ))}
      </main>
      <footer className="site-footer">
        <div className="container site-footer-inner">
          {organisation && <p>{organisation.legalName || organisation.name}</p>}
          <p>
            <Link to="/transparency">{t('transparency.link')}</Link>
          </p>
          <p className="muted">{t('public.poweredBy')}</p>
          <p>
            {/* The admin app is a separate page, so this is a plain link, not a router <Link>. */}
            <a href="/admin/">{t('public.staffSignIn')}</a>
          </p>
        </div>
      </footer>
    </div>
  );
}

function PublicPage({
  id,
  params,
  profile,
}: {
  readonly id: PublicRouteId;
  readonly params: Readonly<Record<string, string>>;
  readonly profile: PublicOrganisation;
}) {
  const organisation = profile.organisation.name;
  switch (id) {
    case 'home':
      return <HomePage profile={profile} />;
    case 'phone':
      return <PhonePage />;
    case 'track':
      return <TrackPage key={params.code} code={params.code ?? ''} />;
    case 'transparency':
      return <TransparencyPage profile={profile} />;
    case 'donate':
      return <DonatePage key={params.campaign} slug={params.campaign ?? ''} organisation={organisation} />;
    case 'donateLinkExpired':
      return <DonateLinkExpiredPage profile={profile} />;
    case 'donateThanks':
      return <DonateThanksPage checkoutId={params.checkout ?? ''} organisation={organisation} />;
    case 'checkoutSandbox':
      return <CheckoutSandboxPage sessionId={params.session ?? ''} organisation={organisation} />;
    case 'recurring':
    case 'recurringAlias':
      return <RecurringPage token={params.token ?? ''} organisation={organisation} />;
    case 'events':
      return <EventsListPage organisation={organisation} />;
    case 'event':
      return <EventPage key={params.slug} slug={params.slug ?? ''} organisation={organisation} />;
    case 'eventMine':
      return <ParticipantPage key={params.token} token={params.token ?? ''} organisation={organisation} />;
  }
}
