// The payment sandbox's checkout page (/checkout/sandbox/:session): where Stripe's hosted page would
// be, a pretend one that asks for no card. "Pay" settles the payment and the sandbox then delivers the
// webhooks Stripe would send (twice or in reverse order when asked); "Decline" delivers the failure.
import { useCallback, useId, useState, type FormEvent } from 'react';
import { isApiError, type SandboxCheckoutOutcome, type SandboxCheckoutSession } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useApi, useDocumentTitle, useRequest } from '../ui';
import { useReleaseOnReturn } from './donate-form';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function CheckoutSandboxPage({
  sessionId,
  organisation,
}: {
  readonly sessionId: string;
  readonly organisation: string;
}) {
  const api = useApi();
  const { t } = useI18n();
  useDocumentTitle(t('checkout.title'), organisation);
  const load = useCallback(
    (signal: AbortSignal) => api.sandboxCheckout(sessionId, { signal }),
    [api, sessionId],
  );
  const state = useRequest(load);
  if (state.status === 'loading')
    return (
      <div className="container page">
        <Loading />
      </div>
    );
  if (state.status === 'failed') {
    const missing =
      isApiError(state.error) && (state.error.statusCode === 404 || state.error.code === 'VALIDATION_FAILED');
    return (
      <div className="container page checkout-sandbox">
        <SandboxBanner />
        <h1>{t(missing ? 'checkout.notFound' : 'public.loadFailed')}</h1>
        {!missing && <ErrorNotice error={state.error} onRetry={state.retry} />}
      </div>
    );
  }
  return (
    <CheckoutSandboxView
      session={state.data}
      organisation={organisation}
      onComplete={async (outcome) => (await api.completeSandboxCheckout(sessionId, outcome)).redirectUrl}
    />
  );
}

function SandboxBanner() {
  const { t } = useI18n();
  return (
    <div className="sandbox-banner" role="note" aria-label={t('checkout.sandboxBadge')}>
      <strong className="sandbox-badge">{t('checkout.sandboxBadge')}</strong>
      <p>{t('checkout.sandboxWarning')}</p>
    </div>
  );
}

export function CheckoutSandboxView({
  session,
  organisation,
  onComplete,
  go = (url) => window.location.assign(url),
  initialMessage = null,
}: {
  readonly session: SandboxCheckoutSession;
  readonly organisation: string;
  /** Sends the outcome; resolves with where the browser goes next. */
  readonly onComplete: (outcome: SandboxCheckoutOutcome) => Promise<string>;
  readonly go?: (url: string) => void;
  /** Tests: start with this message shown. */
  readonly initialMessage?: { readonly kind: 'declined' | 'error'; readonly key: PlainMessageKey } | null;
}) {
  const { t, money } = useI18n();
  const id = useId();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [duplicate, setDuplicate] = useState(false);
  const [reverse, setReverse] = useState(false);
  const [busy, setBusy] = useState<'succeed' | 'fail' | null>(null);
  const [emailError, setEmailError] = useState(false);
  const [message, setMessage] = useState(initialMessage);
  useReleaseOnReturn(() => setBusy(null));
  const amount = money(session.amountMinor, session.currency);
  const monthly = session.mode === 'subscription';
  const needsEmail = session.email === null;

  const complete = async (outcome: 'succeed' | 'fail') => {
    if (busy) return;
    setMessage(null);
    if (outcome === 'succeed' && needsEmail && !EMAIL.test(email.trim())) {
      setEmailError(true);
      document.getElementById(`${id}-email`)?.focus();
      return;
    }
    setEmailError(false);
    setBusy(outcome);
    try {
      const next = await onComplete({
        outcome,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(needsEmail && email.trim() ? { email: email.trim() } : {}),
        ...(duplicate ? { duplicate } : {}),
        ...(reverse ? { reverse } : {}),
      });
      if (outcome === 'succeed') {
        go(next);
        return; // stay busy while the browser leaves
      }
      // Like Stripe's page, a declined card keeps the donor here to try again.
      setMessage({ kind: 'declined', key: 'checkout.declined' });
    } catch (error) {
      setMessage({
        kind: 'error',
        key: isApiError(error, 'PAYMENT_CHECKOUT_CLOSED') ? 'checkout.closed' : 'errors.generic',
      });
    }
    setBusy(null);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void complete('succeed');
  };

  return (
    <div className="container page checkout-sandbox">
      <SandboxBanner />
      <h1>{t('checkout.title')}</h1>
      <dl className="checkout-summary">
        <div>
          <dt>{t('checkout.payee')}</dt>
          <dd>{organisation}</dd>
        </div>
        <div>
          <dt>{t('checkout.for')}</dt>
          <dd>{session.description}</dd>
        </div>
        <div>
          <dt>{t('checkout.amount')}</dt>
          <dd className="checkout-amount">{monthly ? t('checkout.amountMonthly', { amount }) : amount}</dd>
        </div>
      </dl>

      {session.status === 'complete' && (
        <div className="status-block">
          <p role="status">{t('checkout.complete')}</p>
          <p>
            <a className="button button-primary" href={session.successUrl}>
              {t('checkout.toThanks')}
            </a>
          </p>
        </div>
      )}
      {session.status === 'expired' && (
        <div className="status-block">
          <p role="status">{t('checkout.expired')}</p>
          <p>
            <a className="button button-primary" href={session.cancelUrl}>
              {t('checkout.back')}
            </a>
          </p>
        </div>
      )}

      {session.status === 'open' && (
        <form className="form card checkout-form" noValidate onSubmit={submit} aria-busy={busy !== null}>
          {needsEmail && (
            <div className="field">
              <label htmlFor={`${id}-email`}>{t('checkout.email')}</label>
              <input
                id={`${id}-email`}
                type="email"
                autoComplete="email"
                maxLength={254}
                value={email}
                aria-invalid={emailError ? true : undefined}
                aria-describedby={emailError ? `${id}-email-error` : undefined}
                onChange={(e) => setEmail(e.target.value)}
              />
              {emailError && (
                <p id={`${id}-email-error`} className="field-error">
                  {t('checkout.errorEmail')}
                </p>
              )}
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-name`}>{t('checkout.cardName')}</label>
            <input
              id={`${id}-name`}
              autoComplete="cc-name"
              maxLength={120}
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
          </div>
          <details className="checkout-options">
            <summary>{t('checkout.options')}</summary>
            <p className="field-hint">{t('checkout.optionsHint')}</p>
            <label className="check">
              <input type="checkbox" checked={duplicate} onChange={(e) => setDuplicate(e.target.checked)} />
              <span>{t('checkout.duplicate')}</span>
            </label>
            <label className="check">
              <input type="checkbox" checked={reverse} onChange={(e) => setReverse(e.target.checked)} />
              <span>{t('checkout.reverse')}</span>
            </label>
          </details>
          {message && (
            <p role="alert" className="status status-error" data-kind={message.kind}>
              {t(message.key)}
            </p>
          )}
          <div className="checkout-actions">
            <button type="submit" className="button button-primary" disabled={busy !== null}>
              {busy === 'succeed' ? t('checkout.paying') : t('checkout.pay', { amount })}
            </button>
            <button
              type="button"
              className="button button-secondary"
              disabled={busy !== null}
              onClick={() => void complete('fail')}
            >
              {t('checkout.fail')}
            </button>
          </div>
          <p>
            <a href={session.cancelUrl}>{t('checkout.back')}</a>
          </p>
        </form>
      )}
    </div>
  );
}
