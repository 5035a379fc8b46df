// The admin pages rendered to HTML (no browser needed): right strings in each language, right
// landmarks and ARIA, and no invented data. The browser test in test/e2e covers the interaction.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient, type Dashboard, type User } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { ApiProvider } from '../ui';
import { AdminShell, initials } from './admin-shell';
import { ComingSoonPage } from './coming-soon-page';
import { DashboardView } from './dashboard-page';
import { SessionProvider } from './session';
import { SignInPage } from './sign-in-page';

const user: User = {
  id: 'u1',
  email: 'ada@example.org',
  name: 'Ada Lovelace',
  role: 'accountant',
  language: 'en',
};

const dashboard: Dashboard = {
  organisation: {
    name: 'Scuola Aperta',
    legalName: 'Scuola Aperta ETS',
    description: 'Meals and books for every child.',
    country: 'IT',
    currency: 'EUR',
    language: 'it',
  },
  totals: { supporters: 12345, campaigns: 2, projects: 1, whatsappOptIns: 800, emailOptIns: 950 },
  giving: {
    raisedMinor: 889500,
    donations: 400,
    spentMinor: 448100,
    unspentMinor: 422418,
    feesMinor: 19037,
    refundedMinor: 2000,
  },
  campaigns: [
    {
      id: 'c1',
      slug: 'meals',
      name: 'School meals',
      goalMinor: 1000000,
      raisedMinor: 250050,
      currency: 'EUR',
    },
    { id: 'c2', slug: 'books', name: 'Books', goalMinor: 100000, raisedMinor: 150000, currency: 'EUR' },
    { id: 'c3', slug: 'open', name: 'Open appeal', goalMinor: 0, raisedMinor: 4200, currency: 'EUR' },
  ],
  projects: [{ id: 'p1', slug: 'canteen', name: 'Canteen', description: 'A kitchen for the school.' }],
};

function render(node: ReactNode, language: Language = 'en', path = '/admin/'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory(path)}>
        <ApiProvider
          client={new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) })}
        >
          <SessionProvider value={{ user, signOut: () => Promise.resolve(), expire: () => undefined }}>
            {node}
          </SessionProvider>
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>,
  );
}

describe('DashboardView', () => {
  const at = new Date(Date.UTC(2026, 2, 12, 9, 30));

  it('shows the organisation, its totals, campaigns with goal progress, and projects', () => {
    const html = render(<DashboardView dashboard={dashboard} receivedAt={at} />);
    expect(html).toContain('<h1>Scuola Aperta</h1>');
    expect(html).toContain('Scuola Aperta ETS');
    expect(html).toContain('<dd>12,345</dd>');
    expect(html).toContain('<dt>Raised</dt><dd>€8,895</dd>');
    expect(html).toContain('<dt>Not yet spent</dt><dd>€4,224.18</dd>');
    expect(html).toContain('€2,500.50 raised of €10,000');
    expect(html).toContain('25% of the goal');
    expect(html).toContain('aria-valuenow="25"');
    expect(html).toContain('Canteen');
  });

  it('caps the bar at 100 % but says when a goal was passed', () => {
    const html = render(<DashboardView dashboard={dashboard} receivedAt={at} />);
    expect(html).toContain('150% of the goal');
    expect(html).toContain('aria-valuenow="100"');
    expect(html).toContain('width:100%');
  });

  it('draws no fill for a campaign that has raised nothing yet', () => {
    const fresh = {
      ...dashboard,
      campaigns: [{ id: 'c4', slug: 'new', name: 'New', goalMinor: 50000, raisedMinor: 0, currency: 'EUR' }],
    };
    const html = render(<DashboardView dashboard={fresh} receivedAt={at} />);
    expect(html).toContain('aria-valuenow="0"');
    expect(html).toContain('0% of the goal');
    expect(html).not.toContain('progress-fill');
  });

  it('shows only the amount raised for a campaign without a goal', () => {
    const html = render(<DashboardView dashboard={dashboard} receivedAt={at} />);
    expect(html).toContain('€42 raised');
    expect(html.match(/role="progressbar"/g)).toHaveLength(2);
  });

  it('speaks Italian and German, with their number formats', () => {
    const italian = render(<DashboardView dashboard={dashboard} receivedAt={at} />, 'it');
    expect(italian).toContain('2500,50\u00a0€ raccolti su 10.000\u00a0€');
    expect(italian).toContain('Sostenitori');
    const german = render(<DashboardView dashboard={dashboard} receivedAt={at} />, 'de');
    expect(german).toContain('2.500,50\u00a0€ von 10.000\u00a0€ gesammelt');
    expect(german).toContain('<dd>12.345</dd>');
  });

  it('says so when there are no campaigns or projects yet', () => {
    const empty = { ...dashboard, campaigns: [], projects: [] };
    const html = render(<DashboardView dashboard={empty} receivedAt={at} />);
    expect(html).toContain('No campaigns yet.');
    expect(html).toContain('No projects yet.');
  });
});

describe('AdminShell', () => {
  it('has banner, navigation and main landmarks, and marks the current page', () => {
    const html = render(<AdminShell active="inbox">page</AdminShell>, 'en', '/admin/inbox');
    expect(html).toContain('<header class="shell-header">');
    expect(html).toContain('<nav class="shell-nav" aria-label="Main navigation">');
    expect(html).toMatch(/<main id="main"[^>]*>page<\/main>/);
    expect(html).toMatch(/<a href="\/admin\/inbox" aria-current="page">/);
    expect(html.match(/aria-current/g)).toHaveLength(1);
    expect(html).toContain('href="#main"');
  });

  it('shows the signed-in user’s name and translated role', () => {
    expect(render(<AdminShell active="dashboard">x</AdminShell>)).toContain('Ada Lovelace');
    expect(render(<AdminShell active="dashboard">x</AdminShell>)).toContain('Accountant');
    expect(render(<AdminShell active="dashboard">x</AdminShell>, 'it')).toContain('Contabile');
  });

  it('starts with the narrow-screen menu closed', () => {
    const html = render(<AdminShell active="dashboard">x</AdminShell>);
    expect(html).toContain('aria-expanded="false"');
    expect(html).toContain('aria-controls="shell-menu"');
    expect(html).not.toContain('data-open');
  });
});

describe('initials', () => {
  it('takes the first and last word', () => {
    expect(initials('Ada Lovelace')).toBe('AL');
    expect(initials('  maria  de la cruz ')).toBe('MC');
    expect(initials('Filo')).toBe('F');
    expect(initials('')).toBe('');
  });
});

describe('ComingSoonPage', () => {
  it('names the feature that brings the section, without fake data', () => {
    const html = render(<ComingSoonPage section="ledger" />, 'de');
    expect(html).toContain('<h1>Buchhaltung</h1>');
    expect(html).toContain('Kommt mit der Buchhaltung');
    const text = html.replace(/<[^>]*>/g, ' ');
    expect(text).not.toMatch(/€|\d/);
  });
});

describe('SignInPage', () => {
  it('labels every field and offers the language switcher', () => {
    const html = render(<SignInPage notice={null} onSignedIn={() => undefined} />, 'it');
    expect(html).toContain('<h1>Accedi</h1>');
    expect(html).toMatch(/<label for="([^"]+)">E-mail<\/label><input id="\1"[^>]*type="email"/);
    expect(html).toMatch(/<label for="([^"]+)">Password<\/label><input[^>]*id="\1"[^>]*type="password"/);
    expect(html).toMatch(/autocomplete="current-password"/i);
    expect(html).toMatch(/<label for="[^"]+">Lingua<\/label><select/);
  });

  it('confirms a sign-out', () => {
    expect(render(<SignInPage notice="signed-out" onSignedIn={() => undefined} />)).toContain(
      'You have signed out.',
    );
  });
});
