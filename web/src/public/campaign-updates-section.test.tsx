// "Latest updates" on the donation page rendered to HTML: newest first as an ordered list of articles
// with headings, machine-readable dates, the update's own language marked, paragraphs and line breaks
// kept as text (no HTML from the server is interpreted), the ledger's marked and linked to the invoice.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PublicCampaignUpdate } from '../campaign-updates/campaign-updates-client';
import { I18nProvider, type Language } from '../i18n';
import { LatestUpdatesList } from './campaign-updates-section';

function render(node: ReactNode, language: Language = 'en'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      {node}
    </I18nProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const updates: PublicCampaignUpdate[] = [
  {
    id: 'cup_2',
    title: '€1,240.00 paid for “Water pump repair”',
    body: 'Expense of 9 October 2026. The invoice is public.',
    language: 'en',
    publishedAt: '2026-10-10T09:00:00.000Z',
    automatic: true,
    linkUrl: 'https://x.org/api/v1/public/evidence/abc',
  },
  {
    id: 'cup_1',
    title: 'Lavori <iniziati>',
    body: 'Primo paragrafo,\nriga due.\n\nSecondo <b>paragrafo</b>.',
    language: 'it',
    publishedAt: '2026-09-02T09:00:00.000Z',
    automatic: false,
    linkUrl: null,
  },
];

describe('LatestUpdatesList', () => {
  it('lists the updates as accessible articles with dates, language and the invoice link', () => {
    const html = render(<LatestUpdatesList updates={updates} feedUrl="/feed.atom" />);
    expect(html).toContain('<section class="updates" aria-labelledby="updates-heading" id="updates">');
    expect(html).toContain('<h2 id="updates-heading">Latest updates</h2>');
    expect(html).toMatch(/<ol class="updates-list">\s*<li id="update-cup_2">/);
    expect(html.indexOf('cup_2')).toBeLessThan(html.indexOf('cup_1'));
    expect(html).toContain('<article class="update" aria-labelledby="update-cup_1-title">');
    expect(html).toContain(
      '<h3 id="update-cup_1-title" class="update-title" lang="it">Lavori &lt;iniziati&gt;</h3>',
    );
    expect(html).toContain('<time dateTime="2026-10-10T09:00:00.000Z">Published October 10, 2026</time>');
    expect(html).toContain(
      '<div class="update-body" lang="it"><p>Primo paragrafo,<br/>riga due.</p><p>Secondo &lt;b&gt;paragrafo&lt;/b&gt;.</p></div>',
    );
    expect(text(html)).toContain('From our accounts');
    expect(html).toContain('<a href="https://x.org/api/v1/public/evidence/abc">Invoice and proof</a>');
    expect(html.match(/Invoice and proof/g)).toHaveLength(1);
    expect(html).toContain(
      '<a href="/feed.atom" type="application/atom+xml">Follow the updates (Atom feed)</a>',
    );
  });

  it('speaks Italian and German', () => {
    expect(text(render(<LatestUpdatesList updates={updates} feedUrl="/f" />, 'it'))).toContain(
      'Ultimi aggiornamenti',
    );
    expect(text(render(<LatestUpdatesList updates={updates} feedUrl="/f" />, 'it'))).toContain(
      'Pubblicato il 10 ottobre 2026',
    );
    const german = text(render(<LatestUpdatesList updates={updates} feedUrl="/f" />, 'de'));
    expect(german).toContain('Neueste Meldungen');
    expect(german).toContain('Rechnung und Nachweis');
  });
});
