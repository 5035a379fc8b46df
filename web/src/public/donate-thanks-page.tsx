// The thank-you page (/donate/thanks/:checkout), where the payment page returns the donor. The
// provider's webhook is processed in the background, so the page asks until the gift is in the
// ledger, then thanks the donor and links to the page that follows their gift (/track/<code>).
import { useEffect, useRef, useState } from 'react';
import { isApiError, type CheckoutStatus } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { ErrorNotice, useApi, useDocumentTitle } from '../ui';

/** Poll quickly at first (a sandbox gift lands in well under a second), then more slowly. */
export function pollDelayMs(attempt: number): number {
  return Math.min(500 + attempt * 250, 3000);
}
/** After this many answers still "pending" the page says so, and keeps asking on request. */
export const PATIENT_ATTEMPTS = 40;

type ThanksState =
  | { readonly kind: 'waiting'; readonly status: CheckoutStatus | null; readonly slow: boolean }
  | { readonly kind: 'done'; readonly status: CheckoutStatus }
  | { readonly kind: 'error'; readonly error: unknown };

export function DonateThanksPage({
  checkoutId,
  organisation,
}: {
  readonly checkoutId: string;
  readonly organisation: string;
}) {
  const api = useApi();
  const { t } = useI18n();
  const [state, setState] = useState<ThanksState>({ kind: 'waiting', status: null, slow: false });
  const [round, setRound] = useState(0);
  useDocumentTitle(
    t(state.kind === 'done' ? 'donate.thanksTitle' : 'donate.thanksPendingTitle'),
    organisation,
  );

  useEffect(() => {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let attempt = 0;
    const ask = async () => {
      try {
        const status = await api.checkoutStatus(checkoutId, { signal: controller.signal });
        if (controller.signal.aborted) return;
        if (status.status !== 'pending') {
          setState({ kind: 'done', status });
          return;
        }
        attempt += 1;
        const slow = attempt >= PATIENT_ATTEMPTS;
        setState({ kind: 'waiting', status, slow });
        if (!slow) timer = setTimeout(() => void ask(), pollDelayMs(attempt));
      } catch (error) {
        if (controller.signal.aborted) return;
        // A dropped connection on a phone: keep trying a while before giving up.
        if (isApiError(error) && error.statusCode === 0 && attempt < PATIENT_ATTEMPTS) {
          attempt += 1;
          timer = setTimeout(() => void ask(), pollDelayMs(attempt));
          return;
        }
        setState({ kind: 'error', error });
      }
    };
    void ask();
    return () => {
      controller.abort();
      if (timer) clearTimeout(timer);
    };
  }, [api, checkoutId, round]);

  const again = () => {
    setState({ kind: 'waiting', status: null, slow: false });
    setRound((n) => n + 1);
  };
  return <DonateThanksView state={state} onCheckAgain={again} />;
}

export function DonateThanksView({
  state,
  onCheckAgain,
}: {
  readonly state: ThanksState;
  readonly onCheckAgain: () => void;
}) {
  const { t, money } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const done = state.kind === 'done' && state.status.status === 'recorded';
  // Once the gift is recorded, move focus to the thanks so screen readers read it first.
  useEffect(() => {
    if (done) heading.current?.focus();
  }, [done]);

  if (state.kind === 'error') {
    // An id that could not be one (a mangled link) is as unknown to the donor as one that is not there.
    const missing =
      isApiError(state.error, 'PAYMENT_CHECKOUT_NOT_FOUND') || isApiError(state.error, 'VALIDATION_FAILED');
    return (
      <div className="container page donate-thanks">
        <h1>{t(missing ? 'donate.thanksNotFound' : 'public.loadFailed')}</h1>
        {!missing && <ErrorNotice error={state.error} onRetry={onCheckAgain} />}
      </div>
    );
  }

  if (state.kind === 'waiting') {
    return (
      <div className="container page donate-thanks">
        <h1>{t('donate.thanksPendingTitle')}</h1>
        <div role="status" aria-live="polite" className="donate-thanks-status">
          {state.slow ? (
            <p>{t('donate.thanksSlow')}</p>
          ) : (
            <p className="status status-loading">
              <span className="spinner" aria-hidden="true" />
              {t('donate.thanksPending')}
            </p>
          )}
        </div>
        {state.slow && (
          <button type="button" className="button button-secondary" onClick={onCheckAgain}>
            {t('donate.thanksCheckAgain')}
          </button>
        )}
      </div>
    );
  }

  const { status } = state;
  const amount = money(status.amountMinor, status.currency);
  if (status.status === 'failed') {
    return (
      <div className="container page donate-thanks">
        <h1>{t('donate.thanksFailedTitle')}</h1>
        <p role="alert" className="status status-error">
          {t('donate.thanksFailed')}
        </p>
        {status.campaign && (
          <p>
            <Link
              to={`/donate/${encodeURIComponent(status.campaign.slug)}`}
              className="button button-primary"
            >
              {t('donate.tryAgain')}
            </Link>
          </p>
        )}
      </div>
    );
  }

  const campaign = status.campaign?.name ?? null;
  const body =
    status.frequency === 'monthly'
      ? campaign
        ? t('donate.thanksBodyMonthly', { amount, campaign })
        : t('donate.thanksBodyMonthlyGeneral', { amount })
      : campaign
        ? t('donate.thanksBody', { amount, campaign })
        : t('donate.thanksBodyGeneral', { amount });
  return (
    <div className="container page donate-thanks">
      <p role="status" className="visually-hidden">
        {t('donate.thanksRecorded')}
      </p>
      <h1 ref={heading} tabIndex={-1}>
        {t('donate.thanksTitle')}
      </h1>
      <p className="donate-lead">{body}</p>
      {status.trackUrl && status.receiptCode && (
        <section className="card donate-track" aria-labelledby="donate-track-heading">
          <h2 id="donate-track-heading">{t('donate.thanksTrackTitle')}</h2>
          <p>{t('donate.thanksTrackHint')}</p>
          <p className="donate-code">
            {t('donate.thanksCode')} <code>{status.receiptCode}</code>
          </p>
          <p>
            <Link to={status.trackUrl} className="button button-primary button-block">
              {t('donate.thanksTrack')}
            </Link>
          </p>
        </section>
      )}
      {status.manageUrl && (
        <section className="card donate-manage" aria-labelledby="donate-manage-heading">
          <h2 id="donate-manage-heading">{t('donate.thanksManageTitle')}</h2>
          <p>{t('donate.thanksManageHint')}</p>
          <p>
            <a href={status.manageUrl} className="button button-secondary">
              {t('donate.thanksManage')}
            </a>
          </p>
        </section>
      )}
      {status.campaign && (
        <p>
          <Link to="/">{t('donate.toHome')}</Link>
        </p>
      )}
    </div>
  );
}
