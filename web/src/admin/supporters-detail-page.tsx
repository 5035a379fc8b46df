// One supporter for staff: contact details, language, time zone and the channel they want to hear from
// us on (corrected in place by roles that may write), current consents (with a way to record a
// withdrawal), the whole append-only consent history with the words shown each time, their gifts with
// tracking links, and, for owners only, GDPR erasure behind a confirmation step.
import { useCallback, useState, type FormEvent } from 'react';
import {
  isApiError,
  type ConsentRecord,
  type Supporter,
  type SupporterGift,
  type SupportersApi,
} from '../api';
import { useI18n } from '../i18n';
import { Link, matchPath, usePathname } from '../router';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay } from '../traceability/shared';
import { useSession, useSessionRequest } from './session';
import { staffWithdrawal } from './supporters-consent-wording';
import {
  detailsOf,
  draftOf,
  lacksContact,
  languageName,
  SupporterFields,
  type SupporterDraft,
} from './supporter-fields';
import { ConsentBadges, useConsentLabel, useSupportersApi } from './supporters-page';
import '../styles/traceability.css';

export type SupporterNotice = 'saved' | 'withdrawn';

export interface SupporterData {
  readonly supporter: Supporter;
  readonly history: readonly ConsentRecord[];
  readonly gifts: readonly SupporterGift[];
}

export function SupporterDetailPage() {
  const pathname = usePathname();
  const id = matchPath('/admin/supporters/:id', pathname)?.id ?? '';
  const client = useSupportersApi();
  const [generation, setGeneration] = useState(0);
  // What was just done, and to whom: another supporter's page does not say it.
  const [notice, setNotice] = useState<{ readonly id: string; readonly done: SupporterNotice } | null>(null);
  const load = useCallback(
    async (signal: AbortSignal): Promise<SupporterData> => {
      const [supporter, history, gifts] = await Promise.all([
        client.supporter(id, { signal }),
        client.consentHistory(id, { signal }),
        client.gifts(id, null, { signal }),
      ]);
      return { supporter, history: history.items, gifts: gifts.items };
    },
    // `generation` reloads after a change (details, a consent).
    [client, id, generation],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true, key: id });
  const { t } = useI18n();
  const [erased, setErased] = useState(false);
  useDocumentTitle(
    state.status === 'ready'
      ? (state.data.supporter.displayName ?? t('supporters.title'))
      : t('supporters.title'),
  );

  if (erased) {
    return (
      <div className="page tr-page">
        <BackLink />
        <p className="tr-success" role="status">
          {t('supporters.erased')}
        </p>
      </div>
    );
  }
  return (
    <div className="page tr-page">
      <BackLink />
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' &&
        (isApiError(state.error, 'CONTACT_NOT_FOUND') ? (
          <p className="empty">{t('supporters.notFound')}</p>
        ) : (
          <ErrorNotice error={state.error} onRetry={state.retry} />
        ))}
      {state.status === 'ready' && (
        <SupporterView
          data={state.data}
          client={client}
          notice={notice?.id === id ? notice.done : null}
          onChanged={(done) => {
            setNotice({ id, done });
            setGeneration((n) => n + 1);
          }}
          onErased={() => setErased(true)}
        />
      )}
    </div>
  );
}

function BackLink() {
  const { t } = useI18n();
  return (
    <p>
      <Link to="/admin/supporters">← {t('supporters.back')}</Link>
    </p>
  );
}

export function SupporterView({
  data,
  client,
  notice = null,
  onChanged,
  onErased,
}: {
  readonly data: SupporterData;
  readonly client: SupportersApi;
  /** What was just done (shown above the reloaded supporter): the page keeps it across the reload. */
  readonly notice?: SupporterNotice | null;
  readonly onChanged: (done: SupporterNotice) => void;
  readonly onErased: () => void;
}) {
  const { t, locale, money, dateTime } = useI18n();
  const { user } = useSession();
  const label = useConsentLabel();
  const { supporter: s, history, gifts } = data;
  const canWrite = roleCan(user.role, 'contacts:write');
  const canErase = roleCan(user.role, 'contacts:erase');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const withdraw = async (c: { readonly channel: string; readonly purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      await client.recordConsent(s.id, staffWithdrawal(c, s.language, user.id));
      onChanged('withdrawn');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <div className="page-head">
        <h1>{s.displayName ?? t('supporters.noName')}</h1>
      </div>
      <section className="section card" aria-labelledby="supporter-details">
        <h2 id="supporter-details">{t('supporters.details')}</h2>
        <dl className="tr-log">
          {s.email && (
            <div>
              <dt>{t('supporters.email')}</dt>
              <dd>
                <a href={`mailto:${s.email}`}>{s.email}</a>
              </dd>
            </div>
          )}
          {s.phone && (
            <div>
              <dt>{t('supporters.phone')}</dt>
              <dd>
                <a href={`tel:${s.phone}`}>{s.phone}</a>
              </dd>
            </div>
          )}
          <div>
            <dt>{t('supporters.language')}</dt>
            <dd>{languageName(s.language, locale)}</dd>
          </div>
          <div>
            <dt>{t('supporters.timeZone')}</dt>
            <dd>{s.timeZone}</dd>
          </div>
          {s.country && (
            <div>
              <dt>{t('supporters.country.label')}</dt>
              <dd>{s.country}</dd>
            </div>
          )}
          <div>
            <dt>{t('supporters.preferredChannel')}</dt>
            <dd data-testid="preferred-channel">
              {t(
                s.preferredChannel === 'whatsapp'
                  ? 'supporters.channel.whatsapp'
                  : s.preferredChannel === 'email'
                    ? 'supporters.channel.email'
                    : 'supporters.preferredChannel.none',
              )}
            </dd>
          </div>
          <div>
            <dt>{t('supporters.since')}</dt>
            <dd>{formatDay(s.createdAt, locale)}</dd>
          </div>
        </dl>
        {notice === 'saved' && (
          <p className="tr-success" role="status">
            {t('supporters.saved')}
          </p>
        )}
        {canWrite && (
          <EditSupporter
            key={`${s.id}|${generationKey(s)}`}
            client={client}
            supporter={s}
            onSaved={() => onChanged('saved')}
          />
        )}
      </section>

      <section className="section" aria-labelledby="supporter-consents">
        <h2 id="supporter-consents">{t('supporters.currentConsents')}</h2>
        <ConsentBadges consents={s.consents} />
        {canWrite && s.consents.some((c) => c.status === 'granted') && (
          <ul className="tr-actions" style={{ listStyle: 'none', padding: 0 }}>
            {s.consents
              .filter((c) => c.status === 'granted')
              .map((c) => (
                <li key={`${c.channel}|${c.purpose}`}>
                  <button
                    type="button"
                    className="button button-secondary"
                    disabled={busy}
                    onClick={() => void withdraw(c)}
                  >
                    {t('supporters.withdraw')}: {label(c)}
                  </button>
                </li>
              ))}
          </ul>
        )}
        {notice === 'withdrawn' && (
          <p className="tr-success" role="status">
            {t('supporters.withdrawn')}
          </p>
        )}
        {error !== null && <ActionError error={error} />}
      </section>

      <section className="section" aria-labelledby="supporter-history">
        <h2 id="supporter-history">{t('supporters.history')}</h2>
        <p className="muted">{t('supporters.historyHint')}</p>
        {history.length === 0 ? (
          <p className="empty">{t('supporters.historyEmpty')}</p>
        ) : (
          <ol className="tr-list" data-testid="consent-history">
            {history.map((r) => (
              <li key={r.id} className="card tr-row" data-consent={`${r.channel}:${r.purpose}:${r.status}`}>
                <div className="tr-row-head">
                  <strong>{label(r)}</strong>
                  <span
                    className={`tr-badge ${r.status === 'granted' ? 'tr-badge-approved' : 'tr-badge-rejected'}`}
                  >
                    {t(r.status === 'granted' ? 'supporters.status.granted' : 'supporters.status.revoked')}
                  </span>
                </div>
                <p className="meta">
                  <time dateTime={r.recordedAt}>{dateTime(new Date(r.recordedAt))}</time>
                </p>
                <dl className="tr-log">
                  <div>
                    <dt>{t('supporters.source')}</dt>
                    <dd>{r.source}</dd>
                  </div>
                  <div>
                    <dt>{t('supporters.version')}</dt>
                    <dd>
                      <code>{r.wordingVersion}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('supporters.wording')}</dt>
                    <dd>
                      <q>{r.wording}</q>
                    </dd>
                  </div>
                </dl>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section className="section" aria-labelledby="supporter-gifts">
        <h2 id="supporter-gifts">{t('supporters.gifts')}</h2>
        {gifts.length === 0 ? (
          <p className="empty">{t('supporters.noGifts')}</p>
        ) : (
          <ul className="tr-list" data-testid="supporter-gifts">
            {gifts.map((g) => (
              <li key={g.id} className="card tr-row">
                <div className="tr-row-head">
                  <span className="tr-amount">{money(g.grossMinor, g.currency)}</span>
                  <span className="meta">{formatDay(g.receivedAt, locale)}</span>
                </div>
                {g.refundedMinor > 0 && (
                  <p className="meta">
                    {t('supporters.refunded', { amount: money(g.refundedMinor, g.currency) })}
                  </p>
                )}
                <p className="meta">
                  <a href={`/track/${encodeURIComponent(g.receiptCode)}`} className="tr-code">
                    {t('supporters.track')}: {g.receiptCode}
                  </a>
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>

      {canErase && <EraseSupporter client={client} supporter={s} onErased={onErased} />}
    </>
  );
}

/** Changes whenever the stored details do, so that the form starts again from what was saved. */
function generationKey(s: Supporter): string {
  return [s.displayName, s.email, s.phone, s.language, s.timeZone, s.country, s.preferredChannel].join('|');
}

function EditSupporter({
  client,
  supporter,
  onSaved,
}: {
  readonly client: SupportersApi;
  readonly supporter: Supporter;
  readonly onSaved: () => void;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<SupporterDraft>(() => draftOf(supporter));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [missingContact, setMissingContact] = useState(false);

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
      await client.updateSupporter(supporter.id, detailsOf(draft));
      setOpen(false);
      onSaved();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  if (!open)
    return (
      <p>
        <button type="button" className="button button-secondary" onClick={() => setOpen(true)}>
          {t('supporters.edit')}
        </button>
      </p>
    );
  return (
    <form className="tr-form" aria-label={t('supporters.edit')} onSubmit={(e) => void submit(e)}>
      <SupporterFields
        idPrefix="edit-supporter"
        draft={draft}
        onChange={setDraft}
        missingContact={missingContact}
      />
      {error !== null && <ActionError error={error} />}
      <p className="tr-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('supporters.save')}
        </button>
        <button
          type="button"
          className="button button-secondary"
          disabled={busy}
          onClick={() => {
            setDraft(draftOf(supporter));
            setError(null);
            setOpen(false);
          }}
        >
          {t('supporters.cancel')}
        </button>
      </p>
    </form>
  );
}

function EraseSupporter({
  client,
  supporter,
  onErased,
}: {
  readonly client: SupportersApi;
  readonly supporter: Supporter;
  readonly onErased: () => void;
}) {
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const erase = async () => {
    setBusy(true);
    setError(null);
    try {
      await client.eraseSupporter(supporter.id);
      onErased();
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <section className="section card" aria-labelledby="supporter-erase">
      <h2 id="supporter-erase">{t('supporters.erase')}</h2>
      {!confirming ? (
        <p>
          <button type="button" className="button button-secondary" onClick={() => setConfirming(true)}>
            {t('supporters.erase')}
          </button>
        </p>
      ) : (
        <div role="alertdialog" aria-labelledby="supporter-erase" aria-describedby="supporter-erase-explain">
          <p id="supporter-erase-explain">{t('supporters.eraseExplain')}</p>
          <p className="tr-actions">
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void erase()}
            >
              {t('supporters.eraseConfirm')}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy}
              onClick={() => setConfirming(false)}
            >
              {t('supporters.cancel')}
            </button>
          </p>
        </div>
      )}
      {error !== null && <ActionError error={error} />}
    </section>
  );
}
