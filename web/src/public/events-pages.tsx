// The public event pages: /events (what is on), /events/:slug (an event's progress, leaderboard, the
// campaign it supports and the sign-up form) and /events/me/:token (a participant's own page, reached by
// their personal link, where they log activities without signing in).
import { useCallback, useId, useMemo, useRef, useState, type FormEvent } from 'react';
import { isApiError } from '../api';
import {
  EventsApi,
  type ActivityLogged,
  type EventPage as EventPageData,
  type EventSignedUp,
  type EventSignup,
  type NewActivity,
  type ParticipantPage as ParticipantPageData,
  type PublicEvent,
} from '../events/events-api';
import { DistanceProgress, KIND_LABELS, Leaderboard } from '../events/events-ui';
import { formatDistance, formatDuration, submissionKey } from '../events/figures';
import {
  activityErrorPlacement,
  consentKey,
  signupErrorPlacement,
  validateActivity,
  validateSignup,
  type ActivityErrors,
  type ActivityValues,
  type SignupErrors,
  type SignupValues,
} from '../events/signup';
import { useI18n, type PlainMessageKey } from '../i18n';
import { Link } from '../router';
import { CampaignProgress, ErrorNotice, Loading, useApi, useDocumentTitle, useRequest } from '../ui';
import { formatDay } from '../traceability/shared';
import '../styles/traceability.css';
import '../styles/events.css';

function useEventsApi(): EventsApi {
  const api = useApi();
  return useMemo(() => new EventsApi(api), [api]);
}

function StatusBadge({ event }: { readonly event: PublicEvent }) {
  const { t } = useI18n();
  const key: PlainMessageKey = event.open
    ? 'eventsPublic.open'
    : event.status === 'closed'
      ? 'eventsPublic.closed'
      : 'eventsPublic.ended';
  return <span className={`ev-badge${event.open ? ' ev-badge-open' : ''}`}>{t(key)}</span>;
}

function Dates({ event }: { readonly event: PublicEvent }) {
  const { t, locale } = useI18n();
  return (
    <p className="meta">
      {t(KIND_LABELS[event.kind])} ·{' '}
      {t('eventsPublic.dates', {
        from: formatDay(event.startsAt, locale),
        to: formatDay(event.endsAt, locale),
      })}
    </p>
  );
}

// ---- /events ---------------------------------------------------------------------------------------

export function EventsListPage({ organisation }: { readonly organisation: string }) {
  const client = useEventsApi();
  const { t, language } = useI18n();
  useDocumentTitle(t('eventsPublic.title'), organisation);
  const load = useCallback(
    (signal: AbortSignal) => client.publicList(language, { signal }),
    [client, language],
  );
  const state = useRequest(load);
  return (
    <div className="container page">
      <div className="page-head">
        <h1>{t('eventsPublic.title')}</h1>
        <p className="muted">{t('eventsPublic.lead')}</p>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && <EventsListView events={state.data.items} />}
    </div>
  );
}

export function EventsListView({ events }: { readonly events: readonly PublicEvent[] }) {
  const { t, number } = useI18n();
  if (events.length === 0) return <p className="empty">{t('eventsPublic.empty')}</p>;
  return (
    <ul className="cards" data-testid="public-events">
      {events.map((event) => (
        <li key={event.slug} className="card">
          <h2>{event.title}</h2>
          <p>
            <StatusBadge event={event} />
          </p>
          <Dates event={event} />
          <DistanceProgress
            label={event.title}
            metres={event.totals.distanceMetres}
            goalMetres={event.totals.goalMetres}
          />
          <p className="muted">
            {t('eventsPublic.participants', { count: number(event.totals.participants) })}
          </p>
          <p>
            <Link
              to={`/events/${encodeURIComponent(event.slug)}`}
              className="button button-primary"
              aria-label={t('eventsPublic.seeLabel', { event: event.title })}
            >
              {t('eventsPublic.see')}
            </Link>
          </p>
        </li>
      ))}
    </ul>
  );
}

// ---- /events/:slug ---------------------------------------------------------------------------------

export function EventPage({ slug, organisation }: { readonly slug: string; readonly organisation: string }) {
  const client = useEventsApi();
  const { t, language } = useI18n();
  const load = useCallback(
    (signal: AbortSignal) => client.page(slug, language, { signal }),
    [client, slug, language],
  );
  const state = useRequest(load);
  // Switching language reloads the wording; what was typed stays meanwhile.
  const shown = useRef<EventPageData | null>(null);
  if (state.status === 'ready') shown.current = state.data;
  const page = state.status === 'ready' ? state.data : state.status === 'loading' ? shown.current : null;
  useDocumentTitle(page ? page.event.title : t('eventsPublic.title'), organisation);
  if (page)
    return (
      <EventView page={page} onSignUp={(body) => client.signUp(slug, body)} onConsentsChanged={state.retry} />
    );
  if (state.status === 'loading')
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  if (state.status === 'failed')
    return (
      <div className="container page">
        {isApiError(state.error, 'EVENT_NOT_FOUND') || isApiError(state.error, 'VALIDATION_FAILED') ? (
          <div className="empty-state">
            <h1>{t('eventsPublic.title')}</h1>
            <p className="muted">{t('eventsPublic.notFound')}</p>
            <p>
              <Link to="/events" className="button button-secondary">
                {t('eventsPublic.all')}
              </Link>
            </p>
          </div>
        ) : (
          <>
            <h1>{t('public.loadFailed')}</h1>
            <ErrorNotice error={state.error} onRetry={state.retry} />
          </>
        )}
      </div>
    );
  return null;
}

export function EventView({
  page,
  onSignUp,
  onConsentsChanged,
}: {
  readonly page: EventPageData;
  readonly onSignUp: (body: EventSignup) => Promise<EventSignedUp>;
  readonly onConsentsChanged?: () => void;
}) {
  const { t, locale, number } = useI18n();
  const { event, campaign } = page;
  return (
    <div className="container page">
      <p>
        <Link to="/events">{t('eventsPublic.all')}</Link>
      </p>
      <div className="ev-page">
        <section aria-labelledby="event-heading">
          <p className="eyebrow">
            <StatusBadge event={event} />
          </p>
          <h1 id="event-heading">{event.title}</h1>
          <Dates event={event} />
          {event.description && <p className="ev-lead">{event.description}</p>}
          <DistanceProgress
            label={event.title}
            metres={event.totals.distanceMetres}
            goalMetres={event.totals.goalMetres}
          />
          <dl className="ev-figures">
            <div>
              <dt>{t('events.participants')}</dt>
              <dd>{number(event.totals.participants)}</dd>
            </div>
            <div>
              <dt>{t('events.activities')}</dt>
              <dd>{number(event.totals.activities)}</dd>
            </div>
            <div>
              <dt>{t('events.distance')}</dt>
              <dd>{formatDistance(event.totals.distanceMetres, locale)}</dd>
            </div>
          </dl>
          {campaign && (
            <div className="ev-campaign">
              <p>{t('eventsPublic.support', { campaign: campaign.name })}</p>
              <CampaignProgress campaign={{ ...campaign, id: campaign.slug }} />
              {campaign.open && (
                <p>
                  <Link
                    to={`/donate/${encodeURIComponent(campaign.slug)}`}
                    className="button button-secondary"
                  >
                    {t('eventsPublic.give', { campaign: campaign.name })}
                  </Link>
                </p>
              )}
            </div>
          )}
        </section>
        <section className="card" aria-labelledby="signup-heading">
          <h2 id="signup-heading">{t('eventsPublic.signUpTitle')}</h2>
          {event.open ? (
            <SignupForm
              page={page}
              onSignUp={onSignUp}
              {...(onConsentsChanged ? { onConsentsChanged } : {})}
            />
          ) : (
            <p className="notice">{t('eventsPublic.closedNotice')}</p>
          )}
        </section>
        <section className="ev-wide" aria-labelledby="leaderboard-heading">
          <h2 id="leaderboard-heading">{t('eventsPublic.leaderboard')}</h2>
          <p className="muted">{t('eventsPublic.leaderboardNote')}</p>
          <Leaderboard entries={page.leaderboard} />
        </section>
      </div>
    </div>
  );
}

const SIGNUP_ORDER: readonly (keyof SignupErrors)[] = ['name', 'contact', 'email', 'phone', 'consents'];

export function SignupForm({
  page,
  onSignUp,
  onConsentsChanged,
  initial,
}: {
  readonly page: EventPageData;
  readonly onSignUp: (body: EventSignup) => Promise<EventSignedUp>;
  readonly onConsentsChanged?: () => void;
  readonly initial?: Partial<SignupValues>;
}) {
  const { t, language } = useI18n();
  const id = useId();
  const [values, setValues] = useState<SignupValues>({
    name: '',
    email: '',
    phone: '',
    consents: [],
    ...initial,
  });
  const [errors, setErrors] = useState<SignupErrors>({});
  const [formError, setFormError] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<EventSignedUp | null>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const fieldId = (f: string) => `${id}-${f}`;
  const errorId = (f: keyof SignupErrors) => `${id}-${f}-error`;
  const describedBy = (f: keyof SignupErrors, ...more: string[]) =>
    [errors[f] ? errorId(f) : null, ...more].filter(Boolean).join(' ') || undefined;
  const set = <K extends keyof SignupValues>(key: K, value: SignupValues[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    setErrors({});
  };
  const focusFirst = (found: SignupErrors) => {
    const first = SIGNUP_ORDER.find((f) => found[f]);
    if (!first) return;
    const target = first === 'contact' ? 'email' : first === 'consents' ? 'consent-0' : first;
    formRef.current?.querySelector<HTMLElement>(`[id="${fieldId(target)}"]`)?.focus();
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const checked = validateSignup(values, page.consents, language);
    if (!checked.ok) {
      setErrors(checked.errors);
      focusFirst(checked.errors);
      return;
    }
    setBusy(true);
    try {
      setDone(await onSignUp(checked.body));
    } catch (error) {
      const { field, key } = signupErrorPlacement(error);
      if (field) {
        const found = { [field]: key };
        setErrors(found);
        focusFirst(found);
        if (field === 'consents') {
          setValues((v) => ({ ...v, consents: [] }));
          onConsentsChanged?.();
        }
      } else setFormError(key);
    } finally {
      setBusy(false);
    }
  };

  if (done) return <SignedUp result={done} />;
  return (
    <form ref={formRef} className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
      <p className="muted">{t('eventsPublic.signUpLead')}</p>
      {Object.keys(errors).length > 0 && (
        <p className="status status-error" role="alert">
          {t('eventsPublic.errorSummary')}
        </p>
      )}
      <div className="field">
        <label htmlFor={fieldId('name')}>{t('eventsPublic.formName')}</label>
        <input
          id={fieldId('name')}
          autoComplete="name"
          maxLength={120}
          required
          value={values.name}
          aria-invalid={errors.name ? true : undefined}
          aria-describedby={describedBy('name', fieldId('name-hint'))}
          onChange={(e) => set('name', e.target.value)}
        />
        <p id={fieldId('name-hint')} className="field-hint">
          {t('eventsPublic.publicName')}
        </p>
        <FieldError id={errorId('name')} message={errors.name} />
      </div>
      <p id={fieldId('contact-hint')} className="field-hint">
        {t('eventsPublic.contactHint')}
      </p>
      <FieldError id={errorId('contact')} message={errors.contact} />
      <div className="field">
        <label htmlFor={fieldId('email')}>{t('eventsPublic.email')}</label>
        <input
          id={fieldId('email')}
          type="email"
          autoComplete="email"
          maxLength={254}
          value={values.email}
          aria-invalid={errors.email || errors.contact ? true : undefined}
          aria-describedby={describedBy(
            'email',
            fieldId('contact-hint'),
            errors.contact ? errorId('contact') : '',
          )}
          onChange={(e) => set('email', e.target.value)}
        />
        <FieldError id={errorId('email')} message={errors.email} />
      </div>
      <div className="field">
        <label htmlFor={fieldId('phone')}>{t('eventsPublic.phone')}</label>
        <input
          id={fieldId('phone')}
          type="tel"
          autoComplete="tel"
          maxLength={32}
          value={values.phone}
          aria-invalid={errors.phone || errors.contact ? true : undefined}
          aria-describedby={describedBy('phone', fieldId('phone-hint'))}
          onChange={(e) => set('phone', e.target.value)}
        />
        <p id={fieldId('phone-hint')} className="field-hint">
          {t('eventsPublic.phoneHint')}
        </p>
        <FieldError id={errorId('phone')} message={errors.phone} />
      </div>
      {page.consents.length > 0 && (
        <fieldset className="donate-group" aria-describedby={describedBy('consents')}>
          <legend>{t('eventsPublic.consents')}</legend>
          {page.consents.map((consent, index) => (
            <label key={consentKey(consent)} className="check">
              <input
                id={fieldId(`consent-${index}`)}
                type="checkbox"
                value={consentKey(consent)}
                data-version={consent.version}
                checked={values.consents.includes(consentKey(consent))}
                onChange={(e) =>
                  set(
                    'consents',
                    e.target.checked
                      ? [...values.consents, consentKey(consent)]
                      : values.consents.filter((c) => c !== consentKey(consent)),
                  )
                }
              />
              <span>{consent.wording}</span>
            </label>
          ))}
          <FieldError id={errorId('consents')} message={errors.consents} />
        </fieldset>
      )}
      {formError && (
        <p className="status status-error" role="alert">
          {t(formError)}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {busy ? t('eventsPublic.submitting') : t('eventsPublic.submit')}
      </button>
    </form>
  );
}

function SignedUp({ result }: { readonly result: EventSignedUp }) {
  const { t } = useI18n();
  // The link is absolute (it is meant to be kept); the page opens it inside this site.
  const personalPath = result.activityUrl ? result.activityUrl.replace(/^https?:\/\/[^/]+/, '') : null;
  return (
    <div role="status" data-testid="event-signed-up">
      {personalPath ? (
        <>
          <h3>{t('eventsPublic.registeredTitle')}</h3>
          <p>{t('eventsPublic.registeredBody')}</p>
          <p className="ev-link">{result.activityUrl}</p>
          <p>
            <Link to={personalPath} className="button button-primary">
              {t('eventsPublic.openMyPage')}
            </Link>
          </p>
        </>
      ) : (
        <>
          <h3>{t('eventsPublic.alreadyTitle')}</h3>
          <p>{t('eventsPublic.alreadyBody')}</p>
        </>
      )}
    </div>
  );
}

function FieldError({ id, message }: { readonly id: string; readonly message: PlainMessageKey | undefined }) {
  const { t } = useI18n();
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      {t(message)}
    </p>
  );
}

// ---- /events/me/:token -----------------------------------------------------------------------------

export function ParticipantPage({
  token,
  organisation,
}: {
  readonly token: string;
  readonly organisation: string;
}) {
  const client = useEventsApi();
  const { t, language } = useI18n();
  useDocumentTitle(t('eventsMine.title'), organisation);
  const load = useCallback(
    (signal: AbortSignal) => client.mine(token, language, { signal }),
    [client, token, language],
  );
  const state = useRequest(load);
  // What was just logged stays said while the totals reload, and the page stays on screen meanwhile.
  const [logged, setLogged] = useState<string | null>(null);
  const shown = useRef<ParticipantPageData | null>(null);
  if (state.status === 'ready') shown.current = state.data;
  const data = state.status === 'ready' ? state.data : state.status === 'loading' ? shown.current : null;
  if (data)
    return (
      <ParticipantView
        page={data}
        logged={logged}
        onLog={(body) => client.logActivity(token, body)}
        onLogged={(figures) => {
          setLogged(figures);
          state.retry();
        }}
      />
    );
  if (state.status !== 'failed')
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  return (
    <div className="container page">
      <h1>{t('eventsMine.title')}</h1>
      {isApiError(state.error, 'EVENT_LINK_INVALID') || isApiError(state.error, 'VALIDATION_FAILED') ? (
        <p className="status status-error" role="alert">
          {t('eventsMine.invalidLink')}
        </p>
      ) : (
        <ErrorNotice error={state.error} onRetry={state.retry} />
      )}
    </div>
  );
}

export function ParticipantView({
  page,
  onLog,
  onLogged,
  logged = null,
}: {
  readonly page: ParticipantPageData;
  readonly onLog: (body: NewActivity) => Promise<ActivityLogged>;
  readonly onLogged?: (figures: string) => void;
  /** What was just logged, said once the form is sent. */
  readonly logged?: string | null;
}) {
  const { t, locale } = useI18n();
  const { event, mine } = page;
  return (
    <div className="container page">
      <p>
        <Link to={`/events/${encodeURIComponent(event.slug)}`}>{event.title}</Link>
      </p>
      <div className="ev-page">
        <section aria-labelledby="mine-heading">
          <p className="eyebrow">
            <StatusBadge event={event} />
          </p>
          <h1 id="mine-heading">{t('eventsMine.title')}</h1>
          <p className="notice">{t('eventsMine.linkNotice')}</p>
          <dl className="ev-figures">
            <div>
              <dt>{t('eventsMine.yourTotal')}</dt>
              <dd>
                {mine.distanceMetres > 0 || mine.durationSeconds === 0
                  ? formatDistance(mine.distanceMetres, locale)
                  : formatDuration(mine.durationSeconds)}
              </dd>
            </div>
            <div>
              <dt>{t('eventsMine.everyone')}</dt>
              <dd>{formatDistance(event.totals.distanceMetres, locale)}</dd>
            </div>
          </dl>
          <DistanceProgress
            label={event.title}
            metres={event.totals.distanceMetres}
            goalMetres={event.totals.goalMetres}
          />
          {logged && (
            <p className="tr-success" role="status">
              {t('eventsMine.logged', { figures: logged })}
            </p>
          )}
          <h2>{t('eventsMine.history')}</h2>
          {page.activities.length === 0 ? (
            <p className="empty">{t('eventsMine.none')}</p>
          ) : (
            <ul className="ev-activities">
              {page.activities.map((a) => (
                <li key={a.id}>
                  <span>{formatDay(a.date, locale)}</span>
                  <span>
                    {[
                      a.distanceMetres === null ? null : formatDistance(a.distanceMetres, locale),
                      a.durationSeconds === null ? null : formatDuration(a.durationSeconds),
                    ]
                      .filter(Boolean)
                      .join(' · ')}
                  </span>
                </li>
              ))}
            </ul>
          )}
          {page.campaign?.open && (
            <p>
              <Link
                to={`/donate/${encodeURIComponent(page.campaign.slug)}`}
                className="button button-secondary"
              >
                {t('eventsPublic.give', { campaign: page.campaign.name })}
              </Link>
            </p>
          )}
        </section>
        <section className="card" aria-labelledby="log-heading">
          <h2 id="log-heading">{t('eventsMine.logTitle')}</h2>
          {page.logging ? (
            <ActivityForm
              key={mine.activities}
              today={page.today}
              min={page.event.startsAt.slice(0, 10)}
              onLog={onLog}
              onLogged={(figures) => onLogged?.(figures)}
            />
          ) : (
            <p className="notice">{t('eventsMine.notLogging')}</p>
          )}
        </section>
      </div>
    </div>
  );
}

export function ActivityForm({
  today,
  min,
  onLog,
  onLogged,
}: {
  readonly today: string;
  readonly min: string;
  readonly onLog: (body: NewActivity) => Promise<ActivityLogged>;
  readonly onLogged: (figures: string) => void;
}) {
  const { t, locale } = useI18n();
  const id = useId();
  const [values, setValues] = useState<ActivityValues>({ distance: '', duration: '', date: today, note: '' });
  const [errors, setErrors] = useState<ActivityErrors>({});
  const [formError, setFormError] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  // One key per filled-in form: a second press, or a retry after a network error, records once.
  const key = useRef(submissionKey());
  const fieldId = (f: string) => `${id}-${f}`;
  const errorId = (f: keyof ActivityErrors) => `${id}-${f}-error`;
  const set = <K extends keyof ActivityValues>(name: K, value: ActivityValues[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    setErrors({});
    key.current = submissionKey();
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setFormError(null);
    const checked = validateActivity(values, key.current);
    if (!checked.ok) {
      setErrors(checked.errors);
      return;
    }
    setBusy(true);
    try {
      await onLog(checked.body);
      const figures = [
        checked.body.distanceMetres === null ? null : formatDistance(checked.body.distanceMetres, locale),
        checked.body.durationSeconds === null ? null : formatDuration(checked.body.durationSeconds),
      ]
        .filter(Boolean)
        .join(', ');
      onLogged(figures);
    } catch (error) {
      const { field, key: message } = activityErrorPlacement(error);
      if (field) setErrors({ [field]: message });
      else setFormError(message);
    } finally {
      setBusy(false);
    }
  };
  const invalid = (f: keyof ActivityErrors) => (errors[f] || errors.figures ? true : undefined);
  return (
    <form className="form" noValidate onSubmit={(e) => void submit(e)} aria-busy={busy}>
      <p id={fieldId('figures-hint')} className="field-hint">
        {t('eventsMine.figuresHint')}
      </p>
      <FieldError id={errorId('figures')} message={errors.figures} />
      <div className="field">
        <label htmlFor={fieldId('distance')}>{t('eventsMine.distance')}</label>
        <input
          id={fieldId('distance')}
          inputMode="decimal"
          autoComplete="off"
          value={values.distance}
          aria-invalid={invalid('distance')}
          aria-describedby={[
            fieldId('figures-hint'),
            errors.distance ? errorId('distance') : null,
            errors.figures ? errorId('figures') : null,
          ]
            .filter(Boolean)
            .join(' ')}
          onChange={(e) => set('distance', e.target.value)}
        />
        <FieldError id={errorId('distance')} message={errors.distance} />
      </div>
      <div className="field">
        <label htmlFor={fieldId('duration')}>{t('eventsMine.duration')}</label>
        <input
          id={fieldId('duration')}
          inputMode="numeric"
          autoComplete="off"
          value={values.duration}
          aria-invalid={invalid('duration')}
          aria-describedby={[fieldId('figures-hint'), errors.duration ? errorId('duration') : null]
            .filter(Boolean)
            .join(' ')}
          onChange={(e) => set('duration', e.target.value)}
        />
        <FieldError id={errorId('duration')} message={errors.duration} />
      </div>
      <div className="field">
        <label htmlFor={fieldId('date')}>{t('eventsMine.date')}</label>
        <input
          id={fieldId('date')}
          type="date"
          required
          min={min}
          max={today}
          value={values.date}
          aria-invalid={errors.date ? true : undefined}
          aria-describedby={errors.date ? errorId('date') : undefined}
          onChange={(e) => set('date', e.target.value)}
        />
        <FieldError id={errorId('date')} message={errors.date} />
      </div>
      <div className="field">
        <label htmlFor={fieldId('note')}>{t('eventsMine.note')}</label>
        <input
          id={fieldId('note')}
          maxLength={500}
          value={values.note}
          onChange={(e) => set('note', e.target.value)}
        />
      </div>
      {formError && (
        <p className="status status-error" role="alert">
          {t(formError)}
        </p>
      )}
      <button type="submit" className="button button-primary button-block" disabled={busy}>
        {busy ? t('eventsMine.submitting') : t('eventsMine.submit')}
      </button>
    </form>
  );
}
