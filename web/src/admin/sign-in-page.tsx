// E-mail and password sign-in. Errors are announced (role="alert") and the password field is
// cleared and focused for the next try; the e-mail stays.
import { useId, useRef, useState, type FormEvent } from 'react';
import { isApiError, type Session } from '../api';
import { useI18n } from '../i18n';
import { ErrorNotice, LanguageSelect, Logo, useApi, useDocumentTitle } from '../ui';

export type SignInNotice = 'signed-out' | 'expired';

export interface SignInPageProps {
  readonly notice: SignInNotice | null;
  readonly onSignedIn: (session: Session) => void;
}

export function SignInPage({ notice, onSignedIn }: SignInPageProps) {
  const api = useApi();
  const { t } = useI18n();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const passwordRef = useRef<HTMLInputElement>(null);
  const emailId = useId();
  const passwordId = useId();
  useDocumentTitle(t('signIn.title'));

  const submit = async (event: FormEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    setSubmitting(true);
    setError(null);
    try {
      onSignedIn(await api.login(email.trim(), password));
    } catch (caught) {
      setError(caught);
      if (isApiError(caught, 'AUTH_INVALID_CREDENTIALS')) setPassword('');
      passwordRef.current?.focus();
      setSubmitting(false);
    }
  };

  return (
    <div className="sign-in-page">
      <header className="sign-in-header">
        <span className="brand">
          <Logo />
          <span className="brand-name">{t('app.name')}</span>
        </span>
        <LanguageSelect className="language-select-compact" />
      </header>
      <main id="main" className="sign-in-main" tabIndex={-1}>
        <div className="card sign-in-card">
          <h1>{t('signIn.title')}</h1>
          <p className="muted">{t('signIn.intro')}</p>
          {notice && !error && (
            <p className="notice" role="status">
              {t(notice === 'expired' ? 'signIn.sessionExpired' : 'signIn.signedOut')}
            </p>
          )}
          {error !== null && <ErrorNotice error={error} />}
          <form className="form" onSubmit={(event) => void submit(event)}>
            <div className="field">
              <label htmlFor={emailId}>{t('signIn.email')}</label>
              <input
                id={emailId}
                name="email"
                type="email"
                autoComplete="username"
                inputMode="email"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={email}
                onChange={(event) => setEmail(event.target.value)}
              />
            </div>
            <div className="field">
              <label htmlFor={passwordId}>{t('signIn.password')}</label>
              <input
                ref={passwordRef}
                id={passwordId}
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(event) => setPassword(event.target.value)}
              />
            </div>
            <button type="submit" className="button button-primary button-block" disabled={submitting}>
              {submitting ? t('signIn.submitting') : t('signIn.submit')}
            </button>
          </form>
        </div>
      </main>
      <footer className="sign-in-footer muted">{t('app.tagline')}</footer>
    </div>
  );
}
