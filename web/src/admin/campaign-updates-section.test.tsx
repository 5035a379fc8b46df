// A campaign's updates for staff rendered to HTML: status and date in words, the ledger's marked and
// without an edit form, controls only for roles that may change them; and the form's own checks.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api';
import { CampaignUpdatesClient, type CampaignUpdate } from '../campaign-updates/campaign-updates-client';
import { I18nProvider, type Language } from '../i18n';
import {
  CampaignUpdateItems,
  CampaignUpdatesPanel,
  UpdateForm,
  checkUpdateFields,
} from './campaign-updates-section';

const offline = new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) });

function render(node: ReactNode, language: Language = 'en'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      {node}
    </I18nProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const updates: CampaignUpdate[] = [
  {
    id: 'cup_3',
    campaignId: 'c1',
    title: 'Bozza di dicembre',
    body: 'Testo',
    language: 'it',
    status: 'draft',
    publishedAt: null,
    author: { kind: 'staff', id: 'u1', name: 'Ada Lovelace' },
    linkUrl: null,
    createdAt: '2026-11-20T09:00:00.000Z',
    updatedAt: '2026-11-20T09:00:00.000Z',
  },
  {
    id: 'cup_2',
    campaignId: 'c1',
    title: '740,00 € pagati per «Pasti»',
    body: 'Spesa del 30 settembre 2026.',
    language: 'it',
    status: 'published',
    publishedAt: '2026-09-30T17:00:00.000Z',
    author: { kind: 'ledger', id: null, name: null },
    linkUrl: 'https://x.org/api/v1/public/evidence/abc',
    createdAt: '2026-09-30T17:00:00.000Z',
    updatedAt: '2026-09-30T17:00:00.000Z',
  },
];

describe('CampaignUpdateItems', () => {
  it('shows status, date, author or the ledger, and the invoice link, read-only without campaigns:write', () => {
    const html = render(
      <CampaignUpdateItems updates={updates} campaignId="c1" client={null} onChanged={() => undefined} />,
    );
    const words = text(html);
    expect(words).toContain('Draft');
    expect(words).toContain('Not published yet');
    expect(words).toContain('By Ada Lovelace');
    expect(words).toContain('Published September 30, 2026');
    expect(words).toContain('From the ledger');
    expect(html).toContain('href="https://x.org/api/v1/public/evidence/abc"');
    expect(html).toContain('aria-label="Updates (2)"');
    expect(html).not.toContain('<button');
    expect(html).not.toContain('<form');
  });

  it('offers publish, unpublish and edit with campaigns:write, but no edit for the ledger’s', () => {
    const html = render(
      <CampaignUpdateItems
        updates={updates}
        campaignId="c1"
        client={new CampaignUpdatesClient(offline)}
        onChanged={() => undefined}
      />,
      'de',
    );
    const [draft, ledger] = html.split('data-update="cup_2"');
    expect(text(draft!)).toContain('Veröffentlichen');
    expect(text(draft!)).toContain('Bearbeiten');
    expect(text(ledger!)).toContain('Zurückziehen');
    expect(text(ledger!)).not.toContain('Bearbeiten');
  });

  it('says so when there is nothing yet, and the panel stays closed until opened', () => {
    expect(
      text(
        render(
          <CampaignUpdateItems updates={[]} campaignId="c1" client={null} onChanged={() => undefined} />,
          'it',
        ),
      ),
    ).toContain('Ancora nessun aggiornamento.');
    const panel = render(<CampaignUpdatesPanel campaignId="c1" canWrite />);
    expect(panel).toBe('<details class="tr-disclosure"><summary>Updates</summary></details>');
  });
});

describe('the update form', () => {
  it('labels every field, describes the text, and offers the five languages by their own names', () => {
    const html = render(
      <UpdateForm
        prefix="n"
        initial={{ title: '', body: '', language: 'it' }}
        busy={false}
        actions={[
          { key: 'draft', label: 'campaignUpdates.saveDraft', primary: false },
          { key: 'publish', label: 'campaignUpdates.publishNow', primary: true },
        ]}
        onSubmit={() => undefined}
      />,
    );
    expect(html).toContain('<label for="n-title">Title</label>');
    expect(html).toContain('maxLength="140"');
    expect(html).toContain('maxLength="5000"');
    expect(html).toContain('aria-describedby="n-body-hint"');
    for (const name of ['Italiano', 'English', 'Deutsch', 'Español', 'Français'])
      expect(html).toContain(name);
    expect(html).toContain('value="publish"');
  });

  it('checks title and text before sending', () => {
    expect(checkUpdateFields({ title: '  Hello   world ', body: ' Text \n', language: 'en' })).toEqual({
      title: 'Hello world',
      body: 'Text',
      language: 'en',
    });
    expect(checkUpdateFields({ title: ' ', body: 'x', language: 'en' })).toEqual({
      error: 'campaignUpdates.invalidTitle',
    });
    expect(checkUpdateFields({ title: 'x'.repeat(141), body: 'x', language: 'en' })).toEqual({
      error: 'campaignUpdates.invalidTitle',
    });
    expect(checkUpdateFields({ title: 'ok', body: 'x'.repeat(5001), language: 'en' })).toEqual({
      error: 'campaignUpdates.invalidBody',
    });
  });
});
