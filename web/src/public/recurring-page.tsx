// The donor's self-service page for a monthly gift (/donate/manage/:token, the link sent with each
// thank-you and failed-payment notice; also /recurring/:token): change the amount, pause, resume or
// cancel. A cancellation is final once the payment provider confirms it, so the page waits for that.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { isApiError, type RecurringChange, type RecurringGift } from '../api';
import { currencyDigits } from '../format';
import { useI18n, type PlainMessageKey } from '../i18n';
import { Link } from '../router';
import { ErrorNotice, Loading, useApi, useDocumentTitle, useRequest } from '../ui';
import { amountInputValue, decimalSeparatorFor, validateAmount } from './donate-amount';
import { amountProblemKey } from './donate-form';

const STATUS_KEYS: Readonly<Record<RecurringGift['status'], PlainMessageKey>> = {
  active: 'recurring.statusActive',
  paused: 'recurring.statusPaused',
  past_due: 'recurring.statusPastDue',
  cancelled: 'recurring.statusCancelled',
};

export function RecurringPage({
  token,
  organisation,
}: {
  readonly token: string;
  readonly organisation: string;
}) {
  const api = useApi();
  const { t } = useI18n();
  useDocumentTitle(t('recurring.title'), organisation);
  const load = useCallback((signal: AbortSignal) => api.recurringGift(token, { signal }), [api, token]);
  const state = useRequest(load);
  const change = useCallback((c: RecurringChange) => api.changeRecurringGift(token, c), [api, token]);
  const reload = useCallback(() => api.recurringGift(token), [api, token]);
  if (state.status === 'loading')
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  if (state.status === 'failed') {
    const missing =
      isApiError(state.error, 'PAYMENT_SUBSCRIPTION_NOT_FOUND') ||
      isApiError(state.error, 'VALIDATION_FAILED');
    return (
      <div className="container page recurring">
        <h1>{t('recurring.title')}</h1>
        {missing ? (
          <p className="status status-error" role="alert">
            {t('recurring.notFound')}
          </p>
        ) : (
          <ErrorNotice error={state.error} onRetry={state.retry} />
        )}
      </div>
    );
  }
  return <RecurringView gift={state.data} change={change} reload={reload} />;
}

type Notice = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

export function RecurringView({
  gift: initialGift,
  change,
  reload,
  waitMs = 1000,
}: {
  readonly gift: RecurringGift;
  readonly change: (change: RecurringChange) => Promise<RecurringGift>;
  readonly reload: () => Promise<RecurringGift>;
  /** Between checks while a cancellation is being confirmed. */
  readonly waitMs?: number;
}) {
  const { t, money, locale } = useI18n();
  const id = useId();
  const [gift, setGift] = useState(initialGift);
  const digits = currencyDigits(gift.currency);
  const [amount, setAmount] = useState(() =>
    amountInputValue(gift.amountMinor, digits, decimalSeparatorFor(locale)),
  );
  const [amountError, setAmountError] = useState<PlainMessageKey | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [cancelling, setCancelling] = useState(false);
  const [notice, setNotice] = useState<Notice>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const keepButton = useRef<HTMLButtonElement>(null);
  const perMonth = (minor: number) => t('recurring.perMonth', { amount: money(minor, gift.currency) });

  useEffect(() => {
    if (confirming) keepButton.current?.focus();
  }, [confirming]);

  // After "cancel", the provider confirms by webhook; ask until the gift reads cancelled.
  useEffect(() => {
    if (!cancelling) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempts = 0;
    const check = async () => {
      try {
        const next = await reload();
        if (stop) return;
        setGift(next);
        if (next.status === 'cancelled') {
          setCancelling(false);
          setNotice({ kind: 'ok', text: t('recurring.cancelled') });
          return;
        }
      } catch {
        // keep asking; a phone may drop the connection for a moment
      }
      attempts += 1;
      if (attempts >= 60) {
        setCancelling(false);
        setNotice({ kind: 'error', text: t('recurring.cancelSlow') });
        return;
      }
      timer = setTimeout(() => void check(), waitMs);
    };
    timer = setTimeout(() => void check(), waitMs);
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [cancelling, reload, t, waitMs]);

  const run = async (request: RecurringChange, success: (next: RecurringGift) => string) => {
    setBusy(true);
    setNotice(null);
    try {
      const next = await change(request);
      setGift(next);
      if (request.action === 'cancel') setCancelling(true);
      else setNotice({ kind: 'ok', text: success(next) });
    } catch (error) {
      const key: PlainMessageKey = isApiError(error, 'PAYMENT_SUBSCRIPTION_CLOSED')
        ? 'recurring.closed'
        : isApiError(error, 'PAYMENT_AMOUNT_INVALID')
          ? 'donate.errorAmountServer'
          : isApiError(error, 'RATE_LIMITED')
            ? 'donate.errorRateLimited'
            : 'errors.generic';
      setNotice({ kind: 'error', text: t(key) });
      if (key === 'recurring.closed') setGift((g) => ({ ...g, status: 'cancelled' }));
    }
    setBusy(false);
  };

  const saveAmount = (event: FormEvent) => {
    event.preventDefault();
    const parsed = validateAmount(amount, gift, digits);
    if (!parsed.ok) {
      setAmountError(amountProblemKey(parsed.problem));
      document.getElementById(`${id}-amount`)?.focus();
      return;
    }
    setAmountError(null);
    void run({ action: 'amount', amountMinor: parsed.minor }, (next) =>
      t('recurring.saved', { amount: perMonth(next.amountMinor) }),
    );
  };

  const open = gift.status !== 'cancelled';
  const limits = { min: money(gift.minMinor, gift.currency), max: money(gift.maxMinor, gift.currency) };
  return (
    <div className="container page recurring">
      <h1>{t('recurring.title')}</h1>
      <section className="card recurring-summary" aria-labelledby={`${id}-summary`}>
        <h2 id={`${id}-summary`} className="recurring-amount">
          {perMonth(gift.amountMinor)}
        </h2>
        <p>
          {gift.campaign ? t('recurring.to', { campaign: gift.campaign.name }) : t('recurring.toGeneral')}
        </p>
        <p>
          <span className="muted">{t('recurring.status')}: </span>
          <strong className={`recurring-status recurring-status-${gift.status}`}>
            {t(STATUS_KEYS[gift.status])}
          </strong>
        </p>
      </section>

      <div aria-live="polite" role="status" className="recurring-notice">
        {cancelling && (
          <p className="status status-loading">
            <span className="spinner" aria-hidden="true" />
            {t('recurring.cancelling')}
          </p>
        )}
        {notice?.kind === 'ok' && <p className="notice">{notice.text}</p>}
      </div>
      {notice?.kind === 'error' && (
        <p className="status status-error" role="alert">
          {notice.text}
        </p>
      )}

      {open && !cancelling && (
        <>
          <form className="form card" noValidate onSubmit={saveAmount} aria-busy={busy}>
            <h2>{t('recurring.changeAmount')}</h2>
            <div className="field">
              <label htmlFor={`${id}-amount`}>{t('recurring.newAmount', { currency: gift.currency })}</label>
              <input
                id={`${id}-amount`}
                inputMode="decimal"
                value={amount}
                aria-invalid={amountError ? true : undefined}
                aria-describedby={[`${id}-amount-hint`, amountError ? `${id}-amount-error` : '']
                  .filter(Boolean)
                  .join(' ')}
                onChange={(e) => setAmount(e.target.value)}
              />
              <p id={`${id}-amount-hint`} className="field-hint">
                {t('donate.amountHint', limits)}
              </p>
              {amountError && (
                <p id={`${id}-amount-error`} className="field-error">
                  {t(amountError)}
                </p>
              )}
            </div>
            <p>
              <button type="submit" className="button button-primary" disabled={busy}>
                {t('recurring.save')}
              </button>
            </p>
          </form>

          <section className="card recurring-actions" aria-labelledby={`${id}-actions`}>
            <h2 id={`${id}-actions`}>{t('recurring.pauseOrStop')}</h2>
            {gift.status === 'paused' ? (
              <button
                type="button"
                className="button button-primary"
                disabled={busy}
                onClick={() => void run({ action: 'resume' }, () => t('recurring.resumed'))}
              >
                {t('recurring.resume')}
              </button>
            ) : (
              <>
                <p className="field-hint">{t('recurring.pauseHint')}</p>
                <button
                  type="button"
                  className="button button-secondary"
                  disabled={busy}
                  onClick={() => void run({ action: 'pause' }, () => t('recurring.paused'))}
                >
                  {t('recurring.pause')}
                </button>
              </>
            )}
            {!confirming ? (
              <button
                ref={cancelButton}
                type="button"
                className="button button-quiet"
                disabled={busy}
                onClick={() => setConfirming(true)}
              >
                {t('recurring.cancel')}
              </button>
            ) : (
              <div className="recurring-confirm" role="group" aria-labelledby={`${id}-confirm`}>
                <p id={`${id}-confirm`}>{t('recurring.cancelConfirm')}</p>
                <div className="checkout-actions">
                  <button
                    type="button"
                    className="button button-danger"
                    disabled={busy}
                    onClick={() => {
                      setConfirming(false);
                      void run({ action: 'cancel' }, () => '');
                    }}
                  >
                    {t('recurring.cancelYes')}
                  </button>
                  <button
                    ref={keepButton}
                    type="button"
                    className="button button-secondary"
                    onClick={() => {
                      setConfirming(false);
                      setTimeout(() => cancelButton.current?.focus(), 0);
                    }}
                  >
                    {t('recurring.cancelNo')}
                  </button>
                </div>
              </div>
            )}
          </section>
        </>
      )}

      {!open && gift.campaign && (
        <p>
          <Link to={`/donate/${encodeURIComponent(gift.campaign.slug)}`} className="button button-primary">
            {t('recurring.giveAgain')}
          </Link>
        </p>
      )}
    </div>
  );
}
