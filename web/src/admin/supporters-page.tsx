// Supporters for staff: a searchable list read page by page, each with how they can be reached and
// their current consents, and, for roles that may, a form to add one with the consents they gave.
import { useCallback, useEffect, useMemo, useState, type FormEvent } from 'react';
import { SupportersApi, type CurrentConsent, type NewSupporter, type Supporter } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { Link } from '../router';
import { Loading, useApi, useDocumentTitle } from '../ui';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay } from '../traceability/shared';
import { useSession } from './session';
import {
  STAFF_CONSENT_OPTIONS,
  STAFF_CONSENT_VERSION,
  STAFF_SOURCES,
  staffConsent,
  wordingLanguage,
  type StaffSource,
} from './supporters-consent-wording';
import {
  detailsOf,
  emptyDraft,
  lacksContact,
  languageName,
  SupporterFields,
  type SupporterDraft,
} from './supporter-fields';
import '../styles/traceability.css';

const CHANNEL_LABELS: Readonly<Record<string, PlainMessageKey>> = {
  whatsapp: 'supporters.channel.whatsapp',
  email: 'supporters.channel.email',
  sms: 'supporters.channel.sms',
  webchat: 'supporters.channel.webchat',
  post: 'supporters.channel.post',
};
const PURPOSE_LABELS: Readonly<Record<string, PlainMessageKey>> = {
  service: 'supporters.purpose.service',
  fundraising: 'supporters.purpose.fundraising',
  news: 'supporters.purpose.news',
};
const SOURCE_LABELS: Readonly<Record<StaffSource, PlainMessageKey>> = {
  'in-person': 'supporters.source.in-person',
  paper: 'supporters.source.paper',
  phone: 'supporters.source.phone',
  email: 'supporters.source.email',
};

// Laid out here: the shared stylesheets have no wrapping badge row yet.
const BADGE_LIST = {
  display: 'flex',
  flexWrap: 'wrap',
  gap: '0.375rem',
  listStyle: 'none',
  padding: 0,
  margin: '0.5rem 0 0',
} as const;

export function useSupportersApi(): SupportersApi {
  const api = useApi();
  return useMemo(() => new SupportersApi(api), [api]);
}

/** "E-mail · news": a channel and purpose in words (unknown ones as sent). */
export function useConsentLabel() {
  const { t } = useI18n();
  return useCallback(
    (c: { readonly channel: string; readonly purpose: string }) => {
      const channel = CHANNEL_LABELS[c.channel];
      const purpose = PURPOSE_LABELS[c.purpose];
      return `${channel ? t(channel) : c.channel} · ${purpose ? t(purpose) : c.purpose}`;
    },
    [t],
  );
}

export function ConsentBadges({ consents }: { readonly consents: readonly CurrentConsent[] }) {
  const { t } = useI18n();
  const label = useConsentLabel();
  if (consents.length === 0) return <p className="meta">{t('supporters.noConsents')}</p>;
  const sorted = [...consents].sort((a, b) =>
    `${a.channel}|${a.purpose}`.localeCompare(`${b.channel}|${b.purpose}`),
  );
  return (
    <ul className="sp-badges" style={BADGE_LIST} aria-label={t('supporters.consents')}>
      {sorted.map((c) => (
        <li
          key={`${c.channel}|${c.purpose}`}
          className={`tr-badge ${c.status === 'granted' ? 'tr-badge-approved' : 'tr-badge-rejected'}`}
          data-consent={`${c.channel}:${c.purpose}:${c.status}`}
        >
          {label(c)}: {t(c.status === 'granted' ? 'supporters.status.granted' : 'supporters.status.revoked')}
        </li>
      ))}
    </ul>
  );
}

/** How the supporter can be reached: the channels they have an address on. */
export function reachableBy(s: Supporter): string[] {
  const out = new Set<string>();
  if (s.email) out.add('email');
  if (s.phone) {
    out.add('whatsapp');
    out.add('sms');
  }
  for (const c of s.consents) out.add(c.channel);
  return [...out];
}

export function SupportersList({
  items,
  search,
}: {
  readonly items: readonly Supporter[];
  readonly search: string;
}) {
  const { t, locale } = useI18n();
  if (items.length === 0) {
    return <p className="empty">{search ? t('supporters.noMatch', { search }) : t('supporters.empty')}</p>;
  }
  return (
    <ul className="tr-list" data-testid="supporters">
      {items.map((s) => (
        <li key={s.id} className="card tr-row" data-supporter={s.id}>
          <div className="tr-row-head">
            <h2 className="tr-card-title">
              <Link to={`/admin/supporters/${encodeURIComponent(s.id)}`}>
                {s.displayName ?? t('supporters.noName')}
              </Link>
            </h2>
            <span className="meta">{t('supporters.added', { date: formatDay(s.createdAt, locale) })}</span>
          </div>
          <p className="meta">{[s.email, s.phone].filter(Boolean).join(' · ')}</p>
          <p className="meta">
            {t('supporters.language')}: {languageName(s.language, locale)} · {t('supporters.channels')}:{' '}
            {reachableBy(s)
              .map((c) => {
                const key = CHANNEL_LABELS[c];
                return key ? t(key) : c;
              })
              .join(', ')}
          </p>
          <ConsentBadges consents={s.consents} />
        </li>
      ))}
    </ul>
  );
}

function initialSearch(): string {
  if (typeof location === 'undefined') return '';
  return new URLSearchParams(location.search).get('q') ?? '';
}

export function SupportersPage() {
  const { t } = useI18n();
  const { user, expire } = useSession();
  const client = useSupportersApi();
  const [search, setSearch] = useState(initialSearch);
  const [draft, setDraft] = useState(search);
  const [items, setItems] = useState<readonly Supporter[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [created, setCreated] = useState<Supporter | null>(null);
  useDocumentTitle(t('supporters.title'));

  const fail = useCallback(
    (e: unknown) => {
      if (typeof e === 'object' && e !== null && (e as { statusCode?: number }).statusCode === 401) expire();
      else setError(e);
    },
    [expire],
  );

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    setError(null);
    client.supporters({ search }, { signal: controller.signal }).then(
      (page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (e: unknown) => !controller.signal.aborted && fail(e),
    );
    return () => controller.abort();
  }, [client, search, created, fail]);

  const more = async () => {
    if (cursor === null) return;
    setBusy(true);
    try {
      const page = await client.supporters({ search, cursor });
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const submitSearch = (event: FormEvent) => {
    event.preventDefault();
    const next = draft.trim();
    const url = next ? `?q=${encodeURIComponent(next)}` : location.pathname;
    history.replaceState(history.state, '', url);
    setSearch(next);
  };

  return (
    <div className="page tr-page">
      <div className="page-head">
        <h1>{t('supporters.title')}</h1>
      </div>
      {roleCan(user.role, 'contacts:write') && <CreateSupporter client={client} onCreated={setCreated} />}
      {created && (
        <p className="tr-success" role="status">
          {t('supporters.created', {
            name: created.displayName ?? created.email ?? created.phone ?? created.id,
          })}{' '}
          <Link to={`/admin/supporters/${encodeURIComponent(created.id)}`}>{t('supporters.open')}</Link>
        </p>
      )}
      <form className="tr-filter" role="search" onSubmit={submitSearch}>
        <div className="field">
          <label htmlFor="supporter-search">{t('supporters.search')}</label>
          <input
            id="supporter-search"
            type="search"
            maxLength={100}
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
        </div>
        <button type="submit" className="button button-secondary">
          {t('supporters.searchSubmit')}
        </button>
      </form>
      <section className="section" aria-label={t('supporters.title')} aria-busy={items === null}>
        {error !== null && <ActionError error={error} />}
        {items === null ? error === null && <Loading /> : <SupportersList items={items} search={search} />}
        {cursor !== null && (
          <p>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => void more()}
            >
              {t('supporters.loadMore')}
            </button>
          </p>
        )}
      </section>
    </div>
  );
}

export function CreateSupporter({
  client,
  onCreated,
}: {
  readonly client: SupportersApi;
  readonly onCreated: (supporter: Supporter) => void;
}) {
  const { t, language: uiLanguage } = useI18n();
  const { user } = useSession();
  const [draft, setDraft] = useState<SupporterDraft>(() => emptyDraft(uiLanguage));
  const [source, setSource] = useState<StaffSource>('in-person');
  const [chosen, setChosen] = useState<ReadonlySet<number>>(new Set());
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingContact, setMissingContact] = useState(false);
  const wordingLang = wordingLanguage(draft.language);

  const toggle = (index: number) =>
    setChosen((prev) => {
      const next = new Set(prev);
      if (next.has(index)) next.delete(index);
      else next.add(index);
      return next;
    });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (lacksContact(draft)) {
      setMissingContact(true);
      return;
    }
    setMissingContact(false);
    setBusy(true);
    setError(null);
    try {
      const consents = STAFF_CONSENT_OPTIONS.filter((_, i) => chosen.has(i)).map((o) =>
        staffConsent(o, draft.language, source, user.id),
      );
      // A new supporter has nothing to clear: the empty fields are left out.
      const details = Object.fromEntries(
        Object.entries(detailsOf(draft)).filter(([, v]) => v !== null),
      ) as NewSupporter;
      const supporter = await client.createSupporter({ ...details, consents });
      setDraft((d) => ({ ...emptyDraft(d.language), timeZone: d.timeZone }));
      setChosen(new Set());
      onCreated(supporter);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const label = useConsentLabel();
  return (
    <details className="tr-disclosure card">
      <summary>{t('supporters.create')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)}>
        <SupporterFields
          idPrefix="supporter"
          draft={draft}
          onChange={setDraft}
          missingContact={missingContact}
        />
        <fieldset className="sp-consents">
          <legend>{t('supporters.consentsLegend')}</legend>
          <p className="field-hint">
            {t('supporters.consentsHint')}{' '}
            {t('supporters.wordingVersion', { version: STAFF_CONSENT_VERSION })}
          </p>
          <div className="field">
            <label htmlFor="supporter-source">{t('supporters.consentHow')}</label>
            <select
              id="supporter-source"
              value={source}
              onChange={(e) => setSource(e.target.value as StaffSource)}
            >
              {STAFF_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(SOURCE_LABELS[s])}
                </option>
              ))}
            </select>
          </div>
          {STAFF_CONSENT_OPTIONS.map((o, i) => (
            <div key={`${o.channel}|${o.purpose}`} className="field">
              <label>
                <input type="checkbox" checked={chosen.has(i)} onChange={() => toggle(i)} />{' '}
                <strong>{label(o)}</strong>
                <span className="muted" lang={wordingLang}>
                  {' '}
                  “{o.wording[wordingLang]}”
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        {error !== null && <ActionError error={error} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('supporters.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}
