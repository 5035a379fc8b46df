// The campaign list rendered to HTML: goal, raised and progress from the server's figures, dates and
// status in words, the public page link, and edit controls only for roles that may change campaigns.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient, SupportersApi, type Campaign } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { ApiProvider } from '../ui';
import { CampaignsList } from './campaigns-page';
import { SessionProvider } from './session';

const offline = new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) });

function render(node: ReactNode, language: Language = 'en') {
  const user = { id: 'u1', email: 'ada@example.org', name: 'Ada', role: 'owner' as const, language };
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/admin/campaigns')}>
        <ApiProvider client={offline}>
          <SessionProvider value={{ user, signOut: () => Promise.resolve(), expire: () => undefined }}>
            {node}
          </SessionProvider>
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>,
  );
}

const campaigns: Campaign[] = [
  {
    id: 'c1',
    slug: 'pozzi',
    name: 'Pozzi a Kisumu',
    description: 'Acqua pulita',
    goalMinor: 1_000_000,
    raisedMinor: 250_050,
    currency: 'EUR',
    status: 'active',
    startsAt: '2026-01-01T00:00:00.000Z',
    endsAt: '2026-06-30T00:00:00.000Z',
  },
  {
    id: 'c2',
    slug: 'libri',
    name: 'Libri',
    description: '',
    goalMinor: 50_000,
    raisedMinor: 0,
    currency: 'EUR',
    status: 'closed',
    startsAt: null,
    endsAt: null,
  },
];
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

describe('CampaignsList', () => {
  it('shows goal, raised, a progress bar, dates, status and the public page, newest first', () => {
    const html = render(<CampaignsList campaigns={campaigns} client={null} onSaved={() => undefined} />);
    expect(html.indexOf('Libri')).toBeLessThan(html.indexOf('Pozzi a Kisumu'));
    expect(html).toContain('href="/donate/pozzi"');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="25"');
    expect(text(html)).toContain('€2,500.50 raised of €10,000');
    expect(text(html)).toContain('From January 1, 2026 · Until June 30, 2026');
    expect(text(html)).toContain('No dates set');
    expect(text(html)).toContain('Active');
    expect(text(html)).toContain('Closed');
  });

  it('has no edit or close controls without campaigns:write, and offers them with it', () => {
    const readOnly = text(
      render(<CampaignsList campaigns={campaigns} client={null} onSaved={() => undefined} />),
    );
    expect(readOnly).not.toContain('Close campaign');
    expect(readOnly).not.toContain('Edit');
    const writable = text(
      render(
        <CampaignsList campaigns={campaigns} client={new SupportersApi(offline)} onSaved={() => undefined} />,
      ),
    );
    expect(writable).toContain('Close campaign');
    expect(writable).toContain('Reopen campaign');
    expect(writable).toContain('Edit');
  });

  it('speaks Italian and German', () => {
    expect(
      text(render(<CampaignsList campaigns={campaigns} client={null} onSaved={() => undefined} />, 'it')),
    ).toContain('Pagina pubblica');
    expect(
      text(render(<CampaignsList campaigns={[]} client={null} onSaved={() => undefined} />, 'de')),
    ).toContain('Noch keine Kampagnen.');
  });
});
