import { createHash } from 'node:crypto';
import { ContactErrors } from '../../contacts';
import { FiloError, newId, systemClock, type Clock } from '../../core';
import type { JobQueue } from '../../jobs';
import type { DonationInput, Donation } from '../../ledger';
import type { Store } from '../../store';
import { parseBankFile } from './bank-file';
import { validateMapping, type CsvMappingSettings } from './csv';
import { ReconciliationErrors } from './errors';
import { extractDonorNumbers, findSlugs, formatDonorNumber, normaliseName } from './matching';
import type { ParsedEntry } from './statement';

// Bank reconciliation: an upload is parsed and checked completely, then stored as an import whose
// entries a background job processes one by one. Every step can run again after a crash: an entry is
// stored once by its key, its match decision is written before its gift is recorded, and the ledger
// records a gift once per (bank-transfer, entry key). Credits become gifts; debits are listed only.

export const PROCESS_IMPORT_JOB = 'reconciliation.process-import';
export const SWEEP_IMPORTS_JOB = 'reconciliation.sweep';
export const BANK_PROVIDER = 'bank-transfer';

/** What reconciliation needs of the ledger (LedgerService implements it). */
export interface DonationRecorder {
  recordDonation(input: DonationInput): Promise<{ donation: Donation; created: boolean }>;
}

export type EntryStatus = 'pending' | 'matched' | 'unmatched' | 'resolved' | 'ignored' | 'debit';
export type MatchMethod =
  'donor-number' | 'iban' | 'name' | 'manual' | 'anonymous' | 'not-a-gift' | 'reversal' | 'direct-debit';

/** A booked entry as another module may claim it (no personal data beyond what the bank wrote). */
export interface ClaimableEntry {
  readonly direction: 'credit' | 'debit';
  readonly amountMinor: number;
  readonly currency: string;
  readonly bookingDate: string;
  readonly reference: string | null;
  readonly remittance: string | null;
}

/**
 * Another module's own bank entries — a SEPA Direct Debit collection's credit, the debit of its return —
 * claimed before donor matching: that module records them (once, whenever asked again) and the entry
 * does not become a bank-transfer gift. `note` says what it was (e.g. `sepa-collection:<id>`).
 */
export interface BankEntryClaimer {
  claim(entry: ClaimableEntry): Promise<{ readonly note: string } | null>;
}

export interface BankMapping {
  readonly id: string;
  readonly name: string;
  readonly settings: CsvMappingSettings;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface ImportProgress {
  readonly total: number;
  readonly processed: number;
  readonly credits: number;
  readonly debits: number;
  readonly matched: number;
  readonly unmatched: number;
  readonly ignored: number;
  /** Entries already known from an earlier import (stored once). */
  readonly duplicates: number;
  /** Entries in the file that were not booked (pending or information only). */
  readonly skipped: number;
}

export interface BankImport {
  readonly id: string;
  readonly format: string;
  readonly filename: string;
  readonly fileSha256: string;
  readonly mappingId: string | null;
  readonly status: 'queued' | 'processing' | 'completed' | 'failed';
  readonly statements: number;
  readonly error: string | null;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly progress: ImportProgress;
}

export interface BankEntry {
  readonly id: string;
  readonly importId: string;
  readonly direction: 'credit' | 'debit';
  readonly amountMinor: number;
  readonly currency: string;
  readonly bookingDate: string;
  readonly valueDate: string | null;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly remittance: string | null;
  readonly reference: string | null;
  readonly status: EntryStatus;
  readonly matchMethod: MatchMethod | null;
  readonly matchNote: string | null;
  readonly contactId: string | null;
  readonly contactName: string | null;
  readonly donorNumber: string | null;
  readonly campaignId: string | null;
  readonly projectId: string | null;
  readonly donationId: string | null;
  readonly resolvedAt: string | null;
}

export type Resolution =
  | { readonly action: 'donor'; readonly contactId: string }
  | { readonly action: 'anonymous' }
  | { readonly action: 'not-a-gift' };

interface MatchContext {
  readonly campaigns: ReadonlyMap<string, string>;
  readonly projects: ReadonlyMap<string, string>;
  names: Map<string, string[]> | null;
}

interface Decision {
  readonly contactId: string | null;
  readonly method: MatchMethod | null;
  readonly note: string | null;
  readonly campaignId: string | null;
  readonly projectId: string | null;
}

type EntryRow = {
  id: string;
  entry_key: string;
  first_import_id: string;
  direction: string;
  amount_minor: number;
  currency: string;
  booking_date: string;
  value_date: string | null;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  remittance: string | null;
  reference: string | null;
  reversal: number;
  status: string;
  match_method: string | null;
  match_note: string | null;
  contact_id: string | null;
  campaign_id: string | null;
  project_id: string | null;
  donation_id: string | null;
  resolved_at: string | null;
};

export class ReconciliationService {
  readonly #store: Store;
  readonly #ledger: DonationRecorder;
  readonly #queue: JobQueue;
  readonly #clock: Clock;

  constructor(deps: { store: Store; ledger: DonationRecorder; queue: JobQueue; clock?: Clock }) {
    this.#store = deps.store;
    this.#ledger = deps.ledger;
    this.#queue = deps.queue;
    this.#clock = deps.clock ?? systemClock;
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }

  readonly #claimers: BankEntryClaimer[] = [];

  /** Lets another module claim its own entries before they are matched to donors. */
  addEntryClaimer(claimer: BankEntryClaimer): void {
    this.#claimers.push(claimer);
  }

  async #claim(row: EntryRow): Promise<{ readonly note: string } | null> {
    for (const claimer of this.#claimers) {
      const claimed = await claimer.claim({
        direction: row.direction === 'debit' ? 'debit' : 'credit',
        amountMinor: Number(row.amount_minor),
        currency: row.currency,
        bookingDate: row.booking_date,
        reference: row.reference,
        remittance: row.remittance,
      });
      if (claimed) return claimed;
    }
    return null;
  }

  // ---- CSV mappings -----------------------------------------------------------------------------

  async createMapping(name: string, settings: CsvMappingSettings): Promise<BankMapping> {
    const clean = this.#checkMapping(name, settings);
    const now = this.#now();
    const id = newId('bmap');
    await this.#store.db
      .insertInto('bank_csv_mappings')
      .values({ id, name: name.trim(), settings: JSON.stringify(clean), created_at: now, updated_at: now })
      .execute();
    return this.getMapping(id);
  }

  async updateMapping(id: string, name: string, settings: CsvMappingSettings): Promise<BankMapping> {
    await this.getMapping(id);
    const clean = this.#checkMapping(name, settings);
    await this.#store.db
      .updateTable('bank_csv_mappings')
      .set({ name: name.trim(), settings: JSON.stringify(clean), updated_at: this.#now() })
      .where('id', '=', id)
      .execute();
    return this.getMapping(id);
  }

  #checkMapping(name: string, settings: CsvMappingSettings): CsvMappingSettings {
    if (!name.trim())
      throw new FiloError(ReconciliationErrors.BANK_MAPPING_INVALID, { message: 'A name is needed' });
    return validateMapping(settings);
  }

  async getMapping(id: string): Promise<BankMapping> {
    const row = await this.#store.db
      .selectFrom('bank_csv_mappings')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new FiloError(ReconciliationErrors.BANK_MAPPING_NOT_FOUND);
    return toMapping(row);
  }

  async listMappings(): Promise<BankMapping[]> {
    const rows = await this.#store.db
      .selectFrom('bank_csv_mappings')
      .selectAll()
      .orderBy('name')
      .orderBy('id')
      .execute();
    return rows.map(toMapping);
  }

  async deleteMapping(id: string): Promise<void> {
    const res = await this.#store.db.deleteFrom('bank_csv_mappings').where('id', '=', id).executeTakeFirst();
    if (Number(res.numDeletedRows) === 0) throw new FiloError(ReconciliationErrors.BANK_MAPPING_NOT_FOUND);
  }

  // ---- imports ----------------------------------------------------------------------------------

  /** Parses and checks the whole file first: a bad file throws and nothing is stored. */
  async createImport(input: {
    filename: string;
    bytes: Uint8Array;
    mappingId?: string | null | undefined;
    createdBy?: string | null | undefined;
  }): Promise<BankImport> {
    const mapping = input.mappingId ? await this.getMapping(input.mappingId) : null;
    const parsed = parseBankFile(input.bytes, {
      filename: input.filename,
      mapping: mapping?.settings ?? null,
    });
    const id = newId('bimp');
    await this.#store.db
      .insertInto('bank_imports')
      .values({
        id,
        format: parsed.format,
        filename: input.filename.slice(0, 200),
        file_sha256: createHash('sha256').update(input.bytes).digest('hex'),
        mapping_id: mapping?.id ?? null,
        status: 'queued',
        statements: parsed.statements,
        entries_total: parsed.entries.length,
        skipped: parsed.skipped,
        staged: JSON.stringify(parsed.entries),
        error: null,
        created_by: input.createdBy ?? null,
        created_at: this.#now(),
        started_at: null,
        finished_at: null,
      })
      .execute();
    await this.#enqueue(id);
    return this.getImport(id);
  }

  async #enqueue(importId: string): Promise<void> {
    await this.#queue.enqueue(PROCESS_IMPORT_JOB, { importId }, { jobId: `bank-import-${importId}` });
  }

  /** Re-enqueues imports whose job was lost (enqueue failed after the import was stored). */
  async sweep(olderThanMs = 60_000): Promise<number> {
    const before = new Date(this.#clock.now().getTime() - olderThanMs).toISOString();
    const rows = await this.#store.db
      .selectFrom('bank_imports')
      .select('id')
      .where('status', '=', 'queued')
      .where('created_at', '<', before)
      .limit(100)
      .execute();
    for (const r of rows) await this.#enqueue(r.id);
    return rows.length;
  }

  /**
   * The job: stores each staged entry once, decides its match, records its gift. Safe to run again
   * from the start after a crash at any point; a completed import is left alone.
   */
  async processImport(importId: string): Promise<void> {
    const imp = await this.#store.db
      .selectFrom('bank_imports')
      .selectAll()
      .where('id', '=', importId)
      .executeTakeFirst();
    if (!imp || imp.status === 'completed') return;
    const now = this.#now();
    await this.#store.db
      .updateTable('bank_imports')
      .set({ status: 'processing', started_at: imp.started_at ?? now, error: null })
      .where('id', '=', importId)
      .execute();
    const staged = JSON.parse(imp.staged ?? '[]') as ParsedEntry[];
    const ctx = await this.#matchContext();
    for (const [seq, entry] of staged.entries()) {
      const entryId = await this.#storeEntry(importId, seq, entry);
      await this.#settle(entryId, ctx);
    }
    await this.#store.db
      .updateTable('bank_imports')
      .set({ status: 'completed', staged: null, finished_at: this.#now() })
      .where('id', '=', importId)
      .execute();
  }

  /** After the last attempt failed: the import says so (a retry of the dead job resumes it). */
  async markFailed(importId: string, error: string): Promise<void> {
    await this.#store.db
      .updateTable('bank_imports')
      .set({ status: 'failed', error: error.slice(0, 500) })
      .where('id', '=', importId)
      .where('status', '!=', 'completed')
      .execute();
  }

  async #storeEntry(importId: string, seq: number, e: ParsedEntry): Promise<string> {
    return this.#store.db.transaction().execute(async (trx) => {
      const now = this.#now();
      await trx
        .insertInto('bank_entries')
        .values({
          id: newId('bent'),
          entry_key: e.key,
          first_import_id: importId,
          direction: e.direction,
          amount_minor: e.amountMinor,
          currency: e.currency,
          booking_date: e.bookingDate,
          value_date: e.valueDate,
          account_iban: e.accountIban,
          counterparty_name: e.counterpartyName,
          counterparty_iban: e.counterpartyIban,
          remittance: e.remittance,
          reference: e.reference,
          servicer_ref: e.servicerRef,
          reversal: e.reversal ? 1 : 0,
          status: 'pending',
          match_method: null,
          match_note: null,
          contact_id: null,
          campaign_id: null,
          project_id: null,
          donation_id: null,
          resolved_by: null,
          resolved_at: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('entry_key').doNothing())
        .execute();
      const row = await trx
        .selectFrom('bank_entries')
        .select('id')
        .where('entry_key', '=', e.key)
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('bank_import_entries')
        .values({ import_id: importId, seq, entry_id: row.id })
        .onConflict((oc) => oc.columns(['import_id', 'seq']).doNothing())
        .execute();
      return row.id;
    });
  }

  async #entryRow(id: string): Promise<EntryRow | undefined> {
    return this.#store.db
      .selectFrom('bank_entries')
      .select([
        'id',
        'entry_key',
        'first_import_id',
        'direction',
        'amount_minor',
        'currency',
        'booking_date',
        'value_date',
        'counterparty_name',
        'counterparty_iban',
        'remittance',
        'reference',
        'reversal',
        'status',
        'match_method',
        'match_note',
        'contact_id',
        'campaign_id',
        'project_id',
        'donation_id',
        'resolved_at',
      ])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Brings one entry to its final state; each step is conditional, so running it twice is harmless. */
  async #settle(entryId: string, ctx: MatchContext): Promise<void> {
    let row = await this.#entryRow(entryId);
    if (!row) return;
    if (row.status === 'pending') {
      const now = this.#now();
      let set: Record<string, string | null>;
      const claimed = row.reversal === 1 ? null : await this.#claim(row);
      if (claimed) {
        set = {
          status: row.direction === 'debit' ? 'debit' : 'ignored',
          match_method: 'direct-debit',
          match_note: claimed.note.slice(0, 200),
        };
      } else if (row.direction === 'debit') {
        set = { status: 'debit' };
      } else if (row.reversal === 1) {
        set = { status: 'ignored', match_method: 'reversal' };
      } else {
        const d = await this.#decide(row, ctx);
        set = {
          status: d.contactId ? 'matched' : 'unmatched',
          match_method: d.method,
          match_note: d.note,
          contact_id: d.contactId,
          campaign_id: d.campaignId,
          project_id: d.projectId,
        };
      }
      await this.#store.db
        .updateTable('bank_entries')
        .set({ ...set, updated_at: now })
        .where('id', '=', entryId)
        .where('status', '=', 'pending')
        .execute();
      row = await this.#entryRow(entryId);
      if (!row) return;
    }
    await this.#ensureDonation(row);
  }

  async #ensureDonation(row: EntryRow): Promise<string | null> {
    if (row.donation_id) return row.donation_id;
    if (row.status !== 'matched' && row.status !== 'resolved') return null;
    const { donation } = await this.#ledger.recordDonation({
      grossMinor: Number(row.amount_minor),
      feeMinor: 0,
      currency: row.currency,
      // Noon UTC keeps the booking date's calendar day in European and American time zones.
      receivedAt: `${row.booking_date}T12:00:00.000Z`,
      projectId: row.project_id,
      campaignId: row.campaign_id,
      contactId: row.contact_id,
      provider: BANK_PROVIDER,
      providerPaymentId: row.entry_key,
    });
    await this.#store.db
      .updateTable('bank_entries')
      .set({ donation_id: donation.id, updated_at: this.#now() })
      .where('id', '=', row.id)
      .where('donation_id', 'is', null)
      .execute();
    if (row.contact_id)
      await this.#learn(
        row.contact_id,
        row.counterparty_iban,
        row.status === 'resolved' ? 'resolved' : 'matched',
      );
    return donation.id;
  }

  /** Remembers the IBAN a donor gave from, and gives the donor a number to quote next time. */
  async #learn(contactId: string, iban: string | null, source: string): Promise<void> {
    if (iban) {
      await this.#store.db
        .insertInto('bank_contact_ibans')
        .values({ iban, contact_id: contactId, source, first_seen_at: this.#now() })
        .onConflict((oc) => oc.columns(['iban', 'contact_id']).doNothing())
        .execute();
    }
    await this.donorNumber(contactId);
  }

  async #matchContext(): Promise<MatchContext> {
    const [campaigns, projects] = await Promise.all([
      this.#store.db.selectFrom('campaigns').select(['id', 'slug']).execute(),
      this.#store.db.selectFrom('projects').select(['id', 'slug']).execute(),
    ]);
    return {
      campaigns: new Map(campaigns.map((c) => [c.slug, c.id])),
      projects: new Map(projects.map((p) => [p.slug, p.id])),
      names: null,
    };
  }

  async #names(ctx: MatchContext): Promise<Map<string, string[]>> {
    if (ctx.names) return ctx.names;
    const names = new Map<string, string[]>();
    const rows = await this.#store.db
      .selectFrom('contacts')
      .select(['id', 'display_name'])
      .where('erased_at', 'is', null)
      .where('display_name', 'is not', null)
      .execute();
    for (const r of rows) {
      const key = normaliseName(r.display_name);
      if (!key) continue;
      names.set(key, [...(names.get(key) ?? []), r.id]);
    }
    ctx.names = names;
    return names;
  }

  /** Donor number in the text, then a known IBAN, then a unique name; ambiguity goes to the queue. */
  async #decide(row: EntryRow, ctx: MatchContext): Promise<Decision> {
    const hints = this.#hints(row.remittance, ctx);
    const found = (contactId: string, method: MatchMethod): Decision => ({
      contactId,
      method,
      note: null,
      ...hints,
    });
    const queue = (note: string): Decision => ({ contactId: null, method: null, note, ...hints });

    let note: string | null = null;
    const numbers = extractDonorNumbers(row.remittance);
    if (numbers.length > 0) {
      const owners = await this.#store.db
        .selectFrom('donor_numbers')
        .innerJoin('contacts', 'contacts.id', 'donor_numbers.contact_id')
        .select('donor_numbers.contact_id')
        .where('donor_numbers.number', 'in', numbers)
        .where('contacts.erased_at', 'is', null)
        .execute();
      const ids = [...new Set(owners.map((o) => o.contact_id).filter((c): c is string => !!c))];
      if (ids.length === 1 && ids[0]) return found(ids[0], 'donor-number');
      if (ids.length > 1) return queue('ambiguous-donor-number');
      note = 'unknown-donor-number';
    }
    if (row.counterparty_iban) {
      const owners = await this.#store.db
        .selectFrom('bank_contact_ibans')
        .innerJoin('contacts', 'contacts.id', 'bank_contact_ibans.contact_id')
        .select('bank_contact_ibans.contact_id')
        .where('bank_contact_ibans.iban', '=', row.counterparty_iban)
        .where('contacts.erased_at', 'is', null)
        .execute();
      const ids = [...new Set(owners.map((o) => o.contact_id))];
      if (ids.length === 1 && ids[0]) return found(ids[0], 'iban');
      if (ids.length > 1) return queue('ambiguous-iban');
    }
    const name = normaliseName(row.counterparty_name);
    if (name) {
      const ids = (await this.#names(ctx)).get(name) ?? [];
      if (ids.length === 1 && ids[0]) return found(ids[0], 'name');
      if (ids.length > 1) return queue('ambiguous-name');
    }
    return queue(note ?? 'no-match');
  }

  #hints(text: string | null, ctx: MatchContext): { campaignId: string | null; projectId: string | null } {
    const campaign = findSlugs(text, [...ctx.campaigns.keys()])[0];
    const project = findSlugs(text, [...ctx.projects.keys()])[0];
    return {
      campaignId: campaign ? (ctx.campaigns.get(campaign) ?? null) : null,
      projectId: project ? (ctx.projects.get(project) ?? null) : null,
    };
  }

  async getImport(id: string): Promise<BankImport> {
    const imp = await this.#store.db
      .selectFrom('bank_imports')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!imp) throw new FiloError(ReconciliationErrors.BANK_IMPORT_NOT_FOUND);
    const rows = await this.#store.db
      .selectFrom('bank_import_entries')
      .innerJoin('bank_entries', 'bank_entries.id', 'bank_import_entries.entry_id')
      .select(['bank_entries.status', 'bank_entries.first_import_id'])
      .where('bank_import_entries.import_id', '=', id)
      .execute();
    const count = (f: (r: (typeof rows)[number]) => boolean) => rows.filter(f).length;
    return {
      id: imp.id,
      format: imp.format,
      filename: imp.filename,
      fileSha256: imp.file_sha256,
      mappingId: imp.mapping_id,
      status: imp.status as BankImport['status'],
      statements: Number(imp.statements),
      error: imp.error,
      createdAt: imp.created_at,
      finishedAt: imp.finished_at,
      progress: {
        total: Number(imp.entries_total),
        processed: count((r) => r.status !== 'pending'),
        credits: count((r) => r.status !== 'debit'),
        debits: count((r) => r.status === 'debit'),
        matched: count((r) => r.status === 'matched' || r.status === 'resolved'),
        unmatched: count((r) => r.status === 'unmatched'),
        ignored: count((r) => r.status === 'ignored'),
        duplicates: count((r) => r.first_import_id !== id),
        skipped: Number(imp.skipped),
      },
    };
  }

  async listImports(limit = 20): Promise<BankImport[]> {
    const rows = await this.#store.db
      .selectFrom('bank_imports')
      .select('id')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return Promise.all(rows.map((r) => this.getImport(r.id)));
  }

  #entryQuery() {
    return this.#store.db
      .selectFrom('bank_entries')
      .leftJoin('contacts', 'contacts.id', 'bank_entries.contact_id')
      .leftJoin('donor_numbers', 'donor_numbers.contact_id', 'bank_entries.contact_id')
      .select([
        'bank_entries.id',
        'bank_entries.entry_key',
        'bank_entries.first_import_id',
        'bank_entries.direction',
        'bank_entries.amount_minor',
        'bank_entries.currency',
        'bank_entries.booking_date',
        'bank_entries.value_date',
        'bank_entries.counterparty_name',
        'bank_entries.counterparty_iban',
        'bank_entries.remittance',
        'bank_entries.reference',
        'bank_entries.reversal',
        'bank_entries.status',
        'bank_entries.match_method',
        'bank_entries.match_note',
        'bank_entries.contact_id',
        'bank_entries.campaign_id',
        'bank_entries.project_id',
        'bank_entries.donation_id',
        'bank_entries.resolved_at',
        'contacts.display_name as contact_name',
        'donor_numbers.number as donor_number',
      ]);
  }

  /** Entries of one import (in file order, cursor = position), or of all imports (cursor = id). */
  async listEntries(options: {
    importId?: string | undefined;
    status?: EntryStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ items: BankEntry[]; nextCursor: string | null }> {
    if (options.importId) {
      await this.getImport(options.importId);
      let q = this.#entryQuery()
        .innerJoin('bank_import_entries', 'bank_import_entries.entry_id', 'bank_entries.id')
        .select('bank_import_entries.seq')
        .where('bank_import_entries.import_id', '=', options.importId)
        .orderBy('bank_import_entries.seq')
        .limit(options.limit + 1);
      if (options.status) q = q.where('bank_entries.status', '=', options.status);
      if (options.cursor && /^\d+$/.test(options.cursor))
        q = q.where('bank_import_entries.seq', '>', Number(options.cursor));
      const rows = await q.execute();
      const page = rows.slice(0, options.limit);
      const last = page[page.length - 1];
      return {
        items: page.map(toEntry),
        nextCursor: rows.length > options.limit && last ? String(last.seq) : null,
      };
    }
    let q = this.#entryQuery()
      .orderBy('bank_entries.id')
      .limit(options.limit + 1);
    if (options.status) q = q.where('bank_entries.status', '=', options.status);
    if (options.cursor) q = q.where('bank_entries.id', '>', options.cursor);
    const rows = await q.execute();
    const page = rows.slice(0, options.limit);
    return {
      items: page.map(toEntry),
      nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async getEntry(id: string): Promise<BankEntry> {
    const row = await this.#entryQuery().where('bank_entries.id', '=', id).executeTakeFirst();
    if (!row) throw new FiloError(ReconciliationErrors.BANK_ENTRY_NOT_FOUND);
    return toEntry(row);
  }

  /**
   * A person's decision on an unmatched credit. Idempotent: the same decision again returns the same
   * entry and gift; a different one is refused (409). The gift is recorded once by the entry key.
   */
  async resolve(
    entryId: string,
    resolution: Resolution,
    options: {
      campaignId?: string | null | undefined;
      projectId?: string | null | undefined;
      userId?: string | null | undefined;
    } = {},
  ): Promise<BankEntry> {
    let row = await this.#entryRow(entryId);
    if (!row) throw new FiloError(ReconciliationErrors.BANK_ENTRY_NOT_FOUND);
    if (row.direction !== 'credit') throw new FiloError(ReconciliationErrors.BANK_ENTRY_NOT_A_CREDIT);
    if (row.status === 'pending') throw new FiloError(ReconciliationErrors.BANK_ENTRY_PENDING);
    const contactId = resolution.action === 'donor' ? resolution.contactId : null;
    if (contactId) {
      const c = await this.#store.db
        .selectFrom('contacts')
        .select('id')
        .where('id', '=', contactId)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (!c) throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, { message: 'Unknown donor' });
    }
    if (options.campaignId) {
      const c = await this.#store.db
        .selectFrom('campaigns')
        .select('id')
        .where('id', '=', options.campaignId)
        .executeTakeFirst();
      if (!c) throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, { message: 'Unknown campaign' });
    }
    if (options.projectId) {
      const p = await this.#store.db
        .selectFrom('projects')
        .select('id')
        .where('id', '=', options.projectId)
        .executeTakeFirst();
      if (!p) throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, { message: 'Unknown project' });
    }
    if (row.status === 'unmatched') {
      const method: MatchMethod = resolution.action === 'donor' ? 'manual' : resolution.action;
      const gift = resolution.action !== 'not-a-gift';
      const now = this.#now();
      await this.#store.db
        .updateTable('bank_entries')
        .set({
          status: gift ? 'resolved' : 'ignored',
          match_method: method,
          contact_id: contactId,
          campaign_id: gift ? (options.campaignId ?? (options.projectId ? null : row.campaign_id)) : null,
          project_id: gift ? (options.projectId ?? (options.campaignId ? null : row.project_id)) : null,
          resolved_by: options.userId ?? null,
          resolved_at: now,
          updated_at: now,
        })
        .where('id', '=', entryId)
        .where('status', '=', 'unmatched')
        .execute();
      row = await this.#entryRow(entryId);
      if (!row) throw new FiloError(ReconciliationErrors.BANK_ENTRY_NOT_FOUND);
    }
    const same =
      resolution.action === 'not-a-gift'
        ? row.status === 'ignored' && row.match_method === 'not-a-gift'
        : (row.status === 'resolved' || row.status === 'matched') &&
          row.contact_id === contactId &&
          (resolution.action === 'anonymous') === (row.match_method === 'anonymous');
    if (!same) throw new FiloError(ReconciliationErrors.BANK_ENTRY_ALREADY_RESOLVED);
    await this.#ensureDonation(row);
    return this.getEntry(entryId);
  }

  // ---- donors -----------------------------------------------------------------------------------

  /** The contact's donor number (D-000123), given on first use; numbers are never reused. */
  async donorNumber(contactId: string): Promise<string> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const existing = await this.#store.db
        .selectFrom('donor_numbers')
        .select('number')
        .where('contact_id', '=', contactId)
        .executeTakeFirst();
      if (existing) return formatDonorNumber(Number(existing.number));
      const max = await this.#store.db
        .selectFrom('donor_numbers')
        .select((eb) => eb.fn.max('number').as('n'))
        .executeTakeFirst();
      const next = Number(max?.n ?? 0) + 1;
      // Two writers racing for the same number: one wins the primary key, the other tries again.
      await this.#store.db
        .insertInto('donor_numbers')
        .values({ number: next, contact_id: contactId, created_at: this.#now() })
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    throw new FiloError(ReconciliationErrors.BANK_RESOLVE_INVALID, {
      message: 'Could not assign a donor number',
    });
  }

  /** The donor number of an existing (not erased) supporter. */
  async donorNumberFor(contactId: string): Promise<string> {
    const c = await this.#store.db
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', contactId)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!c) throw new FiloError(ContactErrors.CONTACT_NOT_FOUND);
    return this.donorNumber(contactId);
  }

  /** Donors for the queue's picker: by name, e-mail, phone or donor number. */
  async searchDonors(
    q: string,
    limit = 20,
  ): Promise<{ contactId: string; name: string | null; email: string | null; donorNumber: string | null }[]> {
    const term = q.trim();
    const number = /^(?:d-?)?0*(\d{1,9})$/i.exec(term);
    let query = this.#store.db
      .selectFrom('contacts')
      .leftJoin('donor_numbers', 'donor_numbers.contact_id', 'contacts.id')
      .select(['contacts.id', 'contacts.display_name', 'contacts.email', 'donor_numbers.number'])
      .where('contacts.erased_at', 'is', null)
      .orderBy('contacts.display_name')
      .orderBy('contacts.id')
      .limit(limit);
    if (number) {
      query = query.where('donor_numbers.number', '=', Number(number[1]));
    } else if (term) {
      const like = `%${term.toLowerCase().replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['contacts.display_name']), 'like', like),
          eb('contacts.email', 'like', like),
          eb('contacts.phone', 'like', like),
        ]),
      );
    }
    const rows = await query.execute();
    return rows.map((r) => ({
      contactId: r.id,
      name: r.display_name,
      email: r.email,
      donorNumber: r.number === null ? null : formatDonorNumber(Number(r.number)),
    }));
  }

  /** GDPR erasure: the donor's IBANs, number and the personal text of their bank entries go. */
  async eraseContact(contactId: string): Promise<void> {
    await this.#store.db.transaction().execute(async (trx) => {
      const ibans = (
        await trx
          .selectFrom('bank_contact_ibans')
          .select('iban')
          .where('contact_id', '=', contactId)
          .execute()
      ).map((r) => r.iban);
      const scrub = {
        counterparty_name: null,
        counterparty_iban: null,
        remittance: null,
        reference: null,
        updated_at: this.#now(),
      };
      await trx.updateTable('bank_entries').set(scrub).where('contact_id', '=', contactId).execute();
      if (ibans.length > 0)
        await trx.updateTable('bank_entries').set(scrub).where('counterparty_iban', 'in', ibans).execute();
      await trx.deleteFrom('bank_contact_ibans').where('contact_id', '=', contactId).execute();
      await trx
        .updateTable('donor_numbers')
        .set({ contact_id: null })
        .where('contact_id', '=', contactId)
        .execute();
    });
  }
}

function toMapping(row: {
  id: string;
  name: string;
  settings: string;
  created_at: string;
  updated_at: string;
}): BankMapping {
  return {
    id: row.id,
    name: row.name,
    settings: JSON.parse(row.settings) as CsvMappingSettings,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toEntry(r: EntryRow & { contact_name: string | null; donor_number: number | null }): BankEntry {
  return {
    id: r.id,
    importId: r.first_import_id,
    direction: r.direction === 'debit' ? 'debit' : 'credit',
    amountMinor: Number(r.amount_minor),
    currency: r.currency,
    bookingDate: r.booking_date,
    valueDate: r.value_date,
    counterpartyName: r.counterparty_name,
    counterpartyIban: r.counterparty_iban,
    remittance: r.remittance,
    reference: r.reference,
    status: r.status as EntryStatus,
    matchMethod: r.match_method as MatchMethod | null,
    matchNote: r.match_note,
    contactId: r.contact_id,
    contactName: r.contact_name,
    donorNumber: r.donor_number === null ? null : formatDonorNumber(Number(r.donor_number)),
    campaignId: r.campaign_id,
    projectId: r.project_id,
    donationId: r.donation_id,
    resolvedAt: r.resolved_at,
  };
}
