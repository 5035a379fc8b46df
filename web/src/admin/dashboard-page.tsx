// The organisation at a glance: its totals, its campaigns' progress towards their goals, its projects.
import { useCallback } from 'react';
import type { Dashboard, DashboardTotals } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { CampaignProgress, ErrorNotice, Loading, useApi, useDocumentTitle } from '../ui';
import { useSessionRequest } from './session';

const TOTALS: readonly { readonly field: keyof DashboardTotals; readonly label: PlainMessageKey }[] = [
  { field: 'supporters', label: 'totals.supporters' },
  { field: 'campaigns', label: 'totals.campaigns' },
  { field: 'projects', label: 'totals.projects' },
  { field: 'whatsappOptIns', label: 'totals.whatsappOptIns' },
  { field: 'emailOptIns', label: 'totals.emailOptIns' },
];

export function DashboardPage() {
  const api = useApi();
  const { t } = useI18n();
  const load = useCallback((signal: AbortSignal) => api.dashboard({ signal }), [api]);
  const state = useSessionRequest(load);
  useDocumentTitle(t('dashboard.title'));

  if (state.status !== 'ready') {
    return (
      <div className="page">
        <h1>{t('dashboard.title')}</h1>
        {state.status === 'loading' ? <Loading /> : <ErrorNotice error={state.error} onRetry={state.retry} />}
      </div>
    );
  }
  return <DashboardView dashboard={state.data} receivedAt={state.receivedAt} />;
}

export function DashboardView({ dashboard, receivedAt }: { dashboard: Dashboard; receivedAt: Date }) {
  const { t, number, money, dateTime } = useI18n();
  const { organisation, totals, giving, campaigns, projects } = dashboard;
  return (
    <div className="page">
      <div className="page-head">
        <p className="eyebrow">{t('dashboard.title')}</p>
        <h1>{organisation.name}</h1>
        {organisation.legalName && organisation.legalName !== organisation.name && (
          <p className="muted">{organisation.legalName}</p>
        )}
        <p className="meta">{t('common.updatedAt', { time: dateTime(receivedAt) })}</p>
      </div>

      <section className="section" aria-labelledby="totals-heading">
        <h2 id="totals-heading" className="visually-hidden">
          {t('dashboard.totals')}
        </h2>
        <dl className="stats">
          <div className="stat">
            <dt>{t('giving.raised')}</dt>
            <dd>{money(giving.raisedMinor, organisation.currency)}</dd>
          </div>
          <div className="stat">
            <dt>{t('giving.spent')}</dt>
            <dd>{money(giving.spentMinor, organisation.currency)}</dd>
          </div>
          <div className="stat">
            <dt>{t('giving.unspent')}</dt>
            <dd>{money(giving.unspentMinor, organisation.currency)}</dd>
          </div>
          <div className="stat">
            <dt>{t('giving.donations')}</dt>
            <dd>{number(giving.donations)}</dd>
          </div>
          {TOTALS.map(({ field, label }) => (
            <div key={field} className="stat">
              <dt>{t(label)}</dt>
              <dd>{number(totals[field])}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="section" aria-labelledby="campaigns-heading">
        <h2 id="campaigns-heading">{t('dashboard.campaigns')}</h2>
        {campaigns.length === 0 ? (
          <p className="empty">{t('dashboard.noCampaigns')}</p>
        ) : (
          <ul className="cards">
            {campaigns.map((campaign) => (
              <li key={campaign.id} className="card">
                <h3>{campaign.name}</h3>
                <CampaignProgress campaign={campaign} />
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="section" aria-labelledby="projects-heading">
        <h2 id="projects-heading">{t('dashboard.projects')}</h2>
        {projects.length === 0 ? (
          <p className="empty">{t('dashboard.noProjects')}</p>
        ) : (
          <ul className="cards">
            {projects.map((project) => (
              <li key={project.id} className="card">
                <h3>{project.name}</h3>
                {project.description && <p className="muted">{project.description}</p>}
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
