// The books for staff, in four tabs: donations (with their tracking codes, manual gifts and refunds),
// expenses (drafts with evidence, approval, funding), account balances and the postings. Actions a
// role may not take are not shown; the server checks every one anyway, and a refusal shows its code.
import { useCallback, useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { PublicOrganisation } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useApi, useDocumentTitle } from '../ui';
import type {
  Donation,
  Expense,
  ExpenseStatus,
  LedgerClient,
  LedgerTransaction,
  Restriction,
} from '../traceability/ledger-client';
import { bytesToBase64, parseMoneyInput } from '../traceability/money-input';
import { roleCan } from '../traceability/permissions';
import { ActionError, formatDay, useLedgerClient } from '../traceability/shared';
import { currencyDigits, minorToDecimal } from '../format';
import { useSession, useSessionRequest } from './session';
import '../styles/traceability.css';

const TABS = ['donations', 'expenses', 'accounts', 'transactions'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABELS: Readonly<Record<Tab, PlainMessageKey>> = {
  donations: 'ledger.tab.donations',
  expenses: 'ledger.tab.expenses',
  accounts: 'ledger.tab.accounts',
  transactions: 'ledger.tab.transactions',
};

function initialTab(): Tab {
  const hash = typeof location === 'undefined' ? '' : location.hash.slice(1);
  return (TABS as readonly string[]).includes(hash) ? (hash as Tab) : 'donations';
}

const today = () => new Date().toISOString().slice(0, 10);
const newReference = (prefix: string) => `${prefix}-${crypto.randomUUID()}`;

export function LedgerPage() {
  const { t } = useI18n();
  const api = useApi();
  const client = useLedgerClient();
  const [tab, setTab] = useState<Tab>(initialTab);
  const tabRefs = useRef(new Map<Tab, HTMLButtonElement>());
  const loadOrg = useCallback((signal: AbortSignal) => api.publicOrganisation({ signal }), [api]);
  const org = useSessionRequest(loadOrg);
  useDocumentTitle(t('ledger.title'));

  const choose = (next: Tab, focus = false) => {
    setTab(next);
    history.replaceState(history.state, '', `#${next}`);
    if (focus) tabRefs.current.get(next)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (step !== 0) choose(TABS[(i + step + TABS.length) % TABS.length]!, true);
    else if (event.key === 'Home') choose(TABS[0], true);
    else if (event.key === 'End') choose(TABS[TABS.length - 1]!, true);
    else return;
    event.preventDefault();
  };

  return (
    <div className="page tr-page">
      <div className="page-head">
        <h1>{t('ledger.title')}</h1>
      </div>
      <div className="tr-tabs" role="tablist" aria-label={t('ledger.sections')} onKeyDown={onKeyDown}>
        {TABS.map((id) => (
          <button
            key={id}
            ref={(el) => {
              if (el) tabRefs.current.set(id, el);
            }}
            type="button"
            role="tab"
            id={`tab-${id}`}
            className="tr-tab"
            aria-selected={tab === id}
            aria-controls={`panel-${id}`}
            tabIndex={tab === id ? 0 : -1}
            onClick={() => choose(id)}
          >
            {t(TAB_LABELS[id])}
          </button>
        ))}
      </div>
      <div role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`} className="tr-panel">
        {org.status === 'loading' && <Loading />}
        {org.status === 'failed' && <ErrorNotice error={org.error} onRetry={org.retry} />}
        {org.status === 'ready' && (
          <>
            {tab === 'donations' && <DonationsPanel client={client} org={org.data} />}
            {tab === 'expenses' && <ExpensesPanel client={client} org={org.data} />}
            {tab === 'accounts' && <AccountsPanel client={client} />}
            {tab === 'transactions' && <TransactionsPanel client={client} />}
          </>
        )}
      </div>
    </div>
  );
}

/** A list read page by page: the first page on mount (and on reload), more on demand. */
function usePaged<T>(
  load: (
    cursor: string | null,
    signal?: AbortSignal,
  ) => Promise<{ items: readonly T[]; nextCursor: string | null }>,
) {
  const { expire } = useSession();
  const [items, setItems] = useState<readonly T[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [generation, setGeneration] = useState(0);
  const fail = useCallback(
    (e: unknown) => {
      if (typeof e === 'object' && e !== null && (e as { statusCode?: number }).statusCode === 401) expire();
      else setError(e);
    },
    [expire],
  );
  useEffect(() => {
    const controller = new AbortController();
    setError(null);
    load(null, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return;
        setItems(page.items);
        setCursor(page.nextCursor);
      },
      (e: unknown) => !controller.signal.aborted && fail(e),
    );
    return () => controller.abort();
  }, [load, fail, generation]);
  const more = async () => {
    if (cursor === null) return;
    setBusy(true);
    try {
      const page = await load(cursor);
      setItems((prev) => [...(prev ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };
  const reload = useCallback(() => setGeneration((n) => n + 1), []);
  const replace = useCallback(
    (match: (item: T) => boolean, next: T) =>
      setItems((prev) => prev?.map((i) => (match(i) ? next : i)) ?? null),
    [],
  );
  return { items, cursor, error, busy, more, reload, replace };
}

function LoadMore({ onClick, busy }: { readonly onClick: () => Promise<void>; readonly busy: boolean }) {
  const { t } = useI18n();
  return (
    <p>
      <button
        type="button"
        className="button button-secondary"
        disabled={busy}
        onClick={() => void onClick()}
      >
        {t('ledger.loadMore')}
      </button>
    </p>
  );
}

// --- donations ----------------------------------------------------------------------------------------

function fundName(
  org: PublicOrganisation,
  d: { projectId: string | null; campaignId: string | null },
  fallback: string,
) {
  return (
    org.projects.find((p) => p.id === d.projectId)?.name ??
    org.campaigns.find((c) => c.id === d.campaignId)?.name ??
    fallback
  );
}

function DonationsPanel({
  client,
  org,
}: {
  readonly client: LedgerClient;
  readonly org: PublicOrganisation;
}) {
  const { t, money, locale } = useI18n();
  const { user } = useSession();
  const canWrite = roleCan(user.role, 'ledger:write');
  const load = useCallback(
    (cursor: string | null, signal?: AbortSignal) => client.donations(cursor, signal),
    [client],
  );
  const list = usePaged<Donation>(load);
  const [recorded, setRecorded] = useState<Donation | null>(null);

  return (
    <>
      {canWrite && (
        <RecordGift
          client={client}
          org={org}
          onRecorded={(d) => {
            setRecorded(d);
            list.reload();
          }}
        />
      )}
      {recorded && (
        <p className="tr-success" role="status">
          {t('ledger.donations.recorded', { code: recorded.receiptCode })}{' '}
          <a href={`/track/${recorded.receiptCode}`}>{t('ledger.donations.track')}</a>
        </p>
      )}
      {list.error !== null && <ActionError error={list.error} />}
      {list.items === null ? (
        list.error === null && <Loading />
      ) : list.items.length === 0 ? (
        <p className="empty">{t('ledger.donations.empty')}</p>
      ) : (
        <ul className="tr-list" data-testid="donations">
          {list.items.map((d) => (
            <li key={d.id} className="card tr-row" data-receipt={d.receiptCode}>
              <div className="tr-row-head">
                <span className="tr-amount">{money(d.grossMinor, d.currency)}</span>
                <span className="meta">
                  {formatDay(d.receivedAt, locale)} · {t('ledger.donations.via', { provider: d.provider })}
                </span>
              </div>
              <p>{fundName(org, d, t('transparency.unrestrictedFund'))}</p>
              <p className="meta">
                {t('ledger.donations.spentUnspent', {
                  spent: money(d.spentMinor, d.currency),
                  unspent: money(d.unspentMinor, d.currency),
                })}
                {d.refundedMinor > 0 &&
                  ` · ${t('ledger.donations.refundedAmount', { amount: money(d.refundedMinor, d.currency) })}`}
              </p>
              <p className="meta">
                {t('ledger.donations.code')}:{' '}
                <a href={`/track/${d.receiptCode}`} className="tr-code">
                  {d.receiptCode}
                </a>
              </p>
              {canWrite && d.grossMinor - d.refundedMinor > 0 && (
                <RefundForm
                  client={client}
                  donation={d}
                  onRefunded={(next) => list.replace((x) => x.id === next.id, next)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {list.cursor !== null && <LoadMore onClick={list.more} busy={list.busy} />}
    </>
  );
}

function RecordGift({
  client,
  org,
  onRecorded,
}: {
  readonly client: LedgerClient;
  readonly org: PublicOrganisation;
  readonly onRecorded: (d: Donation) => void;
}) {
  const { t } = useI18n();
  const currency = org.organisation.currency;
  const digits = currencyDigits(currency);
  const [amount, setAmount] = useState('');
  const [fee, setFee] = useState('');
  const [date, setDate] = useState(today);
  const [fund, setFund] = useState('unrestricted');
  // The reference is the idempotency key: a double click or a retry records the gift once.
  const [reference, setReference] = useState(() => newReference('manual'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const grossMinor = parseMoneyInput(amount, digits);
    const feeMinor = fee.trim() === '' ? 0 : parseMoneyInput(fee, digits);
    if (grossMinor === null || grossMinor <= 0 || feeMinor === null) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    const [kind, id] = fund.split(':') as [Restriction, string | undefined];
    try {
      const donation = await client.recordDonation({
        grossMinor,
        feeMinor,
        currency,
        receivedAt: date,
        restriction: kind,
        ...(kind === 'project' && id ? { projectId: id } : {}),
        ...(kind === 'campaign' && id ? { campaignId: id } : {}),
        provider: 'manual',
        providerPaymentId: reference.trim(),
      });
      setAmount('');
      setFee('');
      setReference(newReference('manual'));
      onRecorded(donation);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="tr-disclosure card">
      <summary>{t('ledger.donations.record')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)} noValidate>
        <p className="muted">{t('ledger.donations.recordHint')}</p>
        <div className="tr-form-grid">
          <div className="field">
            <label htmlFor="gift-amount">
              {t('ledger.donations.amount')} ({currency})
            </label>
            <input
              id="gift-amount"
              inputMode="decimal"
              required
              value={amount}
              aria-invalid={invalid || undefined}
              aria-describedby={invalid ? 'gift-invalid' : undefined}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="gift-fee">
              {t('ledger.donations.fee')} ({currency})
            </label>
            <input id="gift-fee" inputMode="decimal" value={fee} onChange={(e) => setFee(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="gift-date">{t('ledger.donations.date')}</label>
            <input
              id="gift-date"
              type="date"
              required
              value={date}
              onChange={(e) => setDate(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="gift-fund">{t('ledger.donations.fund')}</label>
            <select id="gift-fund" value={fund} onChange={(e) => setFund(e.target.value)}>
              <option value="unrestricted">{t('transparency.unrestrictedFund')}</option>
              {org.projects.map((p) => (
                <option key={p.id} value={`project:${p.id}`}>
                  {p.name}
                </option>
              ))}
              {org.campaigns.map((c) => (
                <option key={c.id} value={`campaign:${c.id}`}>
                  {c.name}
                </option>
              ))}
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="gift-reference">{t('ledger.donations.reference')}</label>
          <input
            id="gift-reference"
            required
            maxLength={200}
            value={reference}
            onChange={(e) => setReference(e.target.value)}
          />
        </div>
        {invalid && (
          <p id="gift-invalid" className="status status-error" role="alert">
            {t('ledger.expenses.invalidAmount')}
          </p>
        )}
        {error !== null && <ActionError error={error} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('ledger.donations.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}

function RefundForm({
  client,
  donation,
  onRefunded,
}: {
  readonly client: LedgerClient;
  readonly donation: Donation;
  readonly onRefunded: (d: Donation) => void;
}) {
  const { t } = useI18n();
  const digits = currencyDigits(donation.currency);
  const left = donation.grossMinor - donation.refundedMinor;
  const [open, setOpen] = useState(false);
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [refundId, setRefundId] = useState(() => newReference('manual-refund'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);
  const [done, setDone] = useState(false);
  const base = `refund-${donation.id}`;

  if (!open) {
    return (
      <div className="tr-actions">
        <button
          type="button"
          className="button button-quiet"
          onClick={() => {
            setOpen(true);
            setDone(false);
            setAmount(minorToDecimal(left, digits));
          }}
        >
          {t('ledger.donations.refund')}
        </button>
        {done && (
          <span className="tr-success" role="status">
            {t('ledger.donations.refundDone')}
          </span>
        )}
      </div>
    );
  }
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseMoneyInput(amount, digits);
    if (amountMinor === null || amountMinor <= 0) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      const next = await client.refund(donation.id, {
        amountMinor,
        providerRefundId: refundId,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setOpen(false);
      setDone(true);
      setRefundId(newReference('manual-refund'));
      onRefunded(next);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="tr-form" onSubmit={(e) => void submit(e)} noValidate>
      <div className="tr-form-grid">
        <div className="field">
          <label htmlFor={`${base}-amount`}>
            {t('ledger.donations.refundAmount')} ({donation.currency})
          </label>
          <input
            id={`${base}-amount`}
            inputMode="decimal"
            value={amount}
            aria-invalid={invalid || undefined}
            onChange={(e) => setAmount(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${base}-reason`}>{t('ledger.donations.refundReason')}</label>
          <input
            id={`${base}-reason`}
            maxLength={500}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
          />
        </div>
      </div>
      {invalid && (
        <p className="status status-error" role="alert">
          {t('ledger.expenses.invalidAmount')}
        </p>
      )}
      {error !== null && <ActionError error={error} />}
      <div className="tr-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {t('ledger.donations.refundSubmit')}
        </button>
        <button type="button" className="button button-quiet" onClick={() => setOpen(false)}>
          {t('ledger.cancel')}
        </button>
      </div>
    </form>
  );
}

// --- expenses -----------------------------------------------------------------------------------------

const STATUS_LABELS: Readonly<Record<ExpenseStatus, PlainMessageKey>> = {
  draft: 'ledger.expenses.draft',
  approved: 'ledger.expenses.approved',
  rejected: 'ledger.expenses.rejected',
};
const isStatus = (s: string): s is ExpenseStatus => s === 'draft' || s === 'approved' || s === 'rejected';

function ExpensesPanel({ client, org }: { readonly client: LedgerClient; readonly org: PublicOrganisation }) {
  const { t } = useI18n();
  const { user } = useSession();
  const [status, setStatus] = useState<ExpenseStatus | null>(null);
  const load = useCallback(
    async (_cursor: string | null, signal?: AbortSignal) => ({
      ...(await client.expenses(status, signal)),
      nextCursor: null,
    }),
    [client, status],
  );
  const list = usePaged<Expense>(load);
  const [created, setCreated] = useState(false);

  return (
    <>
      {roleCan(user.role, 'ledger:write') && (
        <CreateExpense
          client={client}
          org={org}
          categories={[...new Set((list.items ?? []).map((e) => e.category))].sort()}
          onCreated={() => {
            setCreated(true);
            list.reload();
          }}
        />
      )}
      {created && (
        <p className="tr-success" role="status">
          {t('ledger.expenses.created')}
        </p>
      )}
      <div className="tr-filter field">
        <label htmlFor="expense-filter">{t('ledger.expenses.show')}</label>
        <select
          id="expense-filter"
          value={status ?? ''}
          onChange={(e) => setStatus(isStatus(e.target.value) ? e.target.value : null)}
        >
          <option value="">{t('ledger.expenses.all')}</option>
          {(['draft', 'approved', 'rejected'] as const).map((s) => (
            <option key={s} value={s}>
              {t(STATUS_LABELS[s])}
            </option>
          ))}
        </select>
      </div>
      {list.error !== null && <ActionError error={list.error} />}
      {list.items === null ? (
        list.error === null && <Loading />
      ) : list.items.length === 0 ? (
        <p className="empty">{t('ledger.expenses.empty')}</p>
      ) : (
        <ul className="tr-list" data-testid="expenses">
          {list.items.map((e) => (
            <ExpenseRow
              key={e.id}
              client={client}
              org={org}
              expense={e}
              onChanged={(next) => list.replace((x) => x.id === next.id, next)}
            />
          ))}
        </ul>
      )}
    </>
  );
}

function ExpenseRow({
  client,
  org,
  expense: e,
  onChanged,
}: {
  readonly client: LedgerClient;
  readonly org: PublicOrganisation;
  readonly expense: Expense;
  readonly onChanged: (e: Expense) => void;
}) {
  const { t, money, locale } = useI18n();
  const { user } = useSession();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const canApprove = roleCan(user.role, 'expenses:approve') && e.status === 'draft';

  const act = async (action: () => Promise<Expense>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await action());
      setRejecting(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <li className="card tr-row" data-expense={e.id} data-status={e.status}>
      <div className="tr-row-head">
        <span className="tr-amount">{money(e.amountMinor, e.currency)}</span>
        <span className={`tr-badge tr-badge-${e.status}`}>
          {isStatus(e.status) ? t(STATUS_LABELS[e.status]) : e.status}
        </span>
      </div>
      <h3>{e.description}</h3>
      <p className="meta">
        {e.payee} · {formatDay(e.spentOn, locale)} · {e.category} ·{' '}
        {fundName(org, { projectId: e.projectId, campaignId: e.campaignId }, t('ledger.expenses.noProject'))}
      </p>
      {e.status === 'approved' && (
        <p className="meta" data-testid="funding">
          <span className={`tr-badge ${e.underfunded ? 'tr-badge-underfunded' : 'tr-badge-funded'}`}>
            {e.underfunded ? t('ledger.expenses.underfunded') : t('ledger.expenses.fullyFunded')}
          </span>{' '}
          {t('ledger.expenses.funded', {
            funded: money(e.fundedMinor, e.currency),
            amount: money(e.amountMinor, e.currency),
          })}
        </p>
      )}
      {e.status === 'rejected' && e.rejectionReason && (
        <p className="meta">{t('ledger.expenses.rejectedBecause', { reason: e.rejectionReason })}</p>
      )}
      {e.evidence.length > 0 && (
        <ul className="tr-evidence-list">
          {e.evidence.map((f) => (
            <li key={f.sha256}>
              {e.status === 'approved' ? (
                <a href={`/api/v1/public/evidence/${f.sha256}`} download={f.filename}>
                  {f.filename}
                </a>
              ) : (
                <span>{f.filename}</span>
              )}{' '}
              <code className="tr-hash">SHA-256 {f.sha256}</code>
            </li>
          ))}
        </ul>
      )}
      {error !== null && <ActionError error={error} />}
      {canApprove && !rejecting && (
        <div className="tr-actions">
          <button
            type="button"
            className="button button-primary"
            disabled={busy}
            onClick={() => void act(() => client.approveExpense(e.id))}
          >
            {t('ledger.expenses.approve')}
          </button>
          <button
            type="button"
            className="button button-quiet"
            disabled={busy}
            onClick={() => setRejecting(true)}
          >
            {t('ledger.expenses.reject')}
          </button>
        </div>
      )}
      {canApprove && rejecting && (
        <form
          className="tr-form"
          onSubmit={(event) => {
            event.preventDefault();
            void act(() => client.rejectExpense(e.id, reason.trim()));
          }}
        >
          <div className="field">
            <label htmlFor={`reject-${e.id}`}>{t('ledger.expenses.rejectReason')}</label>
            <input
              id={`reject-${e.id}`}
              required
              maxLength={500}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
            />
          </div>
          <div className="tr-actions">
            <button type="submit" className="button button-primary" disabled={busy || reason.trim() === ''}>
              {t('ledger.expenses.rejectSubmit')}
            </button>
            <button type="button" className="button button-quiet" onClick={() => setRejecting(false)}>
              {t('ledger.cancel')}
            </button>
          </div>
        </form>
      )}
    </li>
  );
}

function CreateExpense({
  client,
  org,
  categories,
  onCreated,
}: {
  readonly client: LedgerClient;
  readonly org: PublicOrganisation;
  readonly categories: readonly string[];
  readonly onCreated: () => void;
}) {
  const { t } = useI18n();
  const currency = org.organisation.currency;
  const digits = currencyDigits(currency);
  const [payee, setPayee] = useState('');
  const [spentOn, setSpentOn] = useState(today);
  const [amount, setAmount] = useState('');
  const [category, setCategory] = useState('');
  const [description, setDescription] = useState('');
  const [projectId, setProjectId] = useState('');
  const [method, setMethod] = useState<'fifo' | 'prorata'>('fifo');
  const [fallback, setFallback] = useState<'unrestricted' | 'none'>('unrestricted');
  const [files, setFiles] = useState<readonly File[]>([]);
  const fileInput = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [invalid, setInvalid] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const amountMinor = parseMoneyInput(amount, digits);
    if (amountMinor === null || amountMinor <= 0) {
      setInvalid(true);
      return;
    }
    setInvalid(false);
    setBusy(true);
    setError(null);
    try {
      const evidence = await Promise.all(
        files.map(async (f) => ({
          filename: f.name,
          mimeType: f.type || 'application/octet-stream',
          contentBase64: bytesToBase64(new Uint8Array(await f.arrayBuffer())),
        })),
      );
      await client.createExpense({
        payee: payee.trim(),
        spentOn,
        amountMinor,
        currency,
        category: category.trim(),
        description: description.trim(),
        ...(projectId ? { projectId } : {}),
        method,
        fallback,
        ...(evidence.length ? { evidence } : {}),
      });
      setPayee('');
      setAmount('');
      setDescription('');
      setFiles([]);
      if (fileInput.current) fileInput.current.value = '';
      onCreated();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <details className="tr-disclosure card">
      <summary>{t('ledger.expenses.create')}</summary>
      <form className="tr-form" onSubmit={(e) => void submit(e)}>
        <div className="tr-form-grid">
          <div className="field">
            <label htmlFor="expense-payee">{t('ledger.expenses.payee')}</label>
            <input
              id="expense-payee"
              required
              maxLength={200}
              value={payee}
              onChange={(e) => setPayee(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="expense-date">{t('ledger.expenses.spentOn')}</label>
            <input
              id="expense-date"
              type="date"
              required
              value={spentOn}
              onChange={(e) => setSpentOn(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="expense-amount">
              {t('ledger.expenses.amount')} ({currency})
            </label>
            <input
              id="expense-amount"
              inputMode="decimal"
              required
              value={amount}
              aria-invalid={invalid || undefined}
              onChange={(e) => setAmount(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="expense-category">{t('ledger.expenses.category')}</label>
            <input
              id="expense-category"
              required
              pattern="[a-z0-9\-]{1,40}"
              list="expense-categories"
              aria-describedby="expense-category-hint"
              value={category}
              onChange={(e) => setCategory(e.target.value.toLowerCase())}
            />
            <datalist id="expense-categories">
              {categories.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
            <span id="expense-category-hint" className="field-hint">
              {t('ledger.expenses.categoryHint')}
            </span>
          </div>
          <div className="field">
            <label htmlFor="expense-project">{t('ledger.expenses.project')}</label>
            <select id="expense-project" value={projectId} onChange={(e) => setProjectId(e.target.value)}>
              <option value="">{t('ledger.expenses.noProject')}</option>
              {org.projects.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="expense-method">{t('ledger.expenses.method')}</label>
            <select
              id="expense-method"
              value={method}
              onChange={(e) => setMethod(e.target.value === 'prorata' ? 'prorata' : 'fifo')}
            >
              <option value="fifo">{t('ledger.expenses.fifo')}</option>
              <option value="prorata">{t('ledger.expenses.prorata')}</option>
            </select>
          </div>
          <div className="field">
            <label htmlFor="expense-fallback">{t('ledger.expenses.fallback')}</label>
            <select
              id="expense-fallback"
              value={fallback}
              onChange={(e) => setFallback(e.target.value === 'none' ? 'none' : 'unrestricted')}
            >
              <option value="unrestricted">{t('ledger.expenses.fallbackUnrestricted')}</option>
              <option value="none">{t('ledger.expenses.fallbackNone')}</option>
            </select>
          </div>
        </div>
        <div className="field">
          <label htmlFor="expense-description">{t('ledger.expenses.description')}</label>
          <textarea
            id="expense-description"
            required
            maxLength={500}
            aria-describedby="expense-description-hint"
            value={description}
            onChange={(e) => setDescription(e.target.value)}
          />
          <span id="expense-description-hint" className="field-hint">
            {t('ledger.expenses.descriptionHint')}
          </span>
        </div>
        <div className="field">
          <label htmlFor="expense-evidence">{t('ledger.expenses.evidence')}</label>
          <input
            ref={fileInput}
            id="expense-evidence"
            type="file"
            multiple
            accept="application/pdf,image/png,image/jpeg,image/webp,text/plain"
            aria-describedby="expense-evidence-hint"
            onChange={(e) => setFiles([...(e.target.files ?? [])])}
          />
          <span id="expense-evidence-hint" className="field-hint">
            {t('ledger.expenses.evidenceHint')}
          </span>
        </div>
        {invalid && (
          <p className="status status-error" role="alert">
            {t('ledger.expenses.invalidAmount')}
          </p>
        )}
        {error !== null && <ActionError error={error} />}
        <p>
          <button type="submit" className="button button-primary" disabled={busy}>
            {t('ledger.expenses.submit')}
          </button>
        </p>
      </form>
    </details>
  );
}

// --- accounts and transactions ------------------------------------------------------------------------

function AccountsPanel({ client }: { readonly client: LedgerClient }) {
  const { t, money } = useI18n();
  const load = useCallback((signal: AbortSignal) => client.accounts(signal), [client]);
  const state = useSessionRequest(load);
  if (state.status === 'loading') return <Loading />;
  if (state.status === 'failed') return <ActionError error={state.error} />;
  if (state.data.items.length === 0) return <p className="empty">{t('ledger.accounts.empty')}</p>;
  return (
    <>
      <p className="muted">{t('ledger.accounts.note')}</p>
      <div className="tr-table-scroll">
        <table className="tr-table" data-testid="accounts">
          <thead>
            <tr>
              <th scope="col">{t('ledger.accounts.account')}</th>
              <th scope="col">{t('ledger.accounts.kind')}</th>
              <th scope="col" className="tr-num">
                {t('ledger.accounts.balance')}
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.items.map((a) => (
              <tr key={`${a.account}|${a.currency}`}>
                <td>
                  <code>{a.account}</code>
                </td>
                <td>{a.kind}</td>
                <td className="tr-num">{money(a.balanceMinor, a.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function TransactionsPanel({ client }: { readonly client: LedgerClient }) {
  const { t, money, dateTime } = useI18n();
  const load = useCallback(
    (cursor: string | null, signal?: AbortSignal) => client.transactions(cursor, signal),
    [client],
  );
  const list = usePaged<LedgerTransaction>(load);
  return (
    <>
      {list.error !== null && <ActionError error={list.error} />}
      {list.items === null ? (
        list.error === null && <Loading />
      ) : list.items.length === 0 ? (
        <p className="empty">{t('ledger.transactions.empty')}</p>
      ) : (
        <ul className="tr-list" data-testid="transactions">
          {list.items.map((tx) => (
            <li key={tx.id} className="card tr-row">
              <div className="tr-row-head">
                <span className="tr-badge">{tx.kind}</span>
                <span className="meta">{dateTime(new Date(tx.occurredAt))}</span>
              </div>
              {tx.memo && <p>{tx.memo}</p>}
              <div className="tr-table-scroll">
                <table className="tr-table">
                  <caption className="visually-hidden">{t('ledger.transactions.postings')}</caption>
                  <tbody>
                    {tx.postings.map((p, i) => (
                      <tr key={i}>
                        <td>
                          <code>{p.account}</code>
                        </td>
                        <td className="tr-num">{money(p.amountMinor, p.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </li>
          ))}
        </ul>
      )}
      {list.cursor !== null && <LoadMore onClick={list.more} busy={list.busy} />}
    </>
  );
}
