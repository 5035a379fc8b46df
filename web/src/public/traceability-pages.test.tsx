// The tracking and transparency pages rendered to HTML (no browser): the gift's path and evidence
// links, the fund bars and the flow diagram with its table twin, in each language. The browser test in
// test/e2e/traceability.test.ts covers fetching and verifying proofs.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { PublicOrganisation } from '../api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import type { LogHistory, PublicTrace, Transparency } from '../traceability/ledger-client';
import { TraceView } from './track-page';
import { TransparencyView } from './transparency-page';

const render = (node: ReactNode, language: Language = 'en') =>
  renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/')}>{node}</RouterProvider>
    </I18nProvider>,
  );

const sha = 'a'.repeat(64);
const log = { origin: 'example.org/log', verifierKey: 'example.org/log+01234567+AAAA', size: 12 };
const trace: PublicTrace = {
  donation: {
    receiptCode: 'Zk3pQ9vX2mL8nR4tY7wB1c',
    grossMinor: 2000,
    feeMinor: 55,
    netMinor: 1945,
    refundedMinor: 0,
    spentMinor: 1200,
    unspentMinor: 745,
    currency: 'EUR',
    receivedAt: '2026-03-01T10:00:00.000Z',
    restriction: 'project',
    logIndex: 3,
  },
  project: { id: 'p1', name: 'Mensa scolastica' },
  campaign: null,
  allocations: [
    { kind: 'fee', amountMinor: 55, allocatedAt: '2026-03-01T10:00:00.000Z', logIndex: 4, expense: null },
    {
      kind: 'expense',
      amountMinor: 1200,
      allocatedAt: '2026-03-13T09:00:00.000Z',
      logIndex: 9,
      expense: {
        id: 'e1',
        description: 'Hot meals for March',
        category: 'food',
        spentOn: '2026-03-12',
        amountMinor: 74000,
        evidence: [{ sha256: sha, filename: 'F-118.pdf' }],
      },
    },
  ],
  logIndices: [3, 4, 9],
  log,
};

describe('TraceView', () => {
  it('shows the gift, each allocation with its evidence link and hash, and what is unspent', () => {
    const html = render(<TraceView trace={trace} />);
    expect(html).toContain('<h1>Where your gift went</h1>');
    expect(html).toContain('Receipt code Zk3pQ9vX2mL8nR4tY7wB1c');
    expect(html).toContain('€20');
    expect(html).toContain('Mensa scolastica');
    expect(html).toContain('Payment processing fee');
    expect(html).toContain('<h3>Hot meals for March</h3>');
    expect(html).toContain('Expense of March 12, 2026');
    expect(html).toContain(`href="/api/v1/public/evidence/${sha}"`);
    expect(html).toContain(`SHA-256 ${sha}`);
    expect(html).toContain('€7.45 of your gift is not spent yet.');
  });

  it('speaks Italian and German, and says when nothing is spent yet', () => {
    const idle = { ...trace, allocations: [], donation: { ...trace.donation, spentMinor: 0 } };
    expect(render(<TraceView trace={idle} />, 'it')).toContain('Ancora nulla di speso');
    expect(render(<TraceView trace={trace} />, 'de')).toContain('Wohin Ihre Spende ging');
  });
});

describe('TransparencyView', () => {
  const totals = {
    raisedMinor: 10000,
    feesMinor: 300,
    spentMinor: 6000,
    unspentMinor: 3700,
    refundedMinor: 0,
    donations: 7,
  };
  const data: Transparency = {
    currency: 'EUR',
    totals,
    unrestricted: {
      ...totals,
      raisedMinor: 4000,
      spentMinor: 1000,
      unspentMinor: 2900,
      feesMinor: 100,
      donations: 3,
    },
    projects: [
      {
        ...totals,
        projectId: 'p1',
        name: 'Mensa',
        expensesApprovedMinor: 5000,
        raisedMinor: 6000,
        spentMinor: 5000,
        unspentMinor: 800,
        feesMinor: 200,
        donations: 4,
      },
    ],
    campaigns: [],
    flows: [
      { from: 'project:p1', to: 'project:p1', amountMinor: 5000 },
      { from: 'unrestricted', to: 'general', amountMinor: 1000 },
      { from: 'project:p1', to: 'fees', amountMinor: 200 },
      { from: 'project:p1', to: 'category:food', amountMinor: 5000 },
      { from: 'general', to: 'category:rent', amountMinor: 1000 },
    ],
    log,
  };
  const history: LogHistory = {
    ...log,
    checkpoints: [{ size: 12, rootHash: 'cm9vdA==', createdAt: '2026-03-13T09:00:01.000Z', note: '' }],
  };
  const profile: PublicOrganisation = {
    organisation: {
      name: 'Scuola Aperta',
      legalName: '',
      description: '',
      country: 'IT',
      currency: 'EUR',
      language: 'it',
    },
    campaigns: [],
    projects: [],
  };

  it('shows totals, per-fund bars, the flow diagram as an SVG with a table, and the log', () => {
    const html = render(<TransparencyView data={data} log={history} profile={profile} />);
    expect(html).toContain('<h1>Transparency</h1>');
    expect(html).toContain('€100');
    expect(html).toContain('€50 spent, €2 fees and €8 not yet spent, of €60 raised');
    expect(html).toMatch(/<svg[^>]*role="img"/);
    expect(html.match(/<path /g)?.length).toBe(7); // 5 flows + unspent of 2 funds
    expect(html).toContain('Rent');
    expect(html).toContain('<td>General expenses</td><td>Rent</td>');
    expect(html).toContain('href="/log/checkpoint"');
    expect(html).toContain('example.org/log+01234567+AAAA');
    expect(html).toContain('cm9vdA==');
  });

  it('says so when nothing has been spent', () => {
    const html = render(
      <TransparencyView
        data={{ ...data, flows: [], unrestricted: { ...data.unrestricted, unspentMinor: 0 }, projects: [] }}
        log={history}
        profile={profile}
      />,
      'de',
    );
    expect(html).toContain('Bisher wurde nichts ausgegeben.');
  });
});
