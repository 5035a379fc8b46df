// The frame around every signed-in page: navigation, the user's name and role, the language and
// sign-out. Wide screens show it as a sidebar; narrow ones fold it into a menu button.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Role } from '../api';
import { useI18n, type PlainMessageKey } from '../i18n';
import { Link, usePathname } from '../router';
import { ErrorNotice, Icon, LanguageSelect, Logo } from '../ui';
import { ADMIN_BASE, NAV_ITEMS, type AdminRouteId } from './admin-routes';
import { useSession } from './session';

const ROLE_LABELS: Readonly<Record<Role, PlainMessageKey>> = {
  owner: 'role.owner',
  fundraiser: 'role.fundraiser',
  agent: 'role.agent',
  accountant: 'role.accountant',
  auditor: 'role.auditor',
};

export interface AdminShellProps {
  readonly active: AdminRouteId | null;
  readonly children: ReactNode;
}

export function AdminShell({ active, children }: AdminShellProps) {
  const { t } = useI18n();
  const { user, signOut } = useSession();
  const pathname = usePathname();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const [signOutError, setSignOutError] = useState<unknown>(null);
  const toggleRef = useRef<HTMLButtonElement>(null);
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After client-side navigation, close the menu and move focus to the new page, as a page load would.
  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    window.scrollTo(0, 0);
    mainRef.current?.focus({ preventScroll: true });
  }, [pathname]);

  useEffect(() => {
    if (!menuOpen) return undefined;
    const onKeyDown = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') {
        setMenuOpen(false);
        toggleRef.current?.focus();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [menuOpen]);

  const handleSignOut = async (): Promise<void> => {
    setSigningOut(true);
    setSignOutError(null);
    try {
      await signOut();
    } catch (error) {
      setSignOutError(error);
      setSigningOut(false);
    }
  };

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('common.skipToContent')}
      </a>
      <header className="shell-header">
        <div className="shell-bar">
          <Link to={ADMIN_BASE} className="brand">
            <Logo />
            <span className="brand-name">{t('app.name')}</span>
          </Link>
          <button
            ref={toggleRef}
            type="button"
            className="menu-toggle"
            aria-expanded={menuOpen}
            aria-controls="shell-menu"
            onClick={() => setMenuOpen((open) => !open)}
          >
            <Icon name={menuOpen ? 'close' : 'menu'} />
            <span>{t('shell.menu')}</span>
          </button>
        </div>
        <div id="shell-menu" className="shell-menu" data-open={menuOpen ? '' : undefined}>
          <nav className="shell-nav" aria-label={t('shell.navigation')}>
            <ul>
              {NAV_ITEMS.map((item) => (
                <li key={item.id}>
                  <Link to={item.href} aria-current={item.id === active ? 'page' : undefined}>
                    <Icon name={item.icon} />
                    <span>{t(item.label)}</span>
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
          <section className="account" aria-label={t('shell.account')}>
            <div className="account-user">
              <span className="avatar" aria-hidden="true">
                {initials(user.name)}
              </span>
              <span className="account-text">
                <span className="account-name">{user.name}</span>
                <span className="account-role">{t(ROLE_LABELS[user.role])}</span>
              </span>
            </div>
            <LanguageSelect />
            {signOutError !== null && <ErrorNotice error={signOutError} />}
            <button
              type="button"
              className="button button-quiet button-block"
              disabled={signingOut}
              onClick={() => void handleSignOut()}
            >
              <Icon name="sign-out" />
              <span>{t('shell.signOut')}</span>
            </button>
          </section>
        </div>
      </header>
      <main id="main" ref={mainRef} className="shell-main" tabIndex={-1}>
        {children}
      </main>
    </div>
  );
}

export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const first = words[0]?.[0] ?? '';
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : '';
  return (first + last).toUpperCase();
}
