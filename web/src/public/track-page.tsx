// The donor's tracking page, /track/<receipt code>: the gift, what it paid for (with the evidence of
// each expense), what is unspent or refunded — and, in the browser, the proof that each of these
// events is in the organisation's public log under a checkpoint signed by the log's key.
import { useCallback, useEffect, useState } from 'react';
import { isApiError } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorNotice, Loading, useDocumentTitle, useRequest } from '../ui';
import { formatDay, useLedgerClient } from '../traceability/shared';
import type { LedgerClient, PublicTrace } from '../traceability/ledger-client';
import { verifyReceipt, type ReceiptCheck } from '../traceability/verify-receipt';
import '../styles/traceability.css';

/** How long and how often to wait for the log to seal a fresh entry (it integrates every second or so). */
export const SEAL_RETRY_MS = 1500;
export const SEAL_ATTEMPTS = 20;

export function TrackPage({ code }: { readonly code: string }) {
  const { t } = useI18n();
  const client = useLedgerClient();
  const load = useCallback((signal: AbortSignal) => client.trace(code, signal), [client, code]);
  const state = useRequest(load);
  useDocumentTitle(t('track.title'));

  if (state.status === 'loading') {
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  }
  if (state.status === 'failed') {
    // A code that does not exist, or could not be one (wrong length or characters), is the same to a donor.
    const unknown =
      isApiError(state.error) && ['RECEIPT_NOT_FOUND', 'VALIDATION_FAILED'].includes(state.error.code);
    return (
      <div className="container page">
        {unknown ? (
          <div className="empty-state" data-testid="track-not-found">
            <h1>{t('track.notFound.title')}</h1>
            <p className="muted">{t('track.notFound.body')}</p>
            <p>
              <Link to="/" className="button button-secondary">
                {t('notFound.toHome')}
              </Link>
            </p>
          </div>
        ) : (
          <>
            <h1>{t('track.title')}</h1>
            <ErrorNotice error={state.error} onRetry={state.retry} />
          </>
        )}
      </div>
    );
  }
  return (
    <div className="container page tr-page">
      <TraceView trace={state.data} />
      <ProofPanel client={client} trace={state.data} />
    </div>
  );
}

export function TraceView({ trace }: { readonly trace: PublicTrace }) {
  const { t, money, locale } = useI18n();
  const { donation, project, campaign, allocations } = trace;
  const cur = donation.currency;
  const fund = project?.name ?? campaign?.name ?? t('track.unrestricted');
  return (
    <>
      <div className="page-head">
        <p className="eyebrow">{t('track.eyebrow')}</p>
        <h1>{t('track.title')}</h1>
        <p className="meta tr-code">{t('track.code', { code: donation.receiptCode })}</p>
      </div>

      <section className="section" aria-labelledby="gift-heading">
        <h2 id="gift-heading">{t('track.gift')}</h2>
        <dl className="tr-figures">
          <div className="tr-figure tr-figure-main">
            <dt>{t('track.amount')}</dt>
            <dd>{money(donation.grossMinor, cur)}</dd>
          </div>
          <div className="tr-figure">
            <dt>{t('track.received')}</dt>
            <dd>{formatDay(donation.receivedAt, locale)}</dd>
          </div>
          <div className="tr-figure">
            <dt>{t('track.for')}</dt>
            <dd>{fund}</dd>
          </div>
          {donation.feeMinor > 0 && (
            <div className="tr-figure">
              <dt>{t('track.fee')}</dt>
              <dd>{money(donation.feeMinor, cur)}</dd>
            </div>
          )}
          <div className="tr-figure">
            <dt>{t('track.spent')}</dt>
            <dd>{money(donation.spentMinor, cur)}</dd>
          </div>
          <div className="tr-figure">
            <dt>{t('track.unspent')}</dt>
            <dd data-testid="track-unspent">{money(donation.unspentMinor, cur)}</dd>
          </div>
          {donation.refundedMinor > 0 && (
            <div className="tr-figure">
              <dt>{t('track.refunded')}</dt>
              <dd>{money(donation.refundedMinor, cur)}</dd>
            </div>
          )}
        </dl>
      </section>

      <section className="section" aria-labelledby="path-heading">
        <h2 id="path-heading">{t('track.path')}</h2>
        {allocations.length === 0 ? (
          <p className="empty">{t('track.noAllocations')}</p>
        ) : (
          <ol className="tr-path">
            {allocations.map((a) => (
              <li key={a.logIndex} className="card tr-step">
                <p className="tr-step-amount">{money(a.amountMinor, cur)}</p>
                {a.expense ? (
                  <>
                    <h3>{a.expense.description}</h3>
                    <p className="meta">
                      {t('track.expenseOn', { date: formatDay(a.expense.spentOn, locale) })} ·{' '}
                      {a.expense.category} ·{' '}
                      {t('track.ofExpense', { amount: money(a.expense.amountMinor, cur) })}
                    </p>
                    {a.expense.evidence.length > 0 && (
                      <div className="tr-evidence">
                        <p className="tr-label">{t('track.evidence')}</p>
                        <ul>
                          {a.expense.evidence.map((file) => (
                            <li key={file.sha256}>
                              <a href={`/api/v1/public/evidence/${file.sha256}`} download={file.filename}>
                                {file.filename}
                              </a>
                              <code className="tr-hash">SHA-256 {file.sha256}</code>
                            </li>
                          ))}
                        </ul>
                      </div>
                    )}
                  </>
                ) : (
                  <h3>{t('track.feeAllocation')}</h3>
                )}
                <p className="meta">{t('track.allocatedOn', { date: formatDay(a.allocatedAt, locale) })}</p>
              </li>
            ))}
          </ol>
        )}
        {donation.unspentMinor > 0 && allocations.length > 0 && (
          <p className="notice">{t('track.unspentNote', { amount: money(donation.unspentMinor, cur) })}</p>
        )}
        {donation.refundedMinor > 0 && (
          <p className="notice">{t('track.refundNote', { amount: money(donation.refundedMinor, cur) })}</p>
        )}
      </section>
    </>
  );
}

type EntryState =
  | { readonly status: 'checking' }
  | { readonly status: 'sealing' }
  | { readonly status: 'not-sealed' }
  | { readonly status: 'error'; readonly error: unknown }
  | ReceiptCheck;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });

function ProofPanel({ client, trace }: { readonly client: LedgerClient; readonly trace: PublicTrace }) {
  const { t, number } = useI18n();
  const code = trace.donation.receiptCode;
  const indices = trace.logIndices;
  const [entries, setEntries] = useState<ReadonlyMap<number, EntryState>>(new Map());
  const [publishedKey, setPublishedKey] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    const { signal } = controller;
    const set = (index: number, state: EntryState) => {
      if (!signal.aborted) setEntries((prev) => new Map(prev).set(index, state));
    };
    setEntries(new Map(indices.map((i) => [i, { status: 'checking' }])));
    client.logKey(signal).then(
      (key) => !signal.aborted && setPublishedKey(key),
      () => undefined,
    );
    const check = async (index: number): Promise<void> => {
      for (let tries = 0; tries < SEAL_ATTEMPTS && !signal.aborted; tries++) {
        try {
          const proof = await client.proof(code, index, signal);
          set(index, await verifyReceipt(proof, trace.log, index));
          return;
        } catch (error) {
          if (signal.aborted) return;
          if (!isApiError(error, 'LOG_ENTRY_NOT_INTEGRATED')) {
            set(index, { status: 'error', error });
            return;
          }
          set(index, { status: 'sealing' });
          await sleep(SEAL_RETRY_MS, signal);
        }
      }
      set(index, { status: 'not-sealed' });
    };
    for (const index of indices) void check(index);
    return () => controller.abort();
  }, [client, code, indices, trace.log, attempt]);

  const states = indices.map((i) => entries.get(i) ?? { status: 'checking' as const });
  const overall = states.some((s) => s.status === 'failed')
    ? 'failed'
    : states.every((s) => s.status === 'verified')
      ? 'verified'
      : states.some((s) => s.status === 'error' || s.status === 'not-sealed')
        ? 'incomplete'
        : states.some((s) => s.status === 'sealing')
          ? 'sealing'
          : 'checking';

  return (
    <section className="section tr-verify" aria-labelledby="verify-heading" data-verification={overall}>
      <h2 id="verify-heading">{t('track.verify.title')}</h2>
      <p className="muted">{t('track.verify.intro')}</p>
      <div className={`tr-verdict tr-verdict-${overall}`} role="status" aria-live="polite">
        {overall === 'verified' && (
          <p>
            <span className="tr-verdict-mark" aria-hidden="true">
              ✓
            </span>{' '}
            <strong>{t('track.verify.verified')}</strong> —{' '}
            {t('track.verify.allVerified', { count: number(indices.length) })}
          </p>
        )}
        {overall === 'failed' && (
          <p>
            <span className="tr-verdict-mark" aria-hidden="true">
              ✗
            </span>{' '}
            <strong>{t('track.verify.failed')}</strong> — {t('track.verify.someFailed')}
          </p>
        )}
        {overall === 'checking' && <p>{t('track.verify.checking')}</p>}
        {overall === 'sealing' && <p>{t('track.verify.sealing')}</p>}
        {overall === 'incomplete' && (
          <>
            <p>
              {states.some((s) => s.status === 'not-sealed')
                ? t('track.verify.stillSealing')
                : t('errors.generic')}
            </p>
            <button
              type="button"
              className="button button-secondary"
              onClick={() => setAttempt((n) => n + 1)}
            >
              {t('common.retry')}
            </button>
          </>
        )}
      </div>

      <ul className="tr-entries">
        {indices.map((index, i) => (
          <EntryResult key={index} code={code} index={index} state={states[i]!} />
        ))}
      </ul>

      <dl className="tr-log">
        <div>
          <dt>{t('track.verify.log')}</dt>
          <dd>
            <code>{trace.log.origin}</code>
          </dd>
        </div>
        <div>
          <dt>{t('track.verify.key')}</dt>
          <dd>
            <code className="tr-hash">{trace.log.verifierKey}</code>
            {publishedKey !== null && (
              <p
                className={publishedKey === trace.log.verifierKey ? 'tr-ok' : 'tr-bad'}
                data-testid="key-match"
              >
                {publishedKey === trace.log.verifierKey
                  ? t('track.verify.keyMatches')
                  : t('track.verify.keyDiffers')}{' '}
                <a href="/log/key">/log/key</a>
              </p>
            )}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function EntryResult({ code, index, state }: { code: string; index: number; state: EntryState }) {
  const { t, number } = useI18n();
  const proofUrl = `/api/v1/public/donations/${encodeURIComponent(code)}/proof?index=${index}`;
  const type = state.status === 'verified' && typeof state.entry?.type === 'string' ? state.entry.type : null;
  return (
    <li className={`tr-entry tr-entry-${state.status}`} data-index={index} data-status={state.status}>
      <details>
        <summary>
          <span className="tr-entry-title">
            {t('track.verify.entry', { index: number(index) })}
            {type && <code> {type}</code>}
          </span>
          <span className="tr-entry-status">
            {state.status === 'verified' && `✓ ${t('track.verify.verified')}`}
            {state.status === 'failed' && `✗ ${t('track.verify.failed')}`}
            {state.status === 'checking' && t('track.verify.checking')}
            {state.status === 'sealing' && t('track.verify.sealing')}
            {state.status === 'not-sealed' && t('track.verify.stillSealing')}
          </span>
        </summary>
        {state.status === 'verified' && (
          <div className="tr-entry-body">
            <dl className="tr-log">
              <div>
                <dt>{t('track.verify.checkpoint')}</dt>
                <dd data-testid="checkpoint-size">{number(state.checkpointSize)}</dd>
              </div>
              <div>
                <dt>{t('track.verify.root')}</dt>
                <dd>
                  <code className="tr-hash">{state.rootHash}</code>
                </dd>
              </div>
            </dl>
            <p className="tr-label">{t('track.verify.entryJson')}</p>
            <pre className="tr-json">
              {state.entry ? JSON.stringify(state.entry, null, 2) : state.entryText}
            </pre>
          </div>
        )}
        {state.status === 'failed' && (
          <div className="tr-entry-body">
            <p className="tr-bad">{t('track.verify.reason', { code: state.code })}</p>
            <p className="meta">{state.message}</p>
          </div>
        )}
        {state.status === 'error' && <ErrorNotice error={state.error} />}
        <p>
          <a href={proofUrl} download={`filo-${index}.tlog-proof`}>
            {t('track.verify.download')}
          </a>
        </p>
      </details>
    </li>
  );
}
