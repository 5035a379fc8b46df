// Projects that donations can be restricted to: the list with what each has raised and spent (from
// the ledger's public totals), and, for roles that may, a form to create one.
import { useCallback, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import { roleCan } from '../traceability/permissions';
import { ActionError, useLedgerClient } from '../traceability/shared';
import type { LedgerClient, Project } from '../traceability/ledger-client';
import { useSession, useSessionRequest } from './session';
import '../styles/traceability.css';

export function ProjectsPage() {
  const { t, money } = useI18n();
  const { user } = useSession();
  const client = useLedgerClient();
  const [created, setCreated] = useState<Project | null>(null);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [projects, totals] = await Promise.all([client.projects(signal), client.transparency(signal)]);
      return { projects: projects.items, totals };
    },
    // `created` is a dependency so that the list reloads after a project is created.
    [client, created],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true });
  useDocumentTitle(t('projects.title'));

  return (
    <div className="page tr-page">
      <div className="page-head">
        <h1>{t('projects.title')}</h1>
      </div>
      {roleCan(user.role, 'projects:write') && <CreateProject client={client} onCreated={setCreated} />}
      {created && (
        <p className="tr-success" role="status">
          {t('projects.created', { name: created.name })}
        </p>
      )}
      <section className="section" aria-label={t('projects.title')}>
        {state.status === 'loading' && <Loading />}
        {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
        {state.status === 'ready' &&
          (state.data.projects.length === 0 ? (
            <p className="empty">{t('projects.empty')}</p>
          ) : (
            <ul className="cards" data-testid="projects">
              {state.data.projects.map((p) => {
                const totals = state.data.totals.projects.find((x) => x.projectId === p.id);
                const cur = state.data.totals.currency;
                return (
                  <li key={p.id} className="card">
                    <h2 className="tr-card-title">{p.name}</h2>
                    <p className="meta">
                      <code>{p.slug}</code>
                    </p>
                    {p.description && <p className="muted">{p.description}</p>}
                    <dl className="tr-log">
                      <div>
                        <dt>{t('giving.raised')}</dt>
                        <dd>{money(totals?.raisedMinor ?? 0, cur)}</dd>
                      </div>
                      <div>
                        <dt>{t('giving.spent')}</dt>
                        <dd>{money(totals?.spentMinor ?? 0, cur)}</dd>
                      </div>
                      <div>
                        <dt>{t('giving.unspent')}</dt>
                        <dd>{money(totals?.unspentMinor ?? 0, cur)}</dd>
                      </div>
                    </dl>
                  </li>
                );
              })}
            </ul>
          ))}
      </section>
    </div>
  );
}

function CreateProject({
  client,
  onCreated,
}: {
  readonly client: LedgerClient;
  readonly onCreated: (project: Project) => void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [slug, setSlug] = useState('');
  const [description, setDescription] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const project = await client.createProject({
        name: name.trim(),
        slug: slug.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      setName('');
      setSlug('');
      setDescription('');
      onCreated(project);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="tr-disclosure card">
      <summary>{t('projects.create')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)}>
        <div className="tr-form-grid">
          <div className="field">
            <label htmlFor="project-name">{t('projects.name')}</label>
            <input
              id="project-name"
              required
              maxLength={200}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="project-slug">{t('projects.slug')}</label>
            <input
              id="project-slug"
              required
              maxLength={80}
              pattern="[a-z0-9]+(-[a-z0-9]+)*"
              aria-describedby="project-slug-hint"
              value={slug}
              onChange={(e) => setSlug(e.target.value)}
            />
            <span id="project-slug-hint" className="field-hint">
              {t('projects.slugHint')}
            </span>
          </div>
        </div>
        <div className="field">
          <label htmlFor="project-description">{t('projects.description')}</label>
          <textarea
            id="project-description"
            maxLength={5000}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
        </div>
        {error !== null && <ActionError error={error} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('projects.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}
