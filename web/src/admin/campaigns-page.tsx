// Campaigns for staff: each with its goal, what the ledger says it raised, a progress bar, its dates,
// status and public page; for roles that may, forms to create one, edit it, and close or reopen it.
import { useCallback, useState, type FormEvent } from 'react';
import type { Campaign, CampaignStatus, SupportersApi } from '../api';
import { currencyDigits, minorToDecimal } from '../format';
import { useI18n, type PlainMessageKey } from '../i18n';
import { CampaignProgress, ErrorNotice, Loading, useApi, useDocumentTitle } from '../ui';
import { parseMoneyInput } from '../traceability/money-input';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay } from '../traceability/shared';
import { CampaignUpdatesPanel } from './campaign-updates-section';
import { useSession, useSessionRequest } from './session';
import { useSupportersApi } from './supporters-page';
import '../styles/traceability.css';

const STATUS_LABELS: Readonly<Record<CampaignStatus, PlainMessageKey>> = {
  draft: 'campaigns.status.draft',
  active: 'campaigns.status.active',
  closed: 'campaigns.status.closed',
};
const STATUS_BADGE: Readonly<Record<CampaignStatus, string>> = {
  draft: 'tr-badge-draft',
  active: 'tr-badge-approved',
  closed: 'tr-badge-rejected',
};

/** A date input's day as the instant the API stores: midnight UTC of that day. */
function dayToInstant(day: string): string | undefined {
  return day ? `${day}T00:00:00.000Z` : undefined;
}
function instantToDay(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '';
}

export function CampaignsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const client = useSupportersApi();
  const api = useApi();
  const [changed, setChanged] = useState<{ readonly campaign: Campaign; readonly created: boolean } | null>(
    null,
  );
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [campaigns, org] = await Promise.all([
        client.campaigns({ signal }),
        api.publicOrganisation({ signal }),
      ]);
      return { campaigns: campaigns.items, currency: org.organisation.currency };
    },
    // `changed` reloads the list after a create or an edit.
    [client, api, changed],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true });
  useDocumentTitle(t('campaigns.title'));
  const canWrite = roleCan(user.role, 'campaigns:write');

  return (
    <div className="page tr-page">
      <div className="page-head">
        <h1>{t('campaigns.title')}</h1>
      </div>
      {canWrite && state.status === 'ready' && (
        <CreateCampaign
          client={client}
          currency={state.data.currency}
          onCreated={(campaign) => setChanged({ campaign, created: true })}
        />
      )}
      {changed && (
        <p className="tr-success" role="status">
          {t(changed.created ? 'campaigns.created' : 'campaigns.saved', { name: changed.campaign.name })}
        </p>
      )}
      <section className="section" aria-label={t('campaigns.title')}>
        {state.status === 'loading' && <Loading />}
        {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
        {state.status === 'ready' && (
          <CampaignsList
            campaigns={state.data.campaigns}
            client={canWrite ? client : null}
            onSaved={(campaign) => setChanged({ campaign, created: false })}
          />
        )}
      </section>
    </div>
  );
}

export function CampaignsList({
  campaigns,
  client,
  onSaved,
}: {
  readonly campaigns: readonly Campaign[];
  /** Null for roles that may not change campaigns: no edit controls are shown. */
  readonly client: SupportersApi | null;
  readonly onSaved: (campaign: Campaign) => void;
}) {
  const { t, money, locale } = useI18n();
  if (campaigns.length === 0) return <p className="empty">{t('campaigns.empty')}</p>;
  // Newest first: the one being worked on is usually the latest.
  const ordered = [...campaigns].reverse();
  return (
    <ul className="cards" data-testid="campaigns">
      {ordered.map((c) => (
        <li key={c.id} className="card" data-campaign={c.slug}>
          <div className="tr-row-head">
            <h2 className="tr-card-title">{c.name}</h2>
            <span className={`tr-badge ${STATUS_BADGE[c.status]}`}>{t(STATUS_LABELS[c.status])}</span>
          </div>
          <p className="meta">
            <code>{c.slug}</code> ·{' '}
            <a href={`/donate/${encodeURIComponent(c.slug)}`}>{t('campaigns.publicPage')}</a>
          </p>
          {c.description && <p className="muted">{c.description}</p>}
          <CampaignProgress campaign={c} />
          <dl className="tr-log">
            <div>
              <dt>{t('campaigns.goal')}</dt>
              <dd>{money(c.goalMinor, c.currency)}</dd>
            </div>
            <div>
              <dt>{t('giving.raised')}</dt>
              <dd>{money(c.raisedMinor, c.currency)}</dd>
            </div>
          </dl>
          <p className="meta">
            {c.startsAt || c.endsAt
              ? [
                  c.startsAt && t('campaigns.from', { date: formatDay(c.startsAt, locale) }),
                  c.endsAt && t('campaigns.until', { date: formatDay(c.endsAt, locale) }),
                ]
                  .filter(Boolean)
                  .join(' · ')
              : t('campaigns.noDates')}
          </p>
          {client && <EditCampaign client={client} campaign={c} onSaved={onSaved} />}
          <CampaignUpdatesPanel campaignId={c.id} canWrite={client !== null} />
        </li>
      ))}
    </ul>
  );
}

interface CampaignFields {
  readonly name: string;
  readonly description: string;
  readonly goal: string;
  readonly startsOn: string;
  readonly endsOn: string;
}

/** The goal in minor units, or an error key when the fields do not make sense. */
function checkFields(
  f: CampaignFields,
  currency: string,
): { goalMinor: number } | { error: PlainMessageKey } {
  const goalMinor = parseMoneyInput(f.goal, currencyDigits(currency));
  if (goalMinor === null || goalMinor <= 0) return { error: 'campaigns.invalidGoal' };
  if (f.startsOn && f.endsOn && f.endsOn < f.startsOn) return { error: 'campaigns.invalidDates' };
  return { goalMinor };
}

function CampaignFieldset({
  prefix,
  fields,
  currency,
  onChange,
  invalid,
}: {
  readonly prefix: string;
  readonly fields: CampaignFields;
  readonly currency: string;
  readonly onChange: (next: CampaignFields) => void;
  readonly invalid: PlainMessageKey | null;
}) {
  const { t } = useI18n();
  const set = (key: keyof CampaignFields) => (e: { target: { value: string } }) =>
    onChange({ ...fields, [key]: e.target.value });
  return (
    <>
      <div className="field">
        <label htmlFor={`${prefix}-name`}>{t('campaigns.name')}</label>
        <input id={`${prefix}-name`} required maxLength={200} value={fields.name} onChange={set('name')} />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-description`}>{t('campaigns.description')}</label>
        <textarea
          id={`${prefix}-description`}
          maxLength={5000}
          value={fields.description}
          onChange={set('description')}
        />
      </div>
      <div className="tr-form-grid">
        <div className="field">
          <label htmlFor={`${prefix}-goal`}>
            {t('campaigns.goal')} ({currency})
          </label>
          <input
            id={`${prefix}-goal`}
            inputMode="decimal"
            required
            value={fields.goal}
            aria-invalid={invalid === 'campaigns.invalidGoal' || undefined}
            aria-describedby={invalid ? `${prefix}-invalid` : undefined}
            onChange={set('goal')}
          />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-starts`}>{t('campaigns.startsAt')}</label>
          <input id={`${prefix}-starts`} type="date" value={fields.startsOn} onChange={set('startsOn')} />
        </div>
        <div className="field">
          <label htmlFor={`${prefix}-ends`}>{t('campaigns.endsAt')}</label>
          <input
            id={`${prefix}-ends`}
            type="date"
            value={fields.endsOn}
            aria-invalid={invalid === 'campaigns.invalidDates' || undefined}
            aria-describedby={invalid ? `${prefix}-invalid` : undefined}
            onChange={set('endsOn')}
          />
        </div>
      </div>
      {invalid && (
        <p id={`${prefix}-invalid`} className="status status-error" role="alert">
          {t(invalid)}
        </p>
      )}
    </>
  );
}

const EMPTY: CampaignFields = { name: '', description: '', goal: '', startsOn: '', endsOn: '' };

function CreateCampaign({
  client,
  currency: defaultCurrency,
  onCreated,
}: {
  readonly client: SupportersApi;
  readonly currency: string;
  readonly onCreated: (campaign: Campaign) => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<CampaignFields>(EMPTY);
  const [slug, setSlug] = useState('');
  const [currency, setCurrency] = useState(defaultCurrency);
  const [status, setStatus] = useState<CampaignStatus>('active');
  const [invalid, setInvalid] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFields(fields, currency);
    if ('error' in checked) {
      setInvalid(checked.error);
      return;
    }
    setInvalid(null);
    setBusy(true);
    setError(null);
    try {
      const startsAt = dayToInstant(fields.startsOn);
      const endsAt = dayToInstant(fields.endsOn);
      const campaign = await client.createCampaign({
        slug: slug.trim(),
        name: fields.name.trim(),
        ...(fields.description.trim() ? { description: fields.description.trim() } : {}),
        goalMinor: checked.goalMinor,
        currency,
        status,
        ...(startsAt ? { startsAt } : {}),
        ...(endsAt ? { endsAt } : {}),
      });
      setFields(EMPTY);
      setSlug('');
      onCreated(campaign);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="tr-disclosure card">
      <summary>{t('campaigns.create')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)}>
        <div className="field">
          <label htmlFor="campaign-slug">{t('campaigns.slug')}</label>
          <input
            id="campaign-slug"
            required
            maxLength={80}
            pattern="[a-z0-9]+(-[a-z0-9]+)*"
            aria-describedby="campaign-slug-hint"
            value={slug}
            onChange={(e) => setSlug(e.target.value)}
          />
          <span id="campaign-slug-hint" className="field-hint">
            {t('campaigns.slugHint')}
          </span>
        </div>
        <CampaignFieldset
          prefix="campaign"
          fields={fields}
          currency={currency}
          onChange={setFields}
          invalid={invalid}
        />
        <div className="tr-form-grid">
          <div className="field">
            <label htmlFor="campaign-currency">{t('campaigns.currency')}</label>
            <input
              id="campaign-currency"
              required
              maxLength={3}
              pattern="[A-Z]{3}"
              value={currency}
              onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            />
          </div>
          <div className="field">
            <label htmlFor="campaign-status">{t('campaigns.status')}</label>
            <select
              id="campaign-status"
              value={status}
              onChange={(e) => setStatus(e.target.value as CampaignStatus)}
            >
              <option value="active">{t('campaigns.status.active')}</option>
              <option value="draft">{t('campaigns.status.draft')}</option>
            </select>
          </div>
        </div>
        {error !== null && <ActionError error={error} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('campaigns.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}

function EditCampaign({
  client,
  campaign,
  onSaved,
}: {
  readonly client: SupportersApi;
  readonly campaign: Campaign;
  readonly onSaved: (campaign: Campaign) => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<CampaignFields>(() => ({
    name: campaign.name,
    description: campaign.description,
    goal: minorToDecimal(campaign.goalMinor, currencyDigits(campaign.currency)),
    startsOn: instantToDay(campaign.startsAt),
    endsOn: instantToDay(campaign.endsAt),
  }));
  const [invalid, setInvalid] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const prefix = `edit-${campaign.id}`;

  const save = async (body: Parameters<SupportersApi['updateCampaign']>[1]) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await client.updateCampaign(campaign.id, body));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = checkFields(fields, campaign.currency);
    if ('error' in checked) {
      setInvalid(checked.error);
      return;
    }
    setInvalid(null);
    void save({
      name: fields.name.trim(),
      description: fields.description.trim(),
      goalMinor: checked.goalMinor,
      startsAt: dayToInstant(fields.startsOn) ?? null,
      endsAt: dayToInstant(fields.endsOn) ?? null,
    });
  };

  return (
    <>
      <p className="tr-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void save({ status: campaign.status === 'closed' ? 'active' : 'closed' })}
        >
          {t(campaign.status === 'closed' ? 'campaigns.reopen' : 'campaigns.close')}
        </button>
      </p>
      <details className="tr-disclosure">
        <summary>{t('campaigns.edit')}</summary>
        <form className="tr-form" onSubmit={submit}>
          <CampaignFieldset
            prefix={prefix}
            fields={fields}
            currency={campaign.currency}
            onChange={setFields}
            invalid={invalid}
          />
          <p>
            <button type="submit" className="button button-primary" disabled={busy}>
              {t('campaigns.save')}
            </button>
          </p>
        </form>
      </details>
      {error !== null && <ActionError error={error} />}
    </>
  );
}
