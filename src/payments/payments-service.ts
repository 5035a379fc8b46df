import { createHash, createHmac } from 'node:crypto';
import type { CampaignsService } from '../campaigns';
import {
  reachableOn,
  type Channel,
  type ContactsService,
  type PreferredChannel,
  type PreparedContact,
} from '../contacts';
import { FiloError, isFiloError, newId, newToken, systemClock, type Clock } from '../core';
import { PermanentJobError, type JobQueue } from '../jobs';
import type { DonationInput, LedgerService } from '../ledger';
import type { OrganisationService } from '../organisation';
import { insertMany, type Database, type Kysely, type Store, type Transaction } from '../store';
import { CONSENT_OPTIONS, CONSENT_VERSION, consentLanguage, currentConsents } from './consents';
import { NEEDS_ADDRESS, PaymentErrors } from './errors';
import { PaymentEventWriter } from './event-writer';
import type { Frequency, PaymentFacts, PaymentProvider } from './port';
import { HANDLED_EVENT_TYPES, parseStripeEvent, type Donor, type PaymentEvent } from './stripe-events';

// The payments service: donation checkouts and chat links, webhook ingestion (verify → store once →
// enqueue) and the processing of each stored event into the ledger, exactly once per payment whatever
// the order and number of deliveries. The ledger's own idempotency (provider + payment id, refund id)
// is the last line; payment_records maps the provider's ids (PaymentIntent, charge, invoice) to it.

export const PROCESS_EVENT_JOB = 'payments.process-event';
/** Processes the events of one or more group-committed deliveries together (payload `{ ids }`). */
export const PROCESS_EVENTS_JOB = 'payments.process-events';
/** Events applied per ledger transaction: big enough to share a commit, small enough not to hold the
 * single SQLite writer (and so the webhook's acknowledgements) for long. */
export const PROCESS_CHUNK = 64;
/** The kinds whose processing is recording a payment: they go into the shared ledger transaction. */
const BATCHED_KINDS: ReadonlySet<PaymentEvent['kind']> = new Set([
  'checkout.completed',
  'payment.succeeded',
  'invoice.paid',
]);
export const SWEEP_JOB = 'payments.sweep';
/** For the messaging channel (built elsewhere): thank-yous, failed-payment notices, cancellations. */
export const NOTIFY_JOB = 'payments.notify';

/** Gifts from the public form: at least 1, at most 10,000 units of the currency. */
export const MIN_GIFT_MINOR = 100;
export const MAX_GIFT_MINOR = 1_000_000;
export const PRESET_AMOUNTS_MINOR = [200, 500, 1000] as const;
/** How long after the checkout its thank-you page may show the recurring gift's self-service link. */
export const MANAGE_LINK_ON_THANKS_MS = 24 * 60 * 60 * 1000;

export interface CheckoutInput {
  readonly campaign: string;
  readonly amountMinor: number;
  readonly currency?: string | undefined;
  readonly frequency: Frequency;
  readonly name: string;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly language?: string | undefined;
  readonly taxReceipt?: { readonly taxCode: string; readonly address: string } | null | undefined;
  /** How the donor wants to hear from us, when they gave both a phone number and an e-mail address. */
  readonly preferredChannel?: PreferredChannel | null | undefined;
  readonly consents?:
    | ReadonlyArray<{
        readonly channel: string;
        readonly purpose?: string | undefined;
        readonly version: string;
      }>
    | undefined;
}

export interface PaymentLinkInput {
  readonly campaign?: string | null | undefined;
  readonly amountMinor: number;
  readonly contactId?: string | null | undefined;
  readonly expiresInMinutes: number;
}

interface StoredConsent {
  readonly channel: Channel;
  readonly purpose: string;
  readonly version: string;
  readonly wording: string;
}

/** What the donor's self-service page shows of a recurring gift. */
export interface RecurringGiftView {
  readonly status: 'active' | 'paused' | 'past_due' | 'cancelled';
  readonly amountMinor: number;
  readonly currency: string;
  readonly campaign: { readonly slug: string; readonly name: string } | null;
  readonly minMinor: number;
  readonly maxMinor: number;
}

export type RecurringGiftChange =
  | { readonly action: 'amount'; readonly amountMinor: number }
  | { readonly action: 'pause' | 'resume' | 'cancel' };

/** Recurring gifts kept by another module (SEPA Direct Debit mandates) behind the same self-service link. */
export interface RecurringGiftDelegate {
  /** Whether the token is one of this module's links (by its shape: no look-up). */
  owns(token: string): boolean;
  recurringGift(token: string): Promise<RecurringGiftView>;
  changeRecurringGift(token: string, change: RecurringGiftChange): Promise<RecurringGiftView>;
}

export interface NotifyPayload {
  readonly kind: 'payment.failed' | 'subscription.cancelled';
  readonly contactId: string | null;
  readonly language: string;
  readonly [key: string]: string | number | null;
}

type Logger = {
  warn(obj: Record<string, unknown>, msg?: string): void;
  info(obj: Record<string, unknown>, msg?: string): void;
};

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

type CheckoutRow = {
  id: string;
  status: string;
  consents: string;
  contact_id: string | null;
  email: string | null;
  phone: string | null;
  donor_name: string | null;
  language: string;
  campaign_id: string | null;
  preferred_channel: string | null;
};

/** The provider's look-ups #apply makes; a batch passes ones started ahead, side by side. */
type Lookups = Pick<PaymentProvider, 'paymentFacts' | 'invoicePaymentFacts'>;
/** Provider look-ups in flight at once while a batch prefetches (Stripe's test mode allows 25/s). */
const LOOKUPS_AT_ONCE = 8;

/** A payment ready for the ledger: everything read and looked up, nothing of it written yet. */
interface PreparedPayment {
  readonly donation: DonationInput;
  readonly key: string;
  readonly facts: PaymentFacts;
  readonly subscriptionId: string | null;
  readonly checkout: CheckoutRow | undefined;
  readonly contactId: string | null;
}

/** What a batch gathers while preparing its events: the payments, and the donors first met in it. */
interface BatchCollector {
  readonly payments: PreparedPayment[];
  /** New donors by "e:<email>" / "p:<phone>", inserted with the batch's gifts (one commit for all). */
  readonly newDonors: Map<string, PreparedContact>;
}

export class PaymentsService {
  readonly #store: Store;
  readonly #provider: PaymentProvider;
  readonly #queue: JobQueue;
  readonly #ledger: LedgerService;
  readonly #contacts: ContactsService;
  readonly #campaigns: CampaignsService;
  readonly #organisation: OrganisationService;
  readonly #publicUrl: string;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #writer: PaymentEventWriter;

  constructor(deps: {
    store: Store;
    provider: PaymentProvider;
    queue: JobQueue;
    ledger: LedgerService;
    contacts: ContactsService;
    campaigns: CampaignsService;
    organisation: OrganisationService;
    publicUrl: string;
    logger: Logger;
    clock?: Clock | undefined;
  }) {
    this.#store = deps.store;
    this.#provider = deps.provider;
    this.#queue = deps.queue;
    this.#ledger = deps.ledger;
    this.#contacts = deps.contacts;
    this.#campaigns = deps.campaigns;
    this.#organisation = deps.organisation;
    this.#publicUrl = deps.publicUrl.replace(/\/+$/, '');
    this.#logger = deps.logger;
    this.#clock = deps.clock ?? systemClock;
    const jobs = deps.queue.transactional;
    this.#writer = new PaymentEventWriter({
      store: deps.store,
      // The embedded queue shares the database: the processing job commits with the events it names.
      triggerWithin: jobs
        ? async (trx, ids) => {
            // A backlog joins the batch still waiting for the worker: fewer, fuller ledger transactions.
            await jobs.append(trx, PROCESS_EVENTS_JOB, 'ids', ids, {
              maxItems: PROCESS_CHUNK,
              maxAttempts: 12,
              backoffMs: 2_000,
            });
          }
        : undefined,
      afterCommit: jobs ? () => jobs.wake() : undefined,
      onCommitted: async (ids) => {
        await this.#queue.enqueue(
          PROCESS_EVENTS_JOB,
          { ids: [...ids] },
          { maxAttempts: 12, backoffMs: 2_000 },
        );
      },
      onError: (error) =>
        this.#logger.warn(
          { code: isFiloError(error) ? error.code : 'unknown' },
          'stored payment events not enqueued; the sweeper will',
        ),
    });
  }

  get providerKind(): PaymentProvider['kind'] {
    return this.#provider.kind;
  }

  /** The adapter in use (tests and the sandbox's own tools reach the sandbox through it). */
  get provider(): PaymentProvider {
    return this.#provider;
  }

  // ---- the donation page and checkout -------------------------------------------------------------

  async #openCampaign(slug: string) {
    try {
      const campaign = await this.#campaigns.getBySlug(slug);
      if (campaign.status !== 'active') throw new FiloError(PaymentErrors.PAYMENT_CAMPAIGN_NOT_OPEN);
      return campaign;
    } catch (error) {
      if (isFiloError(error) && error.code === 'CAMPAIGN_NOT_FOUND')
        throw new FiloError(PaymentErrors.PAYMENT_CAMPAIGN_NOT_OPEN, { cause: error });
      throw error;
    }
  }

  /** What the campaign's donation page needs: goal and progress from the ledger, amounts, consent wording. */
  async donationPage(slug: string, language: string) {
    const campaign = await this.#openCampaign(slug);
    const summary = await this.#ledger.summary();
    const totals = summary.campaigns.find((c) => c.campaignId === campaign.id);
    return {
      campaign: {
        slug: campaign.slug,
        name: campaign.name,
        description: campaign.description,
        goalMinor: campaign.goalMinor,
        raisedMinor: totals?.raisedMinor ?? 0,
        donations: totals?.donations ?? 0,
        currency: campaign.currency,
      },
      presetsMinor: [...PRESET_AMOUNTS_MINOR],
      minMinor: MIN_GIFT_MINOR,
      maxMinor: MAX_GIFT_MINOR,
      frequencies: ['one-off', 'monthly'] as Frequency[],
      consents: currentConsents(language),
      sandbox: this.#provider.kind === 'sandbox',
    };
  }

  /** Validates the form, keeps it as a checkout, and asks the provider for a hosted checkout. */
  async startCheckout(
    input: CheckoutInput,
    linkId: string | null = null,
    contactId: string | null = null,
  ): Promise<{ checkoutId: string; url: string }> {
    const campaign = await this.#openCampaign(input.campaign);
    const organisation = await this.#organisation.get();
    const currency = input.currency ?? organisation.currency;
    if (currency !== organisation.currency || currency !== campaign.currency) {
      throw new FiloError(PaymentErrors.PAYMENT_CURRENCY_MISMATCH, {
        message: `Gifts are taken in ${organisation.currency}`,
      });
    }
    const amount = input.amountMinor;
    if (!Number.isSafeInteger(amount) || amount < MIN_GIFT_MINOR || amount > MAX_GIFT_MINOR) {
      throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
        message: `The amount must be between ${MIN_GIFT_MINOR} and ${MAX_GIFT_MINOR} minor units`,
      });
    }
    const email = input.email?.trim().toLowerCase() || null;
    const phone = input.phone?.replace(/[\s().-]/g, '') || null;
    if (
      // A chat link may name no contact yet: the hosted checkout then asks for the e-mail.
      (email === null && phone === null && linkId === null) ||
      (email !== null && !EMAIL.test(email)) ||
      (phone !== null && !E164.test(phone))
    ) {
      throw new FiloError(PaymentErrors.PAYMENT_DONOR_INVALID);
    }
    const preferredChannel = input.preferredChannel ?? null;
    if (preferredChannel !== null && !reachableOn(preferredChannel, { email, phone }))
      throw new FiloError(PaymentErrors.PAYMENT_DONOR_INVALID, { message: NEEDS_ADDRESS });
    const language = input.language ?? organisation.language;
    const options = CONSENT_OPTIONS[CONSENT_VERSION] ?? [];
    const consents: StoredConsent[] = [];
    for (const c of input.consents ?? []) {
      // Without a purpose a channel's box means its news (what the first version of the form offered).
      const option = options.find((o) => o.channel === c.channel && o.purpose === (c.purpose ?? 'news'));
      if (c.version !== CONSENT_VERSION || !option)
        throw new FiloError(PaymentErrors.PAYMENT_CONSENT_VERSION_UNKNOWN);
      if (!consents.some((x) => x.channel === option.channel && x.purpose === option.purpose)) {
        consents.push({
          channel: option.channel,
          purpose: option.purpose,
          version: CONSENT_VERSION,
          wording: option.wording[consentLanguage(language)],
        });
      }
    }
    const id = newId('chk');
    const now = this.#clock.now();
    await this.#store.db
      .insertInto('payment_checkouts')
      .values({
        id,
        provider: this.#provider.kind,
        provider_session_id: null,
        frequency: input.frequency,
        amount_minor: amount,
        currency,
        campaign_id: campaign.id,
        contact_id: contactId,
        link_id: linkId,
        donor_name: input.name.trim() || null,
        email,
        phone,
        language,
        tax_receipt: input.taxReceipt
          ? JSON.stringify({
              taxCode: input.taxReceipt.taxCode.trim(),
              address: input.taxReceipt.address.trim(),
            })
          : null,
        consents: JSON.stringify(consents),
        preferred_channel: preferredChannel,
        status: 'open',
        created_at: now.toISOString(),
        completed_at: null,
      })
      .execute();
    const session = await this.#provider.createCheckout({
      checkoutId: id,
      frequency: input.frequency,
      amountMinor: amount,
      currency,
      description: campaign.name,
      email,
      locale: language,
      successUrl: `${this.#publicUrl}/donate/thanks/${id}`,
      cancelUrl: `${this.#publicUrl}/donate/${campaign.slug}`,
      expiresAt: new Date(now.getTime() + 60 * 60 * 1000),
    });
    await this.#store.db
      .updateTable('payment_checkouts')
      .set({ provider_session_id: session.id })
      .where('id', '=', id)
      .execute();
    return { checkoutId: id, url: session.url };
  }

  /** For the thank-you page: the gift's tracking code once its payment is in the ledger. */
  async checkoutStatus(id: string) {
    const checkout = await this.#store.db
      .selectFrom('payment_checkouts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!checkout) throw new FiloError(PaymentErrors.PAYMENT_CHECKOUT_NOT_FOUND);
    const record = await this.#store.db
      .selectFrom('payment_records')
      .select('donation_id')
      .where('checkout_id', '=', id)
      .orderBy('created_at')
      .executeTakeFirst();
    const donation = record ? await this.#ledger.getDonation(record.donation_id) : null;
    const campaign = checkout.campaign_id
      ? (await this.#campaigns.list()).find((c) => c.id === checkout.campaign_id)
      : undefined;
    // The thank-you page of a monthly gift shows its self-service link, but only for a day: the
    // checkout id sits in the browser's history, and the link itself also goes out with the thank-you.
    const fresh = this.#clock.now().getTime() - Date.parse(checkout.created_at) < MANAGE_LINK_ON_THANKS_MS;
    const subscription =
      donation && checkout.frequency === 'monthly' && fresh
        ? await this.#store.db
            .selectFrom('payment_subscriptions')
            .select('id')
            .where('checkout_id', '=', id)
            .executeTakeFirst()
        : undefined;
    return {
      status: donation
        ? ('recorded' as const)
        : checkout.status === 'failed'
          ? ('failed' as const)
          : ('pending' as const),
      frequency: checkout.frequency as Frequency,
      amountMinor: Number(checkout.amount_minor),
      currency: checkout.currency,
      campaign: campaign ? { slug: campaign.slug, name: campaign.name } : null,
      receiptCode: donation?.receiptCode ?? null,
      trackUrl: donation ? `/track/${donation.receiptCode}` : null,
      manageUrl: subscription ? await this.manageUrl(subscription.id) : null,
    };
  }

  // ---- payment links for chats ----------------------------------------------------------------------

  async createPaymentLink(
    input: PaymentLinkInput,
    createdBy: string | null,
  ): Promise<{ id: string; url: string; expiresAt: string; amountMinor: number; currency: string }> {
    const organisation = await this.#organisation.get();
    const campaign = input.campaign ? await this.#openCampaign(input.campaign) : null;
    if (
      !Number.isSafeInteger(input.amountMinor) ||
      input.amountMinor < MIN_GIFT_MINOR ||
      input.amountMinor > MAX_GIFT_MINOR
    ) {
      throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
        message: `The amount must be between ${MIN_GIFT_MINOR} and ${MAX_GIFT_MINOR} minor units`,
      });
    }
    if (input.contactId) {
      try {
        await this.#contacts.get(input.contactId);
      } catch (cause) {
        throw new FiloError(PaymentErrors.PAYMENT_CONTACT_NOT_FOUND, { cause });
      }
    }
    const token = newToken(128);
    const id = newId('plk');
    const now = this.#clock.now();
    const expiresAt = new Date(now.getTime() + input.expiresInMinutes * 60_000).toISOString();
    await this.#store.db
      .insertInto('payment_links')
      .values({
        id,
        token_hash: sha256(token),
        amount_minor: input.amountMinor,
        currency: organisation.currency,
        campaign_id: campaign?.id ?? null,
        contact_id: input.contactId ?? null,
        expires_at: expiresAt,
        created_by: createdBy,
        created_at: now.toISOString(),
      })
      .execute();
    return {
      id,
      url: `${this.#publicUrl}/give/${token}`,
      expiresAt,
      amountMinor: input.amountMinor,
      currency: organisation.currency,
    };
  }

  /** Following a chat link: a fresh checkout for its amount, campaign and contact, until it expires. */
  async openPaymentLink(token: string): Promise<string> {
    const link = await this.#store.db
      .selectFrom('payment_links')
      .selectAll()
      .where('token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!link) throw new FiloError(PaymentErrors.PAYMENT_LINK_NOT_FOUND);
    if (Date.parse(link.expires_at) <= this.#clock.now().getTime())
      throw new FiloError(PaymentErrors.PAYMENT_LINK_EXPIRED);
    const contact = link.contact_id ? await this.#contacts.get(link.contact_id) : null;
    const campaign = link.campaign_id
      ? (await this.#campaigns.list()).find((c) => c.id === link.campaign_id)
      : (await this.#campaigns.list()).find((c) => c.status === 'active');
    if (!campaign) throw new FiloError(PaymentErrors.PAYMENT_CAMPAIGN_NOT_OPEN);
    const { url } = await this.startCheckout(
      {
        campaign: campaign.slug,
        amountMinor: Number(link.amount_minor),
        currency: link.currency,
        frequency: 'one-off',
        name: contact?.displayName ?? '',
        email: contact?.email ?? null,
        phone: contact?.phone ?? null,
        language: contact?.language,
      },
      link.id,
      contact?.id ?? null,
    );
    return url;
  }

  // ---- recurring gifts: the donor's self-service link ------------------------------------------------

  #key: Buffer | undefined;

  async #manageKey(): Promise<Buffer> {
    if (this.#key) return this.#key;
    const id = 'payments_manage_key';
    await this.#store.db
      .insertInto('payment_sandbox_objects')
      .values({ id, kind: 'secret', data: newToken(256), created_at: this.#clock.now().toISOString() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await this.#store.db
      .selectFrom('payment_sandbox_objects')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    this.#key = Buffer.from(row.data, 'base64url');
    return this.#key;
  }

  async #manageToken(rowId: string): Promise<string> {
    return `${rowId}.${createHmac('sha256', await this.#manageKey())
      .update(rowId)
      .digest('base64url')}`;
  }

  /** The link where the donor changes the amount, pauses or cancels (sent with thank-yous and notices). */
  async manageUrl(subscriptionRowId: string): Promise<string> {
    return `${this.#publicUrl}/donate/manage/${await this.#manageToken(subscriptionRowId)}`;
  }

  async #subscriptionByToken(token: string) {
    const row = await this.#store.db
      .selectFrom('payment_subscriptions')
      .selectAll()
      .where('manage_token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row) throw new FiloError(PaymentErrors.PAYMENT_SUBSCRIPTION_NOT_FOUND);
    return row;
  }

  readonly #delegates: RecurringGiftDelegate[] = [];

  /** Lets another module's recurring gifts use the same self-service link and page. */
  addRecurringDelegate(delegate: RecurringGiftDelegate): void {
    this.#delegates.push(delegate);
  }

  async recurringGift(token: string) {
    const delegate = this.#delegates.find((d) => d.owns(token));
    if (delegate) return delegate.recurringGift(token);
    const row = await this.#subscriptionByToken(token);
    const campaign = row.campaign_id
      ? (await this.#campaigns.list()).find((c) => c.id === row.campaign_id)
      : undefined;
    return {
      status: row.status as 'active' | 'paused' | 'past_due' | 'cancelled',
      amountMinor: Number(row.amount_minor),
      currency: row.currency,
      campaign: campaign ? { slug: campaign.slug, name: campaign.name } : null,
      minMinor: MIN_GIFT_MINOR,
      maxMinor: MAX_GIFT_MINOR,
    };
  }

  async changeRecurringGift(
    token: string,
    change: { action: 'amount'; amountMinor: number } | { action: 'pause' | 'resume' | 'cancel' },
  ) {
    const delegate = this.#delegates.find((d) => d.owns(token));
    if (delegate) return delegate.changeRecurringGift(token, change);
    const row = await this.#subscriptionByToken(token);
    if (row.status === 'cancelled') throw new FiloError(PaymentErrors.PAYMENT_SUBSCRIPTION_CLOSED);
    const now = this.#clock.now().toISOString();
    switch (change.action) {
      case 'amount': {
        if (
          !Number.isSafeInteger(change.amountMinor) ||
          change.amountMinor < MIN_GIFT_MINOR ||
          change.amountMinor > MAX_GIFT_MINOR
        ) {
          throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
            message: `The amount must be between ${MIN_GIFT_MINOR} and ${MAX_GIFT_MINOR} minor units`,
          });
        }
        const campaign = row.campaign_id
          ? (await this.#campaigns.list()).find((c) => c.id === row.campaign_id)
          : undefined;
        await this.#provider.changeSubscription(row.provider_subscription_id, {
          kind: 'amount',
          amountMinor: change.amountMinor,
          currency: row.currency,
          description: campaign?.name ?? 'Donation',
        });
        await this.#store.db
          .updateTable('payment_subscriptions')
          .set({ amount_minor: change.amountMinor, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        break;
      }
      case 'pause':
      case 'resume':
        await this.#provider.changeSubscription(row.provider_subscription_id, { kind: change.action });
        await this.#store.db
          .updateTable('payment_subscriptions')
          .set({ status: change.action === 'pause' ? 'paused' : 'active', updated_at: now })
          .where('id', '=', row.id)
          .execute();
        break;
      case 'cancel':
        // The provider confirms with customer.subscription.deleted, which sends the goodbye notice.
        await this.#provider.changeSubscription(row.provider_subscription_id, { kind: 'cancel' });
        break;
    }
    return this.recurringGift(token);
  }

  // ---- webhook ingestion ------------------------------------------------------------------------------

  /**
   * Verifies the signature, checks the event completely, stores it once by its id (group-committed with
   * the deliveries arriving meanwhile) and triggers its processing. Resolves only once the event is
   * durable. Nothing is stored when any check fails; a repeat delivery stores nothing new.
   */
  async ingest(
    rawBody: Buffer,
    signature: string | undefined,
  ): Promise<{ eventId: string; status: 'accepted' | 'duplicate' | 'ignored' }> {
    const verified = this.#provider.verifyWebhook(rawBody, signature);
    const parsed = parseStripeEvent(verified);
    if (!parsed.event) return { eventId: parsed.id, status: 'ignored' };
    const provider = this.#provider.kind;
    const stored = await this.#writer.write({
      id: `${provider}:${parsed.id}`,
      provider,
      eventId: parsed.id,
      type: parsed.type,
      payload: rawBody.toString('utf8'),
      livemode: parsed.livemode,
      receivedAt: this.#clock.now().toISOString(),
    });
    return { eventId: parsed.id, status: stored.fresh ? 'accepted' : 'duplicate' };
  }

  /** Resolves when every delivery answered so far is stored (and its processing triggered). */
  async settle(): Promise<void> {
    await this.#writer.idle();
  }

  async #enqueueEvent(id: string, delayMs = 0): Promise<void> {
    await this.#queue.enqueue(
      PROCESS_EVENT_JOB,
      { id },
      { jobId: `payments.event.${id.replace(':', '.')}`, maxAttempts: 12, backoffMs: 2_000, delayMs },
    );
  }

  /** Re-enqueues events stored but not processed for a while (safety net for a lost enqueue). */
  async sweep(olderThanMs = 60_000): Promise<number> {
    const before = new Date(this.#clock.now().getTime() - olderThanMs).toISOString();
    const rows = await this.#store.db
      .selectFrom('payment_events')
      .select('id')
      .where('processed_at', 'is', null)
      .where('received_at', '<', before)
      .limit(500)
      .execute();
    for (const row of rows) await this.#enqueueEvent(row.id);
    return rows.length;
  }

  // ---- processing -------------------------------------------------------------------------------------

  /** The job: applies one stored event. Safe to run again after a crash at any point. */
  async processEvent(id: string): Promise<string> {
    const row = await this.#store.db
      .selectFrom('payment_events')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new PermanentJobError(`No stored payment event ${id}`);
    if (row.processed_at !== null) return row.outcome ?? 'done';
    const parsed = parseStripeEvent(JSON.parse(row.payload));
    if (!parsed.event) throw new PermanentJobError(`Event type ${row.type} is not handled`);
    let outcome: string;
    try {
      outcome = await this.#apply(parsed.event, parsed.id, new Date(parsed.created * 1000).toISOString());
    } catch (error) {
      // Invalid data will not become valid: stop retrying, keep it for a person to look at.
      if (
        isFiloError(error) &&
        (error.code === 'DONATION_INVALID' ||
          error.code === 'DONATION_CONFLICT' ||
          error.code === 'PAYMENT_AMOUNT_INVALID')
      ) {
        throw new PermanentJobError(`${error.code}: ${error.message}`, { cause: error });
      }
      throw error;
    }
    await this.#store.db
      .updateTable('payment_events')
      .set({ processed_at: this.#clock.now().toISOString(), outcome })
      .where('id', '=', id)
      .where('processed_at', 'is', null)
      .execute();
    return outcome;
  }

  /**
   * The batch job: applies stored events in the order given (commit order), PROCESS_CHUNK at a time.
   * The payments of a chunk are prepared one by one (provider look-ups, donor found or added), then
   * recorded in ONE ledger transaction that also writes their payment records, completes their
   * checkouts and marks every batched event processed — all of it or none. The other kinds (refunds,
   * disputes, subscription changes) follow one by one, after the payments they may need. An event that
   * fails here goes to its own retrying job. Safe to run again after a crash at any point.
   */
  async processEvents(
    ids: readonly string[],
    completeJobWithin?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    for (let i = 0; i < ids.length; i += PROCESS_CHUNK) {
      // Between chunks the webhook's writes get the database.
      if (i > 0) await nextTurn();
      const last = i + PROCESS_CHUNK >= ids.length;
      await this.#processChunk(ids.slice(i, i + PROCESS_CHUNK), last ? completeJobWithin : undefined);
    }
  }

  /**
   * `completeJobWithin`: the batch job's own completion, written in the chunk's ledger transaction when
   * that transaction finishes the job (nothing left to apply one by one afterwards).
   */
  async #processChunk(
    ids: readonly string[],
    completeJobWithin?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    const order = new Map(ids.map((id, i) => [id, i]));
    const rows = (
      await this.#store.db
        .selectFrom('payment_events')
        .select(['id', 'payload'])
        .where('id', 'in', [...order.keys()])
        .where('processed_at', 'is', null)
        .execute()
    ).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const batched: Array<{ id: string; outcome: string; payment: PreparedPayment | undefined }> = [];
    const oneByOne: string[] = [];
    const events = rows.map((row) => ({ id: row.id, parsed: parseStripeEvent(JSON.parse(row.payload)) }));
    const lookups = this.#prefetch(events.map((e) => e.parsed.event));
    const newDonors = new Map<string, PreparedContact>();
    for (const { id, parsed } of events) {
      if (!parsed.event || !BATCHED_KINDS.has(parsed.event.kind)) {
        oneByOne.push(id);
        continue;
      }
      const collect: BatchCollector = { payments: [], newDonors };
      try {
        const outcome = await this.#apply(
          parsed.event,
          parsed.id,
          new Date(parsed.created * 1000).toISOString(),
          collect,
          lookups,
        );
        batched.push({ id, outcome, payment: collect.payments[0] });
      } catch {
        oneByOne.push(id);
      }
    }
    if (batched.length > 0) {
      try {
        await this.#commitBatch(batched, newDonors, oneByOne.length === 0 ? completeJobWithin : undefined);
      } catch (error) {
        // One bad gift rolls the shared transaction back: each event then goes on its own.
        this.#logger.warn(
          { code: isFiloError(error) ? error.code : 'unknown', events: batched.length },
          'a batch of payment events fell back to one by one',
        );
        oneByOne.unshift(...batched.map((b) => b.id));
      }
    }
    for (const id of oneByOne) {
      try {
        await this.processEvent(id);
      } catch {
        // Its own job retries it with back-off (and dead-letters what will never apply).
        await this.#enqueueEvent(id, 1_000);
      }
    }
  }

  /**
   * Starts the chunk's provider look-ups (a network call each, in production) side by side, a few at a
   * time, so that preparing the chunk — which stays sequential, as finding or adding donors must be —
   * waits for the slowest of them rather than for their sum. A failed look-up fails only its event.
   */
  #prefetch(events: ReadonlyArray<PaymentEvent | undefined>): Lookups {
    const payments = new Map<string, Promise<PaymentFacts>>();
    const invoices = new Map<string, Promise<PaymentFacts>>();
    let running = 0;
    const waiting: Array<() => void> = [];
    const limited = (call: () => Promise<PaymentFacts>): Promise<PaymentFacts> => {
      const run = async () => {
        running += 1;
        try {
          return await call();
        } finally {
          running -= 1;
          waiting.shift()?.();
        }
      };
      if (running < LOOKUPS_AT_ONCE) return run();
      return new Promise<void>((resolve) => waiting.push(resolve)).then(run);
    };
    const start = (
      map: Map<string, Promise<PaymentFacts>>,
      id: string,
      call: () => Promise<PaymentFacts>,
    ) => {
      if (map.has(id)) return;
      const promise = limited(call);
      // Awaited (and its failure met) by #apply; this only keeps an unused failure from going unhandled.
      promise.catch(() => undefined);
      map.set(id, promise);
    };
    for (const e of events) {
      if (!e) continue;
      if (e.kind === 'payment.succeeded' && !e.invoiceId)
        start(payments, e.paymentIntentId, () => this.#provider.paymentFacts(e.paymentIntentId));
      else if (e.kind === 'checkout.completed' && e.paid && e.mode === 'payment' && e.paymentIntentId) {
        const pi = e.paymentIntentId;
        start(payments, pi, () => this.#provider.paymentFacts(pi));
      } else if (e.kind === 'checkout.completed' && e.paid && e.mode === 'subscription' && e.invoiceId) {
        const inv = e.invoiceId;
        start(invoices, inv, () => this.#provider.invoicePaymentFacts(inv));
      } else if (e.kind === 'invoice.paid' && e.amountPaidMinor !== 0)
        start(invoices, e.invoiceId, () => this.#provider.invoicePaymentFacts(e.invoiceId));
    }
    return {
      paymentFacts: (id) => payments.get(id) ?? this.#provider.paymentFacts(id),
      invoicePaymentFacts: (id) => invoices.get(id) ?? this.#provider.invoicePaymentFacts(id),
    };
  }

  async #commitBatch(
    batched: Array<{ id: string; outcome: string; payment: PreparedPayment | undefined }>,
    newDonors: ReadonlyMap<string, PreparedContact>,
    completeJobWithin?: (trx: Transaction<Database>) => Promise<void>,
  ): Promise<void> {
    const payments = batched.filter(
      (b): b is { id: string; outcome: string; payment: PreparedPayment } => b.payment !== undefined,
    );
    const donorIds = new Set(payments.map((b) => b.payment.contactId));
    const donors = [...new Set(newDonors.values())].filter((c) => donorIds.has(c.id));
    await this.#ledger.recordDonations(
      payments.map((b) => b.payment.donation),
      async (trx, results) => {
        const now = this.#clock.now().toISOString();
        const records = payments.map((b, i) => {
          const r = results[i]!;
          b.outcome = r.created ? 'recorded' : 'duplicate';
          return this.#recordRow(b.payment, r.donationId, now);
        });
        await insertMany(trx, 'payment_records', records, {
          onConflictDoNothing: ['provider', 'payment_key'],
        });
        for (const { payment: p } of payments) {
          if (p.checkout && p.checkout.status === 'open')
            await this.#completeCheckoutIn(trx, p.checkout, p.contactId, now);
        }
        const byOutcome = new Map<string, string[]>();
        for (const b of batched) {
          const list = byOutcome.get(b.outcome) ?? [];
          list.push(b.id);
          byOutcome.set(b.outcome, list);
        }
        for (const [outcome, eventIds] of byOutcome) {
          for (let i = 0; i < eventIds.length; i += 200) {
            await trx
              .updateTable('payment_events')
              .set({ processed_at: now, outcome })
              .where('id', 'in', eventIds.slice(i, i + 200))
              .where('processed_at', 'is', null)
              .execute();
          }
        }
        if (completeJobWithin) await completeJobWithin(trx);
      },
      (trx) => this.#contacts.insertPrepared(trx, donors),
    );
  }

  async #apply(
    event: PaymentEvent,
    eventId: string,
    occurredAt: string,
    collect?: BatchCollector,
    lookups: Lookups = this.#provider,
  ): Promise<string> {
    switch (event.kind) {
      case 'checkout.completed': {
        const checkoutId = event.metadata.filo_checkout ?? (await this.#checkoutBySession(event.sessionId));
        if (event.mode === 'setup') return 'ignored:setup';
        if (event.mode === 'subscription') {
          if (!event.invoiceId || !event.subscriptionId) return 'ignored:no-invoice';
          await this.#ensureSubscription(event.subscriptionId, checkoutId, event.donor);
          if (!event.paid) return 'pending';
          const facts = await lookups.invoicePaymentFacts(event.invoiceId);
          return this.#recordPayment(
            {
              key: event.invoiceId,
              facts,
              checkoutId,
              subscriptionId: event.subscriptionId,
              donor: event.donor,
              eventId,
            },
            collect,
          );
        }
        if (!event.paid || !event.paymentIntentId) return 'pending';
        const facts = await lookups.paymentFacts(event.paymentIntentId);
        return this.#recordPayment(
          {
            key: event.paymentIntentId,
            facts,
            checkoutId,
            subscriptionId: null,
            donor: event.donor,
            eventId,
          },
          collect,
        );
      }
      case 'payment.succeeded': {
        if (event.invoiceId) return 'skipped:invoice-payment';
        const facts = await lookups.paymentFacts(event.paymentIntentId);
        // An invoice's payment is recorded by the invoice's own event, which carries the subscription.
        if (facts.invoiceId) return 'skipped:invoice-payment';
        const checkoutId = event.metadata.filo_checkout ?? facts.metadata.filo_checkout ?? null;
        return this.#recordPayment(
          {
            key: event.paymentIntentId,
            facts,
            checkoutId,
            subscriptionId: null,
            donor: event.donor,
            eventId,
          },
          collect,
        );
      }
      case 'invoice.paid': {
        if (event.amountPaidMinor === 0) return 'ignored:zero-invoice';
        const sub = event.subscriptionId
          ? await this.#store.db
              .selectFrom('payment_subscriptions')
              .select(['checkout_id'])
              .where('provider', '=', this.#provider.kind)
              .where('provider_subscription_id', '=', event.subscriptionId)
              .executeTakeFirst()
          : undefined;
        const checkoutId = event.metadata.filo_checkout ?? sub?.checkout_id ?? null;
        if (event.subscriptionId)
          await this.#ensureSubscription(event.subscriptionId, checkoutId, event.donor);
        const facts = await lookups.invoicePaymentFacts(event.invoiceId);
        return this.#recordPayment(
          {
            key: event.invoiceId,
            facts,
            checkoutId,
            subscriptionId: event.subscriptionId,
            donor: event.donor,
            eventId,
          },
          collect,
        );
      }
      case 'invoice.failed': {
        const sub = event.subscriptionId ? await this.#subscriptionRow(event.subscriptionId) : undefined;
        if (sub)
          await this.#store.db
            .updateTable('payment_subscriptions')
            .set({ status: 'past_due', updated_at: this.#clock.now().toISOString() })
            .where('id', '=', sub.id)
            .execute();
        const manageUrl = sub ? await this.manageUrl(sub.id) : null;
        await this.#notify(`failed:${eventId}`, {
          kind: 'payment.failed',
          contactId: sub?.contact_id ?? null,
          language: await this.#languageOf(sub?.contact_id ?? null),
          subscriptionId: sub?.id ?? null,
          invoiceId: event.invoiceId,
          amountMinor: event.amountDueMinor,
          currency: event.currency,
          attempt: event.attemptCount,
          nextAttemptAt: event.nextAttemptAt,
          manageUrl,
        });
        return 'notified:payment-failed';
      }
      case 'charge.refunded': {
        const record = await this.#recordFor(event.chargeId, event.paymentIntentId);
        const refunds = event.refunds ?? (await this.#provider.listRefunds(event.chargeId));
        let applied = 0;
        for (const r of refunds) {
          if (r.status !== 'succeeded' && r.status !== 'pending') continue;
          if (await this.#reverse(record.donation_id, r.id, r.amountMinor, 'refund', occurredAt))
            applied += 1;
        }
        return `refunds:${applied}`;
      }
      case 'dispute.created': {
        const record = await this.#recordFor(event.chargeId, event.paymentIntentId);
        const done = await this.#reverse(
          record.donation_id,
          event.disputeId,
          event.amountMinor,
          `dispute: ${event.reason}`,
          occurredAt,
        );
        return done ? 'dispute:reversed' : 'dispute:nothing-left';
      }
      case 'subscription.deleted': {
        const sub = await this.#subscriptionRow(event.subscriptionId);
        if (!sub) return 'ignored:unknown-subscription';
        if (sub.status === 'cancelled') return 'duplicate';
        await this.#store.db
          .updateTable('payment_subscriptions')
          .set({ status: 'cancelled', updated_at: this.#clock.now().toISOString() })
          .where('id', '=', sub.id)
          .execute();
        await this.#notify(`cancelled:${sub.id}`, {
          kind: 'subscription.cancelled',
          contactId: sub.contact_id,
          language: await this.#languageOf(sub.contact_id),
          subscriptionId: sub.id,
          amountMinor: Number(sub.amount_minor),
          currency: sub.currency,
        });
        return 'cancelled';
      }
    }
  }

  async #checkoutBySession(sessionId: string): Promise<string | null> {
    const row = await this.#store.db
      .selectFrom('payment_checkouts')
      .select('id')
      .where('provider', '=', this.#provider.kind)
      .where('provider_session_id', '=', sessionId)
      .executeTakeFirst();
    return row?.id ?? null;
  }

  async #subscriptionRow(providerSubscriptionId: string) {
    return this.#store.db
      .selectFrom('payment_subscriptions')
      .selectAll()
      .where('provider', '=', this.#provider.kind)
      .where('provider_subscription_id', '=', providerSubscriptionId)
      .executeTakeFirst();
  }

  async #recordFor(chargeId: string, paymentIntentId: string | null) {
    const provider = this.#provider.kind;
    const byCharge = await this.#store.db
      .selectFrom('payment_records')
      .select('donation_id')
      .where('provider', '=', provider)
      .where('charge_id', '=', chargeId)
      .executeTakeFirst();
    const record =
      byCharge ??
      (paymentIntentId
        ? await this.#store.db
            .selectFrom('payment_records')
            .select('donation_id')
            .where('provider', '=', provider)
            .where('payment_intent_id', '=', paymentIntentId)
            .executeTakeFirst()
        : undefined);
    // The payment's own event has not been processed yet (out of order): retry later.
    if (!record)
      throw new FiloError(PaymentErrors.PAYMENT_NOT_YET_RECORDED, {
        message: `No recorded payment for charge ${chargeId}`,
      });
    return record;
  }

  /** A refund or a dispute: a reversing ledger entry, once per provider id, never more than is left. */
  async #reverse(
    donationId: string,
    providerRefundId: string,
    amountMinor: number,
    reason: string,
    at: string,
  ): Promise<boolean> {
    const donation = await this.#ledger.getDonation(donationId);
    const seen = await this.#store.db
      .selectFrom('donation_refunds')
      .select('id')
      .where('donation_id', '=', donationId)
      .where('provider_refund_id', '=', providerRefundId)
      .executeTakeFirst();
    if (seen) return false;
    const left = donation.grossMinor - donation.refundedMinor;
    const amount = Math.min(amountMinor, left);
    if (amount <= 0) return false;
    const { created } = await this.#ledger.refundDonation(donationId, {
      amountMinor: amount,
      providerRefundId,
      reason,
      refundedAt: at,
    });
    return created;
  }

  async #ensureSubscription(
    providerSubscriptionId: string,
    checkoutId: string | null,
    donor: Donor,
  ): Promise<void> {
    const existing = await this.#subscriptionRow(providerSubscriptionId);
    if (existing) {
      if (!existing.checkout_id && checkoutId)
        await this.#store.db
          .updateTable('payment_subscriptions')
          .set({ checkout_id: checkoutId })
          .where('id', '=', existing.id)
          .execute();
      return;
    }
    const checkout = checkoutId
      ? await this.#store.db
          .selectFrom('payment_checkouts')
          .selectAll()
          .where('id', '=', checkoutId)
          .executeTakeFirst()
      : undefined;
    const contactId = await this.#donorContact(checkout, donor);
    const now = this.#clock.now().toISOString();
    const rowId = newId('rgf');
    await this.#store.db
      .insertInto('payment_subscriptions')
      .values({
        id: rowId,
        provider: this.#provider.kind,
        provider_subscription_id: providerSubscriptionId,
        checkout_id: checkout?.id ?? null,
        contact_id: contactId,
        campaign_id: checkout?.campaign_id ?? null,
        amount_minor: checkout ? Number(checkout.amount_minor) : 0,
        currency: checkout?.currency ?? (await this.#organisation.get()).currency,
        status: 'active',
        // The self-service link carries an HMAC of the row id; only the link's hash is kept.
        manage_token_hash: sha256(await this.#manageToken(rowId)),
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['provider', 'provider_subscription_id']).doNothing())
      .execute();
  }

  /** Finds the donor by e-mail (then phone), or adds them; null when the payment names nobody usable. */
  /**
   * The donor: the checkout's, or the oldest live supporter with this e-mail or phone, or a new one. In a
   * batch (`newDonors` given) a new donor is only prepared, to be inserted with the batch's gifts, and a
   * second gift of theirs in the same batch finds them there.
   */
  async #donorContact(
    checkout:
      | {
          contact_id: string | null;
          email: string | null;
          phone: string | null;
          donor_name: string | null;
          language: string;
          preferred_channel: string | null;
        }
      | undefined,
    donor: Donor,
    newDonors?: Map<string, PreparedContact>,
  ): Promise<string | null> {
    if (checkout?.contact_id) return checkout.contact_id;
    const email = (checkout?.email ?? donor.email)?.trim().toLowerCase() || null;
    const phone = (checkout?.phone ?? donor.phone)?.replace(/[\s().-]/g, '') || null;
    const validEmail = email !== null && EMAIL.test(email) ? email : null;
    const validPhone = phone !== null && E164.test(phone) ? phone : null;
    if (!validEmail && !validPhone) return null;
    const keys = [validEmail ? `e:${validEmail}` : null, validPhone ? `p:${validPhone}` : null].filter(
      (k): k is string => k !== null,
    );
    for (const key of keys) {
      const met = newDonors?.get(key);
      if (met) return met.id;
    }
    const found =
      (validEmail ? await this.#contacts.findByEmail(validEmail) : null) ??
      (validPhone ? await this.#contacts.findByPhone(validPhone) : null);
    if (found) return found.id;
    const language = checkout?.language ?? (await this.#organisation.get()).language;
    const chosen = checkout?.preferred_channel;
    const preferredChannel: PreferredChannel | null =
      (chosen === 'email' || chosen === 'whatsapp') &&
      reachableOn(chosen, { email: validEmail, phone: validPhone })
        ? chosen
        : null;
    const input = {
      displayName: checkout?.donor_name ?? donor.name,
      email: validEmail,
      phone: validPhone,
      language: ['it', 'en', 'de', 'es', 'fr'].includes(language) ? language : 'it',
      preferredChannel,
    };
    if (newDonors) {
      const prepared = this.#contacts.prepare(input);
      for (const key of keys) newDonors.set(key, prepared);
      return prepared.id;
    }
    return (await this.#contacts.create(input)).id;
  }

  async #recordPayment(
    p: {
      key: string;
      facts: PaymentFacts;
      checkoutId: string | null;
      subscriptionId: string | null;
      donor: Donor;
      eventId: string;
    },
    collect?: BatchCollector,
  ): Promise<string> {
    const prepared = await this.#preparePayment(p, collect?.newDonors);
    // In a batch the caller records it, with the others, in one ledger transaction.
    if (collect) {
      collect.payments.push(prepared);
      return 'prepared';
    }
    const { donation, created } = await this.#ledger.recordDonation(prepared.donation);
    const now = this.#clock.now().toISOString();
    await this.#store.db
      .insertInto('payment_records')
      .values(this.#recordRow(prepared, donation.id, now))
      .onConflict((oc) => oc.columns(['provider', 'payment_key']).doNothing())
      .execute();
    const { checkout } = prepared;
    if (checkout && checkout.status === 'open')
      await this.#store.db
        .transaction()
        .execute((trx) => this.#completeCheckoutIn(trx, checkout, prepared.contactId, now));
    // The thank-you itself is the donor journeys' (src/campaigns): they follow the ledger's
    // donation.received, so gifts from every source are thanked once, the same way.
    return created ? 'recorded' : 'duplicate';
  }

  /** Reads what recording the payment needs and finds (or adds) the donor; writes nothing of the gift. */
  async #preparePayment(
    p: {
      key: string;
      facts: PaymentFacts;
      checkoutId: string | null;
      subscriptionId: string | null;
      donor: Donor;
      eventId: string;
    },
    newDonors?: Map<string, PreparedContact>,
  ): Promise<PreparedPayment> {
    const provider = this.#provider.kind;
    const checkout = p.checkoutId
      ? await this.#store.db
          .selectFrom('payment_checkouts')
          .selectAll()
          .where('id', '=', p.checkoutId)
          .executeTakeFirst()
      : undefined;
    const sub = p.subscriptionId ? await this.#subscriptionRow(p.subscriptionId) : undefined;
    const donor: Donor = {
      email: p.donor.email ?? p.facts.email,
      name: p.donor.name ?? p.facts.name,
      phone: p.donor.phone,
    };
    const contactId = sub?.contact_id ?? (await this.#donorContact(checkout, donor, newDonors));
    const campaignId = checkout?.campaign_id ?? sub?.campaign_id ?? null;
    // Without Filo's metadata (a Stripe payment link, the dashboard) the gift is unrestricted.
    return {
      donation: {
        grossMinor: p.facts.grossMinor,
        feeMinor: p.facts.feeMinor,
        currency: p.facts.currency,
        receivedAt: p.facts.paidAt,
        campaignId,
        contactId,
        provider,
        providerPaymentId: p.key,
        providerEventId: p.eventId,
      },
      key: p.key,
      facts: p.facts,
      subscriptionId: p.subscriptionId,
      checkout,
      contactId,
    };
  }

  #recordRow(p: PreparedPayment, donationId: string, now: string) {
    return {
      id: newId('prc'),
      provider: this.#provider.kind,
      payment_key: p.key,
      payment_intent_id: p.facts.paymentIntentId,
      charge_id: p.facts.chargeId,
      invoice_id: p.facts.invoiceId,
      subscription_id: p.subscriptionId,
      checkout_id: p.checkout?.id ?? null,
      donation_id: donationId,
      created_at: now,
    };
  }

  /** Marks the checkout completed and stores its consents — once, whoever gets there first. */
  /**
   * Marks the checkout completed and, once only, gives its donor what they chose on the form: the
   * consents they ticked (with the wording shown) and the channel they want to hear from us on.
   */
  async #completeCheckoutIn(
    trx: Kysely<Database>,
    checkout: Pick<CheckoutRow, 'id' | 'consents' | 'preferred_channel'>,
    contactId: string | null,
    now: string,
  ): Promise<void> {
    const checkoutId = checkout.id;
    const consents = JSON.parse(checkout.consents) as StoredConsent[];
    const result = await trx
      .updateTable('payment_checkouts')
      .set({ status: 'completed', completed_at: now, contact_id: contactId })
      .where('id', '=', checkoutId)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0 || !contactId) return;
    for (const c of consents) {
      await trx
        .insertInto('consents')
        .values({
          id: newId('cst'),
          contact_id: contactId,
          channel: c.channel,
          purpose: c.purpose,
          status: 'granted',
          source: 'donation-form',
          wording_version: c.version,
          wording: c.wording,
          proof: JSON.stringify({ checkoutId }),
          recorded_at: now,
        })
        .execute();
    }
    const chosen = checkout.preferred_channel;
    if (chosen === 'whatsapp' || chosen === 'email')
      await this.#contacts.setPreferredChannelWithin(trx, contactId, chosen);
  }

  async #languageOf(contactId: string | null): Promise<string> {
    if (contactId) {
      const row = await this.#store.db
        .selectFrom('contacts')
        .select('language')
        .where('id', '=', contactId)
        .executeTakeFirst();
      if (row) return row.language;
    }
    return (await this.#organisation.get()).language;
  }

  async #notify(jobId: string, payload: NotifyPayload): Promise<void> {
    await this.#queue.enqueue(NOTIFY_JOB, payload, { jobId: `${NOTIFY_JOB}.${jobId.replace(/:/g, '.')}` });
  }

  /** The event types this module subscribes to at the provider. */
  static readonly eventTypes = HANDLED_EVENT_TYPES;
}
