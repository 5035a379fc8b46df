// The admin app: checks for a session once, shows the sign-in page until there is one, then routes
// the signed-in pages inside the shell.
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Session, User } from '../api';
import { useI18n } from '../i18n';
import { matchRoutes, useNavigate, usePathname } from '../router';
import { ErrorNotice, Loading, NotFoundPage, useApi } from '../ui';
import { ADMIN_BASE, ADMIN_ROUTES, type AdminRouteId } from './admin-routes';
import { AdminShell } from './admin-shell';
import { ComingSoonPage } from './coming-soon-page';
import { DashboardPage } from './dashboard-page';
import { InboxPage } from './inbox-page';
import { KnowledgePage } from './knowledge-page';
import { AssistantPage } from './assistant-page';
import { ReceiptsPage } from './receipts-page';
import { ReconciliationPage } from './reconciliation-page';
import { DirectDebitsPage } from './direct-debits-page';
import { LedgerPage } from './ledger-page';
import { ProjectsPage } from './projects-page';
import { CampaignsPage } from './campaigns-page';
import { EventsPage } from './events-page';
import { SupporterDetailPage } from './supporters-detail-page';
import { SupportersPage } from './supporters-page';
import { SessionProvider, type SessionContextValue } from './session';
import { SignInPage, type SignInNotice } from './sign-in-page';

type SessionState =
  | { readonly status: 'checking' }
  | { readonly status: 'unavailable'; readonly error: unknown }
  | { readonly status: 'signed-out'; readonly notice: SignInNotice | null }
  | { readonly status: 'signed-in'; readonly user: User };

export function AdminApp() {
  const api = useApi();
  const navigate = useNavigate();
  const [session, setSession] = useState<SessionState>({ status: 'checking' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const controller = new AbortController();
    api.me({ signal: controller.signal }).then(
      (current) =>
        setSession(
          current ? { status: 'signed-in', user: current.user } : { status: 'signed-out', notice: null },
        ),
      (error: unknown) => {
        if (!controller.signal.aborted) setSession({ status: 'unavailable', error });
      },
    );
    return () => controller.abort();
  }, [api, attempt]);

  const onSignedIn = useCallback(
    (current: Session) => setSession({ status: 'signed-in', user: current.user }),
    [],
  );
  const expire = useCallback(() => setSession({ status: 'signed-out', notice: 'expired' }), []);
  const signOut = useCallback(async () => {
    await api.logout();
    navigate(ADMIN_BASE);
    setSession({ status: 'signed-out', notice: 'signed-out' });
  }, [api, navigate]);

  switch (session.status) {
    case 'checking':
      return <StartingUp />;
    case 'unavailable':
      return <StartingUp error={session.error} onRetry={() => setAttempt((n) => n + 1)} />;
    case 'signed-out':
      return <SignInPage notice={session.notice} onSignedIn={onSignedIn} />;
    case 'signed-in':
      return <SignedIn user={session.user} signOut={signOut} expire={expire} />;
  }
}

function SignedIn({ user, signOut, expire }: SessionContextValue) {
  const value = useMemo(() => ({ user, signOut, expire }), [user, signOut, expire]);
  const pathname = usePathname();
  const route = matchRoutes(ADMIN_ROUTES, pathname);
  return (
    <SessionProvider value={value}>
      <AdminShell active={route?.id === 'supporter' ? 'supporters' : (route?.id ?? null)}>
        {route ? (
          <AdminPage id={route.id} />
        ) : (
          <NotFoundPage home={ADMIN_BASE} homeLabel="notFound.toDashboard" />
        )}
      </AdminShell>
    </SessionProvider>
  );
}

function AdminPage({ id }: { readonly id: AdminRouteId }) {
  switch (id) {
    case 'dashboard':
      return <DashboardPage />;
    case 'inbox':
      return <InboxPage />;
    case 'projects':
      return <ProjectsPage />;
    case 'ledger':
      return <LedgerPage />;
    case 'receipts':
      return <ReceiptsPage />;
    case 'reconciliation':
      return <ReconciliationPage />;
    case 'directDebits':
      return <DirectDebitsPage />;
    case 'knowledge':
      return <KnowledgePage />;
    case 'assistant':
      return <AssistantPage />;
    case 'supporters':
      return <SupportersPage />;
    case 'supporter':
      return <SupporterDetailPage />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'events':
      return <EventsPage />;
    case 'settings':
      return <ComingSoonPage section={id} />;
  }
}

function StartingUp({ error, onRetry }: { readonly error?: unknown; readonly onRetry?: () => void }) {
  const { t } = useI18n();
  return (
    <main id="main" className="starting-up">
      <h1 className="visually-hidden">{t('app.name')}</h1>
      {error === undefined ? <Loading /> : <ErrorNotice error={error} {...(onRetry ? { onRetry } : {})} />}
    </main>
  );
}
