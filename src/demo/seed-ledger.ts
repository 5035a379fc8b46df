import type { Clock } from '../core';
import { LedgerService, type ProjectsService } from '../ledger';
import type { CampaignsService } from '../campaigns';
import type { Store } from '../store';
import type { TransparencyLog } from '../transparency';
import { invoicePdf } from './invoice-pdf';

// The demo's books: a season of small gifts and the expenses they paid for, written through the same
// ledger and public log as real money, in date order with a clock that follows the story, so that the
// allocation dates, the tracking pages and the proofs look like a year of a real association.

interface DemoExpense {
  readonly key: string;
  readonly project: string | null;
  readonly campaign?: string;
  readonly payee: string;
  readonly spentOn: string;
  readonly amountMinor: number;
  readonly category: string;
  readonly description: string;
  /** Left as a draft for the accountant to approve in the demo, or rejected with this reason. */
  readonly state?: 'draft' | { readonly rejected: string };
}

const EXPENSES: readonly DemoExpense[] = [
  {
    key: 'F-2026-031',
    project: 'mensa-scolastica',
    payee: 'Cooperativa Pane e Rose',
    spentOn: '2026-04-15',
    amountMinor: 92_500,
    category: 'food',
    description: 'Pasti caldi per la mensa di aprile (1.250 pasti)',
  },
  {
    key: 'F-2026-044',
    project: 'doposcuola',
    payee: 'Libreria Navile',
    spentOn: '2026-05-06',
    amountMinor: 21_180,
    category: 'materials',
    description: 'Libri di testo e quaderni per il doposcuola',
  },
  {
    key: 'F-2026-052',
    project: 'emergenza-alluvione',
    payee: 'Ferramenta Lugo',
    spentOn: '2026-05-20',
    amountMinor: 48_400,
    category: 'relief-kits',
    description: 'Kit di pulizia per 40 famiglie alluvionate',
  },
  {
    key: 'F-2026-067',
    project: 'mensa-scolastica',
    payee: 'Cooperativa Pane e Rose',
    spentOn: '2026-06-12',
    amountMinor: 81_250,
    category: 'food',
    description: 'Pasti caldi per la mensa di maggio e giugno',
  },
  {
    key: 'F-2026-078',
    project: 'doposcuola',
    payee: 'Forno Pilastro',
    spentOn: '2026-06-30',
    amountMinor: 9_270,
    category: 'food',
    description: 'Merende per il doposcuola, secondo trimestre',
  },
  {
    key: 'F-2026-090',
    project: 'emergenza-alluvione',
    payee: 'Elettrodomestici Faenza',
    spentOn: '2026-07-22',
    amountMinor: 64_450,
    category: 'household',
    description: 'Frigoriferi e lavatrici per 6 famiglie',
  },
  {
    key: 'R-2026-101',
    project: null,
    payee: 'Tipografia Emiliana',
    spentOn: '2026-08-28',
    amountMinor: 11_700,
    category: 'outreach',
    description: 'Volantini per la raccolta fondi di settembre',
  },
  {
    key: 'F-2026-118',
    project: 'mensa-scolastica',
    campaign: 'un-pasto-per-tutti',
    payee: 'Cooperativa Pane e Rose',
    spentOn: '2026-09-30',
    amountMinor: 74_000,
    category: 'food',
    description: 'Pasti caldi per la mensa di settembre',
  },
  {
    key: 'F-2026-126',
    project: 'doposcuola',
    payee: 'Comune di Bologna, Quartiere Navile',
    spentOn: '2026-10-09',
    amountMinor: 18_000,
    category: 'venue',
    description: 'Affitto della sala del doposcuola, ottobre-dicembre',
  },
  {
    key: 'F-2026-133',
    project: 'emergenza-alluvione',
    campaign: 'inverno-al-caldo',
    payee: 'Brico Ravenna',
    spentOn: '2026-11-10',
    amountMinor: 27_350,
    category: 'household',
    description: 'Stufe elettriche e coperte per 25 famiglie',
  },
  {
    key: 'F-2026-139',
    project: 'mensa-scolastica',
    campaign: 'un-pasto-per-tutti',
    payee: 'Cooperativa Pane e Rose',
    spentOn: '2026-11-20',
    amountMinor: 85_600,
    category: 'food',
    description: 'Pasti caldi per la mensa di ottobre e novembre',
    state: 'draft',
  },
  {
    key: 'R-2026-141',
    project: null,
    payee: 'Studio Grafico Lume',
    spentOn: '2026-11-21',
    amountMinor: 30_500,
    category: 'outreach',
    description: 'Video promozionale',
    state: { rejected: 'Non previsto dal bilancio: da ridiscutere in assemblea' },
  },
];

const AMOUNTS: ReadonlyArray<readonly [number, number]> = [
  [200, 0.12],
  [500, 0.3],
  [1000, 0.25],
  [2000, 0.12],
  [2500, 0.06],
  [5000, 0.09],
  [10000, 0.05],
  [25000, 0.01],
];

function weighted<T>(random: () => number, items: ReadonlyArray<readonly [T, number]>): T {
  let r = random() * items.reduce((s, [, w]) => s + w, 0);
  for (const [item, w] of items) {
    if ((r -= w) <= 0) return item;
  }
  return items[items.length - 1]![0];
}

const euro = (minor: number) => `€ ${(minor / 100).toLocaleString('it-IT', { minimumFractionDigits: 2 })}`;

export interface SeedLedgerDeps {
  readonly store: Store;
  readonly log: TransparencyLog;
  readonly projects: ProjectsService;
  readonly campaigns: CampaignsService;
  readonly random: () => number;
  readonly donations: number;
  readonly approverId: string;
  readonly contactIds: readonly string[];
}

/** Writes the demo's gifts, expenses (with PDF evidence), approvals and one refund; idempotent. */
export async function seedLedger(deps: SeedLedgerDeps): Promise<{ donations: number; expenses: number }> {
  let now = new Date('2026-03-01T09:00:00Z');
  const clock: Clock = { now: () => now };
  const ledger = new LedgerService({ store: deps.store, log: deps.log, clock });
  const projectId = new Map((await deps.projects.list()).map((p) => [p.slug, p.id]));
  const campaignId = new Map((await deps.campaigns.list()).map((c) => [c.slug, c.id]));
  const seenExpenses = new Set((await ledger.listExpenses()).map((e) => e.description));

  const start = Date.parse('2026-03-01T09:00:00Z');
  const end = Math.min(Date.parse('2026-11-27T18:00:00Z'), Date.now() - 3_600_000);
  const times = Array.from(
    { length: deps.donations },
    () => start + Math.floor(deps.random() * (end - start)),
  ).sort((a, b) => a - b);
  const pending = [...EXPENSES].sort((a, b) => a.spentOn.localeCompare(b.spentOn));
  const { random } = deps;
  let donations = 0;
  let expenses = 0;

  const writeExpense = async (e: DemoExpense) => {
    if (seenExpenses.has(e.description)) return;
    const pdf = invoicePdf([
      `${e.payee}`,
      `Fattura ${e.key} del ${e.spentOn}`,
      'Spett.le Associazione Filo Solidale ETS, Via del Pratello 12, 40122 Bologna',
      '',
      e.description,
      `Imponibile ${euro(Math.round(e.amountMinor / 1.22))}   IVA 22%   Totale ${euro(e.amountMinor)}`,
      '',
      'Documento dimostrativo generato da Filo per i dati di esempio.',
    ]);
    const expense = await ledger.createExpense(
      {
        payee: e.payee,
        spentOn: e.spentOn,
        amountMinor: e.amountMinor,
        currency: 'EUR',
        category: e.category,
        description: e.description,
        projectId: e.project ? projectId.get(e.project) : null,
        campaignId: e.campaign ? campaignId.get(e.campaign) : null,
        evidence: [{ filename: `${e.key}.pdf`, mimeType: 'application/pdf', content: pdf }],
      },
      deps.approverId,
    );
    expenses += 1;
    if (e.state === 'draft') return;
    if (e.state) await ledger.rejectExpense(expense.id, deps.approverId, e.state.rejected);
    else await ledger.approveExpense(expense.id, deps.approverId);
  };

  for (let i = 0; i < times.length; i++) {
    const at = new Date(times[i]!);
    while (pending.length > 0 && Date.parse(`${pending[0]!.spentOn}T17:00:00Z`) <= at.getTime()) {
      const e = pending.shift()!;
      now = new Date(`${e.spentOn}T17:00:00Z`);
      await writeExpense(e);
    }
    now = at;
    const gross = weighted(random, AMOUNTS);
    const byCard = random() < 0.8;
    const r = random();
    const restriction = r < 0.45 ? 'project' : r < 0.72 ? 'campaign' : 'unrestricted';
    const project = weighted(random, [
      ['mensa-scolastica', 0.45],
      ['doposcuola', 0.3],
      ['emergenza-alluvione', 0.25],
    ] as const);
    // Campaigns run from their start: earlier campaign gifts go to the project instead.
    const campaign =
      at >= new Date('2026-11-01') && random() < 0.5
        ? 'inverno-al-caldo'
        : at >= new Date('2026-09-01')
          ? 'un-pasto-per-tutti'
          : null;
    const contact =
      random() < 0.85 && deps.contactIds.length > 0
        ? deps.contactIds[Math.floor(random() * deps.contactIds.length)]!
        : null;
    const isCampaign = restriction === 'campaign' && campaign !== null;
    await ledger.recordDonation({
      grossMinor: gross,
      feeMinor: byCard ? Math.round(gross * 0.015) + 25 : 0,
      currency: 'EUR',
      receivedAt: at.toISOString(),
      restriction: isCampaign ? 'campaign' : restriction === 'unrestricted' ? 'unrestricted' : 'project',
      projectId: isCampaign || restriction === 'unrestricted' ? null : projectId.get(project),
      campaignId: isCampaign ? campaignId.get(campaign) : null,
      contactId: contact,
      provider: byCard ? 'demo-card' : 'demo-bank-transfer',
      providerPaymentId: `demo-${String(i + 1).padStart(5, '0')}`,
    });
    donations += 1;
  }
  for (const e of pending) {
    now = new Date(`${e.spentOn}T17:00:00Z`);
    await writeExpense(e);
  }

  // One donor changed their mind within days: a full refund, written as a reversing transaction.
  const all = await ledger.listDonations({ limit: 200 }); // newest first: take the oldest that fits
  const refundable = all.items.filter((d) => d.grossMinor === 2000 && d.refundedMinor === 0).at(-1);
  if (refundable) {
    now = new Date(Date.parse(refundable.receivedAt) + 3 * 86_400_000);
    if (now.getTime() < Date.now()) {
      await ledger.refundDonation(refundable.id, {
        amountMinor: refundable.grossMinor,
        providerRefundId: 'demo-refund-1',
        reason: 'Requested by the donor',
        refundedAt: now.toISOString(),
      });
    }
  }
  // The demo's past happened before Filo ran: no thank-you or "your gift paid for" for a year of
  // history at the first start (the log keeps every entry; only the notifications are skipped).
  await ledger.skipPendingEvents();
  return { donations, expenses };
}
