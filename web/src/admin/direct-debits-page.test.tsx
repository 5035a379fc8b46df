import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { en } from '../i18n/en';
import { RouterProvider, createMemoryHistory } from '../router';
import { ApiProvider } from '../ui';
import { ADMIN_ROUTES, NAV_ITEMS } from './admin-routes';
import {
  DirectDebitsApi,
  type Batch,
  type BatchDetail,
  type Mandate,
  type SettingsState,
} from './direct-debits-client';
import { CollectionsTable, DirectDebitsView, MandatesTable } from './direct-debits-page';
import { SessionProvider } from './session';

// The Direct debits screen rendered to HTML: mandates with the IBAN masked and their status, the
// creditor settings (with what the environment fixes), batches with download and settle only for
// roles that may write the ledger, and the return form per collection.

const offline = new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) });
const client = new DirectDebitsApi(offline);

function render(node: ReactNode, language: Language = 'en') {
  const user = { id: 'u1', email: 'ada@example.org', name: 'Ada', role: 'accountant' as const, language };
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/admin/direct-debits')}>
        <ApiProvider client={offline}>
          <SessionProvider value={{ user, signOut: () => Promise.resolve(), expire: () => undefined }}>
            {node}
          </SessionProvider>
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>,
  );
}

const mandate: Mandate = {
  id: 'sdm_1',
  reference: 'FILO-M-7KQ2M9X4T8AB',
  status: 'active',
  statusReason: null,
  debtorName: 'Juergen Mueller',
  ibanMasked: 'DE89 … 3000',
  debtorCountry: 'DE',
  amountMinor: 1000,
  nextAmountMinor: 2500,
  nextAmountFrom: '2026-03-16',
  currency: 'EUR',
  dayOfMonth: 15,
  signedOn: '2026-03-02',
  firstDueOn: '2026-03-16',
  lastCollectionOn: null,
  campaign: { id: 'cmp_1', name: 'Un pasto per tutti' },
};

const settings: SettingsState = {
  settings: {
    creditorId: 'IT91ZZZ91234560375',
    creditorName: 'Associazione Filo Solidale ETS',
    creditorIban: 'IT60X0542811101000000123456',
    creditorBic: null,
    prenotificationDays: 14,
    collectionDays: [1, 15],
    daysAhead: 7,
  },
  locked: ['creditorId'],
  complete: true,
};

const batch: Batch = {
  id: 'sdb_1',
  messageId: 'FILO-20260310-7K2Q9XQ4',
  status: 'open',
  createdAt: '2026-03-10T08:00:00.000Z',
  downloadedAt: null,
  settledAt: null,
  numberOfTransactions: 2,
  controlSumMinor: 1500,
  currency: 'EUR',
  firstDueOn: '2026-03-16',
  counts: { pending: 2, settled: 0, failed: 0, withdrawn: 0 },
};

describe('the Direct debits screen', () => {
  it('is in the admin navigation', () => {
    expect(ADMIN_ROUTES).toContainEqual({ id: 'directDebits', path: '/admin/direct-debits' });
    expect(NAV_ITEMS.find((i) => i.id === 'directDebits')).toMatchObject({
      href: '/admin/direct-debits',
      label: 'nav.directDebits',
    });
  });

  it('lists mandates with the IBAN masked, the next amount and a cancel action for writers', () => {
    const html = render(
      <MandatesTable mandates={[mandate]} canWrite client={client} onChanged={() => undefined} />,
    );
    expect(html).toContain('<code>FILO-M-7KQ2M9X4T8AB</code>');
    expect(html).toContain('<code class="sepa-iban">DE89 … 3000</code>');
    expect(html).toContain('then €25 from March 16, 2026');
    expect(html).toContain(`>${en['directDebits.status.active']}</span>`);
    expect(html).toContain(en['directDebits.cancel']);
    const reader = render(
      <MandatesTable mandates={[mandate]} canWrite={false} client={client} onChanged={() => undefined} />,
    );
    expect(reader).not.toContain(en['directDebits.cancel']);
    const erased = render(
      <MandatesTable
        mandates={[{ ...mandate, debtorName: null, status: 'cancelled', statusReason: 'erased' }]}
        canWrite
        client={client}
        onChanged={() => undefined}
      />,
    );
    expect(erased).toContain(en['directDebits.erased']);
    expect(erased).not.toContain(en['directDebits.cancel']);
  });

  it('shows the settings (fixed ones read-only) and the batches with download and settle for writers', () => {
    const html = render(
      <DirectDebitsView
        settings={settings}
        batches={[batch]}
        canWrite
        client={client}
        onChanged={() => undefined}
      />,
    );
    expect(html).toMatch(
      /id="sepa-settings-creditorId" readOnly="" aria-describedby="sepa-settings-creditorId-locked"/,
    );
    expect(html).toContain(en['directDebits.settings.locked']);
    expect(html).toContain('<code>FILO-20260310-7K2Q9XQ4</code>');
    expect(html).toContain('href="/api/v1/sepa/batches/sdb_1/pain.008.xml"');
    expect(html).toContain(`>${en['directDebits.settle']}</button>`);
    expect(html).toContain(`>${en['directDebits.batches.create']}</button>`);
    expect(html).not.toContain(en['directDebits.settings.incomplete']);

    const reader = render(
      <DirectDebitsView
        settings={{ ...settings, complete: false }}
        batches={[batch]}
        canWrite={false}
        client={client}
        onChanged={() => undefined}
      />,
      'it',
    );
    expect(reader).not.toContain('pain.008.xml');
    expect(reader).not.toContain('Segna come regolato');
    expect(reader).toContain('L’addebito diretto non viene proposto ai donatori');
  });

  it('offers a return with its reason code for a pending or settled collection', () => {
    const detail: BatchDetail = {
      ...batch,
      collections: [
        {
          id: 'sdc_1',
          mandateReference: 'FILO-M-7KQ2M9X4T8AB',
          endToEndId: 'FILO-E-202603-AAAAAAAAAA',
          sequence: 'FRST',
          dueOn: '2026-03-16',
          amountMinor: 1000,
          currency: 'EUR',
          debtorName: 'Juergen Mueller',
          ibanMasked: 'DE89 … 3000',
          status: 'pending',
          returnReason: null,
          returnedOn: null,
          donationId: null,
        },
        {
          id: 'sdc_2',
          mandateReference: 'FILO-M-0000000000BB',
          endToEndId: 'FILO-E-202603-BBBBBBBBBB',
          sequence: 'RCUR',
          dueOn: '2026-03-16',
          amountMinor: 500,
          currency: 'EUR',
          debtorName: 'Lucia Bianchi',
          ibanMasked: 'IT60 … 3456',
          status: 'failed',
          returnReason: 'AM04',
          returnedOn: '2026-03-18',
          donationId: null,
        },
      ],
    };
    const reasons = [
      { code: 'AM04', name: 'Insufficient funds', policy: 'retry' as const },
      { code: 'MD01', name: 'No valid mandate, or unauthorised transaction', policy: 'cancel' as const },
    ];
    const html = render(
      <CollectionsTable
        batch={detail}
        reasons={reasons}
        canWrite
        client={client}
        onChanged={() => undefined}
      />,
    );
    expect(html).toContain('<td>FRST</td>');
    expect(html).toContain('<td>RCUR</td>');
    expect(html).toContain(`${en['directDebits.collection.failed']} · AM04`);
    // One return form: for the pending collection, not for the one already returned.
    expect(html.match(new RegExp(en['directDebits.return'], 'g'))).toHaveLength(1);
    expect(html).toContain(
      '<option value="MD01">MD01 — No valid mandate, or unauthorised transaction</option>',
    );
    expect(html).toContain(en['directDebits.returnRetries']);
  });
});
