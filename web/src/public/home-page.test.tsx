import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PublicOrganisation } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { HomePage } from './home-page';

const profile: PublicOrganisation = {
  organisation: {
    name: 'Hilfe Hamburg',
    legalName: 'Hilfe Hamburg e.V.',
    description: 'Warme Mahlzeiten für alle.',
    country: 'DE',
    currency: 'EUR',
    language: 'de',
  },
  campaigns: [
    {
      id: 'c1',
      slug: 'winter',
      name: 'Winterhilfe',
      description: 'Decken und Heizkosten.',
      goalMinor: 1200000,
      raisedMinor: 300000,
      currency: 'EUR',
    },
  ],
  projects: [{ id: 'p1', slug: 'kueche', name: 'Suppenküche', description: 'Jeden Tag geöffnet.' }],
};

function render(data: PublicOrganisation, language: Language): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/')}>
        <HomePage profile={data} />
      </RouterProvider>
    </I18nProvider>,
  );
}

describe('HomePage', () => {
  it('presents the organisation, its campaigns with progress, and its projects', () => {
    const html = render(profile, 'en');
    expect(html).toContain('Hilfe Hamburg</h1>');
    expect(html).toContain('Warme Mahlzeiten für alle.');
    expect(html).toContain('<h2 id="campaigns-heading">Our campaigns</h2>');
    expect(html).toContain('Decken und Heizkosten.');
    expect(html).toContain('€3,000 raised of €12,000');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('Suppenküche');
  });

  it('offers a Give button per campaign, leading to its donation page', () => {
    const html = render(profile, 'de');
    expect(html).toContain(
      '<a href="/donate/winter" class="button button-primary" aria-label="Spenden für Winterhilfe">Spenden</a>',
    );
  });

  it('follows the reader’s language, not the organisation’s', () => {
    const html = render(profile, 'it');
    expect(html).toContain('Le nostre campagne');
    expect(html).toContain('3000\u00a0€ raccolti su 12.000\u00a0€');
  });

  it('says when there is nothing to show yet', () => {
    const html = render({ ...profile, campaigns: [], projects: [] }, 'de');
    expect(html).toContain('Zurzeit gibt es keine laufenden Kampagnen.');
    expect(html).toContain('Unsere Projekte werden hier bald vorgestellt.');
  });
});
