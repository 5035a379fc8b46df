// "Latest updates" on a campaign's donation page: what the organisation wrote and what the ledger
// paid, newest first, each with its date (and for a paid expense the invoice), plus the Atom feed.
// It loads on its own after the form: a slow or failed list never holds up a gift.
import { useCallback, useMemo } from 'react';
import {
  CampaignUpdatesClient,
  publicUpdatesFeedUrl,
  type PublicCampaignUpdate,
} from '../campaign-updates/campaign-updates-client';
import { UpdateBody } from '../campaign-updates/update-body';
import { useI18n } from '../i18n';
import { useApi, useRequest } from '../ui';
import { formatDay } from '../traceability/shared';
import '../styles/campaign-updates.css';

export const LATEST_UPDATES = 5;

export function LatestUpdates({ slug }: { readonly slug: string }) {
  const api = useApi();
  const client = useMemo(() => new CampaignUpdatesClient(api), [api]);
  const load = useCallback(
    (signal: AbortSignal) => client.latest(slug, LATEST_UPDATES, { signal }),
    [client, slug],
  );
  const state = useRequest(load);
  if (state.status !== 'ready' || state.data.items.length === 0) return null;
  return <LatestUpdatesList updates={state.data.items} feedUrl={publicUpdatesFeedUrl(slug)} />;
}

export function LatestUpdatesList({
  updates,
  feedUrl,
}: {
  readonly updates: readonly PublicCampaignUpdate[];
  readonly feedUrl: string;
}) {
  const { t, locale } = useI18n();
  return (
    <section className="updates" aria-labelledby="updates-heading" id="updates">
      <h2 id="updates-heading">{t('updates.title')}</h2>
      <ol className="updates-list">
        {updates.map((u) => (
          <li key={u.id} id={`update-${u.id}`}>
            <article className="update" aria-labelledby={`update-${u.id}-title`}>
              <h3 id={`update-${u.id}-title`} className="update-title" lang={u.language}>
                {u.title}
              </h3>
              <p className="meta update-meta">
                <time dateTime={u.publishedAt}>
                  {t('updates.published', { date: formatDay(u.publishedAt, locale) })}
                </time>
                {u.automatic && <span className="update-badge">{t('updates.automatic')}</span>}
              </p>
              <UpdateBody body={u.body} language={u.language} />
              {u.linkUrl && (
                <p>
                  <a href={u.linkUrl}>{t('updates.proof')}</a>
                </p>
              )}
            </article>
          </li>
        ))}
      </ol>
      <p className="meta">
        <a href={feedUrl} type="application/atom+xml">
          {t('updates.feed')}
        </a>
      </p>
    </section>
  );
}
