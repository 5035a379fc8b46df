// Virtual events for staff: each with its dates, goal and progress, totals and public page; for roles
// that may change campaigns, a form to create one and buttons to publish, close or reopen it; for
// everyone, the leaderboard, the participants and the activities they logged, loaded when opened.
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import type { Campaign } from '../api';
import {
  EventsApi,
  type EventKind,
  type EventStatus,
  type LocalizedText,
  type NewEvent,
  type StaffActivity,
  type StaffEvent,
} from '../events/events-api';
import { formatDistance, formatDuration, parseKilometres } from '../events/figures';
import { DistanceProgress, KIND_LABELS, Leaderboard, localized } from '../events/events-ui';
import { LANGUAGES, LANGUAGE_NAMES, useI18n, type Language, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useApi, useDocumentTitle } from '../ui';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay } from '../traceability/shared';
import { useSession, useSessionRequest } from './session';
import { useSupportersApi } from './supporters-page';
import '../styles/traceability.css';
import '../styles/events.css';

const STATUS_LABELS: Readonly<Record<EventStatus, PlainMessageKey>> = {
  draft: 'events.status.draft',
  published: 'events.status.published',
  closed: 'events.status.closed',
};
const STATUS_BADGE: Readonly<Record<EventStatus, string>> = {
  draft: 'tr-badge-draft',
  published: 'tr-badge-approved',
  closed: 'tr-badge-rejected',
};
const SOURCE_LABELS: Readonly<Record<StaffActivity['source'], PlainMessageKey>> = {
  chat: 'events.source.chat',
  web: 'events.source.web',
  admin: 'events.source.admin',
};
const CHANNEL_LABELS: Readonly<Record<string, PlainMessageKey>> = {
  web: 'events.channel.web',
  whatsapp: 'events.channel.whatsapp',
  webchat: 'events.channel.webchat',
  email: 'events.channel.email',
  sms: 'events.channel.sms',
  admin: 'events.channel.admin',
};

export function useEventsApi(): EventsApi {
  const api = useApi();
  return useMemo(() => new EventsApi(api), [api]);
}

export function EventsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const client = useEventsApi();
  const supporters = useSupportersApi();
  const api = useApi();
  const [changed, setChanged] = useState<{ readonly event: StaffEvent; readonly created: boolean } | null>(
    null,
  );
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [events, campaigns, org] = await Promise.all([
        client.list({ signal }),
        supporters.campaigns({ signal }),
        api.publicOrganisation({ signal }),
      ]);
      return { events: events.items, campaigns: campaigns.items, orgLanguage: org.organisation.language };
    },
    // `changed` reloads the list after a create or a status change.
    [client, supporters, api, changed],
  );
  const state = useSessionRequest(load);
  useDocumentTitle(t('events.title'));
  const canWrite = roleCan(user.role, 'campaigns:write');

  return (
    <div className="page tr-page ev-admin">
      <div className="page-head">
        <h1>{t('events.title')}</h1>
        <p className="muted">{t('events.intro')}</p>
      </div>
      {canWrite && state.status === 'ready' && (
        <CreateEvent
          client={client}
          campaigns={state.data.campaigns}
          orgLanguage={state.data.orgLanguage}
          onCreated={(event) => setChanged({ event, created: true })}
        />
      )}
      {changed && (
        <p className="tr-success" role="status">
          {t(changed.created ? 'events.created' : 'events.saved', {
            name: localized(changed.event.title, user.language),
          })}
        </p>
      )}
      <section className="section" aria-label={t('events.title')}>
        {state.status === 'loading' && <Loading />}
        {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
        {state.status === 'ready' && (
          <EventsList
            events={state.data.events}
            campaigns={state.data.campaigns}
            client={client}
            canWrite={canWrite}
            orgLanguage={state.data.orgLanguage}
            onSaved={(event) => setChanged({ event, created: false })}
          />
        )}
      </section>
    </div>
  );
}

export function EventsList({
  events,
  campaigns,
  client,
  canWrite,
  orgLanguage,
  onSaved,
}: {
  readonly events: readonly StaffEvent[];
  readonly campaigns: readonly Campaign[];
  readonly client: EventsApi;
  /** Without campaigns:write no publish, close or edit buttons are shown. */
  readonly canWrite: boolean;
  /** The organisation's language: an event's main title is in it, the others are translations. */
  readonly orgLanguage: string;
  readonly onSaved: (event: StaffEvent) => void;
}) {
  const { t, language, locale, number } = useI18n();
  if (events.length === 0) return <p className="empty">{t('events.empty')}</p>;
  // Latest first: the one being prepared or running is usually the newest.
  const ordered = [...events].reverse();
  return (
    <ul className="cards" data-testid="events">
      {ordered.map((e) => {
        const title = localized(e.title, language);
        const campaign = campaigns.find((c) => c.id === e.campaignId);
        return (
          <li key={e.id} className="card" data-event={e.slug}>
            <div className="tr-row-head">
              <h2 className="tr-card-title">{title}</h2>
              <span className={`tr-badge ${STATUS_BADGE[e.status]}`}>{t(STATUS_LABELS[e.status])}</span>
            </div>
            <p className="meta">
              <code>{e.slug}</code> · {t(KIND_LABELS[e.kind])} ·{' '}
              {t('events.dates', { from: formatDay(e.startsAt, locale), to: formatDay(e.endsAt, locale) })}
              {e.status !== 'draft' && (
                <>
                  {' '}
                  · <a href={`/events/${encodeURIComponent(e.slug)}`}>{t('events.publicPage')}</a>
                </>
              )}
            </p>
            {campaign && (
              <p className="meta">
                {t('events.campaign')}: {campaign.name}
              </p>
            )}
            <DistanceProgress
              label={title}
              metres={e.totals.distanceMetres}
              goalMetres={e.totals.goalMetres}
            />
            <dl className="tr-log">
              <div>
                <dt>{t('events.participants')}</dt>
                <dd>{number(e.totals.participants)}</dd>
              </div>
              <div>
                <dt>{t('events.activities')}</dt>
                <dd>{number(e.totals.activities)}</dd>
              </div>
              <div>
                <dt>{t('events.distance')}</dt>
                <dd>{formatDistance(e.totals.distanceMetres, locale)}</dd>
              </div>
              <div>
                <dt>{t('events.time')}</dt>
                <dd>{formatDuration(e.totals.durationSeconds)}</dd>
              </div>
            </dl>
            {canWrite && <StatusActions client={client} event={e} onSaved={onSaved} />}
            {canWrite && (
              <EditEvent
                key={e.updatedAt}
                client={client}
                campaigns={campaigns}
                orgLanguage={orgLanguage}
                event={e}
                onSaved={onSaved}
              />
            )}
            <details className="tr-disclosure">
              <summary>{t('events.details')}</summary>
              <EventDetails client={client} eventId={e.id} />
            </details>
          </li>
        );
      })}
    </ul>
  );
}

function StatusActions({
  client,
  event,
  onSaved,
}: {
  readonly client: EventsApi;
  readonly event: StaffEvent;
  readonly onSaved: (event: StaffEvent) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = async (status: EventStatus) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await client.update(event.id, { status }));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const next: { status: EventStatus; label: PlainMessageKey } =
    event.status === 'draft'
      ? { status: 'published', label: 'events.publish' }
      : event.status === 'published'
        ? { status: 'closed', label: 'events.close' }
        : { status: 'published', label: 'events.reopen' };
  return (
    <>
      <p className="tr-actions">
        <button
          type="button"
          className={`button ${event.status === 'draft' ? 'button-primary' : 'button-secondary'}`}
          disabled={busy}
          onClick={() => void set(next.status)}
        >
          {t(next.label)}
        </button>
      </p>
      {error !== null && <ActionError error={error} />}
    </>
  );
}

/** The leaderboard, participants and activities of one event, loaded when the section is opened. */
function EventDetails({ client, eventId }: { readonly client: EventsApi; readonly eventId: string }) {
  const { t, locale, number } = useI18n();
  const [more, setMore] = useState<{ items: readonly StaffActivity[]; next: string | null } | null>(null);
  const [moreError, setMoreError] = useState<unknown>(null);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [detail, participants, activities] = await Promise.all([
        client.detail(eventId, { signal }),
        client.participants(eventId, { signal }),
        client.activities(eventId, null, { signal }),
      ]);
      return { leaderboard: detail.leaderboard, participants: participants.items, activities };
    },
    [client, eventId],
  );
  const state = useSessionRequest(load);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <ErrorNotice error={state.error} onRetry={state.retry} />;
  const { leaderboard, participants, activities } = state.data;
  const shown = [...activities.items, ...(more?.items ?? [])];
  const next = more ? more.next : activities.nextCursor;
  const loadMore = async () => {
    if (!next) return;
    setMoreError(null);
    try {
      const page = await client.activities(eventId, next);
      setMore({ items: [...(more?.items ?? []), ...page.items], next: page.nextCursor });
    } catch (e) {
      setMoreError(e);
    }
  };
  return (
    <div className="ev-details">
      <h3>{t('events.leaderboard')}</h3>
      <Leaderboard entries={leaderboard} />
      <h3>{t('events.participants')}</h3>
      {participants.length === 0 ? (
        <p className="empty">{t('events.noParticipants')}</p>
      ) : (
        <div className="tr-table-scroll">
          <table className="tr-table" data-testid="event-participants">
            <thead>
              <tr>
                <th scope="col">{t('events.participantName')}</th>
                <th scope="col">{t('events.channel')}</th>
                <th scope="col">{t('events.signedUp')}</th>
                <th scope="col" className="tr-num">
                  {t('events.activities')}
                </th>
                <th scope="col" className="tr-num">
                  {t('events.distance')}
                </th>
                <th scope="col" className="tr-num">
                  {t('events.time')}
                </th>
              </tr>
            </thead>
            <tbody>
              {participants.map((p) => (
                <tr key={p.id}>
                  <td>
                    <a href={`/admin/supporters/${encodeURIComponent(p.contactId)}`}>
                      {p.displayName ?? t('events.unnamed')}
                    </a>
                  </td>
                  <td>{CHANNEL_LABELS[p.channel] ? t(CHANNEL_LABELS[p.channel]!) : p.channel}</td>
                  <td>{formatDay(p.createdAt, locale)}</td>
                  <td className="tr-num">{number(p.activities)}</td>
                  <td className="tr-num">{formatDistance(p.distanceMetres, locale)}</td>
                  <td className="tr-num">
                    {p.durationSeconds > 0 ? formatDuration(p.durationSeconds) : '—'}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3>{t('events.activities')}</h3>
      {shown.length === 0 ? (
        <p className="empty">{t('events.noActivities')}</p>
      ) : (
        <div className="tr-table-scroll">
          <table className="tr-table" data-testid="event-activities">
            <thead>
              <tr>
                <th scope="col">{t('events.day')}</th>
                <th scope="col">{t('events.participantName')}</th>
                <th scope="col" className="tr-num">
                  {t('events.distance')}
                </th>
                <th scope="col" className="tr-num">
                  {t('events.time')}
                </th>
                <th scope="col">{t('events.source')}</th>
                <th scope="col">{t('events.note')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((a) => (
                <tr key={a.id}>
                  <td>{formatDay(a.date, locale)}</td>
                  <td>{a.displayName ?? t('events.unnamed')}</td>
                  <td className="tr-num">
                    {a.distanceMetres === null ? '—' : formatDistance(a.distanceMetres, locale)}
                  </td>
                  <td className="tr-num">
                    {a.durationSeconds === null ? '—' : formatDuration(a.durationSeconds)}
                  </td>
                  <td>{t(SOURCE_LABELS[a.source])}</td>
                  <td>{a.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next && (
        <p>
          <button type="button" className="button button-quiet" onClick={() => void loadMore()}>
            {t('events.loadMore')}
          </button>
        </p>
      )}
      {moreError !== null && <ErrorNotice error={moreError} />}
    </div>
  );
}

// ---- creating an event -----------------------------------------------------------------------------

interface EventFields {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly kind: EventKind;
  readonly startsOn: string;
  readonly endsOn: string;
  readonly goal: string;
  readonly campaignId: string;
  readonly status: EventStatus;
  /** Other languages' title and description, by language. */
  readonly translations: Readonly<Partial<Record<Language, { title: string; description: string }>>>;
}

const EMPTY: EventFields = {
  slug: '',
  title: '',
  description: '',
  kind: 'run',
  startsOn: '',
  endsOn: '',
  goal: '',
  campaignId: '',
  status: 'draft',
  translations: {},
};

/** The request body for the fields, or the key of what is wrong with them. */
export function eventBody(
  f: EventFields,
  orgLanguage: string,
): { readonly body: NewEvent } | { readonly error: PlainMessageKey } {
  let goalMetres: number | null = null;
  if (f.goal.trim() !== '') {
    goalMetres = parseKilometres(f.goal);
    if (goalMetres === null || goalMetres <= 0) return { error: 'events.invalidGoal' };
  }
  if (!f.startsOn || !f.endsOn || f.endsOn < f.startsOn) return { error: 'events.invalidDates' };
  const others = Object.entries(f.translations).filter(([, v]) => v && v.title.trim() !== '');
  const text = (pick: (v: { title: string; description: string }) => string, main: string): LocalizedText => {
    if (others.length === 0) return main.trim();
    const out: Record<string, string> = { [orgLanguage]: main.trim() };
    for (const [language, v] of others) if (v && pick(v).trim() !== '') out[language] = pick(v).trim();
    return out;
  };
  return {
    body: {
      slug: f.slug.trim(),
      title: text((v) => v.title, f.title),
      description: text((v) => v.description, f.description),
      kind: f.kind,
      // The event runs from the first day's start to the last day's end (UTC).
      startsAt: `${f.startsOn}T00:00:00.000Z`,
      endsAt: `${f.endsOn}T23:59:59.000Z`,
      goalMetres,
      campaignId: f.campaignId || null,
      status: f.status,
    },
  };
}

/** Staff fields from a stored event, to correct it: the organisation's language is the main text. */
export function fieldsOf(event: StaffEvent, orgLanguage: string): EventFields {
  const split = (text: LocalizedText): { main: string; others: Partial<Record<Language, string>> } => {
    if (typeof text === 'string') return { main: text, others: {} };
    const entries = Object.entries(text) as [Language, string][];
    const mainLanguage = text[orgLanguage as Language] !== undefined ? orgLanguage : entries[0]?.[0];
    return {
      main: entries.find(([l]) => l === mainLanguage)?.[1] ?? '',
      others: Object.fromEntries(entries.filter(([l]) => l !== mainLanguage)),
    };
  };
  const title = split(event.title);
  const description = split(event.description);
  const translations: Partial<Record<Language, { title: string; description: string }>> = {};
  for (const language of LANGUAGES) {
    const t = title.others[language] ?? '';
    const d = description.others[language] ?? '';
    if (t !== '' || d !== '') translations[language] = { title: t, description: d };
  }
  return {
    slug: event.slug,
    title: title.main,
    description: description.main,
    kind: event.kind,
    startsOn: event.startsAt.slice(0, 10),
    endsOn: event.endsAt.slice(0, 10),
    goal: event.goalMetres === null ? '' : String(event.goalMetres / 1000),
    campaignId: event.campaignId ?? '',
    status: event.status,
    translations,
  };
}

function CreateEvent(props: {
  readonly client: EventsApi;
  readonly campaigns: readonly Campaign[];
  readonly orgLanguage: string;
  readonly onCreated: (event: StaffEvent) => void;
}) {
  const { t } = useI18n();
  return (
    <details className="tr-disclosure card">
      <summary>{t('events.create')}</summary>
      <EventForm {...props} onDone={props.onCreated} />
    </details>
  );
}

/** Title, description, translations, dates, goal and campaign of an event already made (not its slug). */
function EditEvent(props: {
  readonly client: EventsApi;
  readonly campaigns: readonly Campaign[];
  readonly orgLanguage: string;
  readonly event: StaffEvent;
  readonly onSaved: (event: StaffEvent) => void;
}) {
  const { t } = useI18n();
  return (
    <details className="tr-disclosure">
      <summary>{t('events.edit')}</summary>
      <EventForm {...props} editing={props.event} onDone={props.onSaved} />
    </details>
  );
}

function EventForm({
  client,
  campaigns,
  orgLanguage,
  editing,
  onDone,
}: {
  readonly client: EventsApi;
  readonly campaigns: readonly Campaign[];
  readonly orgLanguage: string;
  /** The event being corrected; without it the form creates one. */
  readonly editing?: StaffEvent;
  readonly onDone: (event: StaffEvent) => void;
}) {
  const { t } = useI18n();
  const initial = editing ? fieldsOf(editing, orgLanguage) : EMPTY;
  const [fields, setFields] = useState<EventFields>(initial);
  const [invalid, setInvalid] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = (name: string) => (editing ? `event-${editing.id}-${name}` : `event-${name}`);
  const set =
    <K extends keyof EventFields>(key: K) =>
    (e: { target: { value: string } }) =>
      setFields((f) => ({ ...f, [key]: e.target.value }));
  const setTranslation = (language: Language, part: 'title' | 'description', value: string) =>
    setFields((f) => {
      const current = f.translations[language] ?? { title: '', description: '' };
      return { ...f, translations: { ...f.translations, [language]: { ...current, [part]: value } } };
    });
  const otherLanguages = LANGUAGES.filter((l) => l !== orgLanguage);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = eventBody(fields, orgLanguage);
    if ('error' in checked) {
      setInvalid(checked.error);
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      if (editing) {
        // The slug is in every link already shared; the status has its own buttons.
        const b = checked.body;
        onDone(
          await client.update(editing.id, {
            title: b.title,
            description: b.description ?? '',
            kind: b.kind,
            startsAt: b.startsAt,
            endsAt: b.endsAt,
            goalMetres: b.goalMetres ?? null,
            campaignId: b.campaignId ?? null,
          }),
        );
      } else {
        const created = await client.create(checked.body);
        setFields(EMPTY);
        onDone(created);
      }
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="tr-form"
      aria-label={t(editing ? 'events.edit' : 'events.create')}
      onSubmit={(e) => void submit(e)}
    >
      <div className="field">
        <label htmlFor={id('slug')}>{t('events.slug')}</label>
        <input
          id={id('slug')}
          required
          maxLength={80}
          pattern="[a-z0-9]+(-[a-z0-9]+)*"
          readOnly={editing !== undefined}
          aria-describedby={id('slug-hint')}
          value={fields.slug}
          onChange={set('slug')}
        />
        <span id={id('slug-hint')} className="field-hint">
          {t('events.slugHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={id('title')}>{t('events.name')}</label>
        <input id={id('title')} required maxLength={200} value={fields.title} onChange={set('title')} />
      </div>
      <div className="field">
        <label htmlFor={id('description')}>{t('events.description')}</label>
        <textarea
          id={id('description')}
          maxLength={5000}
          value={fields.description}
          onChange={set('description')}
        />
      </div>
      <details className="tr-disclosure">
        <summary>{t('events.translations')}</summary>
        {otherLanguages.map((language) => (
          <div key={language} className="tr-form-grid">
            <div className="field">
              <label htmlFor={id(`title-${language}`)}>
                {t('events.translationTitle', { language: LANGUAGE_NAMES[language] })}
              </label>
              <input
                id={id(`title-${language}`)}
                lang={language}
                maxLength={200}
                value={fields.translations[language]?.title ?? ''}
                onChange={(e) => setTranslation(language, 'title', e.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={id(`description-${language}`)}>
                {t('events.translationDescription', { language: LANGUAGE_NAMES[language] })}
              </label>
              <textarea
                id={id(`description-${language}`)}
                lang={language}
                maxLength={5000}
                value={fields.translations[language]?.description ?? ''}
                onChange={(e) => setTranslation(language, 'description', e.target.value)}
              />
            </div>
          </div>
        ))}
      </details>
      <div className="tr-form-grid">
        <div className="field">
          <label htmlFor={id('kind')}>{t('events.kind')}</label>
          <select id={id('kind')} value={fields.kind} onChange={set('kind')}>
            {(Object.keys(KIND_LABELS) as EventKind[]).map((kind) => (
              <option key={kind} value={kind}>
                {t(KIND_LABELS[kind])}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('starts')}>{t('events.startsAt')}</label>
          <input
            id={id('starts')}
            type="date"
            required
            value={fields.startsOn}
            aria-invalid={invalid === 'events.invalidDates' || undefined}
            aria-describedby={invalid ? id('invalid') : undefined}
            onChange={set('startsOn')}
          />
        </div>
        <div className="field">
          <label htmlFor={id('ends')}>{t('events.endsAt')}</label>
          <input
            id={id('ends')}
            type="date"
            required
            value={fields.endsOn}
            aria-invalid={invalid === 'events.invalidDates' || undefined}
            aria-describedby={invalid ? id('invalid') : undefined}
            onChange={set('endsOn')}
          />
        </div>
        <div className="field">
          <label htmlFor={id('goal')}>{t('events.goal')}</label>
          <input
            id={id('goal')}
            inputMode="decimal"
            value={fields.goal}
            aria-invalid={invalid === 'events.invalidGoal' || undefined}
            aria-describedby={invalid ? `${id('goal-hint')} ${id('invalid')}` : id('goal-hint')}
            onChange={set('goal')}
          />
          <span id={id('goal-hint')} className="field-hint">
            {t('events.goalHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor={id('campaign')}>{t('events.campaign')}</label>
          <select id={id('campaign')} value={fields.campaignId} onChange={set('campaignId')}>
            <option value="">{t('events.noCampaign')}</option>
            {campaigns.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        {!editing && (
          <div className="field">
            <label htmlFor={id('status')}>{t('events.status')}</label>
            <select id={id('status')} value={fields.status} onChange={set('status')}>
              <option value="draft">{t('events.status.draft')}</option>
              <option value="published">{t('events.status.published')}</option>
            </select>
          </div>
        )}
      </div>
      {invalid && (
        <p id={id('invalid')} className="status status-error" role="alert">
          {t(invalid)}
        </p>
      )}
      {error !== null && <ActionError error={error} />}
      <p>
        <button type="submit" className="button button-primary" disabled={busy}>
          {t(editing ? 'events.save' : 'events.submit')}
        </button>
      </p>
    </form>
  );
}
