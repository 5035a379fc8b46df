// The supporter screens rendered to HTML: the right words in each language, consents as the server
// sent them, the whole history with its wording, tracking links, and no action a role cannot take.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient, SupportersApi, type Role, type Supporter } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { ApiProvider } from '../ui';
import { SessionProvider } from './session';
import { SupporterView, type SupporterData } from './supporters-detail-page';
import { detailsOf, draftOf, lacksContact } from './supporter-fields';
import { CreateSupporter, SupportersList } from './supporters-page';

const offline = new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) });
const client = new SupportersApi(offline);

function render(
  node: ReactNode,
  { language = 'en', role = 'owner' }: { language?: Language; role?: Role } = {},
) {
  const user = { id: 'u1', email: 'ada@example.org', name: 'Ada', role, language };
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/admin/supporters')}>
        <ApiProvider client={offline}>
          <SessionProvider value={{ user, signOut: () => Promise.resolve(), expire: () => undefined }}>
            {node}
          </SessionProvider>
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>,
  );
}

const giulia: Supporter = {
  id: 'con_giulia',
  displayName: 'Giulia Verdi',
  email: 'giulia@example.org',
  phone: '+393331234567',
  language: 'it',
  timeZone: 'Europe/Rome',
  country: 'IT',
  preferredChannel: 'email',
  createdAt: '2026-02-03T10:00:00.000Z',
  consents: [
    {
      channel: 'whatsapp',
      purpose: 'service',
      status: 'granted',
      source: 'donate-form',
      wordingVersion: 'v2',
      recordedAt: '2026-02-03T10:00:00.000Z',
    },
    {
      channel: 'email',
      purpose: 'news',
      status: 'revoked',
      source: 'staff:withdrawal',
      wordingVersion: 'v2',
      recordedAt: '2026-02-05T10:00:00.000Z',
    },
  ],
};

const data: SupporterData = {
  supporter: giulia,
  history: [
    {
      id: 'cst1',
      channel: 'email',
      purpose: 'news',
      status: 'granted',
      source: 'donate-form',
      wordingVersion: 'donate-form-2026-02',
      wording: 'Voglio ricevere notizie per e-mail.',
      recordedAt: '2026-02-03T10:00:00.000Z',
    },
    {
      id: 'cst2',
      channel: 'whatsapp',
      purpose: 'service',
      status: 'granted',
      source: 'donate-form',
      wordingVersion: 'donate-form-2026-02',
      wording: 'Mandatemi su WhatsApp il ringraziamento.',
      recordedAt: '2026-02-03T10:00:00.000Z',
    },
    {
      id: 'cst3',
      channel: 'email',
      purpose: 'news',
      status: 'revoked',
      source: 'staff:withdrawal',
      wordingVersion: 'staff-form-2026-03',
      wording: 'Non voglio più ricevere questi messaggi.',
      recordedAt: '2026-02-05T10:00:00.000Z',
    },
  ],
  gifts: [
    {
      id: 'don1',
      receiptCode: 'AbCdEfGhIjKlMnOpQrStUv',
      grossMinor: 2500,
      refundedMinor: 500,
      currency: 'EUR',
      receivedAt: '2026-02-03T10:00:00.000Z',
      projectId: null,
      campaignId: 'c1',
    },
  ],
};

const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

describe('SupportersList', () => {
  it('links each supporter and shows language, channels and current consents as badges', () => {
    const html = render(<SupportersList items={[giulia]} search="" />);
    expect(html).toContain('href="/admin/supporters/con_giulia"');
    expect(html).toContain('Giulia Verdi');
    expect(text(html)).toContain('Language: Italian');
    expect(text(html)).toContain('Can be reached by: E-mail, WhatsApp, SMS');
    expect(html).toContain('data-consent="whatsapp:service:granted"');
    expect(html).toContain('data-consent="email:news:revoked"');
    expect(text(html)).toContain('E-mail · news: withdrawn');
    expect(text(html)).toContain('Added February 3, 2026');
  });

  it('says when nothing matches the search, in Italian and German', () => {
    expect(text(render(<SupportersList items={[]} search="zzz" />, { language: 'it' }))).toContain(
      'Nessun sostenitore corrisponde a «zzz».',
    );
    expect(text(render(<SupportersList items={[]} search="" />, { language: 'de' }))).toContain(
      'Noch keine Unterstützer.',
    );
  });
});

describe('SupporterView', () => {
  const view = (role: Role, language: Language = 'en') =>
    render(
      <SupporterView data={data} client={client} onChanged={() => undefined} onErased={() => undefined} />,
      { role, language },
    );

  it('shows contact details, the whole history with wording, version and source, and gifts with tracking links', () => {
    const html = view('agent');
    expect(html).toContain('<h1>Giulia Verdi</h1>');
    expect(html).toContain('href="mailto:giulia@example.org"');
    expect(text(html)).toContain('Europe/Rome');
    expect(text(html)).toContain('Messages from us by E-mail');
    const history = html.slice(html.indexOf('data-testid="consent-history"'));
    expect(history.match(/data-consent=/g)).toHaveLength(3);
    expect(history.indexOf('cst1') === -1).toBe(true); // ids are not shown, the records are
    expect(text(history)).toContain('Non voglio più ricevere questi messaggi.');
    expect(text(history)).toContain('staff-form-2026-03');
    expect(text(history)).toContain('staff:withdrawal');
    expect(html).toContain('href="/track/AbCdEfGhIjKlMnOpQrStUv"');
    expect(text(html)).toContain('€5 refunded');
  });

  it('offers withdrawal to roles that may write contacts, and erasure to owners only', () => {
    const agent = text(view('agent'));
    expect(agent).not.toContain('Record withdrawal');
    expect(agent).not.toContain('Edit details');
    expect(text(view('fundraiser'))).toContain('Edit details');
    expect(agent).not.toContain('Erase this supporter');
    const fundraiser = text(view('fundraiser'));
    expect(fundraiser).toContain('Record withdrawal: WhatsApp · service messages');
    expect(fundraiser).not.toContain('Erase this supporter');
    const owner = text(view('owner'));
    expect(owner).toContain('Erase this supporter (GDPR)');
    // The explanation comes with the confirmation step, not before it.
    expect(owner).not.toContain('pseudonymised');
  });

  it('keeps saying what was just done once the supporter is read again', () => {
    const html = (notice: 'saved' | 'withdrawn') =>
      text(
        render(
          <SupporterView
            data={data}
            client={client}
            notice={notice}
            onChanged={() => undefined}
            onErased={() => undefined}
          />,
          { role: 'fundraiser' },
        ),
      );
    expect(html('saved')).toContain('Details saved.');
    expect(html('withdrawn')).toContain('Withdrawal recorded.');
    expect(html('saved')).not.toContain('Withdrawal recorded.');
  });

  it('speaks German', () => {
    const html = text(view('owner', 'de'));
    expect(html).toContain('Verlauf der Einwilligungen');
    expect(html).toContain('Diese Spende verfolgen');
    expect(html).toContain('Diesen Unterstützer löschen (DSGVO)');
  });
});

describe('CreateSupporter', () => {
  it('labels every field and shows the consent wording with its version', () => {
    const html = render(<CreateSupporter client={client} onCreated={() => undefined} />, {
      language: 'it',
      role: 'fundraiser',
    });
    for (const id of [
      'supporter-name',
      'supporter-email',
      'supporter-phone',
      'supporter-language',
      'supporter-tz',
      'supporter-country',
      'supporter-preferred',
      'supporter-source',
    ]) {
      expect(html).toContain(`for="${id}"`);
      expect(html).toContain(`id="${id}"`);
    }
    expect(text(html)).toContain('Versione del testo staff-form-2026-03');
    // The supporter's language defaults to the staff member's, and the wording is in it.
    expect(html).toContain('lang="it"');
    expect(text(html)).toContain('Voglio ricevere aggiornamenti su WhatsApp.');
    // No preference until one is chosen; a channel without its address cannot be chosen.
    expect(text(html)).toContain('Senza preferenza: prima WhatsApp, poi e-mail.');
    expect(html).toContain('<option value="" selected="">Nessuna preferenza</option>');
    expect(html).toContain('<option value="whatsapp" disabled="">WhatsApp</option>');
  });
});

describe('the supporter fields', () => {
  it('send empty fields as cleared and drop a preference whose address is gone', () => {
    const draft = {
      name: '  ',
      email: 'anna@example.org',
      phone: '',
      language: 'de',
      timeZone: ' Europe/Berlin ',
      country: 'de',
      preferredChannel: 'whatsapp' as const,
    };
    expect(detailsOf(draft)).toEqual({
      displayName: null,
      email: 'anna@example.org',
      phone: null,
      language: 'de',
      timeZone: 'Europe/Berlin',
      country: 'DE',
      preferredChannel: null,
    });
    expect(detailsOf({ ...draft, preferredChannel: 'email' }).preferredChannel).toBe('email');
    expect(lacksContact({ ...draft, email: ' ' })).toBe(true);
    expect(draftOf(giulia)).toMatchObject({ name: 'Giulia Verdi', preferredChannel: 'email', country: 'IT' });
  });
});
