import type { CampaignsService } from '../../campaigns';
import type { ContactsService } from '../../contacts';
import { FiloError, newId, systemClock, type Clock } from '../../core';
import type { Donation, LedgerService } from '../../ledger';
import type { OrganisationService } from '../../organisation';
import type { Database, Store, Transaction } from '../../store';
import { campaignReportCsv } from './csv';
import { type DocumentModel } from './document';
import { countryTimeZone, localDate, receiptNumber, type Lang } from './format';
import { ReceiptErrors } from './errors';
import { renderPdf } from './pdf';
import {
  DEFAULT_SETTINGS,
  campaignReportModel,
  missingSettings,
  receiptModel,
  statementModel,
  type CampaignReport,
  type DonorCopy,
  type PaymentMethod,
  type ReceiptDocument,
  type ReceiptFormat,
  type ReceiptSettings,
  type VoidInfo,
} from './templates';

// Receipts: numbered per organisation and calendar year without gaps (the counter row is taken and
// moved in the same transaction that writes the receipt), issued once per gift and never changed.
// A refund voids a receipt with a cancelling record; after a partial refund a replacement receipt is
// issued for what the donor kept. The donor's details as printed live apart, deletable on erasure.

export interface Receipt {
  readonly id: string;
  readonly number: string;
  readonly year: number;
  readonly sequence: number;
  readonly donationId: string;
  readonly revision: number;
  readonly replacesId: string | null;
  readonly contactId: string | null;
  readonly donorName: string | null;
  readonly receiptCode: string;
  readonly format: ReceiptFormat;
  readonly amountMinor: number;
  readonly currency: string;
  readonly giftDate: string;
  readonly campaignId: string | null;
  readonly issuedAt: string;
  readonly status: 'issued' | 'voided';
  readonly voidedAt: string | null;
  readonly voidReason: string | null;
}

export interface DonorDetails {
  readonly fullName: string | null;
  readonly taxCode: string | null;
  readonly street: string | null;
  readonly postalCode: string | null;
  readonly city: string | null;
  readonly country: string | null;
}

/** Where receipts find a gift's tax-receipt fields that the donor typed at checkout (payments). */
export type CheckoutDetailsLookup = (
  donationId: string,
) => Promise<{ readonly taxCode?: string | null; readonly address?: string | null } | null>;

type Trx = Transaction<Database>;
type Db = Store['db'] | Trx;

const TAX_CODE = /^[A-Za-z0-9 ./-]{4,32}$/;

/** The payment method a provider name suggests; an explicit method at issue wins. */
export function inferPaymentMethod(provider: string): PaymentMethod {
  const p = provider.toLowerCase();
  if (p.includes('cash') || p.includes('contanti') || p.includes('bar')) return 'cash';
  if (p.includes('sepa-dd') || p.includes('debit') || p.includes('lastschrift')) return 'direct-debit';
  if (p.includes('bank') || p.includes('transfer') || p.includes('bonifico') || p.includes('camt'))
    return 'bank-transfer';
  if (p.includes('paypal')) return 'paypal';
  if (p.includes('stripe') || p.includes('card') || p.includes('sandbox')) return 'card';
  return 'other';
}

export class ReceiptsService {
  readonly #store: Store;
  readonly #ledger: LedgerService;
  readonly #contacts: ContactsService;
  readonly #organisation: OrganisationService;
  readonly #campaigns: CampaignsService;
  readonly #publicUrl: string;
  readonly #clock: Clock;
  readonly #checkoutDetails: CheckoutDetailsLookup | undefined;
  /** Test hook: runs inside the issuing transaction after the number is taken (a throw rolls it back). */
  readonly #afterNumber: ((n: number) => void) | undefined;

  constructor(deps: {
    store: Store;
    ledger: LedgerService;
    contacts: ContactsService;
    organisation: OrganisationService;
    campaigns: CampaignsService;
    publicUrl: string;
    clock?: Clock;
    checkoutDetails?: CheckoutDetailsLookup;
    afterNumber?: (n: number) => void;
  }) {
    this.#store = deps.store;
    this.#ledger = deps.ledger;
    this.#contacts = deps.contacts;
    this.#organisation = deps.organisation;
    this.#campaigns = deps.campaigns;
    this.#publicUrl = deps.publicUrl.replace(/\/+$/, '');
    this.#clock = deps.clock ?? systemClock;
    this.#checkoutDetails = deps.checkoutDetails;
    this.#afterNumber = deps.afterNumber;
  }

  // ---- settings ---------------------------------------------------------------------------------

  async settings(): Promise<{
    settings: ReceiptSettings;
    format: ReceiptFormat;
    timeZone: string;
    missing: string[];
  }> {
    const org = await this.#organisation.get();
    const row = await this.#store.db
      .selectFrom('receipt_settings')
      .select('settings')
      .where('organisation_id', '=', org.id)
      .executeTakeFirst();
    const stored = row ? (JSON.parse(row.settings) as Partial<ReceiptSettings>) : {};
    const settings: ReceiptSettings = {
      ...DEFAULT_SETTINGS,
      ...stored,
      address: { ...DEFAULT_SETTINGS.address, ...stored.address },
      it: { ...DEFAULT_SETTINGS.it, ...stored.it },
      de: { ...DEFAULT_SETTINGS.de, ...stored.de },
    };
    const format = settings.format === 'auto' ? formatForCountry(org.country) : settings.format;
    const timeZone = settings.timeZone || countryTimeZone(org.country);
    return { settings, format, timeZone, missing: missingSettings(settings, format) };
  }

  async updateSettings(input: ReceiptSettings): Promise<Awaited<ReturnType<ReceiptsService['settings']>>> {
    if (input.timeZone) {
      try {
        new Intl.DateTimeFormat('en', { timeZone: input.timeZone });
      } catch {
        throw new FiloError(ReceiptErrors.RECEIPTS_SETTINGS_INVALID, {
          message: 'timeZone is not an IANA time zone',
        });
      }
    }
    const org = await this.#organisation.get();
    const now = this.#clock.now().toISOString();
    const settings = JSON.stringify(input);
    await this.#store.db
      .insertInto('receipt_settings')
      .values({ organisation_id: org.id, settings, updated_at: now })
      .onConflict((oc) => oc.column('organisation_id').doUpdateSet({ settings, updated_at: now }))
      .execute();
    return this.settings();
  }

  // ---- donor details ----------------------------------------------------------------------------

  async donorDetails(contactId: string): Promise<DonorDetails> {
    await this.#contacts.get(contactId);
    const row = await this.#store.db
      .selectFrom('receipt_donors')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return {
      fullName: row?.full_name ?? null,
      taxCode: row?.tax_code ?? null,
      street: row?.street ?? null,
      postalCode: row?.postal_code ?? null,
      city: row?.city ?? null,
      country: row?.country ?? null,
    };
  }

  async setDonorDetails(contactId: string, input: DonorDetails): Promise<DonorDetails> {
    await this.#contacts.get(contactId);
    const clean = (v: string | null) => (v && v.trim() ? v.trim() : null);
    const values = {
      full_name: clean(input.fullName),
      tax_code: clean(input.taxCode)?.toUpperCase() ?? null,
      street: clean(input.street),
      postal_code: clean(input.postalCode),
      city: clean(input.city),
      country: clean(input.country)?.toUpperCase() ?? null,
    };
    if (values.tax_code && !TAX_CODE.test(values.tax_code))
      throw new FiloError(ReceiptErrors.RECEIPTS_DONOR_DETAILS_INVALID, {
        message: 'taxCode has an unexpected form',
      });
    if (values.country && !/^[A-Z]{2}$/.test(values.country))
      throw new FiloError(ReceiptErrors.RECEIPTS_DONOR_DETAILS_INVALID, {
        message: 'country must be ISO 3166-1 alpha-2',
      });
    const updated_at = this.#clock.now().toISOString();
    await this.#store.db
      .insertInto('receipt_donors')
      .values({ contact_id: contactId, ...values, updated_at })
      .onConflict((oc) => oc.column('contact_id').doUpdateSet({ ...values, updated_at }))
      .execute();
    return this.donorDetails(contactId);
  }

  /** GDPR erasure: the donor's receipt details and every printed copy of them; receipts stay, pseudonymous. */
  async eraseContact(contactId: string): Promise<void> {
    await this.#store.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('receipt_donors').where('contact_id', '=', contactId).execute();
      await trx.deleteFrom('receipt_donor_copies').where('contact_id', '=', contactId).execute();
    });
  }

  async #donorCopy(donation: Donation): Promise<DonorCopy> {
    const contactId = donation.contactId!;
    const contact = await this.#contacts.get(contactId);
    const details = await this.#store.db
      .selectFrom('receipt_donors')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    const fromCheckout = details ? null : await this.#checkoutDetails?.(donation.id);
    const address = details
      ? [details.street, [details.postal_code, details.city].filter(Boolean).join(' '), details.country]
          .filter((p) => p && p.trim())
          .join(', ') || null
      : (fromCheckout?.address ?? null);
    return {
      name: details?.full_name ?? contact.displayName ?? contact.email ?? contact.phone ?? contactId,
      taxCode: details?.tax_code ?? fromCheckout?.taxCode ?? null,
      address,
    };
  }

  // ---- issuing and voiding ----------------------------------------------------------------------

  /** Issues the gift's receipt once; a repeat (or a concurrent twin) returns the same receipt. */
  async issue(
    donationId: string,
    options: { by?: string | null; method?: PaymentMethod; format?: ReceiptFormat } = {},
  ): Promise<{ receipt: Receipt; created: boolean }> {
    const existing = await this.#latest(this.#store.db, donationId);
    if (existing && existing.status === 'issued') return { receipt: existing, created: false };
    const donation = await this.#ledger.getDonation(donationId);
    if (!donation.contactId) throw new FiloError(ReceiptErrors.RECEIPTS_NO_DONOR);
    const amount = donation.grossMinor - donation.refundedMinor;
    if (amount <= 0) throw new FiloError(ReceiptErrors.RECEIPTS_DONATION_REFUNDED);
    const org = await this.#organisation.get();
    const { settings, format: defaultFormat, timeZone } = await this.settings();
    const trace = await this.#ledger.trace(donation.receiptCode);
    const donor = await this.#donorCopy(donation);
    const giftDate = localDate(donation.receivedAt, timeZone);
    const year = Number(giftDate.slice(0, 4));
    const previousDoc = existing ? await this.#document(existing.id) : null;
    const format = options.format ?? previousDoc?.format ?? defaultFormat;
    const method = options.method ?? previousDoc?.gift.method ?? inferPaymentMethod(donation.provider);
    const a = settings.address;
    const address = [a.street, [a.postalCode, a.city].filter(Boolean).join(' '), a.country]
      .filter((p) => p && p.trim())
      .join(', ');
    const destination = trace.project?.name ?? trace.campaign?.name ?? null;
    const now = this.#clock.now().toISOString();

    const result = await this.#store.db
      .transaction()
      .execute(async (trx) => {
        // Take the year's counter row first: on PostgreSQL the row lock queues concurrent issuers, and
        // everything read after it (the existing receipt) is what the previous issuer committed.
        await trx
          .insertInto('receipt_counters')
          .values({ organisation_id: org.id, year, last_number: 0, updated_at: now })
          .onConflict((oc) => oc.columns(['organisation_id', 'year']).doNothing())
          .execute();
        let lock = trx
          .selectFrom('receipt_counters')
          .select('last_number')
          .where('organisation_id', '=', org.id)
          .where('year', '=', year);
        if (this.#store.capabilities.concurrentWriters) lock = lock.forUpdate();
        const counter = await lock.executeTakeFirstOrThrow();
        const latest = await this.#latest(trx, donationId);
        if (latest && latest.status === 'issued') return { id: latest.id, created: false };
        const number = Number(counter.last_number) + 1;
        await trx
          .updateTable('receipt_counters')
          .set({ last_number: number, updated_at: now })
          .where('organisation_id', '=', org.id)
          .where('year', '=', year)
          .execute();
        this.#afterNumber?.(number);
        const id = newId('rcp');
        const doc: ReceiptDocument = {
          v: 1,
          format,
          number: receiptNumber(year, number),
          issuedAt: now,
          replaces: latest ? latest.number : null,
          organisation: {
            name: org.name,
            legalName: org.legalName,
            taxId: org.taxId,
            address,
            city: a.city,
          },
          settings: { signatory: settings.signatory, it: settings.it, de: settings.de },
          gift: { amountMinor: amount, currency: donation.currency, date: giftDate, method, destination },
          trackUrl: `${this.#publicUrl}/track/${donation.receiptCode}`,
        };
        await trx
          .insertInto('receipts')
          .values({
            id,
            organisation_id: org.id,
            year,
            number,
            donation_id: donationId,
            revision: latest ? latest.revision + 1 : 0,
            replaces_id: latest?.id ?? null,
            contact_id: donation.contactId,
            receipt_code: donation.receiptCode,
            format,
            amount_minor: amount,
            currency: donation.currency,
            gift_date: giftDate,
            campaign_id: donation.campaignId,
            document: JSON.stringify(doc),
            issued_at: now,
            issued_by: options.by ?? null,
          })
          .execute();
        await trx
          .insertInto('receipt_donor_copies')
          .values({ receipt_id: id, contact_id: donation.contactId!, donor: JSON.stringify(donor) })
          .execute();
        return { id, created: true };
      })
      .catch(async (error: unknown) => {
        // A concurrent issuer for the same gift won the (donation, revision) key: answer with its receipt.
        const winner = await this.#latest(this.#store.db, donationId);
        if (winner && winner.status === 'issued') return { id: winner.id, created: false };
        throw error;
      });
    return { receipt: await this.get(result.id), created: result.created };
  }

  /** Voids a receipt with a cancelling record; idempotent. The receipt itself is never changed. */
  async void(
    receiptId: string,
    options: { reason: 'refund' | 'manual'; refundMinor?: number; by?: string | null },
  ): Promise<Receipt> {
    await this.get(receiptId);
    await this.#store.db
      .insertInto('receipt_voids')
      .values({
        id: newId('rcv'),
        receipt_id: receiptId,
        reason: options.reason,
        refund_minor: options.refundMinor ?? 0,
        voided_at: this.#clock.now().toISOString(),
        voided_by: options.by ?? null,
      })
      .onConflict((oc) => oc.column('receipt_id').doNothing())
      .execute();
    return this.get(receiptId);
  }

  /**
   * After a refund: a fully refunded gift's receipt is voided; after a partial refund the receipt is
   * voided and a replacement is issued for what the donor kept. Safe to run again after a crash.
   */
  async applyRefund(donationId: string): Promise<{ voided: Receipt | null; replacement: Receipt | null }> {
    const latest = await this.#latest(this.#store.db, donationId);
    if (!latest) return { voided: null, replacement: null };
    const donation = await this.#ledger.getDonation(donationId);
    const kept = donation.grossMinor - donation.refundedMinor;
    let voided: Receipt | null = null;
    if (latest.status === 'issued' && latest.amountMinor !== kept) {
      voided = await this.void(latest.id, { reason: 'refund', refundMinor: latest.amountMinor - kept });
    }
    if (kept <= 0) return { voided, replacement: null };
    const current = await this.#latest(this.#store.db, donationId);
    if (current && current.status === 'voided' && current.voidReason === 'refund') {
      const { receipt } = await this.issue(donationId);
      return { voided, replacement: receipt };
    }
    return { voided, replacement: null };
  }

  // ---- reading ----------------------------------------------------------------------------------

  #receipts(db: Db) {
    return db
      .selectFrom('receipts as r')
      .leftJoin('receipt_voids as v', 'v.receipt_id', 'r.id')
      .leftJoin('receipt_donor_copies as c', 'c.receipt_id', 'r.id')
      .select([
        'r.id',
        'r.year',
        'r.number',
        'r.donation_id',
        'r.revision',
        'r.replaces_id',
        'r.contact_id',
        'r.receipt_code',
        'r.format',
        'r.amount_minor',
        'r.currency',
        'r.gift_date',
        'r.campaign_id',
        'r.issued_at',
        'v.voided_at',
        'v.reason',
        'c.donor',
      ]);
  }

  async #latest(db: Db, donationId: string): Promise<Receipt | undefined> {
    const row = await this.#receipts(db)
      .where('r.donation_id', '=', donationId)
      .orderBy('r.revision', 'desc')
      .executeTakeFirst();
    return row ? toReceipt(row) : undefined;
  }

  async get(id: string): Promise<Receipt> {
    const row = await this.#receipts(this.#store.db).where('r.id', '=', id).executeTakeFirst();
    if (!row) throw new FiloError(ReceiptErrors.RECEIPTS_NOT_FOUND);
    return toReceipt(row);
  }

  /** The receipts of a gift, oldest first (a voided one, then its replacement). */
  async forDonation(donationId: string): Promise<Receipt[]> {
    const rows = await this.#receipts(this.#store.db)
      .where('r.donation_id', '=', donationId)
      .orderBy('r.revision')
      .execute();
    return rows.map(toReceipt);
  }

  async list(options: {
    year: number;
    limit: number;
    before?: number | undefined;
    contactId?: string | undefined;
  }) {
    let q = this.#receipts(this.#store.db)
      .where('r.year', '=', options.year)
      .orderBy('r.number', 'desc')
      .limit(options.limit + 1);
    if (options.before !== undefined) q = q.where('r.number', '<', options.before);
    if (options.contactId) q = q.where('r.contact_id', '=', options.contactId);
    const rows = (await q.execute()).map(toReceipt);
    const items = rows.slice(0, options.limit);
    return {
      items,
      nextBefore: rows.length > options.limit ? (items[items.length - 1]?.sequence ?? null) : null,
    };
  }

  async #document(id: string): Promise<ReceiptDocument> {
    const row = await this.#store.db
      .selectFrom('receipts')
      .select('document')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.document) as ReceiptDocument;
  }

  /** The receipt's text model: its frozen document, the donor copy (unless erased), any void. */
  async model(id: string): Promise<DocumentModel> {
    const receipt = await this.get(id);
    const doc = await this.#document(id);
    const copy = await this.#store.db
      .selectFrom('receipt_donor_copies')
      .select('donor')
      .where('receipt_id', '=', id)
      .executeTakeFirst();
    let voided: VoidInfo | null = null;
    if (receipt.status === 'voided') {
      const next = await this.#store.db
        .selectFrom('receipts')
        .select(['year', 'number'])
        .where('replaces_id', '=', id)
        .executeTakeFirst();
      voided = {
        voidedAt: receipt.voidedAt!,
        reason: receipt.voidReason ?? 'manual',
        replacedBy: next ? receiptNumber(next.year, next.number) : null,
      };
    }
    return receiptModel(doc, copy ? (JSON.parse(copy.donor) as DonorCopy) : null, voided);
  }

  async pdf(id: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const receipt = await this.get(id);
    return { bytes: await renderPdf(await this.model(id)), filename: fileName(receipt) };
  }

  /** The donor's own download, by the gift's receipt code: the latest receipt, if one was issued. */
  async pdfByCode(receiptCode: string): Promise<{ bytes: Uint8Array; filename: string }> {
    const row = await this.#store.db
      .selectFrom('receipts')
      .select('id')
      .where('receipt_code', '=', receiptCode)
      .orderBy('revision', 'desc')
      .executeTakeFirst();
    if (!row) throw new FiloError(ReceiptErrors.RECEIPTS_NOT_ISSUED);
    return this.pdf(row.id);
  }

  // ---- annual statement ---------------------------------------------------------------------------

  async statementModel(contactId: string, year: number, language?: Lang): Promise<DocumentModel> {
    const contact = await this.#contacts.get(contactId);
    const org = await this.#organisation.get();
    const { settings, format, timeZone } = await this.settings();
    const donations: Donation[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#ledger.listDonations({ limit: 200, cursor, contactId });
      donations.push(...page.items);
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const gifts = donations
      .map((d) => ({ d, date: localDate(d.receivedAt, timeZone) }))
      .filter((g) => g.date.startsWith(`${year}-`))
      .sort((a, b) => a.d.receivedAt.localeCompare(b.d.receivedAt));
    if (gifts.length === 0) throw new FiloError(ReceiptErrors.RECEIPTS_NO_GIFTS);
    const spending = new Map<string, { date: string; description: string; amountMinor: number }>();
    let fees = 0;
    let unspent = 0;
    const rows = [];
    for (const { d, date } of gifts) {
      const trace = await this.#ledger.trace(d.receiptCode);
      for (const a of trace.allocations) {
        if (a.kind === 'fee') fees += a.amountMinor;
        else if (a.expense) {
          const e = spending.get(a.expense.id) ?? {
            date: a.expense.spentOn.slice(0, 10),
            description: a.expense.description,
            amountMinor: 0,
          };
          e.amountMinor += a.amountMinor;
          spending.set(a.expense.id, e);
        }
      }
      unspent += d.unspentMinor;
      const receipt = await this.#latest(this.#store.db, d.id);
      rows.push({
        date,
        receipt: receipt && receipt.status === 'issued' ? receipt.number : null,
        destination: trace.project?.name ?? trace.campaign?.name ?? '—',
        amountMinor: d.grossMinor,
        refundedMinor: d.refundedMinor,
      });
    }
    const details = await this.#store.db
      .selectFrom('receipt_donors')
      .selectAll()
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    const lang: Lang =
      language ?? (['it', 'de', 'en'].includes(contact.language) ? (contact.language as Lang) : format);
    const a = settings.address;
    return statementModel({
      year,
      language: lang,
      generatedAt: this.#clock.now().toISOString(),
      organisation: {
        legalName: org.legalName,
        taxId: org.taxId,
        address: [a.street, [a.postalCode, a.city].filter(Boolean).join(' ')]
          .filter((p) => p.trim())
          .join(', '),
      },
      donor: {
        name: details?.full_name ?? contact.displayName ?? contact.email ?? contact.phone ?? contactId,
        address: details
          ? [details.street, [details.postal_code, details.city].filter(Boolean).join(' ')]
              .filter((p) => p && p.trim())
              .join(', ') || null
          : null,
      },
      currency: gifts[0]!.d.currency,
      gifts: rows,
      spending: [...spending.values()].sort((x, y) => x.date.localeCompare(y.date)),
      feesMinor: fees,
      unspentMinor: unspent,
      trackBase: this.#publicUrl,
    });
  }

  async statementPdf(contactId: string, year: number, language?: Lang): Promise<Uint8Array> {
    return renderPdf(await this.statementModel(contactId, year, language));
  }

  // ---- campaign report --------------------------------------------------------------------------

  async campaignReport(campaignIdOrSlug: string): Promise<CampaignReport> {
    const campaign = (await this.#campaigns.list()).find(
      (c) => c.id === campaignIdOrSlug || c.slug === campaignIdOrSlug,
    );
    if (!campaign) throw new FiloError(ReceiptErrors.RECEIPTS_CAMPAIGN_NOT_FOUND);
    const { timeZone } = await this.settings();
    const income = { count: 0, grossMinor: 0, feesMinor: 0, netMinor: 0, refundsCount: 0, refundsMinor: 0 };
    const costs = new Map<
      string,
      { expenseId: string; date: string; description: string; category: string; amountMinor: number }
    >();
    let unspent = 0;
    let cursor: string | undefined;
    do {
      const page = await this.#ledger.listDonations({ limit: 200, cursor });
      for (const d of page.items) {
        if (d.campaignId !== campaign.id) continue;
        income.count += 1;
        income.grossMinor += d.grossMinor;
        income.feesMinor += d.feeMinor;
        income.netMinor += d.netMinor;
        if (d.refundedMinor > 0) income.refundsCount += 1;
        income.refundsMinor += d.refundedMinor;
        unspent += d.unspentMinor;
        const trace = await this.#ledger.trace(d.receiptCode);
        for (const a of trace.allocations) {
          if (a.kind !== 'expense' || !a.expense) continue;
          const c = costs.get(a.expense.id) ?? {
            expenseId: a.expense.id,
            date: a.expense.spentOn.slice(0, 10),
            description: a.expense.description,
            category: a.expense.category,
            amountMinor: 0,
          };
          c.amountMinor += a.amountMinor;
          costs.set(a.expense.id, c);
        }
      }
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    const list = [...costs.values()]
      .filter((c) => c.amountMinor !== 0)
      .sort((x, y) => x.date.localeCompare(y.date) || x.expenseId.localeCompare(y.expenseId));
    return {
      campaign: { id: campaign.id, name: campaign.name },
      currency: campaign.currency,
      generatedAt: `${localDate(this.#clock.now().toISOString(), timeZone)}T00:00:00.000Z`,
      income,
      costs: list,
      costsMinor: list.reduce((s, c) => s + c.amountMinor, 0),
      unspentMinor: unspent,
    };
  }

  async campaignReportPdf(campaignId: string, language?: Lang): Promise<Uint8Array> {
    const report = await this.campaignReport(campaignId);
    const org = await this.#organisation.get();
    const { format } = await this.settings();
    return renderPdf(
      campaignReportModel(report, org.legalName, language ?? orgLanguage(org.language, format)),
    );
  }

  async campaignReportCsv(campaignId: string): Promise<string> {
    return campaignReportCsv(await this.campaignReport(campaignId));
  }
}

function orgLanguage(language: string, format: ReceiptFormat): Lang {
  return language === 'it' || language === 'de' || language === 'en' ? language : format;
}

export function formatForCountry(country: string): ReceiptFormat {
  return country === 'DE' || country === 'AT' ? 'de' : 'it';
}

function fileName(r: Receipt): string {
  return `${r.format === 'de' ? 'zuwendungsbestaetigung' : 'ricevuta'}-${r.year}-${String(r.sequence).padStart(5, '0')}.pdf`;
}

function toReceipt(row: {
  id: string;
  year: number;
  number: number;
  donation_id: string;
  revision: number;
  replaces_id: string | null;
  contact_id: string | null;
  receipt_code: string;
  format: string;
  amount_minor: number;
  currency: string;
  gift_date: string;
  campaign_id: string | null;
  issued_at: string;
  voided_at: string | null;
  reason: string | null;
  donor: string | null;
}): Receipt {
  const year = Number(row.year);
  const sequence = Number(row.number);
  return {
    id: row.id,
    number: receiptNumber(year, sequence),
    year,
    sequence,
    donationId: row.donation_id,
    revision: Number(row.revision),
    replacesId: row.replaces_id,
    contactId: row.contact_id,
    donorName: row.donor ? (JSON.parse(row.donor) as DonorCopy).name : null,
    receiptCode: row.receipt_code,
    format: row.format === 'de' ? 'de' : 'it',
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    giftDate: row.gift_date,
    campaignId: row.campaign_id,
    issuedAt: row.issued_at,
    status: row.voided_at ? 'voided' : 'issued',
    voidedAt: row.voided_at,
    voidReason: row.reason,
  };
}
