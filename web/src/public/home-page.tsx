// The organisation's home page: who it is, what it is raising money for, and its projects.
import type { PublicOrganisation } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { CampaignProgress, useDocumentTitle } from '../ui';

export function HomePage({ profile }: { readonly profile: PublicOrganisation }) {
  const { t } = useI18n();
  const { organisation, campaigns, projects } = profile;
  useDocumentTitle(organisation.name, organisation.name);
  return (
    <>
      <section className="hero" aria-labelledby="hero-heading">
        <div className="container">
          <h1 id="hero-heading">{organisation.name}</h1>
          {organisation.description && <p className="hero-lead">{organisation.description}</p>}
          <p className="hero-actions">
            <Link to="/transparency" className="button button-secondary">
              {t('transparency.link')}
            </Link>{' '}
            <Link to="/events" className="button button-secondary">
              {t('eventsPublic.title')}
            </Link>
          </p>
        </div>
      </section>

      <div className="container">
        <section className="section" aria-labelledby="campaigns-heading">
          <h2 id="campaigns-heading">{t('public.campaigns')}</h2>
          {campaigns.length === 0 ? (
            <p className="empty">{t('public.noCampaigns')}</p>
          ) : (
            <ul className="cards">
              {campaigns.map((campaign) => (
                <li key={campaign.id} className="card">
                  <h3>{campaign.name}</h3>
                  {campaign.description && <p className="muted">{campaign.description}</p>}
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
        </section>

        <section className="section" aria-labelledby="projects-heading">
          <h2 id="projects-heading">{t('public.projects')}</h2>
          {projects.length === 0 ? (
            <p className="empty">{t('public.noProjects')}</p>
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
    </>
  );
}
