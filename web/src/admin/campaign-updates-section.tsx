// A campaign's updates for staff, inside its card on the Campaigns page: the list (drafts too, the
// ledger's own marked as such) and, for roles with campaigns:write, writing, editing, publishing and
// unpublishing. Loaded when the section is opened, so the campaign list stays one request.
import { useCallback, useMemo, useState, type FormEvent } from 'react';
import {
  CampaignUpdatesClient,
  UPDATE_LANGUAGE_NAMES,
  UPDATE_LIMITS,
  type CampaignUpdate,
  type UpdateFields,
  type UpdateLanguage,
} from '../campaign-updates/campaign-updates-client';
import { UpdateBody } from '../campaign-updates/update-body';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useApi } from '../ui';
import { ActionError, formatDay } from '../traceability/shared';
import { useSessionRequest } from './session';
import '../styles/campaign-updates.css';

const STATUS_LABELS: Readonly<Record<CampaignUpdate['status'], PlainMessageKey>> = {
  draft: 'campaignUpdates.status.draft',
  published: 'campaignUpdates.status.published',
};
const STATUS_BADGE: Readonly<Record<CampaignUpdate['status'], string>> = {
  draft: 'tr-badge-draft',
  published: 'tr-badge-approved',
};

function isUpdateLanguage(value: string): value is UpdateLanguage {
  return Object.hasOwn(UPDATE_LANGUAGE_NAMES, value);
}

/** The fields as the API takes them, or the message to show next to the form. */
export function checkUpdateFields(fields: UpdateFields): UpdateFields | { error: PlainMessageKey } {
  const title = fields.title.replace(/\s+/g, ' ').trim();
  const body = fields.body.trim();
  if (title === '' || [...title].length > UPDATE_LIMITS.title)
    return { error: 'campaignUpdates.invalidTitle' };
  if (body === '' || [...body].length > UPDATE_LIMITS.body) return { error: 'campaignUpdates.invalidBody' };
  return { title, body, language: fields.language };
}

export function CampaignUpdatesPanel({
  campaignId,
  canWrite,
}: {
  readonly campaignId: string;
  readonly canWrite: boolean;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <details className="tr-disclosure" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{t('campaignUpdates.summaryClosed')}</summary>
      {open && <CampaignUpdatesLoader campaignId={campaignId} canWrite={canWrite} />}
    </details>
  );
}

function CampaignUpdatesLoader({
  campaignId,
  canWrite,
}: {
  readonly campaignId: string;
  readonly canWrite: boolean;
}) {
  const { t } = useI18n();
  const api = useApi();
  const client = useMemo(() => new CampaignUpdatesClient(api), [api]);
  const [saved, setSaved] = useState<CampaignUpdate | null>(null);
  const load = useCallback(
    (signal: AbortSignal) => client.list(campaignId, { signal }),
    [client, campaignId],
  );
  const state = useSessionRequest(load);
  const changed = (update: CampaignUpdate) => {
    setSaved(update);
    state.retry(); // the list again, as the server now has it
  };
  return (
    <div className="updates-admin">
      {canWrite && <NewUpdate client={client} campaignId={campaignId} onSaved={changed} />}
      {saved && (
        <p className="tr-success" role="status">
          {t('campaignUpdates.saved', { title: saved.title })}
        </p>
      )}
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && (
        <CampaignUpdateItems
          updates={state.data.items}
          campaignId={campaignId}
          client={canWrite ? client : null}
          onChanged={changed}
        />
      )}
    </div>
  );
}

export function CampaignUpdateItems({
  updates,
  campaignId,
  client,
  onChanged,
}: {
  readonly updates: readonly CampaignUpdate[];
  readonly campaignId: string;
  /** Null for roles that may not change updates: no controls are shown. */
  readonly client: CampaignUpdatesClient | null;
  readonly onChanged: (update: CampaignUpdate) => void;
}) {
  const { t, locale } = useI18n();
  if (updates.length === 0) return <p className="empty">{t('campaignUpdates.empty')}</p>;
  return (
    <ol className="updates-list" aria-label={t('campaignUpdates.summary', { count: updates.length })}>
      {updates.map((u) => (
        <li key={u.id}>
          <article className="update" aria-labelledby={`admin-update-${u.id}`} data-update={u.id}>
            <div className="tr-row-head">
              <h3 id={`admin-update-${u.id}`} className="update-title" lang={u.language}>
                {u.title}
              </h3>
              <span className={`tr-badge ${STATUS_BADGE[u.status]}`}>{t(STATUS_LABELS[u.status])}</span>
            </div>
            <p className="meta update-meta">
              <span>
                {u.publishedAt ? (
                  <time dateTime={u.publishedAt}>
                    {t('campaignUpdates.publishedOn', { date: formatDay(u.publishedAt, locale) })}
                  </time>
                ) : (
                  t('campaignUpdates.neverPublished')
                )}
              </span>
              {u.author.kind === 'ledger' ? (
                <span className="update-badge" title={t('campaignUpdates.fromLedgerHint')}>
                  {t('campaignUpdates.fromLedger')}
                </span>
              ) : (
                u.author.name && <span>{t('campaignUpdates.by', { name: u.author.name })}</span>
              )}
              <span>{UPDATE_LANGUAGE_NAMES[isUpdateLanguage(u.language) ? u.language : 'en']}</span>
            </p>
            <UpdateBody body={u.body} language={u.language} />
            {u.linkUrl && (
              <p>
                <a href={u.linkUrl}>{t('updates.proof')}</a>
              </p>
            )}
            {client && (
              <UpdateActions client={client} campaignId={campaignId} update={u} onChanged={onChanged} />
            )}
          </article>
        </li>
      ))}
    </ol>
  );
}

function UpdateActions({
  client,
  campaignId,
  update,
  onChanged,
}: {
  readonly client: CampaignUpdatesClient;
  readonly campaignId: string;
  readonly update: CampaignUpdate;
  readonly onChanged: (update: CampaignUpdate) => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = async (action: () => Promise<CampaignUpdate>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const published = update.status === 'published';
  return (
    <>
      <p className="tr-actions">
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => void run(() => client.setPublished(campaignId, update.id, !published))}
        >
          {t(published ? 'campaignUpdates.unpublish' : 'campaignUpdates.publish')}
        </button>
      </p>
      {update.author.kind === 'staff' && (
        <details className="tr-disclosure">
          <summary>{t('campaignUpdates.edit')}</summary>
          <UpdateForm
            prefix={`edit-update-${update.id}`}
            initial={{
              title: update.title,
              body: update.body,
              language: isUpdateLanguage(update.language) ? update.language : 'en',
            }}
            busy={busy}
            actions={[{ key: 'save', label: 'campaignUpdates.save', primary: true }]}
            onSubmit={(fields) => void run(() => client.edit(campaignId, update.id, fields))}
          />
        </details>
      )}
      {error !== null && <ActionError error={error} />}
    </>
  );
}

function NewUpdate({
  client,
  campaignId,
  onSaved,
}: {
  readonly client: CampaignUpdatesClient;
  readonly campaignId: string;
  readonly onSaved: (update: CampaignUpdate) => void;
}) {
  const { t, language } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [key, setKey] = useState(0);
  const submit = async (fields: UpdateFields, action: string) => {
    setBusy(true);
    setError(null);
    try {
      onSaved(await client.create(campaignId, { ...fields, publish: action === 'publish' }));
      setKey((k) => k + 1); // a fresh, empty form
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <details className="tr-disclosure">
      <summary>{t('campaignUpdates.new')}</summary>
      <UpdateForm
        key={key}
        prefix={`new-update-${campaignId}`}
        initial={{ title: '', body: '', language }}
        busy={busy}
        actions={[
          { key: 'draft', label: 'campaignUpdates.saveDraft', primary: false },
          { key: 'publish', label: 'campaignUpdates.publishNow', primary: true },
        ]}
        onSubmit={(fields, action) => void submit(fields, action)}
      />
      {error !== null && <ActionError error={error} />}
    </details>
  );
}

export function UpdateForm({
  prefix,
  initial,
  busy,
  actions,
  onSubmit,
}: {
  readonly prefix: string;
  readonly initial: UpdateFields;
  readonly busy: boolean;
  readonly actions: readonly {
    readonly key: string;
    readonly label: PlainMessageKey;
    readonly primary: boolean;
  }[];
  readonly onSubmit: (fields: UpdateFields, action: string) => void;
}) {
  const { t } = useI18n();
  const [fields, setFields] = useState<UpdateFields>(initial);
  const [invalid, setInvalid] = useState<PlainMessageKey | null>(null);
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter as HTMLButtonElement | null;
    const checked = checkUpdateFields(fields);
    if ('error' in checked) {
      setInvalid(checked.error);
      return;
    }
    setInvalid(null);
    onSubmit(checked, submitter?.value ?? actions[0]?.key ?? 'save');
  };
  const errorId = `${prefix}-invalid`;
  return (
    <form className="tr-form" onSubmit={submit} noValidate>
      <div className="field">
        <label htmlFor={`${prefix}-title`}>{t('campaignUpdates.titleLabel')}</label>
        <input
          id={`${prefix}-title`}
          required
          maxLength={UPDATE_LIMITS.title}
          value={fields.title}
          aria-invalid={invalid === 'campaignUpdates.invalidTitle' || undefined}
          aria-describedby={invalid === 'campaignUpdates.invalidTitle' ? errorId : undefined}
          onChange={(e) => setFields({ ...fields, title: e.target.value })}
        />
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-body`}>{t('campaignUpdates.bodyLabel')}</label>
        <textarea
          id={`${prefix}-body`}
          required
          rows={6}
          maxLength={UPDATE_LIMITS.body}
          value={fields.body}
          aria-invalid={invalid === 'campaignUpdates.invalidBody' || undefined}
          aria-describedby={
            invalid === 'campaignUpdates.invalidBody'
              ? `${prefix}-body-hint ${errorId}`
              : `${prefix}-body-hint`
          }
          onChange={(e) => setFields({ ...fields, body: e.target.value })}
        />
        <span id={`${prefix}-body-hint`} className="field-hint">
          {t('campaignUpdates.bodyHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor={`${prefix}-language`}>{t('campaignUpdates.languageLabel')}</label>
        <select
          id={`${prefix}-language`}
          value={fields.language}
          onChange={(e) =>
            setFields({ ...fields, language: isUpdateLanguage(e.target.value) ? e.target.value : 'en' })
          }
        >
          {Object.entries(UPDATE_LANGUAGE_NAMES).map(([code, name]) => (
            <option key={code} value={code} lang={code}>
              {name}
            </option>
          ))}
        </select>
      </div>
      {invalid && (
        <p id={errorId} className="status status-error" role="alert">
          {t(invalid)}
        </p>
      )}
      <p className="tr-actions">
        {actions.map((a) => (
          <button
            key={a.key}
            type="submit"
            name="action"
            value={a.key}
            className={`button ${a.primary ? 'button-primary' : 'button-secondary'}`}
            disabled={busy}
          >
            {t(a.label)}
          </button>
        ))}
      </p>
    </form>
  );
}
