// Direct debits: the SEPA creditor settings, the mandates donors signed (IBANs masked), and the
// collection batches — make one for what is due (or a whole month), download its pain.008 file for the
// bank, mark it settled when the bank has credited it, and record a collection that came back with
// its reason code. Actions a role may not take are hidden; the server checks every request anyway.
import { useCallback, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useApi, useDocumentTitle } from '../ui';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay } from '../traceability/shared';
import {
  DirectDebitsApi,
  type Batch,
  type BatchDetail,
  type CollectionStatus,
  type Mandate,
  type MandateStatus,
  type ReturnReason,
  type StatusReportResult,
  type SettingsState,
} from './direct-debits-client';
import { useSession, useSessionRequest } from './session';
import '../styles/traceability.css';
import '../styles/sepa.css';

export const MANDATE_STATUS: Readonly<Record<MandateStatus, PlainMessageKey>> = {
  active: 'directDebits.status.active',
  paused: 'directDebits.status.paused',
  cancelled: 'directDebits.status.cancelled',
  expired: 'directDebits.status.expired',
};

const COLLECTION_STATUS: Readonly<Record<CollectionStatus, PlainMessageKey>> = {
  pending: 'directDebits.collection.pending',
  settled: 'directDebits.collection.settled',
  failed: 'directDebits.collection.failed',
  withdrawn: 'directDebits.collection.withdrawn',
};

export function useDirectDebitsApi(): DirectDebitsApi {
  const api = useApi();
  return useMemo(() => new DirectDebitsApi(api), [api]);
}

export function DirectDebitsPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const client = useDirectDebitsApi();
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  const canWrite = roleCan(user.role, 'ledger:write');
  useDocumentTitle(t('directDebits.title'));
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [settings, batches] = await Promise.all([
        client.settings({ signal }),
        client.batches({ signal }),
      ]);
      return { settings, batches: batches.items };
    },
    // `tick` reloads after an action.
    [client, tick],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true });

  return (
    <div className="page tr-page" data-testid="direct-debits">
      <div className="page-head">
        <h1>{t('directDebits.title')}</h1>
      </div>
      <p>{t('directDebits.lead')}</p>
      <p className="notice">{t('directDebits.bankNote')}</p>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && (
        <DirectDebitsView
          settings={state.data.settings}
          batches={state.data.batches}
          canWrite={canWrite}
          client={client}
          onChanged={refresh}
        />
      )}
      {canWrite && <StatusReportSection client={client} onChanged={refresh} />}
      <MandatesSection client={client} canWrite={canWrite} tick={tick} onChanged={refresh} />
    </div>
  );
}

/** Largest status report taken (the server's limit too). */
const MAX_REPORT_BYTES = 5 * 1024 * 1024;

/**
 * The bank's pain.002 status report on a file: rejected collections fail with the bank's reason, as if
 * each return were recorded by hand. Outside the reloaded view, so that its result stays on screen.
 */
export function StatusReportSection({
  client,
  onChanged,
}: {
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<StatusReportResult | null>(null);
  const [tooLarge, setTooLarge] = useState(false);

  const upload = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setResult(null);
    setTooLarge(file.size > MAX_REPORT_BYTES);
    if (file.size > MAX_REPORT_BYTES) return;
    setBusy(true);
    try {
      setResult(await client.importStatusReport(await file.text()));
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="sepa-status-reports">
      <h2 id="sepa-status-reports">{t('directDebits.statusReport.title')}</h2>
      <p className="muted">{t('directDebits.statusReport.lead')}</p>
      <div className="field">
        <label htmlFor="sepa-status-report">{t('directDebits.statusReport.file')}</label>
        <input
          id="sepa-status-report"
          type="file"
          accept=".xml,application/xml,text/xml"
          disabled={busy}
          onChange={(e) => {
            void upload(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
      </div>
      {busy && <Loading />}
      {tooLarge && (
        <p className="status status-error" role="alert">
          {t('directDebits.statusReport.tooLarge')}
        </p>
      )}
      {result && (
        <div className="tr-success" role="status" data-testid="status-report-result">
          <p>
            {t('directDebits.statusReport.done', {
              report: result.reportMessageId,
              file: result.originalMessageId,
              rejected: result.newlyRejected,
              accepted: result.accepted,
            })}
          </p>
          {result.alreadyRejected > 0 && (
            <p>{t('directDebits.statusReport.already', { count: result.alreadyRejected })}</p>
          )}
          {result.rejected.length > 0 && (
            <ul>
              {result.rejected.map((r) => (
                <li key={r.endToEndId}>
                  <code>{r.endToEndId}</code> — {r.reason}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {error !== null && <ActionError error={error} />}
    </section>
  );
}

/** Settings and batches, as loaded (rendered alone in tests). */
export function DirectDebitsView({
  settings,
  batches,
  canWrite,
  client,
  onChanged,
}: {
  readonly settings: SettingsState;
  readonly batches: readonly Batch[];
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const { t } = useI18n();
  return (
    <>
      {!settings.complete && (
        <p className="status status-error" role="status">
          {t('directDebits.settings.incomplete')}
        </p>
      )}
      <SettingsForm state={settings} canWrite={canWrite} client={client} onSaved={onChanged} />
      <BatchesSection
        batches={batches}
        canWrite={canWrite && settings.complete}
        client={client}
        onChanged={onChanged}
      />
    </>
  );
}

function SettingsForm({
  state,
  canWrite,
  client,
  onSaved,
}: {
  readonly state: SettingsState;
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onSaved: () => void;
}) {
  const { t } = useI18n();
  const s = state.settings;
  const [creditorId, setCreditorId] = useState(s.creditorId ?? '');
  const [creditorName, setCreditorName] = useState(s.creditorName ?? '');
  const [creditorIban, setCreditorIban] = useState(s.creditorIban ?? '');
  const [creditorBic, setCreditorBic] = useState(s.creditorBic ?? '');
  const [prenotificationDays, setPrenotificationDays] = useState(String(s.prenotificationDays));
  const [collectionDays, setCollectionDays] = useState(s.collectionDays.join(', '));
  const [daysAhead, setDaysAhead] = useState(String(s.daysAhead));
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const locked = (field: string) => !canWrite || state.locked.includes(field);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setSaved(false);
    const patch: Record<string, unknown> = {
      creditorId: creditorId.trim() || null,
      creditorName: creditorName.trim() || null,
      creditorIban: creditorIban.trim() || null,
      creditorBic: creditorBic.trim() || null,
      prenotificationDays: Number(prenotificationDays),
      collectionDays: collectionDays
        .split(/[,\s]+/)
        .filter(Boolean)
        .map(Number),
      daysAhead: Number(daysAhead),
    };
    for (const field of state.locked) delete patch[field];
    try {
      await client.saveSettings(patch);
      setSaved(true);
      onSaved();
    } catch (e) {
      setError(e);
    }
  };

  const field = (
    name: string,
    label: PlainMessageKey,
    value: string,
    set: (v: string) => void,
    extra: { maxLength?: number; inputMode?: 'numeric' } = {},
  ) => (
    <div className="field">
      <label htmlFor={`sepa-settings-${name}`}>{t(label)}</label>
      <input
        id={`sepa-settings-${name}`}
        value={value}
        readOnly={locked(name)}
        aria-describedby={state.locked.includes(name) ? `sepa-settings-${name}-locked` : undefined}
        onChange={(e) => set(e.target.value)}
        {...extra}
      />
      {state.locked.includes(name) && (
        <span id={`sepa-settings-${name}-locked`} className="field-hint">
          {t('directDebits.settings.locked')}
        </span>
      )}
    </div>
  );

  return (
    <details className="tr-disclosure card" open={!state.complete}>
      <summary>{t('directDebits.settings.title')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)} data-testid="sepa-settings">
        <div className="tr-form-grid">
          {field('creditorId', 'directDebits.settings.creditorId', creditorId, setCreditorId, {
            maxLength: 40,
          })}
          {field('creditorName', 'directDebits.settings.creditorName', creditorName, setCreditorName, {
            maxLength: 70,
          })}
          {field('creditorIban', 'directDebits.settings.creditorIban', creditorIban, setCreditorIban, {
            maxLength: 50,
          })}
          {field('creditorBic', 'directDebits.settings.creditorBic', creditorBic, setCreditorBic, {
            maxLength: 11,
          })}
          {field(
            'prenotificationDays',
            'directDebits.settings.prenotificationDays',
            prenotificationDays,
            setPrenotificationDays,
            { inputMode: 'numeric' },
          )}
          {field('collectionDays', 'directDebits.settings.collectionDays', collectionDays, setCollectionDays)}
          {field('daysAhead', 'directDebits.settings.daysAhead', daysAhead, setDaysAhead, {
            inputMode: 'numeric',
          })}
        </div>
        <p className="field-hint">{t('directDebits.settings.hint')}</p>
        {error !== null && <ActionError error={error} />}
        {saved && (
          <p className="tr-success" role="status">
            {t('directDebits.settings.saved')}
          </p>
        )}
        {canWrite && (
          <p>
            <button type="submit" className="button button-primary">
              {t('directDebits.settings.save')}
            </button>
          </p>
        )}
      </form>
    </details>
  );
}

function nextMonth(): string {
  const now = new Date();
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return d.toISOString().slice(0, 7);
}

function BatchesSection({
  batches,
  canWrite,
  client,
  onChanged,
}: {
  readonly batches: readonly Batch[];
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const { t, money, locale } = useI18n();
  const [period, setPeriod] = useState(nextMonth);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const create = async (whole: boolean) => {
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      const result = await client.createBatch(whole ? period : null);
      setMessage(
        result.created
          ? t('directDebits.batches.created', {
              id: result.batch.messageId,
              count: result.batch.numberOfTransactions,
            })
          : t('directDebits.batches.nothingDue'),
      );
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="section" aria-labelledby="sepa-batches">
      <h2 id="sepa-batches">{t('directDebits.batches.title')}</h2>
      {canWrite && (
        <div className="sepa-batch-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void create(false)}
          >
            {t('directDebits.batches.create')}
          </button>
          <label className="field sepa-period">
            <span>{t('directDebits.batches.period')}</span>
            <input type="month" value={period} onChange={(e) => setPeriod(e.target.value)} />
          </label>
          <button
            type="button"
            className="button button-secondary"
            disabled={busy || !/^\d{4}-\d{2}$/.test(period)}
            onClick={() => void create(true)}
          >
            {t('directDebits.batches.createMonth')}
          </button>
        </div>
      )}
      {message && (
        <p className="tr-success" role="status">
          {message}
        </p>
      )}
      {error !== null && <ActionError error={error} />}
      {batches.length === 0 ? (
        <p className="empty">{t('directDebits.batches.empty')}</p>
      ) : (
        <div className="tr-table-scroll">
          <table className="tr-table" data-testid="sepa-batches">
            <thead>
              <tr>
                <th scope="col">{t('directDebits.col.message')}</th>
                <th scope="col">{t('directDebits.col.due')}</th>
                <th scope="col">{t('directDebits.col.transactions')}</th>
                <th scope="col">{t('directDebits.col.total')}</th>
                <th scope="col">{t('directDebits.col.status')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('directDebits.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <BatchRow
                  key={b.id}
                  batch={b}
                  open={open === b.id}
                  onToggle={() => setOpen(open === b.id ? null : b.id)}
                  canWrite={canWrite}
                  client={client}
                  onChanged={onChanged}
                  summary={
                    <>
                      <td>
                        <code>{b.messageId}</code>
                      </td>
                      <td>{b.firstDueOn ? formatDay(b.firstDueOn, locale) : '—'}</td>
                      <td>{b.numberOfTransactions}</td>
                      <td>{money(b.controlSumMinor, b.currency)}</td>
                      <td>
                        {t(
                          b.status === 'settled'
                            ? 'directDebits.batchStatus.settled'
                            : 'directDebits.batchStatus.open',
                        )}
                        {b.counts.failed > 0 &&
                          ` · ${t('directDebits.batches.failed', { count: b.counts.failed })}`}
                      </td>
                    </>
                  }
                />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function BatchRow({
  batch,
  open,
  onToggle,
  canWrite,
  client,
  onChanged,
  summary,
}: {
  readonly batch: Batch;
  readonly open: boolean;
  readonly onToggle: () => void;
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
  readonly summary: ReactNode;
}) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const settle = async () => {
    if (!window.confirm(t('directDebits.settleConfirm'))) return;
    setBusy(true);
    setError(null);
    try {
      await client.settle(batch.id);
      onChanged();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <tr>
        {summary}
        <td className="sepa-row-actions">
          <button type="button" className="button button-quiet" aria-expanded={open} onClick={onToggle}>
            {t('directDebits.details')}
          </button>
          {canWrite && (
            <a className="button button-secondary" href={client.fileUrl(batch.id)} download>
              {t('directDebits.download')}
            </a>
          )}
          {canWrite && batch.status === 'open' && (
            <button
              type="button"
              className="button button-primary"
              disabled={busy}
              onClick={() => void settle()}
            >
              {t('directDebits.settle')}
            </button>
          )}
          {error !== null && <ActionError error={error} />}
        </td>
      </tr>
      {open && (
        <tr>
          <td colSpan={6}>
            <BatchCollections id={batch.id} canWrite={canWrite} client={client} onChanged={onChanged} />
          </td>
        </tr>
      )}
    </>
  );
}

function BatchCollections({
  id,
  canWrite,
  client,
  onChanged,
}: {
  readonly id: string;
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const [tick, setTick] = useState(0);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [batch, reasons] = await Promise.all([
        client.batch(id, { signal }),
        client.returnReasons({ signal }),
      ]);
      return { batch, reasons: reasons.items };
    },
    [client, id, tick],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true });
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <ErrorNotice error={state.error} onRetry={state.retry} />;
  return (
    <CollectionsTable
      batch={state.data.batch}
      reasons={state.data.reasons}
      canWrite={canWrite}
      client={client}
      onChanged={() => {
        setTick((n) => n + 1);
        onChanged();
      }}
    />
  );
}

/** A batch's collections, with a return form per collection for writers (rendered alone in tests). */
export function CollectionsTable({
  batch,
  reasons,
  canWrite,
  client,
  onChanged,
}: {
  readonly batch: BatchDetail;
  readonly reasons: readonly ReturnReason[];
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const { t, money, locale } = useI18n();
  return (
    <table className="tr-table sepa-collections" data-testid="sepa-collections">
      <thead>
        <tr>
          <th scope="col">{t('directDebits.col.reference')}</th>
          <th scope="col">{t('directDebits.col.debtor')}</th>
          <th scope="col">{t('directDebits.col.iban')}</th>
          <th scope="col">{t('directDebits.col.sequence')}</th>
          <th scope="col">{t('directDebits.col.due')}</th>
          <th scope="col">{t('directDebits.col.amount')}</th>
          <th scope="col">{t('directDebits.col.status')}</th>
        </tr>
      </thead>
      <tbody>
        {batch.collections.map((c) => (
          <tr key={c.id}>
            <td>
              <code>{c.mandateReference}</code>
              <br />
              <small className="muted">{c.endToEndId}</small>
            </td>
            <td>{c.debtorName ?? t('directDebits.erased')}</td>
            <td>
              <code className="sepa-iban">{c.ibanMasked}</code>
            </td>
            <td>{c.sequence}</td>
            <td>{formatDay(c.dueOn, locale)}</td>
            <td>{money(c.amountMinor, c.currency)}</td>
            <td>
              {t(COLLECTION_STATUS[c.status])}
              {c.returnReason && ` · ${c.returnReason}`}
              {canWrite && (c.status === 'pending' || c.status === 'settled') && (
                <ReturnForm collectionId={c.id} reasons={reasons} client={client} onDone={onChanged} />
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ReturnForm({
  collectionId,
  reasons,
  client,
  onDone,
}: {
  readonly collectionId: string;
  readonly reasons: readonly ReturnReason[];
  readonly client: DirectDebitsApi;
  readonly onDone: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState(
    reasons.find((r) => r.code === 'AM04')?.code ?? reasons[0]?.code ?? '',
  );
  const [error, setError] = useState<unknown>(null);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await client.recordReturn(collectionId, reason);
      onDone();
    } catch (e) {
      setError(e);
    }
  };
  const chosen = reasons.find((r) => r.code === reason);
  return (
    <details className="sepa-return">
      <summary>{t('directDebits.return')}</summary>
      <form onSubmit={(e) => void submit(e)}>
        <label htmlFor={`return-${collectionId}`}>{t('directDebits.returnReason')}</label>
        <select id={`return-${collectionId}`} value={reason} onChange={(e) => setReason(e.target.value)}>
          {reasons.map((r) => (
            <option key={r.code} value={r.code}>
              {r.code} — {r.name}
            </option>
          ))}
        </select>
        {chosen && (
          <p className="field-hint">
            {t(chosen.policy === 'cancel' ? 'directDebits.returnCancels' : 'directDebits.returnRetries')}
          </p>
        )}
        <button type="submit" className="button button-secondary">
          {t('directDebits.returnSave')}
        </button>
        {error !== null && <ActionError error={error} />}
      </form>
    </details>
  );
}

function MandatesSection({
  client,
  canWrite,
  tick,
  onChanged,
}: {
  readonly client: DirectDebitsApi;
  readonly canWrite: boolean;
  readonly tick: number;
  readonly onChanged: () => void;
}) {
  const { t } = useI18n();
  const [status, setStatus] = useState<MandateStatus | ''>('');
  const load = useCallback(
    (signal: AbortSignal) => client.mandates(status || null, { signal }),
    [client, status, tick],
  );
  const state = useSessionRequest(load, { keepWhileReloading: true });
  return (
    <section className="section" aria-labelledby="sepa-mandates">
      <h2 id="sepa-mandates">{t('directDebits.mandates.title')}</h2>
      <label className="field sepa-filter">
        <span>{t('directDebits.mandates.filter')}</span>
        <select value={status} onChange={(e) => setStatus(e.target.value as MandateStatus | '')}>
          <option value="">{t('directDebits.mandates.all')}</option>
          {(Object.keys(MANDATE_STATUS) as MandateStatus[]).map((s) => (
            <option key={s} value={s}>
              {t(MANDATE_STATUS[s])}
            </option>
          ))}
        </select>
      </label>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && (
        <MandatesTable
          mandates={state.data.items}
          canWrite={canWrite}
          client={client}
          onChanged={onChanged}
        />
      )}
    </section>
  );
}

/** The mandates list (rendered alone in tests). */
export function MandatesTable({
  mandates,
  canWrite,
  client,
  onChanged,
}: {
  readonly mandates: readonly Mandate[];
  readonly canWrite: boolean;
  readonly client: DirectDebitsApi;
  readonly onChanged: () => void;
}) {
  const { t, money, locale } = useI18n();
  const [error, setError] = useState<unknown>(null);
  const cancel = async (id: string) => {
    if (!window.confirm(t('directDebits.cancelConfirm'))) return;
    setError(null);
    try {
      await client.cancelMandate(id);
      onChanged();
    } catch (e) {
      setError(e);
    }
  };
  if (mandates.length === 0) return <p className="empty">{t('directDebits.mandates.empty')}</p>;
  return (
    <>
      {error !== null && <ActionError error={error} />}
      <div className="tr-table-scroll">
        <table className="tr-table" data-testid="sepa-mandates">
          <thead>
            <tr>
              <th scope="col">{t('directDebits.col.reference')}</th>
              <th scope="col">{t('directDebits.col.debtor')}</th>
              <th scope="col">{t('directDebits.col.iban')}</th>
              <th scope="col">{t('directDebits.col.amount')}</th>
              <th scope="col">{t('directDebits.col.day')}</th>
              <th scope="col">{t('directDebits.col.signed')}</th>
              <th scope="col">{t('directDebits.col.campaign')}</th>
              <th scope="col">{t('directDebits.col.status')}</th>
            </tr>
          </thead>
          <tbody>
            {mandates.map((m) => (
              <tr key={m.id}>
                <td>
                  <code>{m.reference}</code>
                </td>
                <td>{m.debtorName ?? t('directDebits.erased')}</td>
                <td>
                  <code className="sepa-iban">{m.ibanMasked}</code>
                </td>
                <td>
                  {money(m.amountMinor, m.currency)}
                  {m.nextAmountMinor !== null && m.nextAmountFrom && (
                    <>
                      <br />
                      <small className="muted">
                        {t('directDebits.nextAmount', {
                          amount: money(m.nextAmountMinor, m.currency),
                          date: formatDay(m.nextAmountFrom, locale),
                        })}
                      </small>
                    </>
                  )}
                </td>
                <td>{m.dayOfMonth}</td>
                <td>{formatDay(m.signedOn, locale)}</td>
                <td>{m.campaign?.name ?? '—'}</td>
                <td>
                  <span className={`sepa-status sepa-status-${m.status}`}>{t(MANDATE_STATUS[m.status])}</span>
                  {m.statusReason && <small className="muted"> · {m.statusReason}</small>}
                  {canWrite && (m.status === 'active' || m.status === 'paused') && (
                    <>
                      <br />
                      <button type="button" className="button button-quiet" onClick={() => void cancel(m.id)}>
                        {t('directDebits.cancel')}
                      </button>
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
