import { createHash, createHmac, randomBytes } from 'node:crypto';
import { FiloError, newId, newToken, systemClock, type Clock } from '../core';
import {
  insertMany,
  sql,
  type Database,
  type Insertable,
  type Kysely,
  type Store,
  type Transaction,
} from '../store';
import { splitFifo, splitProRata, type FundingSource } from './allocation';
import { decodeLedgerEntry, encodeLedgerEntry, type InvariantProblem, type LedgerEvent } from './entries';
import { LedgerErrors } from './errors';

// The ledger: double-entry postings for every movement of money, and the allocation of each
// donation to the expenses it paid. Every write runs in one database transaction that also appends
// its events to the public log (LogSink) and to the outbox (EventPublisher), so the books, the log and
// the events can never disagree. See docs/ledger.md for the accounts and the rules.

/** Appends log entries inside the caller's transaction (the transparency log implements it). */
export interface LogSink {
  append(trx: Transaction<Database>, entries: readonly Uint8Array[]): Promise<readonly number[]>;
}

/** Delivers ledger events to the job queue; `id` is the dedupe id, so a retry never duplicates. */
export interface EventPublisher {
  publish(name: string, payload: Record<string, unknown>, opts: { id: string }): Promise<void>;
  /** Publishes a batch inside the flush's own transaction (a queue in this database); optional. */
  readonly publishWithin?:
    | ((
        trx: Transaction<Database>,
        events: ReadonlyArray<{ name: string; payload: Record<string, unknown>; id: string }>,
      ) => Promise<void>)
    | undefined;
  /** Called after a `publishWithin` batch committed. */
  published?(): void;
}

export type Restriction = 'project' | 'campaign' | 'unrestricted';
export type AllocationMethod = 'fifo' | 'prorata';

export interface DonationInput {
  readonly grossMinor: number;
  readonly feeMinor: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly projectId?: string | null | undefined;
  readonly campaignId?: string | null | undefined;
  /** Default: project if a project is given, else campaign if a campaign is given, else unrestricted. */
  readonly restriction?: Restriction | undefined;
  readonly contactId?: string | null | undefined;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly providerEventId?: string | null | undefined;
}

export interface Donation {
  readonly id: string;
  readonly receiptCode: string;
  readonly contactId: string | null;
  readonly grossMinor: number;
  readonly feeMinor: number;
  readonly netMinor: number;
  readonly currency: string;
  readonly receivedAt: string;
  readonly restriction: Restriction;
  readonly projectId: string | null;
  readonly campaignId: string | null;
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly logIndex: number;
  readonly refundedMinor: number;
  readonly spentMinor: number;
  readonly unspentMinor: number;
}

export interface ExpenseInput {
  readonly payee: string;
  readonly spentOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly category: string;
  readonly description: string;
  readonly projectId?: string | null | undefined;
  readonly campaignId?: string | null | undefined;
  readonly method?: AllocationMethod | undefined;
  readonly fallback?: 'unrestricted' | 'none' | undefined;
  readonly evidence?:
    | ReadonlyArray<{ readonly filename: string; readonly mimeType: string; readonly content: Uint8Array }>
    | undefined;
}

export interface Expense {
  readonly id: string;
  readonly payee: string;
  readonly spentOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly category: string;
  readonly description: string;
  readonly projectId: string | null;
  readonly campaignId: string | null;
  readonly method: AllocationMethod;
  readonly fallback: 'unrestricted' | 'none';
  readonly status: 'draft' | 'approved' | 'rejected';
  readonly fundedMinor: number;
  readonly underfunded: boolean;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly rejectionReason: string | null;
  readonly logIndex: number | null;
  readonly evidence: ReadonlyArray<{
    readonly sha256: string;
    readonly filename: string;
    readonly mimeType: string;
    readonly size: number;
  }>;
}

export interface DonationTrace {
  readonly donation: Donation;
  readonly project: { readonly id: string; readonly name: string } | null;
  readonly campaign: { readonly id: string; readonly name: string } | null;
  readonly allocations: ReadonlyArray<{
    readonly kind: 'expense' | 'fee';
    readonly amountMinor: number;
    readonly allocatedAt: string;
    readonly expense: {
      readonly id: string;
      readonly description: string;
      readonly category: string;
      readonly spentOn: string;
      readonly amountMinor: number;
      readonly evidence: ReadonlyArray<{ readonly sha256: string; readonly filename: string }>;
    } | null;
    readonly logIndex: number;
  }>;
  readonly logIndices: readonly number[];
}

export const MAX_EVIDENCE_BYTES = 10 * 1024 * 1024;
const CURRENCY = /^[A-Z]{3}$/;
const SPENT = 'funds:spent';
const BANK = 'assets:bank';

type Trx = Transaction<Database>;
type DonationRowInsert = Insertable<Database['donations']>;
type AllocationRowInsert = Insertable<Database['allocations']>;
type FundingGroup = {
  restriction: Restriction;
  projectId: string | null;
  campaignId: string | null;
  currency: string;
};

/** Rows per multi-row INSERT or IN list: well under SQLite's and PostgreSQL's bound-parameter limits. */
const ROWS_PER_INSERT = 200;

type TransactionRows = ReturnType<typeof transactionRows>;

/** A balanced ledger transaction as rows: the transaction, its non-zero postings, the accounts it uses. */
function transactionRows(
  kind: string,
  occurredAt: string,
  memo: string,
  currency: string,
  postings: readonly Posting[],
  now: string,
) {
  const sum = postings.reduce((s, p) => s + p.amount, 0);
  if (sum !== 0 || postings.some((p) => !Number.isSafeInteger(p.amount))) {
    throw new FiloError(LedgerErrors.LEDGER_UNBALANCED, { details: { kind, sum } });
  }
  const id = newId('ltx');
  return {
    transaction: { id, kind, occurred_at: occurredAt, created_at: now, memo },
    postings: postings
      .filter((p) => p.amount !== 0)
      .map((p) => ({
        id: newId('lpo'),
        transaction_id: id,
        account_code: p.account,
        amount_minor: p.amount,
        currency,
      })),
    accounts: [...new Set(postings.map((p) => p.account))],
  };
}

type AllocationKind = 'expense' | 'fee' | 'reversal' | 'fee-cover';

/** An allocation as parts: its postings, its log event and its row (less the transaction and log index). */
function allocationRecord(p: {
  donationId: string;
  expenseId: string | null;
  kind: AllocationKind;
  amount: number;
  currency: string;
  fund: string;
  at: string;
  reverses: string | null;
  now: string;
}) {
  const id = newId('alc');
  const postings: Posting[] =
    p.kind === 'fee-cover'
      ? // Unrestricted money makes up what a refund took beyond the gift's fee-free part.
        [
          { account: 'funds:unrestricted', amount: p.amount },
          { account: p.fund, amount: -p.amount },
        ]
      : [
          { account: p.fund, amount: p.amount },
          { account: SPENT, amount: -p.amount },
        ];
  const event: LedgerEvent = {
    type: 'donation.allocated',
    id,
    donation: p.donationId,
    expense: p.expenseId,
    kind: p.kind,
    amount: p.amount,
    currency: p.currency,
    at: p.at,
    reverses: p.reverses,
  };
  const row = {
    id,
    donation_id: p.donationId,
    expense_id: p.expenseId,
    kind: p.kind,
    amount_minor: p.amount,
    currency: p.currency,
    reverses_id: p.reverses,
    created_at: p.now,
  };
  return { id, memo: `Allocation ${id}`, postings, event, row };
}

/** The outbox rows of events just appended to the log at these indices. */
function outboxRows(events: readonly LedgerEvent[], indices: readonly number[], now: string) {
  return events.map((e, i) => ({
    id: newId('evt'),
    name: e.type,
    payload: JSON.stringify({ ...e, logIndex: indices[i] }),
    created_at: now,
    sent_at: null,
  }));
}

/** The donor's pseudonym in the public log: HMAC(opening, contact id); erasing the opening unlinks it. */
function donorCommitment(opening: string, contactId: string): string {
  return createHmac('sha256', Buffer.from(opening, 'hex')).update(contactId).digest('hex');
}

function donationKey(input: { readonly provider: string; readonly providerPaymentId: string }): string {
  return `${input.provider}\u0000${input.providerPaymentId}`;
}

type Posting = { readonly account: string; readonly amount: number };
/** A DonationInput checked and normalised (what recordDonation writes). */
type CheckedDonation = {
  readonly gross: number;
  readonly fee: number;
  readonly projectId: string | null;
  readonly campaignId: string | null;
  readonly restriction: Restriction;
  readonly receivedAt: string;
};

function fundAccount(restriction: Restriction, projectId: string | null, campaignId: string | null): string {
  if (restriction === 'project') return `funds:project:${projectId}`;
  if (restriction === 'campaign') return `funds:campaign:${campaignId}`;
  return 'funds:unrestricted';
}

function accountKind(code: string): string {
  return code.split(':')[0] ?? 'other';
}

function isoDate(value: string): boolean {
  return !Number.isNaN(Date.parse(value));
}

export class LedgerService {
  readonly #store: Store;
  readonly #log: LogSink;
  readonly #clock: Clock;

  constructor(deps: { store: Store; log: LogSink; clock?: Clock }) {
    this.#store = deps.store;
    this.#log = deps.log;
    this.#clock = deps.clock ?? systemClock;
  }

  // ---- write-path plumbing ----------------------------------------------------------------------

  /** One ledger write: serialised (PostgreSQL row lock; SQLite has one writer), all or nothing. */
  async #write<T>(fn: (trx: Trx, now: string) => Promise<T>): Promise<T> {
    return this.#store.db.transaction().execute(async (trx) => {
      if (this.#store.capabilities.concurrentWriters) {
        await sql`select id from tlog_state where id = 'main' for update`.execute(trx);
      }
      return fn(trx, this.#clock.now().toISOString());
    });
  }

  async #post(
    trx: Trx,
    kind: string,
    occurredAt: string,
    memo: string,
    currency: string,
    postings: readonly Posting[],
    now: string,
  ): Promise<string> {
    const rows = transactionRows(kind, occurredAt, memo, currency, postings, now);
    await trx.insertInto('ledger_transactions').values(rows.transaction).execute();
    await this.#ensureAccounts(trx, rows.accounts, now);
    if (rows.postings.length > 0) await trx.insertInto('ledger_postings').values(rows.postings).execute();
    return rows.transaction.id;
  }

  /** Creates the accounts not seen before, in one statement (accounts are never removed). */
  async #ensureAccounts(trx: Trx, codes: Iterable<string>, now: string): Promise<void> {
    const values = [...new Set(codes)].map((code) => ({
      code,
      kind: accountKind(code),
      name: code,
      created_at: now,
    }));
    await insertMany(trx, 'ledger_accounts', values, { onConflictDoNothing: ['code'] });
  }

  /** Appends events to the public log and the outbox in the caller's transaction; returns log indices. */
  async #emit(trx: Trx, events: readonly LedgerEvent[], now: string): Promise<readonly number[]> {
    if (events.length === 0) return [];
    const indices = await this.#log.append(trx, events.map(encodeLedgerEntry));
    await trx
      .insertInto('ledger_outbox')
      .values(outboxRows(events, indices, now))
      .execute();
    return indices;
  }

  async #commitment(trx: Trx, contactId: string): Promise<string> {
    const openings = await this.#openings(trx, [contactId]);
    return donorCommitment(openings.get(contactId)!, contactId);
  }

  /** Each donor's secret opening (made on first use, kept until erasure), for many donors at once. */
  async #openings(trx: Trx, contactIds: readonly string[]): Promise<Map<string, string>> {
    const wanted = [...new Set(contactIds)];
    const found = new Map<string, string>();
    const read = async (ids: readonly string[]) => {
      for (let i = 0; i < ids.length; i += ROWS_PER_INSERT) {
        const rows = await trx
          .selectFrom('donor_openings')
          .select(['contact_id', 'opening'])
          .where('contact_id', 'in', ids.slice(i, i + ROWS_PER_INSERT))
          .execute();
        for (const r of rows) found.set(r.contact_id, r.opening);
      }
    };
    await read(wanted);
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      const rows = missing.map((contact_id) => ({ contact_id, opening: randomBytes(32).toString('hex') }));
      await insertMany(trx, 'donor_openings', rows, { onConflictDoNothing: ['contact_id'] });
      // Read back: a concurrent first gift of the same donor may have won the insert.
      await read(missing);
    }
    return found;
  }

  // ---- donations --------------------------------------------------------------------------------

  /** Records a gift once per (provider, provider payment id); a repeat returns the first record. */
  async recordDonation(input: DonationInput): Promise<{ donation: Donation; created: boolean }> {
    const checked = this.#checkDonation(input);
    const [result] = await this.#write((trx, now) => this.#insertDonations(trx, [input], [checked], now));
    return { donation: await this.getDonation(result!.id), created: result!.created };
  }

  /**
   * Records many gifts in ONE ledger transaction (one commit instead of one per gift), each exactly as
   * recordDonation would: idempotent by (provider, provider payment id) — a repeat inside the batch too —
   * with its own postings and log entries, in input order. `within` runs last in the same transaction,
   * so the caller's own rows (e.g. marking its events processed) commit with the gifts or not at all.
   * All or nothing: one invalid or conflicting gift rolls the whole batch back (retry them one by one).
   */
  async recordDonations(
    inputs: readonly DonationInput[],
    within?: (
      trx: Transaction<Database>,
      results: ReadonlyArray<{ readonly donationId: string; readonly created: boolean }>,
    ) => Promise<void>,
    before?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<Array<{ donationId: string; created: boolean }>> {
    const checked = inputs.map((input) => this.#checkDonation(input));
    return this.#write(async (trx, now) => {
      // The caller's rows the gifts point at (e.g. donors first met in this batch) go in first.
      if (before) await before(trx);
      const results = (await this.#insertDonations(trx, inputs, checked, now)).map((r) => ({
        donationId: r.id,
        created: r.created,
      }));
      if (within) await within(trx, results);
      return results;
    });
  }

  #checkDonation(input: DonationInput): CheckedDonation {
    const { grossMinor: gross, feeMinor: fee } = input;
    if (!Number.isSafeInteger(gross) || !Number.isSafeInteger(fee) || gross <= 0 || fee < 0 || fee > gross) {
      throw new FiloError(LedgerErrors.DONATION_INVALID, {
        message: 'gross must be a positive integer and 0 ≤ fee ≤ gross (minor units)',
      });
    }
    if (!CURRENCY.test(input.currency))
      throw new FiloError(LedgerErrors.DONATION_INVALID, { message: 'currency must be ISO 4217' });
    if (!isoDate(input.receivedAt))
      throw new FiloError(LedgerErrors.DONATION_INVALID, { message: 'receivedAt must be a date' });
    if (!input.provider || !input.providerPaymentId)
      throw new FiloError(LedgerErrors.DONATION_INVALID, {
        message: 'provider and providerPaymentId are required',
      });
    const projectId = input.projectId ?? null;
    const campaignId = input.campaignId ?? null;
    const restriction: Restriction =
      input.restriction ?? (projectId ? 'project' : campaignId ? 'campaign' : 'unrestricted');
    if ((restriction === 'project' && !projectId) || (restriction === 'campaign' && !campaignId)) {
      throw new FiloError(LedgerErrors.DONATION_INVALID, {
        message: `a ${restriction}-restricted gift needs its ${restriction}`,
      });
    }
    const receivedAt = new Date(input.receivedAt).toISOString();
    return { gross, fee, projectId, campaignId, restriction, receivedAt };
  }

  /**
   * Records gifts set by set: one read for repeats, one per referenced table, one log append and one
   * multi-row insert per table for the whole batch, then one funding pass per kind of money. The rows,
   * postings and log entries are exactly those of recording the gifts one at a time, in input order
   * (only the expense top-ups they trigger come after the batch's gifts instead of after each gift).
   */
  async #insertDonations(
    trx: Trx,
    inputs: readonly DonationInput[],
    checked: readonly CheckedDonation[],
    now: string,
  ): Promise<Array<{ id: string; created: boolean }>> {
    const existing = await this.#existingDonations(trx, inputs);
    const fresh = inputs.flatMap((input, i) =>
      existing.has(donationKey(input)) ? [] : [{ input, checked: checked[i]! }],
    );
    await this.#requireKnown(
      trx,
      'projects',
      fresh.flatMap((f) => f.checked.projectId ?? []),
      'unknown project',
    );
    await this.#requireKnown(
      trx,
      'campaigns',
      fresh.flatMap((f) => f.checked.campaignId ?? []),
      'unknown campaign',
    );
    const openings = await this.#openings(
      trx,
      fresh.flatMap((f) => (f.input.contactId ? [f.input.contactId] : [])),
    );

    const seen = new Map<string, { id: string; gross: number; fee: number; currency: string }>(existing);
    const results: Array<{ id: string; created: boolean }> = [];
    const transactions: Array<TransactionRows['transaction']> = [];
    const postings: Array<TransactionRows['postings'][number]> = [];
    const accounts = new Set<string>();
    const events: LedgerEvent[] = [];
    const donations: Array<Omit<DonationRowInsert, 'log_index'> & { event: number }> = [];
    const allocations: Array<Omit<AllocationRowInsert, 'log_index'> & { event: number }> = [];
    const groups = new Map<string, FundingGroup>();
    const post = (kind: string, at: string, memo: string, currency: string, lines: readonly Posting[]) => {
      const rows = transactionRows(kind, at, memo, currency, lines, now);
      transactions.push(rows.transaction);
      postings.push(...rows.postings);
      for (const code of rows.accounts) accounts.add(code);
      return rows.transaction.id;
    };

    for (const [i, input] of inputs.entries()) {
      const { gross, fee, projectId, campaignId, restriction, receivedAt } = checked[i]!;
      const key = donationKey(input);
      const earlier = seen.get(key);
      if (earlier) {
        if (earlier.gross !== gross || earlier.fee !== fee || earlier.currency !== input.currency) {
          throw new FiloError(LedgerErrors.DONATION_CONFLICT);
        }
        results.push({ id: earlier.id, created: false });
        continue;
      }
      const id = newId('don');
      seen.set(key, { id, gross, fee, currency: input.currency });
      const fund = fundAccount(restriction, projectId, campaignId);
      const net = gross - fee;
      const txId = post('donation', receivedAt, `Donation ${id}`, input.currency, [
        { account: `assets:provider:${input.provider}`, amount: net },
        { account: `expenses:fees:${input.provider}`, amount: fee },
        { account: fund, amount: -gross },
      ]);
      const donor = input.contactId ? donorCommitment(openings.get(input.contactId)!, input.contactId) : null;
      events.push({
        type: 'donation.received',
        id,
        at: receivedAt,
        gross,
        fee,
        net,
        currency: input.currency,
        restriction,
        project: projectId,
        campaign: campaignId,
        donor,
      });
      donations.push({
        id,
        receipt_code: newToken(128),
        contact_id: input.contactId ?? null,
        gross_minor: gross,
        fee_minor: fee,
        net_minor: net,
        currency: input.currency,
        received_at: receivedAt,
        restriction,
        project_id: projectId,
        campaign_id: campaignId,
        fund_account: fund,
        provider: input.provider,
        provider_payment_id: input.providerPaymentId,
        provider_event_id: input.providerEventId ?? null,
        transaction_id: txId,
        created_at: now,
        event: events.length - 1,
      });
      // The payment fee is the first use of every gift, shown to the donor like any other.
      if (fee > 0) {
        const fees = allocationRecord({
          donationId: id,
          expenseId: null,
          kind: 'fee',
          amount: fee,
          currency: input.currency,
          fund,
          at: receivedAt,
          reverses: null,
          now,
        });
        const feeTx = post('allocation.fee', receivedAt, fees.memo, input.currency, fees.postings);
        events.push(fees.event);
        allocations.push({ ...fees.row, transaction_id: feeTx, event: events.length - 1 });
      }
      const group: FundingGroup = { restriction, projectId, campaignId, currency: input.currency };
      groups.set(JSON.stringify(group), group);
      results.push({ id, created: true });
    }

    if (events.length > 0) {
      const indices = await this.#log.append(trx, events.map(encodeLedgerEntry));
      await this.#ensureAccounts(trx, accounts, now);
      await insertMany(trx, 'ledger_transactions', transactions);
      await insertMany(trx, 'ledger_postings', postings);
      await insertMany(
        trx,
        'donations',
        donations.map(({ event, ...row }) => ({ ...row, log_index: indices[event]! })),
      );
      await insertMany(
        trx,
        'allocations',
        allocations.map(({ event, ...row }) => ({ ...row, log_index: indices[event]! })),
      );
      await insertMany(trx, 'ledger_outbox', outboxRows(events, indices, now));
    }
    // New money tops up approved expenses that are still waiting for funds.
    for (const group of groups.values()) await this.#fundOpenExpenses(trx, group, now);
    return results;
  }

  /** The gifts already recorded among these (by provider and provider payment id). */
  async #existingDonations(
    trx: Trx,
    inputs: readonly DonationInput[],
  ): Promise<Map<string, { id: string; gross: number; fee: number; currency: string }>> {
    const byProvider = new Map<string, string[]>();
    for (const input of inputs) {
      const ids = byProvider.get(input.provider) ?? [];
      ids.push(input.providerPaymentId);
      byProvider.set(input.provider, ids);
    }
    const found = new Map<string, { id: string; gross: number; fee: number; currency: string }>();
    for (const [provider, ids] of byProvider) {
      const unique = [...new Set(ids)];
      for (let i = 0; i < unique.length; i += ROWS_PER_INSERT) {
        const rows = await trx
          .selectFrom('donations')
          .select(['id', 'provider_payment_id', 'gross_minor', 'fee_minor', 'currency'])
          .where('provider', '=', provider)
          .where('provider_payment_id', 'in', unique.slice(i, i + ROWS_PER_INSERT))
          .execute();
        for (const r of rows) {
          found.set(donationKey({ provider, providerPaymentId: r.provider_payment_id }), {
            id: r.id,
            gross: Number(r.gross_minor),
            fee: Number(r.fee_minor),
            currency: r.currency,
          });
        }
      }
    }
    return found;
  }

  /** Refuses the batch when a gift names a project or campaign that does not exist. */
  async #requireKnown(
    trx: Trx,
    table: 'projects' | 'campaigns',
    ids: readonly string[],
    message: string,
  ): Promise<void> {
    const wanted = [...new Set(ids)];
    for (let i = 0; i < wanted.length; i += ROWS_PER_INSERT) {
      const slice = wanted.slice(i, i + ROWS_PER_INSERT);
      const rows = await trx.selectFrom(table).select('id').where('id', 'in', slice).execute();
      if (rows.length !== slice.length) throw new FiloError(LedgerErrors.DONATION_INVALID, { message });
    }
  }

  async #allocate(
    trx: Trx,
    donationId: string,
    expenseId: string | null,
    kind: AllocationKind,
    amount: number,
    currency: string,
    fund: string,
    at: string,
    reverses: string | null,
    now: string,
  ): Promise<void> {
    const a = allocationRecord({ donationId, expenseId, kind, amount, currency, fund, at, reverses, now });
    const txId = await this.#post(trx, `allocation.${kind}`, at, a.memo, currency, a.postings, now);
    const [logIndex] = await this.#emit(trx, [a.event], now);
    await trx
      .insertInto('allocations')
      .values({ ...a.row, transaction_id: txId, log_index: logIndex! })
      .execute();
  }

  /** Money still unspent per donation: gross − refunds − allocations (fees, expenses, reversals) + covers. */
  async #available(
    db: Kysely<Database>,
    where: {
      ids?: readonly string[];
      restriction?: Restriction;
      projectId?: string | null;
      campaignId?: string | null;
      currency?: string;
    },
  ) {
    let q = db
      .selectFrom('donations as d')
      .select([
        'd.id',
        'd.gross_minor',
        'd.currency',
        'd.received_at',
        'd.fund_account',
        'd.restriction',
        'd.project_id',
        'd.campaign_id',
        (eb) =>
          eb.fn
            .coalesce(
              eb
                .selectFrom('donation_refunds as r')
                .select((e) => e.fn.sum<number>('r.amount_minor').as('s'))
                .whereRef('r.donation_id', '=', 'd.id'),
              eb.lit(0),
            )
            .as('refunded'),
        (eb) =>
          eb.fn
            .coalesce(
              eb
                .selectFrom('allocations as a')
                .select((e) => e.fn.sum<number>('a.amount_minor').as('s'))
                .whereRef('a.donation_id', '=', 'd.id')
                .where('a.kind', '!=', 'fee-cover'),
              eb.lit(0),
            )
            .as('allocated'),
        (eb) =>
          eb.fn
            .coalesce(
              eb
                .selectFrom('allocations as a')
                .select((e) => e.fn.sum<number>('a.amount_minor').as('s'))
                .whereRef('a.donation_id', '=', 'd.id')
                .where('a.kind', '=', 'fee-cover'),
              eb.lit(0),
            )
            .as('covered'),
      ])
      .orderBy('d.received_at')
      .orderBy('d.id');
    if (where.ids) q = q.where('d.id', 'in', where.ids.length ? [...where.ids] : ['']);
    if (where.restriction) q = q.where('d.restriction', '=', where.restriction);
    if (where.projectId !== undefined)
      q = q.where('d.project_id', where.projectId === null ? 'is' : '=', where.projectId);
    if (where.campaignId !== undefined)
      q = q.where('d.campaign_id', where.campaignId === null ? 'is' : '=', where.campaignId);
    if (where.currency) q = q.where('d.currency', '=', where.currency);
    const rows = await q.execute();
    return rows.map((r) => {
      const refunded = Number(r.refunded);
      const allocated = Number(r.allocated);
      const covered = Number(r.covered);
      return {
        ...r,
        gross: Number(r.gross_minor),
        refunded,
        allocated,
        covered,
        available: Number(r.gross_minor) - refunded + covered - allocated,
      };
    });
  }

  async #funded(db: Kysely<Database>, expenseId: string): Promise<number> {
    const row = await db
      .selectFrom('allocations')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount_minor'), eb.lit(0)).as('s'))
      .where('expense_id', '=', expenseId)
      .executeTakeFirstOrThrow();
    return Number(row.s);
  }

  /** Funds an approved expense from its eligible donations; deterministic and idempotent. */
  async #fundExpense(trx: Trx, expenseId: string, now: string): Promise<void> {
    const e = await trx
      .selectFrom('expenses')
      .selectAll()
      .where('id', '=', expenseId)
      .executeTakeFirstOrThrow();
    if (e.status !== 'approved') return;
    let need = Number(e.amount_minor) - (await this.#funded(trx, e.id));
    const groups: Array<Parameters<LedgerService['available']>[0]> = [];
    if (e.project_id) groups.push({ restriction: 'project', projectId: e.project_id, currency: e.currency });
    if (e.campaign_id)
      groups.push({ restriction: 'campaign', campaignId: e.campaign_id, currency: e.currency });
    if (e.fallback === 'unrestricted') groups.push({ restriction: 'unrestricted', currency: e.currency });
    for (const group of groups) {
      if (need <= 0) break;
      const sources: FundingSource[] = (await this.#available(trx, group))
        .filter((d) => d.available > 0)
        .map((d) => ({ id: d.id, available: d.available }));
      const shares = e.method === 'prorata' ? splitProRata(need, sources) : splitFifo(need, sources);
      const funds = new Map(
        (await this.#available(trx, { ids: shares.map((s) => s.id) })).map((d) => [d.id, d.fund_account]),
      );
      for (const share of shares) {
        await this.#allocate(
          trx,
          share.id,
          e.id,
          'expense',
          share.amount,
          e.currency,
          funds.get(share.id)!,
          now,
          null,
          now,
        );
        need -= share.amount;
      }
    }
  }

  /** Re-runs allocation for approved expenses still short of money that this money could fund. */
  async #fundOpenExpenses(trx: Trx, money: FundingGroup, now: string): Promise<void> {
    // Only the expenses still short of money, found in one query (most are fully funded).
    let q = trx
      .selectFrom('expenses as e')
      .select(['e.id'])
      .where('e.status', '=', 'approved')
      .where('e.currency', '=', money.currency)
      .where((eb) =>
        eb(
          'e.amount_minor',
          '>',
          eb.fn.coalesce(
            eb
              .selectFrom('allocations as a')
              .select((e) => e.fn.sum<number>('a.amount_minor').as('s'))
              .whereRef('a.expense_id', '=', 'e.id'),
            eb.lit(0),
          ),
        ),
      )
      .orderBy('e.spent_on')
      .orderBy('e.id');
    if (money.restriction === 'project') q = q.where('e.project_id', '=', money.projectId);
    else if (money.restriction === 'campaign') q = q.where('e.campaign_id', '=', money.campaignId);
    else q = q.where('e.fallback', '=', 'unrestricted');
    for (const { id } of await q.execute()) await this.#fundExpense(trx, id, now);
  }

  /** Public so that #fundExpense can name the filter type; lists donations with what they have left. */
  async available(where: {
    ids?: readonly string[];
    restriction?: Restriction;
    projectId?: string | null;
    campaignId?: string | null;
    currency?: string;
  }) {
    return this.#available(this.#store.db, where);
  }

  /** Refunds (part of) a gift: a reversing entry; allocations it can no longer cover are reversed and re-funded. */
  async refundDonation(
    donationId: string,
    input: { amountMinor: number; providerRefundId: string; reason?: string; refundedAt?: string },
  ): Promise<{ refundId: string; created: boolean }> {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0) {
      throw new FiloError(LedgerErrors.REFUND_INVALID, {
        message: 'the refund must be a positive integer of minor units',
      });
    }
    if (!input.providerRefundId)
      throw new FiloError(LedgerErrors.REFUND_INVALID, { message: 'providerRefundId is required' });
    const refundedAt = new Date(input.refundedAt ?? this.#clock.now().toISOString()).toISOString();
    return this.#write(async (trx, now) => {
      const d = await trx.selectFrom('donations').selectAll().where('id', '=', donationId).executeTakeFirst();
      if (!d) throw new FiloError(LedgerErrors.DONATION_NOT_FOUND);
      const seen = await trx
        .selectFrom('donation_refunds')
        .select(['id', 'amount_minor'])
        .where('donation_id', '=', donationId)
        .where('provider_refund_id', '=', input.providerRefundId)
        .executeTakeFirst();
      if (seen) return { refundId: seen.id, created: false };
      const [state] = await this.#available(trx, { ids: [donationId] });
      if (!state || state.refunded + input.amountMinor > state.gross)
        throw new FiloError(LedgerErrors.REFUND_EXCEEDS_DONATION);
      const id = newId('ref');
      const txId = await this.#post(
        trx,
        'refund',
        refundedAt,
        `Refund ${id} of ${donationId}`,
        d.currency,
        [
          { account: d.fund_account, amount: input.amountMinor },
          { account: `assets:provider:${d.provider}`, amount: -input.amountMinor },
        ],
        now,
      );
      const [logIndex] = await this.#emit(
        trx,
        [
          {
            type: 'donation.refunded',
            id,
            donation: donationId,
            at: refundedAt,
            amount: input.amountMinor,
            currency: d.currency,
          },
        ],
        now,
      );
      await trx
        .insertInto('donation_refunds')
        .values({
          id,
          donation_id: donationId,
          amount_minor: input.amountMinor,
          provider_refund_id: input.providerRefundId,
          reason: input.reason ?? '',
          refunded_at: refundedAt,
          transaction_id: txId,
          log_index: logIndex!,
          created_at: now,
        })
        .execute();

      // Undo the newest expense allocations the gift can no longer pay for, then re-fund those expenses.
      let deficit = -(state.available - input.amountMinor);
      const touched: string[] = [];
      if (deficit > 0) {
        const live = await trx
          .selectFrom('allocations as a')
          .select(['a.id', 'a.expense_id', 'a.amount_minor', 'a.created_at'])
          .where('a.donation_id', '=', donationId)
          .where('a.kind', '=', 'expense')
          .where((eb) =>
            eb.not(
              eb.exists(
                eb.selectFrom('allocations as r').select('r.id').whereRef('r.reverses_id', '=', 'a.id'),
              ),
            ),
          )
          .orderBy('a.created_at', 'desc')
          .orderBy('a.id', 'desc')
          .execute();
        for (const a of live) {
          if (deficit <= 0) break;
          const amount = Number(a.amount_minor);
          await this.#allocate(
            trx,
            donationId,
            a.expense_id,
            'reversal',
            -amount,
            d.currency,
            d.fund_account,
            refundedAt,
            a.id,
            now,
          );
          if (a.expense_id) touched.push(a.expense_id);
          deficit -= amount;
        }
        // If a full refund also takes back the fee that was already paid, unrestricted money covers it.
        if (deficit > 0)
          await this.#allocate(
            trx,
            donationId,
            null,
            'fee-cover',
            deficit,
            d.currency,
            d.fund_account,
            refundedAt,
            null,
            now,
          );
      }
      for (const expenseId of touched) await this.#fundExpense(trx, expenseId, now);
      return { refundId: id, created: true };
    });
  }

  async getDonation(id: string): Promise<Donation> {
    const [row] = await this.#available(this.#store.db, { ids: [id] });
    if (!row) throw new FiloError(LedgerErrors.DONATION_NOT_FOUND);
    const d = await this.#store.db
      .selectFrom('donations')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    const fees = Number(d.fee_minor);
    return toDonation(d, row.refunded, row.allocated - Math.min(fees, row.allocated), row.available);
  }

  async listDonations(options: {
    limit: number;
    cursor?: string | undefined;
    contactId?: string | undefined;
  }): Promise<{ items: Donation[]; nextCursor: string | null }> {
    let q = this.#store.db
      .selectFrom('donations')
      .select('id')
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.cursor) q = q.where('id', '<', options.cursor);
    if (options.contactId) q = q.where('contact_id', '=', options.contactId);
    const ids = (await q.execute()).map((r) => r.id);
    const page = ids.slice(0, options.limit);
    const items = await Promise.all(page.map((id) => this.getDonation(id)));
    return { items, nextCursor: ids.length > options.limit ? (page[page.length - 1] ?? null) : null };
  }

  // ---- expenses ---------------------------------------------------------------------------------

  async createExpense(input: ExpenseInput, createdBy: string | null): Promise<Expense> {
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0)
      throw new FiloError(LedgerErrors.EXPENSE_INVALID, {
        message: 'the amount must be a positive integer of minor units',
      });
    if (!CURRENCY.test(input.currency))
      throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: 'currency must be ISO 4217' });
    if (!isoDate(input.spentOn))
      throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: 'spentOn must be a date' });
    if (!/^[a-z0-9-]{1,40}$/.test(input.category))
      throw new FiloError(LedgerErrors.EXPENSE_INVALID, {
        message: 'category must be a short lowercase word (a-z, 0-9, -)',
      });
    if (!input.payee.trim() || !input.description.trim())
      throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: 'payee and description are required' });
    for (const f of input.evidence ?? []) {
      if (f.content.length > MAX_EVIDENCE_BYTES) throw new FiloError(LedgerErrors.EVIDENCE_TOO_LARGE);
      if (f.content.length === 0)
        throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: `evidence ${f.filename} is empty` });
    }
    const id = newId('exp');
    await this.#store.db.transaction().execute(async (trx) => {
      const now = this.#clock.now().toISOString();
      if (
        input.projectId &&
        !(await trx.selectFrom('projects').select('id').where('id', '=', input.projectId).executeTakeFirst())
      ) {
        throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: 'unknown project' });
      }
      if (
        input.campaignId &&
        !(await trx
          .selectFrom('campaigns')
          .select('id')
          .where('id', '=', input.campaignId)
          .executeTakeFirst())
      ) {
        throw new FiloError(LedgerErrors.EXPENSE_INVALID, { message: 'unknown campaign' });
      }
      await trx
        .insertInto('expenses')
        .values({
          id,
          payee: input.payee.trim(),
          spent_on: input.spentOn.slice(0, 10),
          amount_minor: input.amountMinor,
          currency: input.currency,
          category: input.category,
          description: input.description.trim(),
          project_id: input.projectId ?? null,
          campaign_id: input.campaignId ?? null,
          method: input.method ?? 'fifo',
          fallback: input.fallback ?? 'unrestricted',
          status: 'draft',
          created_by: createdBy,
          decided_by: null,
          decided_at: null,
          rejection_reason: null,
          transaction_id: null,
          log_index: null,
          created_at: now,
        })
        .execute();
      for (const f of input.evidence ?? []) {
        const sha256 = createHash('sha256').update(f.content).digest('hex');
        await trx
          .insertInto('evidence_files')
          .values({
            sha256,
            content: f.content,
            mime_type: f.mimeType,
            size: f.content.length,
            created_at: now,
          })
          .onConflict((oc) => oc.column('sha256').doNothing())
          .execute();
        await trx
          .insertInto('expense_evidence')
          .values({ expense_id: id, sha256, filename: f.filename.replace(/[\\/\0]/g, '_').slice(0, 200) })
          .onConflict((oc) => oc.columns(['expense_id', 'sha256']).doNothing())
          .execute();
      }
    });
    return this.getExpense(id);
  }

  /** Approval posts the expense and funds it from donations (see docs/ledger.md). */
  async approveExpense(id: string, approverId: string): Promise<Expense> {
    await this.#write(async (trx, now) => {
      const e = await trx.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
      if (!e) throw new FiloError(LedgerErrors.EXPENSE_NOT_FOUND);
      if (e.status !== 'draft') throw new FiloError(LedgerErrors.EXPENSE_NOT_DRAFT);
      const amount = Number(e.amount_minor);
      const at = new Date(e.spent_on).toISOString();
      const txId = await this.#post(
        trx,
        'expense',
        at,
        `Expense ${id}: ${e.payee}`,
        e.currency,
        [
          { account: `expenses:${e.category}`, amount },
          { account: BANK, amount: -amount },
        ],
        now,
      );
      const evidence = (
        await trx
          .selectFrom('expense_evidence')
          .select('sha256')
          .where('expense_id', '=', id)
          .orderBy('sha256')
          .execute()
      ).map((r) => r.sha256);
      const [logIndex] = await this.#emit(
        trx,
        [
          {
            type: 'expense.approved',
            id,
            at,
            amount,
            currency: e.currency,
            category: e.category,
            project: e.project_id,
            campaign: e.campaign_id,
            description: e.description,
            evidence,
          },
        ],
        now,
      );
      await trx
        .updateTable('expenses')
        .set({
          status: 'approved',
          decided_by: approverId,
          decided_at: now,
          transaction_id: txId,
          log_index: logIndex!,
        })
        .where('id', '=', id)
        .where('status', '=', 'draft')
        .execute();
      await this.#fundExpense(trx, id, now);
    });
    return this.getExpense(id);
  }

  async rejectExpense(id: string, approverId: string, reason: string): Promise<Expense> {
    const result = await this.#store.db
      .updateTable('expenses')
      .set({
        status: 'rejected',
        decided_by: approverId,
        decided_at: this.#clock.now().toISOString(),
        rejection_reason: reason,
      })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) {
      await this.getExpense(id);
      throw new FiloError(LedgerErrors.EXPENSE_NOT_DRAFT);
    }
    return this.getExpense(id);
  }

  async getExpense(id: string): Promise<Expense> {
    const e = await this.#store.db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) throw new FiloError(LedgerErrors.EXPENSE_NOT_FOUND);
    const evidence = await this.#store.db
      .selectFrom('expense_evidence as x')
      .innerJoin('evidence_files as f', 'f.sha256', 'x.sha256')
      .select(['x.sha256', 'x.filename', 'f.mime_type', 'f.size'])
      .where('x.expense_id', '=', id)
      .orderBy('x.filename')
      .execute();
    const funded = await this.#funded(this.#store.db, id);
    return toExpense(e, funded, evidence);
  }

  async listExpenses(
    options: { status?: string | undefined; projectId?: string | undefined } = {},
  ): Promise<Expense[]> {
    let q = this.#store.db
      .selectFrom('expenses')
      .select('id')
      .orderBy('spent_on', 'desc')
      .orderBy('id', 'desc');
    if (options.status) q = q.where('status', '=', options.status);
    if (options.projectId) q = q.where('project_id', '=', options.projectId);
    return Promise.all((await q.execute()).map((r) => this.getExpense(r.id)));
  }

  /** An evidence file; when `publicOnly`, only files of approved expenses (what donors may see). */
  async evidence(
    sha256: string,
    publicOnly: boolean,
  ): Promise<{ content: Uint8Array; mimeType: string; filename: string }> {
    let q = this.#store.db
      .selectFrom('evidence_files as f')
      .innerJoin('expense_evidence as x', 'x.sha256', 'f.sha256')
      .innerJoin('expenses as e', 'e.id', 'x.expense_id')
      .select(['f.content', 'f.mime_type', 'x.filename'])
      .where('f.sha256', '=', sha256);
    if (publicOnly) q = q.where('e.status', '=', 'approved');
    const row = await q.executeTakeFirst();
    if (!row) throw new FiloError(LedgerErrors.EVIDENCE_NOT_FOUND);
    return { content: new Uint8Array(row.content), mimeType: row.mime_type, filename: row.filename };
  }

  // ---- reading the books ------------------------------------------------------------------------

  async trace(receiptCode: string): Promise<DonationTrace> {
    const d = await this.#store.db
      .selectFrom('donations')
      .select('id')
      .where('receipt_code', '=', receiptCode)
      .executeTakeFirst();
    if (!d) throw new FiloError(LedgerErrors.RECEIPT_NOT_FOUND);
    const donation = await this.getDonation(d.id);
    const rows = await this.#store.db
      .selectFrom('allocations as a')
      .leftJoin('expenses as e', 'e.id', 'a.expense_id')
      .select([
        'a.id',
        'a.kind',
        'a.amount_minor',
        'a.created_at',
        'a.log_index',
        'a.reverses_id',
        'a.expense_id',
        'e.description',
        'e.category',
        'e.spent_on',
        'e.amount_minor as expense_amount',
      ])
      .where('a.donation_id', '=', d.id)
      .orderBy('a.log_index')
      .execute();
    const reversed = new Set(rows.filter((r) => r.reverses_id).map((r) => r.reverses_id));
    const live = rows.filter((r) => (r.kind === 'expense' || r.kind === 'fee') && !reversed.has(r.id));
    const expenseIds = [...new Set(live.map((r) => r.expense_id).filter((x): x is string => x !== null))];
    const evidence = expenseIds.length
      ? await this.#store.db
          .selectFrom('expense_evidence')
          .select(['expense_id', 'sha256', 'filename'])
          .where('expense_id', 'in', expenseIds)
          .orderBy('filename')
          .execute()
      : [];
    const project = donation.projectId
      ? await this.#store.db
          .selectFrom('projects')
          .select(['id', 'name'])
          .where('id', '=', donation.projectId)
          .executeTakeFirst()
      : undefined;
    const campaign = donation.campaignId
      ? await this.#store.db
          .selectFrom('campaigns')
          .select(['id', 'name'])
          .where('id', '=', donation.campaignId)
          .executeTakeFirst()
      : undefined;
    const refunds = await this.#store.db
      .selectFrom('donation_refunds')
      .select('log_index')
      .where('donation_id', '=', d.id)
      .execute();
    return {
      donation,
      project: project ?? null,
      campaign: campaign ?? null,
      allocations: live.map((r) => ({
        kind: r.kind === 'fee' ? 'fee' : 'expense',
        amountMinor: Number(r.amount_minor),
        allocatedAt: r.created_at,
        logIndex: Number(r.log_index),
        expense:
          r.expense_id === null
            ? null
            : {
                id: r.expense_id,
                description: r.description ?? '',
                category: r.category ?? '',
                spentOn: r.spent_on ?? '',
                amountMinor: Number(r.expense_amount ?? 0),
                evidence: evidence
                  .filter((x) => x.expense_id === r.expense_id)
                  .map((x) => ({ sha256: x.sha256, filename: x.filename })),
              },
      })),
      logIndices: [
        donation.logIndex,
        ...rows.map((r) => Number(r.log_index)),
        ...refunds.map((r) => Number(r.log_index)),
      ].sort((a, b) => a - b),
    };
  }

  async balances(): Promise<
    Array<{ account: string; kind: string; currency: string; balanceMinor: number }>
  > {
    const rows = await this.#store.db
      .selectFrom('ledger_postings as p')
      .innerJoin('ledger_accounts as a', 'a.code', 'p.account_code')
      .select([
        'p.account_code',
        'a.kind',
        'p.currency',
        (eb) => eb.fn.sum<number>('p.amount_minor').as('balance'),
      ])
      .groupBy(['p.account_code', 'a.kind', 'p.currency'])
      .orderBy('p.account_code')
      .execute();
    return rows.map((r) => ({
      account: r.account_code,
      kind: r.kind,
      currency: r.currency,
      balanceMinor: Number(r.balance),
    }));
  }

  async transactions(options: { limit: number; cursor?: string | undefined }) {
    let q = this.#store.db
      .selectFrom('ledger_transactions')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.cursor) q = q.where('id', '<', options.cursor);
    const txs = await q.execute();
    const page = txs.slice(0, options.limit);
    const postings = page.length
      ? await this.#store.db
          .selectFrom('ledger_postings')
          .selectAll()
          .where(
            'transaction_id',
            'in',
            page.map((t) => t.id),
          )
          .orderBy('id')
          .execute()
      : [];
    return {
      items: page.map((t) => ({
        id: t.id,
        kind: t.kind,
        occurredAt: t.occurred_at,
        memo: t.memo,
        postings: postings
          .filter((p) => p.transaction_id === t.id)
          .map((p) => ({
            account: p.account_code,
            amountMinor: Number(p.amount_minor),
            currency: p.currency,
          })),
      })),
      nextCursor: txs.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  /** Totals for the public transparency page and campaign progress: raised, spent and unspent per fund. */
  async summary() {
    // The ledger's version is the log's length: every ledger write appends to it. The figures are
    // recomputed only when it moved (several processes may write: the length is read each time).
    const version = await this.#store.db
      .selectFrom('tlog_state')
      .select('next_index')
      .where('id', '=', 'main')
      .executeTakeFirst();
    const key = Number(version?.next_index ?? -1);
    const cached = this.#summaryCache;
    if (cached && cached.key === key) return cached.value;
    const value = await computeSummary(this.#store.db);
    this.#summaryCache = { key, value };
    return value;
  }

  #summaryCache: { readonly key: number; readonly value: LedgerSummary } | undefined;

  // ---- donors and events --------------------------------------------------------------------------

  /** GDPR erasure: deletes the commitment opening; the log keeps an unlinkable commitment. */
  async eraseDonor(contactId: string): Promise<void> {
    await this.#store.db.deleteFrom('donor_openings').where('contact_id', '=', contactId).execute();
  }

  /** The opening that lets a donor prove a log commitment is theirs (shown to them, never public). */
  async donorOpening(contactId: string): Promise<string | undefined> {
    const row = await this.#store.db
      .selectFrom('donor_openings')
      .select('opening')
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    return row?.opening;
  }

  /**
   * Checks the books against the public log: every donation, refund, approved expense and allocation
   * row must match the entry at its log index field by field, every ledger entry must have its row,
   * and every transaction must balance. An edited or deleted row is reported with its log index.
   */
  async verifyAgainstLog(log: {
    size(): Promise<number>;
    entry(index: number): Promise<Uint8Array | undefined>;
  }): Promise<InvariantProblem[]> {
    const entryAt = (index: number) => log.entry(index);
    const problems: InvariantProblem[] = [];
    const claimed = new Set<number>();
    const db = this.#store.db;
    const compare = async (index: number, what: string, expected: Record<string, unknown>) => {
      claimed.add(index);
      const bytes = await entryAt(index);
      const entry = bytes ? (decodeLedgerEntry(bytes) as Record<string, unknown> | undefined) : undefined;
      if (!entry) {
        problems.push({ index, message: `${what}: no ledger entry at this index` });
        return;
      }
      for (const [key, value] of Object.entries(expected)) {
        const actual = entry[key];
        const same = Array.isArray(value)
          ? Array.isArray(actual) &&
            JSON.stringify([...(actual as unknown[])].sort()) ===
              JSON.stringify([...(value as unknown[])].sort())
          : actual === value;
        if (!same)
          problems.push({
            index,
            message: `${what}: ${key} is ${JSON.stringify(value)} in the database but ${JSON.stringify(actual)} in the log`,
          });
      }
    };
    for (const d of await db.selectFrom('donations').selectAll().orderBy('log_index').execute()) {
      await compare(Number(d.log_index), `donation ${d.id}`, {
        type: 'donation.received',
        id: d.id,
        at: d.received_at,
        gross: Number(d.gross_minor),
        fee: Number(d.fee_minor),
        net: Number(d.net_minor),
        currency: d.currency,
        restriction: d.restriction,
        project: d.project_id,
        campaign: d.campaign_id,
      });
    }
    for (const r of await db.selectFrom('donation_refunds').selectAll().orderBy('log_index').execute()) {
      await compare(Number(r.log_index), `refund ${r.id}`, {
        type: 'donation.refunded',
        id: r.id,
        donation: r.donation_id,
        at: r.refunded_at,
        amount: Number(r.amount_minor),
      });
    }
    const evidence = new Map<string, string[]>();
    for (const row of await db.selectFrom('expense_evidence').select(['expense_id', 'sha256']).execute())
      getOr(evidence, row.expense_id, () => []).push(row.sha256);
    for (const e of await db
      .selectFrom('expenses')
      .selectAll()
      .where('log_index', 'is not', null)
      .orderBy('log_index')
      .execute()) {
      await compare(Number(e.log_index), `expense ${e.id}`, {
        type: 'expense.approved',
        id: e.id,
        amount: Number(e.amount_minor),
        currency: e.currency,
        category: e.category,
        project: e.project_id,
        campaign: e.campaign_id,
        description: e.description,
        evidence: evidence.get(e.id) ?? [],
      });
      if (e.status !== 'approved')
        problems.push({
          index: Number(e.log_index),
          message: `expense ${e.id}: logged as approved but ${e.status} in the database`,
        });
    }
    for (const a of await db.selectFrom('allocations').selectAll().orderBy('log_index').execute()) {
      await compare(Number(a.log_index), `allocation ${a.id}`, {
        type: 'donation.allocated',
        id: a.id,
        donation: a.donation_id,
        expense: a.expense_id,
        kind: a.kind,
        amount: Number(a.amount_minor),
        currency: a.currency,
        reverses: a.reverses_id,
      });
    }
    // Entries without a row: a deleted donation, refund, expense approval or allocation.
    const size = await log.size();
    for (let index = 0; index < size; index++) {
      if (claimed.has(index)) continue;
      const bytes = await entryAt(index);
      const entry = bytes ? decodeLedgerEntry(bytes) : undefined;
      if (entry)
        problems.push({
          index,
          message: `${entry.type} ${entry.id}: in the log but its row is missing from the database`,
        });
    }
    // Every transaction balances, per currency.
    const sums = await db
      .selectFrom('ledger_postings')
      .select(['transaction_id', 'currency', (eb) => eb.fn.sum<number>('amount_minor').as('total')])
      .groupBy(['transaction_id', 'currency'])
      .execute();
    for (const s of sums) {
      if (Number(s.total) !== 0)
        problems.push({
          index: -1,
          message: `transaction ${s.transaction_id}: postings sum to ${s.total} ${s.currency}, not zero`,
        });
    }
    return problems.sort((a, b) => a.index - b.index);
  }

  /**
   * Marks every unpublished event as sent without publishing it: for history imported in bulk (the
   * demo's past year), whose donors must not all be thanked again the moment Filo starts.
   */
  async skipPendingEvents(): Promise<number> {
    const result = await this.#store.db
      .updateTable('ledger_outbox')
      .set({ sent_at: this.#clock.now().toISOString() })
      .where('sent_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /** Publishes unsent outbox events in order; safe to run concurrently and after a crash. */
  async flushOutbox(publisher: EventPublisher, limit = 500): Promise<number> {
    const within = publisher.publishWithin;
    if (within) {
      // The subscribers' jobs and the rows' sent mark commit together: nothing published twice or lost,
      // and one commit for the whole batch rather than a few per event. Lost in a power cut, both are
      // lost together and the rows are published again: the commit need not wait for the disk.
      const count = await this.#store.redoableTransaction(async (trx) => {
        const rows = await trx
          .selectFrom('ledger_outbox')
          .select(['id', 'name', 'payload'])
          .where('sent_at', 'is', null)
          .orderBy('created_at')
          .orderBy('id')
          .limit(limit)
          .execute();
        if (rows.length === 0) return 0;
        await within(
          trx,
          rows.map((r) => ({
            name: r.name,
            payload: JSON.parse(r.payload) as Record<string, unknown>,
            id: r.id,
          })),
        );
        const sentAt = this.#clock.now().toISOString();
        for (let i = 0; i < rows.length; i += 500) {
          await trx
            .updateTable('ledger_outbox')
            .set({ sent_at: sentAt })
            .where(
              'id',
              'in',
              rows.slice(i, i + 500).map((r) => r.id),
            )
            .execute();
        }
        return rows.length;
      });
      if (count > 0) publisher.published?.();
      return count;
    }
    const rows = await this.#store.db
      .selectFrom('ledger_outbox')
      .selectAll()
      .where('sent_at', 'is', null)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
    for (const row of rows) {
      await publisher.publish(row.name, JSON.parse(row.payload) as Record<string, unknown>, { id: row.id });
      await this.#store.db
        .updateTable('ledger_outbox')
        .set({ sent_at: this.#clock.now().toISOString() })
        .where('id', '=', row.id)
        .execute();
    }
    return rows.length;
  }
}

function getOr<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let v = map.get(key);
  if (v === undefined) {
    v = make();
    map.set(key, v);
  }
  return v;
}

function toDonation(
  d: {
    id: string;
    receipt_code: string;
    contact_id: string | null;
    gross_minor: number;
    fee_minor: number;
    net_minor: number;
    currency: string;
    received_at: string;
    restriction: string;
    project_id: string | null;
    campaign_id: string | null;
    provider: string;
    provider_payment_id: string;
    log_index: number;
  },
  refunded: number,
  spent: number,
  unspent: number,
): Donation {
  return {
    id: d.id,
    receiptCode: d.receipt_code,
    contactId: d.contact_id,
    grossMinor: Number(d.gross_minor),
    feeMinor: Number(d.fee_minor),
    netMinor: Number(d.net_minor),
    currency: d.currency,
    receivedAt: d.received_at,
    restriction: d.restriction as Restriction,
    projectId: d.project_id,
    campaignId: d.campaign_id,
    provider: d.provider,
    providerPaymentId: d.provider_payment_id,
    logIndex: Number(d.log_index),
    refundedMinor: refunded,
    spentMinor: spent,
    unspentMinor: unspent,
  };
}

function toExpense(
  e: {
    id: string;
    payee: string;
    spent_on: string;
    amount_minor: number;
    currency: string;
    category: string;
    description: string;
    project_id: string | null;
    campaign_id: string | null;
    method: string;
    fallback: string;
    status: string;
    decided_by: string | null;
    decided_at: string | null;
    rejection_reason: string | null;
    log_index: number | null;
  },
  funded: number,
  evidence: ReadonlyArray<{ sha256: string; filename: string; mime_type: string; size: number }>,
): Expense {
  const amount = Number(e.amount_minor);
  return {
    id: e.id,
    payee: e.payee,
    spentOn: e.spent_on,
    amountMinor: amount,
    currency: e.currency,
    category: e.category,
    description: e.description,
    projectId: e.project_id,
    campaignId: e.campaign_id,
    method: e.method === 'prorata' ? 'prorata' : 'fifo',
    fallback: e.fallback === 'none' ? 'none' : 'unrestricted',
    status: e.status === 'approved' || e.status === 'rejected' ? e.status : 'draft',
    fundedMinor: funded,
    underfunded: e.status === 'approved' && funded < amount,
    decidedBy: e.decided_by,
    decidedAt: e.decided_at,
    rejectionReason: e.rejection_reason,
    logIndex: e.log_index === null ? null : Number(e.log_index),
    evidence: evidence.map((x) => ({
      sha256: x.sha256,
      filename: x.filename,
      mimeType: x.mime_type,
      size: Number(x.size),
    })),
  };
}

export type LedgerSummary = Awaited<ReturnType<typeof computeSummary>>;

/** Totals overall, per project and campaign, and the flows from money to spending, from the ledger. */
async function computeSummary(db: Kysely<Database>) {
  // Aggregated in SQL: one row per kind of money, not one per gift.
  const donations = (
    await db
      .selectFrom('donations as d')
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('donation_refunds')
            .select(['donation_id', (e) => e.fn.sum<number>('amount_minor').as('s')])
            .groupBy('donation_id')
            .as('r'),
        (join) => join.onRef('r.donation_id', '=', 'd.id'),
      )
      .leftJoin(
        (eb) =>
          eb
            .selectFrom('allocations')
            .select([
              'donation_id',
              (e) =>
                e.fn
                  .sum<number>(
                    e.case().when('kind', '=', 'fee-cover').then(0).else(e.ref('amount_minor')).end(),
                  )
                  .as('allocated'),
              (e) =>
                e.fn
                  .sum<number>(
                    e.case().when('kind', '=', 'fee-cover').then(e.ref('amount_minor')).else(0).end(),
                  )
                  .as('covered'),
            ])
            .groupBy('donation_id')
            .as('a'),
        (join) => join.onRef('a.donation_id', '=', 'd.id'),
      )
      .select((eb) => [
        'd.restriction',
        'd.project_id',
        'd.campaign_id',
        eb.fn.countAll<number>().as('n'),
        eb.fn.sum<number>('d.gross_minor').as('gross'),
        eb.fn.sum<number>(eb.fn.coalesce('r.s', eb.lit(0))).as('refunded'),
        eb.fn.sum<number>(eb.fn.coalesce('a.allocated', eb.lit(0))).as('allocated'),
        eb.fn.sum<number>(eb.fn.coalesce('a.covered', eb.lit(0))).as('covered'),
      ])
      .groupBy(['d.restriction', 'd.project_id', 'd.campaign_id'])
      .execute()
  ).map((g) => {
    const gross = Number(g.gross);
    const refunded = Number(g.refunded);
    return {
      restriction: g.restriction,
      project_id: g.project_id,
      campaign_id: g.campaign_id,
      count: Number(g.n),
      gross,
      refunded,
      available: gross - refunded + Number(g.covered) - Number(g.allocated),
    };
  });
  const allocations = await db
    .selectFrom('allocations as a')
    .innerJoin('donations as d', 'd.id', 'a.donation_id')
    .leftJoin('expenses as e', 'e.id', 'a.expense_id')
    .select((eb) => [
      'a.kind',
      eb.fn.sum<number>('a.amount_minor').as('amount_minor'),
      'd.restriction',
      'd.project_id as donation_project',
      'd.campaign_id as donation_campaign',
      'e.project_id as expense_project',
      'e.category',
    ])
    .groupBy(['a.kind', 'd.restriction', 'd.project_id', 'd.campaign_id', 'e.project_id', 'e.category'])
    .execute();
  const expenses = await db
    .selectFrom('expenses')
    .select((eb) => ['project_id', eb.fn.sum<number>('amount_minor').as('amount_minor')])
    .where('status', '=', 'approved')
    .groupBy('project_id')
    .execute();
  type Totals = {
    raisedMinor: number;
    feesMinor: number;
    spentMinor: number;
    unspentMinor: number;
    refundedMinor: number;
    donations: number;
  };
  const blank = (): Totals => ({
    raisedMinor: 0,
    feesMinor: 0,
    spentMinor: 0,
    unspentMinor: 0,
    refundedMinor: 0,
    donations: 0,
  });
  const byProject = new Map<string, Totals>();
  const byCampaign = new Map<string, Totals>();
  const all = blank();
  const unrestricted = blank();
  for (const d of donations) {
    const targets = [
      all,
      d.restriction === 'project'
        ? getOr(byProject, d.project_id!, blank)
        : d.restriction === 'campaign'
          ? undefined
          : unrestricted,
    ];
    if (d.campaign_id) targets.push(getOr(byCampaign, d.campaign_id, blank));
    for (const t of targets) {
      if (!t) continue;
      t.raisedMinor += d.gross - d.refunded;
      t.refundedMinor += d.refunded;
      t.unspentMinor += d.available;
      t.donations += d.count;
    }
  }
  const flows = new Map<string, number>();
  for (const a of allocations) {
    const amount = Number(a.amount_minor);
    if (a.kind === 'fee-cover') continue;
    const source =
      a.restriction === 'project'
        ? `project:${a.donation_project}`
        : a.restriction === 'campaign'
          ? `campaign:${a.donation_campaign}`
          : 'unrestricted';
    const isFee = a.kind === 'fee';
    const targets = [
      all,
      a.restriction === 'project'
        ? byProject.get(a.donation_project!)
        : a.restriction === 'campaign'
          ? undefined
          : unrestricted,
    ];
    if (a.donation_campaign) targets.push(byCampaign.get(a.donation_campaign));
    for (const t of targets) {
      if (!t) continue;
      if (isFee) t.feesMinor += amount;
      else t.spentMinor += amount;
    }
    if (isFee) {
      flows.set(`${source}>fees`, (flows.get(`${source}>fees`) ?? 0) + amount);
    } else {
      const target = a.expense_project ? `project:${a.expense_project}` : 'general';
      flows.set(`${source}>${target}`, (flows.get(`${source}>${target}`) ?? 0) + amount);
      flows.set(
        `${target}>category:${a.category}`,
        (flows.get(`${target}>category:${a.category}`) ?? 0) + amount,
      );
    }
  }
  const approvedByProject = new Map<string, number>();
  for (const e of expenses)
    approvedByProject.set(
      e.project_id ?? 'general',
      (approvedByProject.get(e.project_id ?? 'general') ?? 0) + Number(e.amount_minor),
    );
  return {
    totals: all,
    unrestricted,
    projects: [...byProject].map(([projectId, t]) => ({
      projectId,
      ...t,
      expensesApprovedMinor: approvedByProject.get(projectId) ?? 0,
    })),
    campaigns: [...byCampaign].map(([campaignId, t]) => ({ campaignId, ...t })),
    flows: [...flows]
      .filter(([, amount]) => amount !== 0)
      .map(([key, amountMinor]) => {
        const [from, to] = key.split('>') as [string, string];
        return { from, to, amountMinor };
      }),
  };
}
