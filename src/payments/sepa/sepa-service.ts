import { createHash, createHmac } from 'node:crypto';
import type { CampaignsService } from '../../campaigns';
import {
  reachableOn,
  type Channel,
  type ContactsService,
  type PreferredChannel,
  type Purpose,
} from '../../contacts';
import { FiloError, isFiloError, newId, newToken, systemClock, type Clock } from '../../core';
import type { JobQueue } from '../../jobs';
import type { LedgerService } from '../../ledger';
import type { OrganisationService } from '../../organisation';
import type { Database, Kysely, Store } from '../../store';
import {
  CONSENT_VERSION,
  MAX_GIFT_MINOR,
  MIN_GIFT_MINOR,
  NOTIFY_JOB,
  NEEDS_ADDRESS,
  PaymentErrors,
  currentConsents,
  type NotifyPayload,
  type RecurringGiftChange,
  type RecurringGiftView,
} from '..';
import type { ClaimableEntry } from '../reconciliation';
import {
  addDays,
  addMonths,
  addTargetDays,
  collectionDate,
  firstCollectionFrom,
  isPeriod,
  isoDate,
  shiftMonths,
  type CollectionDate,
} from './calendar';
import { SepaErrors } from './errors';
import {
  EEA_COUNTRIES,
  NON_EEA_SEPA_COUNTRIES,
  checkBic,
  checkIban,
  creditorIdFor,
  isSepaCountry,
  maskIban,
  needsAddressAndBic,
} from './iban';
import { MANDATE_TEXT_VERSION, mandateLanguage, mandateText } from './mandate-text';
import {
  buildPain008,
  type Pain008Group,
  type Pain008Transaction,
  type PostalAddress,
  type SequenceType,
} from './pain008';
import { parsePain002 } from './pain002';
import { reasonInText, returnReason, RETURN_REASONS, type ReturnReason } from './return-codes';
import { newEndToEndId, newMandateReference, newMessageId, sepaText } from './sepa-text';
import {
  DEFAULT_SETTINGS,
  LEAD_BUSINESS_DAYS,
  isComplete,
  validateSettings,
  type SepaSettings,
  type SettingsField,
} from './settings';

// SEPA Direct Debit: mandates signed on the donation page (every field the rulebook asks for, the
// wording as shown), monthly collections gathered into batches — one pain.008 file each, one
// collection per mandate and month however often a batch is made — settlement into the ledger
// exactly once per collection (the ledger is idempotent by provider 'sepa-dd' and the EndToEndId),
// returns that reverse a settled gift, end or keep the mandate by their reason code and tell the
// donor, the donor's self-service link, and the expiry of mandates unused for 36 months.

/** The ledger's provider for direct debits (receipts read it as a traceable direct debit). */
export const SEPA_PROVIDER = 'sepa-dd';
export const COLLECT_JOB = 'sepa.collect';
export const NOTICE_JOB = 'sepa.notice';
/** A mandate with no collection presented for this many months has expired (EPC SEPA Core rulebook). */
export const EXPIRY_MONTHS = 36;

export type MandateStatus = 'active' | 'paused' | 'cancelled' | 'expired';
export type CollectionStatus = 'pending' | 'settled' | 'failed' | 'withdrawn';
export type BatchStatus = 'open' | 'settled';

export interface MandateInput {
  readonly campaign: string;
  readonly amountMinor: number;
  readonly currency?: string | undefined;
  readonly name: string;
  readonly email?: string | null | undefined;
  readonly phone?: string | null | undefined;
  readonly language?: string | undefined;
  readonly iban: string;
  readonly bic?: string | null | undefined;
  readonly address?: PostalAddress | null | undefined;
  readonly dayOfMonth: number;
  /** How the donor wants to hear from us; needs the matching address. */
  readonly preferredChannel?: PreferredChannel | null | undefined;
  readonly authorisation: { readonly accepted: boolean; readonly version: string };
  readonly consents?:
    | ReadonlyArray<{
        readonly channel: string;
        readonly purpose?: string | undefined;
        readonly version: string;
      }>
    | undefined;
}

/** How the mandate was signed: kept with it as evidence. */
export interface Signing {
  readonly channel: 'web' | 'demo';
  readonly ip: string | null;
  readonly userAgent: string | null;
}

export interface MandateForm {
  readonly available: boolean;
  readonly creditorName: string | null;
  readonly creditorId: string | null;
  readonly version: string;
  readonly language: string;
  readonly text: string | null;
  readonly prenotificationDays: number;
  readonly collectionDays: readonly number[];
  /** The first collection for each day offered, if the mandate were signed today. */
  readonly firstCollections: ReadonlyArray<{ readonly day: number; readonly date: string }>;
  readonly sepaCountries: readonly string[];
  /** SEPA countries whose accounts need the holder's address and the BIC. */
  readonly addressCountries: readonly string[];
}

export interface MandateConfirmation {
  readonly reference: string;
  readonly status: MandateStatus;
  readonly creditorName: string;
  readonly creditorId: string;
  readonly debtorName: string;
  readonly ibanMasked: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly dayOfMonth: number;
  readonly firstCollectionDate: string;
  readonly prenotificationDays: number;
  readonly campaign: { readonly slug: string; readonly name: string } | null;
  readonly signedAt: string;
  readonly wordingVersion: string;
  readonly manageUrl: string;
}

export interface Mandate {
  readonly id: string;
  readonly reference: string;
  readonly status: MandateStatus;
  readonly statusReason: string | null;
  readonly contactId: string | null;
  readonly debtorName: string | null;
  readonly ibanMasked: string;
  readonly debtorCountry: string;
  readonly amountMinor: number;
  readonly nextAmountMinor: number | null;
  readonly nextAmountFrom: string | null;
  readonly currency: string;
  readonly dayOfMonth: number;
  readonly signedOn: string;
  readonly firstDueOn: string;
  readonly lastCollectionOn: string | null;
  readonly campaign: { readonly id: string; readonly name: string } | null;
  readonly createdAt: string;
}

export interface MandateDetail extends Mandate {
  readonly scheme: string;
  readonly creditorId: string;
  readonly creditorName: string;
  readonly debtorBic: string | null;
  readonly debtorAddress: PostalAddress | null;
  readonly signedAt: string;
  readonly signingChannel: string;
  readonly signingIp: string | null;
  readonly signingUserAgent: string | null;
  readonly wordingVersion: string;
  readonly wordingLanguage: string;
  readonly wording: string;
  readonly prenotificationDays: number;
  readonly collections: readonly Collection[];
}

export interface Collection {
  readonly id: string;
  readonly batchId: string;
  readonly mandateId: string;
  readonly mandateReference: string;
  readonly period: string;
  readonly endToEndId: string;
  readonly paymentInfoId: string;
  readonly sequence: SequenceType;
  readonly dueOn: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly debtorName: string | null;
  readonly ibanMasked: string;
  readonly status: CollectionStatus;
  readonly returnReason: string | null;
  readonly returnedOn: string | null;
  readonly donationId: string | null;
}

export interface Batch {
  readonly id: string;
  readonly messageId: string;
  readonly status: BatchStatus;
  readonly createdAt: string;
  readonly createdBy: string | null;
  readonly downloadedAt: string | null;
  readonly settledAt: string | null;
  /** What the file holds (withdrawn collections are left out of it). */
  readonly numberOfTransactions: number;
  readonly controlSumMinor: number;
  readonly currency: string;
  readonly firstDueOn: string | null;
  readonly counts: Readonly<Record<CollectionStatus, number>>;
}

/** What a pain.002 status report did to its file's collections. */
export interface StatusReportResult {
  readonly batchId: string;
  /** The MsgId of our pain.008 file, which the report answers. */
  readonly originalMessageId: string;
  readonly reportMessageId: string;
  /** Every collection the report rejects, with the reason applied. */
  readonly rejected: ReadonlyArray<{ readonly endToEndId: string; readonly reason: string }>;
  /** Rejected by this import; the others were already failed with the same reason. */
  readonly newlyRejected: number;
  readonly alreadyRejected: number;
  /** Transactions reported with another status (accepted, pending): nothing changes for them. */
  readonly accepted: number;
}

export interface BatchDetail extends Batch {
  readonly collections: readonly Collection[];
}

type Logger = { warn(obj: Record<string, unknown>, msg?: string): void };

/** Whoever sends the donor a message (the conversations module), looked up when a notice is due. */
export interface NoticeMessenger {
  sendToContact(
    contactId: string,
    message: { readonly text: string },
    options: {
      readonly purpose: 'service';
      readonly dedupeKey: string;
      readonly channel: 'email';
      readonly transactional: true;
    },
  ): Promise<unknown>;
}

type MandateRow = Database['sepa_mandates'];
type CollectionRow = Database['sepa_collections'];
type BatchRow = Database['sepa_batches'];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const LANGUAGES = ['it', 'en', 'de', 'es', 'fr'];
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const MANDATE_PREFIX = 'sdm_';

const REMITTANCE: Readonly<Record<'it' | 'en' | 'de', string>> = {
  it: 'Dono mensile',
  en: 'Monthly gift',
  de: 'Monatliche Spende',
};

function parseAddress(json: string | null): PostalAddress | null {
  return json ? (JSON.parse(json) as PostalAddress) : null;
}

export class SepaService {
  readonly #store: Store;
  readonly #ledger: Pick<LedgerService, 'recordDonation' | 'refundDonation'>;
  readonly #contacts: ContactsService;
  readonly #campaigns: CampaignsService;
  readonly #organisation: OrganisationService;
  readonly #queue: JobQueue;
  readonly #publicUrl: string;
  readonly #env: Partial<SepaSettings>;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #messenger: () => NoticeMessenger | undefined;

  constructor(deps: {
    store: Store;
    ledger: Pick<LedgerService, 'recordDonation' | 'refundDonation'>;
    contacts: ContactsService;
    campaigns: CampaignsService;
    organisation: OrganisationService;
    queue: JobQueue;
    publicUrl: string;
    envSettings?: Partial<SepaSettings> | undefined;
    clock?: Clock | undefined;
    logger: Logger;
    messenger?: (() => NoticeMessenger | undefined) | undefined;
  }) {
    this.#store = deps.store;
    this.#ledger = deps.ledger;
    this.#contacts = deps.contacts;
    this.#campaigns = deps.campaigns;
    this.#organisation = deps.organisation;
    this.#queue = deps.queue;
    this.#publicUrl = deps.publicUrl.replace(/\/+$/, '');
    this.#env = deps.envSettings ?? {};
    this.#clock = deps.clock ?? systemClock;
    this.#logger = deps.logger;
    this.#messenger = deps.messenger ?? (() => undefined);
  }

  #now(): string {
    return this.#clock.now().toISOString();
  }

  #today(): string {
    return isoDate(this.#clock.now());
  }

  // ---- settings -----------------------------------------------------------------------------------

  async settings(): Promise<{
    settings: SepaSettings;
    locked: SettingsField[];
    complete: boolean;
  }> {
    const row = await this.#store.db
      .selectFrom('sepa_settings')
      .select('value')
      .where('id', '=', 'creditor')
      .executeTakeFirst();
    const stored = row ? (JSON.parse(row.value) as Partial<SepaSettings>) : {};
    const settings = validateSettings({ ...DEFAULT_SETTINGS, ...stored, ...this.#env });
    return {
      settings,
      locked: Object.keys(this.#env) as SettingsField[],
      complete: isComplete(settings),
    };
  }

  async updateSettings(input: Partial<SepaSettings>): Promise<Awaited<ReturnType<SepaService['settings']>>> {
    for (const key of Object.keys(input) as SettingsField[]) {
      if (key in this.#env && input[key] !== undefined)
        throw new FiloError(SepaErrors.SEPA_SETTINGS_LOCKED, { details: { field: key } });
    }
    const current = await this.#store.db
      .selectFrom('sepa_settings')
      .select('value')
      .where('id', '=', 'creditor')
      .executeTakeFirst();
    const stored = current ? (JSON.parse(current.value) as Partial<SepaSettings>) : {};
    const merged = validateSettings({ ...DEFAULT_SETTINGS, ...stored, ...input });
    const value = JSON.stringify(merged);
    const now = this.#now();
    await this.#store.db
      .insertInto('sepa_settings')
      .values({ id: 'creditor', value, updated_at: now })
      .onConflict((oc) => oc.column('id').doUpdateSet({ value, updated_at: now }))
      .execute();
    return this.settings();
  }

  async #ready() {
    const { settings } = await this.settings();
    const organisation = await this.#organisation.get();
    if (!isComplete(settings) || organisation.currency !== 'EUR')
      throw new FiloError(SepaErrors.SEPA_NOT_AVAILABLE);
    return settings;
  }

  // ---- the donation page --------------------------------------------------------------------------

  async mandateForm(language: string): Promise<MandateForm> {
    const { settings, complete } = await this.settings();
    const organisation = await this.#organisation.find();
    const available = complete && organisation?.currency === 'EUR';
    const earliest = addDays(this.#today(), settings.prenotificationDays);
    return {
      available,
      creditorName: settings.creditorName,
      creditorId: settings.creditorId,
      version: MANDATE_TEXT_VERSION,
      language: mandateLanguage(language),
      text:
        available && settings.creditorName && settings.creditorId
          ? (mandateText(MANDATE_TEXT_VERSION, language, {
              creditorName: settings.creditorName,
              creditorId: settings.creditorId,
              days: settings.prenotificationDays,
            }) ?? null)
          : null,
      prenotificationDays: settings.prenotificationDays,
      collectionDays: settings.collectionDays,
      firstCollections: settings.collectionDays.map((day) => ({
        day,
        date: firstCollectionFrom(earliest, day).due,
      })),
      sepaCountries: [...EEA_COUNTRIES, ...NON_EEA_SEPA_COUNTRIES].sort(),
      addressCountries: [...NON_EEA_SEPA_COUNTRIES].sort(),
    };
  }

  /**
   * Checks everything first (nothing is stored when anything is wrong), then finds or adds the donor,
   * stores the mandate with the wording exactly as shown, and sends the pre-notification.
   */
  async createMandate(input: MandateInput, signing: Signing): Promise<MandateConfirmation> {
    const settings = await this.#ready();
    const campaign = await this.#openCampaign(input.campaign);
    if ((input.currency ?? 'EUR') !== 'EUR' || campaign.currency !== 'EUR')
      throw new FiloError(PaymentErrors.PAYMENT_CURRENCY_MISMATCH, {
        message: 'SEPA Direct Debit collects euros',
      });
    this.#checkAmount(input.amountMinor);
    const email = input.email?.trim().toLowerCase() || null;
    const phone = input.phone?.replace(/[\s().-]/g, '') || null;
    if (
      (email === null && phone === null) ||
      (email !== null && !EMAIL.test(email)) ||
      (phone !== null && !E164.test(phone))
    )
      throw new FiloError(PaymentErrors.PAYMENT_DONOR_INVALID);
    const preferredChannel = input.preferredChannel ?? null;
    if (preferredChannel !== null && !reachableOn(preferredChannel, { email, phone }))
      throw new FiloError(PaymentErrors.PAYMENT_DONOR_INVALID, { message: NEEDS_ADDRESS });
    const debtorName = sepaText(input.name, 71);
    if (!debtorName || debtorName.length > 70) throw new FiloError(SepaErrors.SEPA_NAME_INVALID);
    const iban = checkIban(input.iban);
    if (!iban.ok) throw new FiloError(SepaErrors.SEPA_IBAN_INVALID, { details: { problem: iban.problem } });
    if (!isSepaCountry(iban.country))
      throw new FiloError(SepaErrors.SEPA_IBAN_NOT_SEPA, { details: { country: iban.country } });
    let bic: string | null = null;
    if (input.bic?.trim()) {
      bic = checkBic(input.bic);
      if (!bic) throw new FiloError(SepaErrors.SEPA_BIC_INVALID);
    }
    const outside = needsAddressAndBic(iban.country);
    if (outside && !bic) throw new FiloError(SepaErrors.SEPA_BIC_REQUIRED);
    const address = this.#address(input.address, iban.country);
    if (outside && !address) throw new FiloError(SepaErrors.SEPA_ADDRESS_REQUIRED);
    if (!settings.collectionDays.includes(input.dayOfMonth)) throw new FiloError(SepaErrors.SEPA_DAY_INVALID);
    if (input.authorisation.accepted !== true) throw new FiloError(SepaErrors.SEPA_AUTHORISATION_MISSING);
    if (input.authorisation.version !== MANDATE_TEXT_VERSION)
      throw new FiloError(SepaErrors.SEPA_MANDATE_TEXT_CHANGED);
    const organisation = await this.#organisation.get();
    const language =
      input.language && LANGUAGES.includes(input.language) ? input.language : organisation.language;
    const consents = this.#consents(input.consents ?? [], language);
    const wording = mandateText(MANDATE_TEXT_VERSION, language, {
      creditorName: settings.creditorName,
      creditorId: settings.creditorId,
      days: settings.prenotificationDays,
    });
    if (wording === undefined) throw new FiloError(SepaErrors.SEPA_MANDATE_TEXT_CHANGED);

    // Everything checked: from here on the mandate is stored.
    const contactId = await this.#donor({
      name: input.name.trim(),
      email,
      phone,
      language,
      preferredChannel,
    });
    const today = this.#today();
    const first = firstCollectionFrom(addDays(today, settings.prenotificationDays), input.dayOfMonth);
    const row = await this.#insertMandate({
      contactId,
      campaignId: campaign.id,
      settings,
      debtorName,
      iban: iban.iban,
      country: iban.country,
      bic,
      address,
      signedOn: today,
      signedAt: this.#now(),
      signing,
      wording,
      wordingLanguage: mandateLanguage(language),
      amountMinor: input.amountMinor,
      dayOfMonth: input.dayOfMonth,
      firstDueOn: first.due,
      language,
    });
    for (const c of consents) {
      await this.#contacts.recordConsent(contactId, {
        channel: c.channel,
        purpose: c.purpose,
        granted: true,
        source: 'donation-form',
        wordingVersion: c.version,
        wording: c.wording,
        proof: { sepaMandate: row.reference },
      });
    }
    await this.#queue.enqueue(
      NOTICE_JOB,
      { mandateId: row.id, kind: 'mandate.confirmed' },
      { jobId: `${NOTICE_JOB}.confirmed.${row.id}` },
    );
    return {
      reference: row.reference,
      status: 'active',
      creditorName: settings.creditorName,
      creditorId: settings.creditorId,
      debtorName,
      ibanMasked: row.debtor_iban_masked,
      amountMinor: input.amountMinor,
      currency: 'EUR',
      dayOfMonth: input.dayOfMonth,
      firstCollectionDate: first.due,
      prenotificationDays: settings.prenotificationDays,
      campaign: { slug: campaign.slug, name: campaign.name },
      signedAt: row.signed_at,
      wordingVersion: MANDATE_TEXT_VERSION,
      manageUrl: await this.manageUrl(row.id),
    };
  }

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

  #checkAmount(amount: number): void {
    if (!Number.isSafeInteger(amount) || amount < MIN_GIFT_MINOR || amount > MAX_GIFT_MINOR)
      throw new FiloError(PaymentErrors.PAYMENT_AMOUNT_INVALID, {
        message: `The amount must be between ${MIN_GIFT_MINOR} and ${MAX_GIFT_MINOR} minor units`,
      });
  }

  /** The holder's address as the file carries it (street line; postcode and town line), or null. */
  #address(input: PostalAddress | null | undefined, ibanCountry: string): PostalAddress | null {
    if (!input) return null;
    const street = sepaText(input.street, 70);
    const town = sepaText(input.town, 60);
    const postcode = sepaText(input.postcode, 16);
    const country = (input.country || ibanCountry).toUpperCase();
    if (!street || !town || !/^[A-Z]{2}$/.test(country)) return null;
    return { street, postcode, town, country };
  }

  #consents(
    given: NonNullable<MandateInput['consents']>,
    language: string,
  ): Array<{ channel: Channel; purpose: Purpose; version: string; wording: string }> {
    const options = currentConsents(language);
    const out: Array<{ channel: Channel; purpose: Purpose; version: string; wording: string }> = [];
    for (const c of given) {
      const option = options.find((o) => o.channel === c.channel && o.purpose === (c.purpose ?? 'news'));
      if (c.version !== CONSENT_VERSION || !option)
        throw new FiloError(PaymentErrors.PAYMENT_CONSENT_VERSION_UNKNOWN);
      if (!out.some((x) => x.channel === option.channel && x.purpose === option.purpose))
        out.push({
          channel: option.channel,
          purpose: option.purpose,
          version: option.version,
          wording: option.wording,
        });
    }
    return out;
  }

  /** The oldest live supporter with this e-mail (then phone), or a new one; with the channel they chose. */
  async #donor(d: {
    name: string;
    email: string | null;
    phone: string | null;
    language: string;
    preferredChannel: PreferredChannel | null;
  }) {
    const found =
      (d.email ? await this.#contacts.findByEmail(d.email) : null) ??
      (d.phone ? await this.#contacts.findByPhone(d.phone) : null);
    if (found) {
      if (d.preferredChannel)
        await this.#contacts.setPreferredChannelWithin(this.#store.db, found.id, d.preferredChannel);
      return found.id;
    }
    const created = await this.#contacts.create({
      displayName: d.name || null,
      email: d.email,
      phone: d.phone,
      language: d.language,
      preferredChannel: d.preferredChannel,
    });
    return created.id;
  }

  async #insertMandate(m: {
    contactId: string | null;
    campaignId: string | null;
    settings: SepaSettings & { creditorId: string; creditorName: string };
    debtorName: string;
    iban: string;
    country: string;
    bic: string | null;
    address: PostalAddress | null;
    signedOn: string;
    signedAt: string;
    signing: Signing;
    wording: string;
    wordingLanguage: string;
    amountMinor: number;
    dayOfMonth: number;
    firstDueOn: string;
    language: string;
  }): Promise<MandateRow> {
    const id = newId(MANDATE_PREFIX.slice(0, -1));
    const now = this.#now();
    for (let attempt = 0; ; attempt++) {
      const row: MandateRow = {
        id,
        reference: newMandateReference(),
        contact_id: m.contactId,
        campaign_id: m.campaignId,
        scheme: 'CORE',
        creditor_id: m.settings.creditorId,
        creditor_name: m.settings.creditorName,
        debtor_name: m.debtorName,
        debtor_iban: m.iban,
        debtor_iban_masked: maskIban(m.iban),
        debtor_country: m.country,
        debtor_bic: m.bic,
        debtor_address: m.address ? JSON.stringify(m.address) : null,
        signed_on: m.signedOn,
        signed_at: m.signedAt,
        signing_channel: m.signing.channel,
        signing_ip: m.signing.ip,
        signing_user_agent: m.signing.userAgent?.slice(0, 500) ?? null,
        wording_version: MANDATE_TEXT_VERSION,
        wording_language: m.wordingLanguage,
        wording: m.wording,
        amount_minor: m.amountMinor,
        currency: 'EUR',
        next_amount_minor: null,
        next_amount_from: null,
        day_of_month: m.dayOfMonth,
        prenotification_days: m.settings.prenotificationDays,
        first_due_on: m.firstDueOn,
        last_collection_on: null,
        status: 'active',
        status_reason: null,
        language: m.language,
        manage_token_hash: sha256(await this.#manageToken(id)),
        created_at: now,
        updated_at: now,
        ended_at: null,
        erased_at: null,
      };
      const inserted = await this.#store.db
        .insertInto('sepa_mandates')
        .values(row)
        .onConflict((oc) => oc.column('reference').doNothing())
        .executeTakeFirst();
      // A reference already given (1 in 32^12): draw another.
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return row;
      if (attempt > 5) throw new Error('Could not draw a unique mandate reference');
    }
  }

  // ---- the donor's self-service link ------------------------------------------------------------

  #key: Buffer | undefined;

  async #manageKey(): Promise<Buffer> {
    if (this.#key) return this.#key;
    await this.#store.db
      .insertInto('sepa_settings')
      .values({ id: 'manage-key', value: JSON.stringify(newToken(256)), updated_at: this.#now() })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await this.#store.db
      .selectFrom('sepa_settings')
      .select('value')
      .where('id', '=', 'manage-key')
      .executeTakeFirstOrThrow();
    this.#key = Buffer.from(JSON.parse(row.value) as string, 'base64url');
    return this.#key;
  }

  async #manageToken(mandateId: string): Promise<string> {
    const mac = createHmac('sha256', await this.#manageKey())
      .update(mandateId)
      .digest('base64url');
    return `${mandateId}.${mac}`;
  }

  /** The same self-service page as a card gift's: change the amount, pause, resume, cancel. */
  async manageUrl(mandateId: string): Promise<string> {
    return `${this.#publicUrl}/donate/manage/${await this.#manageToken(mandateId)}`;
  }

  /** What the payments module's self-service routes hand over for SEPA links. */
  readonly recurringDelegate = {
    owns: (token: string): boolean => token.startsWith(MANDATE_PREFIX),
    recurringGift: (token: string) => this.recurringGift(token),
    changeRecurringGift: (token: string, change: RecurringGiftChange) =>
      this.changeRecurringGift(token, change),
  };

  async #mandateByToken(token: string): Promise<MandateRow> {
    const row = await this.#store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('manage_token_hash', '=', sha256(token))
      .executeTakeFirst();
    // The page knows the payments module's code for a link that is not (or no longer) valid.
    if (!row || row.erased_at) throw new FiloError(PaymentErrors.PAYMENT_SUBSCRIPTION_NOT_FOUND);
    return row;
  }

  async recurringGift(token: string): Promise<RecurringGiftView> {
    const row = await this.#mandateByToken(token);
    const campaign = row.campaign_id
      ? (await this.#campaigns.list()).find((c) => c.id === row.campaign_id)
      : undefined;
    let status: RecurringGiftView['status'];
    if (row.status === 'paused') status = 'paused';
    else if (row.status !== 'active') status = 'cancelled';
    else {
      const last = await this.#store.db
        .selectFrom('sepa_collections')
        .select('status')
        .where('mandate_id', '=', row.id)
        .where('status', '!=', 'withdrawn')
        .orderBy('due_on', 'desc')
        .executeTakeFirst();
      status = last?.status === 'failed' ? 'past_due' : 'active';
    }
    return {
      status,
      amountMinor: Number(row.next_amount_minor ?? row.amount_minor),
      currency: row.currency,
      campaign: campaign ? { slug: campaign.slug, name: campaign.name } : null,
      minMinor: MIN_GIFT_MINOR,
      maxMinor: MAX_GIFT_MINOR,
    };
  }

  async changeRecurringGift(token: string, change: RecurringGiftChange): Promise<RecurringGiftView> {
    const row = await this.#mandateByToken(token);
    if (row.status === 'cancelled' || row.status === 'expired')
      throw new FiloError(PaymentErrors.PAYMENT_SUBSCRIPTION_CLOSED);
    const now = this.#now();
    switch (change.action) {
      case 'amount': {
        this.#checkAmount(change.amountMinor);
        if (change.amountMinor === Number(row.next_amount_minor ?? row.amount_minor)) break;
        // A new amount is a new pre-notification: it applies to collections due once its period is over.
        const from = addDays(this.#today(), row.prenotification_days);
        await this.#store.db
          .updateTable('sepa_mandates')
          .set({ next_amount_minor: change.amountMinor, next_amount_from: from, updated_at: now })
          .where('id', '=', row.id)
          .execute();
        await this.#queue.enqueue(
          NOTICE_JOB,
          { mandateId: row.id, kind: 'amount.changed' },
          { jobId: `${NOTICE_JOB}.amount.${row.id}.${change.amountMinor}.${from}` },
        );
        break;
      }
      case 'pause':
        await this.#setStatus(row, 'paused', 'donor', ['active']);
        break;
      case 'resume':
        await this.#setStatus(row, 'active', null, ['paused']);
        break;
      case 'cancel':
        await this.#setStatus(row, 'cancelled', 'donor', ['active', 'paused']);
        await this.#notifyCancelled(row, `donor.${row.id}`);
        break;
    }
    return this.recurringGift(token);
  }

  /** Moves a mandate on; a pause or an end withdraws its collections not yet sent to the bank. */
  async #setStatus(
    row: MandateRow,
    status: MandateStatus,
    reason: string | null,
    from: readonly MandateStatus[],
  ): Promise<boolean> {
    const now = this.#now();
    const result = await this.#store.db
      .updateTable('sepa_mandates')
      .set({
        status,
        status_reason: reason,
        updated_at: now,
        ...(status === 'cancelled' || status === 'expired' ? { ended_at: now } : {}),
      })
      .where('id', '=', row.id)
      .where('status', 'in', [...from])
      .executeTakeFirst();
    if (status !== 'active') await this.#withdrawUnsent(this.#store.db, { mandateId: row.id });
    return Number(result.numUpdatedRows) > 0;
  }

  /** Takes pending collections out of batches whose file nobody has downloaded yet. */
  async #withdrawUnsent(
    db: Kysely<Database>,
    who: { readonly mandateId: string } | { readonly contactId: string },
  ): Promise<void> {
    let q = db
      .updateTable('sepa_collections')
      .set({ status: 'withdrawn', updated_at: this.#now() })
      .where('status', '=', 'pending')
      .where('batch_id', 'in', (eb) =>
        eb.selectFrom('sepa_batches').select('id').where('downloaded_at', 'is', null),
      );
    q =
      'mandateId' in who
        ? q.where('mandate_id', '=', who.mandateId)
        : q.where('contact_id', '=', who.contactId);
    await q.execute();
  }

  async #notifyCancelled(row: MandateRow, key: string): Promise<void> {
    const payload: NotifyPayload = {
      kind: 'subscription.cancelled',
      contactId: row.contact_id,
      language: row.language,
      subscriptionId: row.id,
      mandateReference: row.reference,
      amountMinor: Number(row.next_amount_minor ?? row.amount_minor),
      currency: row.currency,
    };
    await this.#queue.enqueue(NOTIFY_JOB, payload, { jobId: `${NOTIFY_JOB}.sepa-cancelled.${key}` });
  }

  // ---- admin: mandates ----------------------------------------------------------------------------

  async listMandates(options: {
    status?: MandateStatus | undefined;
    limit: number;
    cursor?: string | undefined;
  }): Promise<{ items: Mandate[]; nextCursor: string | null }> {
    let q = this.#store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(options.limit + 1);
    if (options.status) q = q.where('status', '=', options.status);
    if (options.cursor) q = q.where('id', '<', options.cursor);
    const rows = await q.execute();
    const page = rows.slice(0, options.limit);
    const names = await this.#campaignNames();
    return {
      items: page.map((r) => this.#mandateOut(r, names)),
      nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async getMandate(id: string): Promise<MandateDetail> {
    const row = await this.#mandateRow(id);
    const collections = await this.#store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('mandate_id', '=', id)
      .orderBy('due_on', 'desc')
      .execute();
    return {
      ...this.#mandateOut(row, await this.#campaignNames()),
      scheme: row.scheme,
      creditorId: row.creditor_id,
      creditorName: row.creditor_name,
      debtorBic: row.debtor_bic,
      debtorAddress: parseAddress(row.debtor_address),
      signedAt: row.signed_at,
      signingChannel: row.signing_channel,
      signingIp: row.signing_ip,
      signingUserAgent: row.signing_user_agent,
      wordingVersion: row.wording_version,
      wordingLanguage: row.wording_language,
      wording: row.wording,
      prenotificationDays: row.prenotification_days,
      collections: collections.map((c) => this.#collectionOut(c)),
    };
  }

  /** Staff end a mandate (the donor asked by phone or letter): as the donor's own cancellation. */
  async cancelMandate(id: string): Promise<MandateDetail> {
    const row = await this.#mandateRow(id);
    if (row.status === 'cancelled' || row.status === 'expired')
      throw new FiloError(SepaErrors.SEPA_MANDATE_CLOSED);
    if (await this.#setStatus(row, 'cancelled', 'staff', ['active', 'paused']))
      await this.#notifyCancelled(row, `staff.${row.id}`);
    return this.getMandate(id);
  }

  async #mandateRow(id: string): Promise<MandateRow> {
    const row = await this.#store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new FiloError(SepaErrors.SEPA_MANDATE_NOT_FOUND);
    return row;
  }

  async #campaignNames(): Promise<Map<string, string>> {
    return new Map((await this.#campaigns.list()).map((c) => [c.id, c.name]));
  }

  #mandateOut(r: MandateRow, campaigns: ReadonlyMap<string, string>): Mandate {
    const name = r.campaign_id ? campaigns.get(r.campaign_id) : undefined;
    return {
      id: r.id,
      reference: r.reference,
      status: r.status as MandateStatus,
      statusReason: r.status_reason,
      contactId: r.contact_id,
      debtorName: r.debtor_name,
      ibanMasked: r.debtor_iban_masked,
      debtorCountry: r.debtor_country,
      amountMinor: Number(r.amount_minor),
      nextAmountMinor: r.next_amount_minor === null ? null : Number(r.next_amount_minor),
      nextAmountFrom: r.next_amount_from,
      currency: r.currency,
      dayOfMonth: Number(r.day_of_month),
      signedOn: r.signed_on,
      firstDueOn: r.first_due_on,
      lastCollectionOn: r.last_collection_on,
      campaign: r.campaign_id && name ? { id: r.campaign_id, name } : null,
      createdAt: r.created_at,
    };
  }

  #collectionOut(c: CollectionRow): Collection {
    return {
      id: c.id,
      batchId: c.batch_id,
      mandateId: c.mandate_id,
      mandateReference: c.mandate_reference,
      period: c.period,
      endToEndId: c.end_to_end_id,
      paymentInfoId: c.payment_info_id,
      sequence: c.sequence as SequenceType,
      dueOn: c.due_on,
      amountMinor: Number(c.amount_minor),
      currency: c.currency,
      debtorName: c.debtor_name,
      ibanMasked: c.debtor_iban_masked,
      status: c.status as CollectionStatus,
      returnReason: c.return_reason,
      returnedOn: c.returned_on,
      donationId: c.donation_id,
    };
  }

  /** Mandates with no collection presented for 36 months expire (EPC SEPA Core rulebook). */
  async expireStale(): Promise<number> {
    const cutoff = shiftMonths(this.#today(), -EXPIRY_MONTHS);
    const now = this.#now();
    const result = await this.#store.db
      .updateTable('sepa_mandates')
      .set({ status: 'expired', status_reason: 'unused-36-months', ended_at: now, updated_at: now })
      .where('status', 'in', ['active', 'paused'])
      .where((eb) => eb(eb.fn.coalesce('last_collection_on', 'signed_on'), '<', cutoff))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  // ---- batches --------------------------------------------------------------------------------------

  /**
   * Gathers the collections now due into one new batch: for `period`, every active mandate's
   * collection of that month; without it, those due within `daysAhead` days (what the job does). A
   * collection is never due sooner than two TARGET2 business days from now, nor before the mandate's
   * pre-notified first date. One collection per mandate and month, whoever asks and however often:
   * when nothing is left to collect, no batch is made (null).
   */
  async createBatch(
    options: { period?: string | undefined; createdBy?: string | null } = {},
  ): Promise<BatchDetail | null> {
    const settings = await this.#ready();
    if (options.period !== undefined && !isPeriod(options.period))
      throw new FiloError(SepaErrors.SEPA_PERIOD_INVALID);
    await this.expireStale();
    const today = this.#today();
    const earliest = addTargetDays(today, LEAD_BUSINESS_DAYS);
    const latest = options.period === undefined ? addDays(today, settings.daysAhead) : null;
    const periods = options.period ? [options.period] : [today.slice(0, 7), addMonths(today.slice(0, 7), 1)];
    const mandates = await this.#store.db
      .selectFrom('sepa_mandates')
      .selectAll()
      .where('status', '=', 'active')
      .where('erased_at', 'is', null)
      .orderBy('id')
      .execute();
    if (mandates.length === 0) return null;
    const taken = new Set(
      (
        await this.#store.db
          .selectFrom('sepa_collections')
          .select(['mandate_id', 'period'])
          .where('period', 'in', periods)
          .execute()
      ).map((c) => `${c.mandate_id}|${c.period}`),
    );
    const presented = new Set(
      (
        await this.#store.db
          .selectFrom('sepa_collections')
          .select('mandate_id')
          .where('status', 'in', ['pending', 'settled'])
          .distinct()
          .execute()
      ).map((c) => c.mandate_id),
    );
    const planned: Array<{ m: MandateRow; date: CollectionDate; sequence: SequenceType; amount: number }> =
      [];
    for (const m of mandates) {
      for (const period of periods) {
        const date = collectionDate(period, Number(m.day_of_month));
        if (date.due < earliest || date.due < m.first_due_on) continue;
        if (latest !== null && date.due > latest) continue;
        if (taken.has(`${m.id}|${period}`)) continue;
        // FRST until a collection of the mandate has gone through (or is on its way); RCUR after.
        const sequence: SequenceType = presented.has(m.id) ? 'RCUR' : 'FRST';
        presented.add(m.id);
        const useNext =
          m.next_amount_minor !== null && m.next_amount_from !== null && date.due >= m.next_amount_from;
        planned.push({ m, date, sequence, amount: Number(useNext ? m.next_amount_minor : m.amount_minor) });
      }
    }
    if (planned.length === 0) return null;

    const now = this.#now();
    const batchId = newId('sdb');
    const messageId = newMessageId(this.#clock.now());
    // One payment information block per sequence type and due date: FRST first, then RCUR, by date.
    const groupKeys = [...new Set(planned.map((p) => `${p.sequence}|${p.date.due}`))].sort();
    const groupId = new Map(groupKeys.map((k, i) => [k, `${messageId}-${i + 1}`]));
    const campaigns = await this.#campaignNames();
    const created = await this.#store.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('sepa_batches')
        .values({
          id: batchId,
          message_id: messageId,
          creditor: JSON.stringify({
            name: settings.creditorName,
            id: settings.creditorId,
            iban: settings.creditorIban,
            bic: settings.creditorBic,
          }),
          status: 'open',
          created_by: options.createdBy ?? null,
          created_at: now,
          downloaded_at: null,
          settled_at: null,
        })
        .execute();
      let inserted = 0;
      for (const p of planned) {
        const lang = mandateLanguage(p.m.language);
        const campaign = p.m.campaign_id ? campaigns.get(p.m.campaign_id) : undefined;
        const result = await trx
          .insertInto('sepa_collections')
          .values({
            id: newId('sdc'),
            batch_id: batchId,
            mandate_id: p.m.id,
            period: p.date.period,
            end_to_end_id: newEndToEndId(p.date.period),
            payment_info_id: groupId.get(`${p.sequence}|${p.date.due}`) ?? `${messageId}-1`,
            sequence: p.sequence,
            due_on: p.date.due,
            amount_minor: p.amount,
            currency: 'EUR',
            mandate_reference: p.m.reference,
            mandate_signed_on: p.m.signed_on,
            debtor_name: p.m.debtor_name,
            debtor_iban: p.m.debtor_iban,
            debtor_iban_masked: p.m.debtor_iban_masked,
            debtor_bic: p.m.debtor_bic,
            debtor_address: p.m.debtor_address,
            remittance: sepaText(
              [REMITTANCE[lang], p.date.period, campaign ?? '', settings.creditorName]
                .filter(Boolean)
                .join(' - '),
              140,
            ),
            contact_id: p.m.contact_id,
            campaign_id: p.m.campaign_id,
            status: 'pending',
            return_reason: null,
            returned_on: null,
            donation_id: null,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['mandate_id', 'period']).doNothing())
          .executeTakeFirst();
        if (Number(result.numInsertedOrUpdatedRows ?? 0) === 0) continue;
        inserted += 1;
        const promote =
          p.m.next_amount_minor !== null &&
          p.m.next_amount_from !== null &&
          p.date.due >= p.m.next_amount_from;
        await trx
          .updateTable('sepa_mandates')
          .set({
            last_collection_on: p.date.due,
            updated_at: now,
            ...(promote ? { amount_minor: p.amount, next_amount_minor: null, next_amount_from: null } : {}),
          })
          .where('id', '=', p.m.id)
          .execute();
      }
      // Another run took every one of them meanwhile: no empty batch.
      if (inserted === 0) await trx.deleteFrom('sepa_batches').where('id', '=', batchId).execute();
      return inserted > 0;
    });
    return created ? this.getBatch(batchId) : null;
  }

  async listBatches(limit = 20): Promise<Batch[]> {
    const rows = await this.#store.db
      .selectFrom('sepa_batches')
      .selectAll()
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    const out: Batch[] = [];
    for (const row of rows) out.push(this.#batchOut(row, await this.#collectionsOf(row.id)));
    return out;
  }

  async getBatch(id: string): Promise<BatchDetail> {
    const row = await this.#batchRow(id);
    const collections = await this.#collectionsOf(id);
    return {
      ...this.#batchOut(row, collections),
      collections: collections.map((c) => this.#collectionOut(c)),
    };
  }

  async #batchRow(id: string): Promise<BatchRow> {
    const row = await this.#store.db
      .selectFrom('sepa_batches')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) throw new FiloError(SepaErrors.SEPA_BATCH_NOT_FOUND);
    return row;
  }

  async #collectionsOf(batchId: string): Promise<CollectionRow[]> {
    const rows = await this.#store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('batch_id', '=', batchId)
      .execute();
    // File order: payment information blocks as numbered (FRST first), transactions by EndToEndId.
    const block = (c: CollectionRow) =>
      Number(c.payment_info_id.slice(c.payment_info_id.lastIndexOf('-') + 1));
    return rows.sort((a, b) => block(a) - block(b) || a.end_to_end_id.localeCompare(b.end_to_end_id));
  }

  #batchOut(row: BatchRow, collections: readonly CollectionRow[]): Batch {
    const inFile = collections.filter((c) => c.status !== 'withdrawn');
    const counts: Record<CollectionStatus, number> = { pending: 0, settled: 0, failed: 0, withdrawn: 0 };
    for (const c of collections) counts[c.status as CollectionStatus] += 1;
    return {
      id: row.id,
      messageId: row.message_id,
      status: row.status as BatchStatus,
      createdAt: row.created_at,
      createdBy: row.created_by,
      downloadedAt: row.downloaded_at,
      settledAt: row.settled_at,
      numberOfTransactions: inFile.length,
      controlSumMinor: inFile.reduce((s, c) => s + Number(c.amount_minor), 0),
      currency: 'EUR',
      firstDueOn: inFile.map((c) => c.due_on).sort()[0] ?? null,
      counts,
    };
  }

  /** The batch's pain.008.001.02 file, with full IBANs (the one place they appear). */
  async batchFile(id: string): Promise<{ filename: string; xml: string }> {
    const row = await this.#batchRow(id);
    // Downloaded first: from now on a pause or an end no longer withdraws a collection of this file.
    if (!row.downloaded_at)
      await this.#store.db
        .updateTable('sepa_batches')
        .set({ downloaded_at: this.#now() })
        .where('id', '=', id)
        .where('downloaded_at', 'is', null)
        .execute();
    const collections = (await this.#collectionsOf(id)).filter((c) => c.status !== 'withdrawn');
    if (collections.some((c) => c.debtor_iban === null || c.debtor_name === null))
      throw new FiloError(SepaErrors.SEPA_BATCH_DEBTOR_ERASED);
    const groups: Array<Pain008Group & { transactions: Pain008Transaction[] }> = [];
    for (const c of collections) {
      let group = groups[groups.length - 1];
      if (!group || group.paymentInfoId !== c.payment_info_id) {
        group = {
          paymentInfoId: c.payment_info_id,
          sequence: c.sequence as SequenceType,
          dueOn: c.due_on,
          transactions: [],
        };
        groups.push(group);
      }
      group.transactions.push({
        endToEndId: c.end_to_end_id,
        amountMinor: Number(c.amount_minor),
        mandateReference: c.mandate_reference,
        mandateSignedOn: c.mandate_signed_on,
        debtorName: c.debtor_name ?? '',
        debtorIban: c.debtor_iban ?? '',
        debtorBic: c.debtor_bic,
        debtorAddress: parseAddress(c.debtor_address),
        remittance: c.remittance,
      });
    }
    const creditor = JSON.parse(row.creditor) as {
      name: string;
      id: string;
      iban: string;
      bic: string | null;
    };
    return {
      filename: `${row.message_id}.xml`,
      xml: buildPain008({ messageId: row.message_id, createdAt: row.created_at, creditor, groups }),
    };
  }

  // ---- settlement and returns ---------------------------------------------------------------------

  /**
   * The bank has credited the batch: each collection still pending becomes a gift in the ledger. Safe
   * to repeat: the ledger records a gift once per (sepa-dd, EndToEndId), a settled collection is left.
   */
  async settleBatch(id: string): Promise<BatchDetail> {
    const row = await this.#batchRow(id);
    const pending = (await this.#collectionsOf(id)).filter((c) => c.status === 'pending');
    for (const c of pending) await this.#settle(c, row.message_id);
    await this.#closeIfDone(id);
    return this.getBatch(id);
  }

  async #settle(c: CollectionRow, messageId: string): Promise<string> {
    if (c.donation_id) return c.donation_id;
    const { donation } = await this.#ledger.recordDonation({
      grossMinor: Number(c.amount_minor),
      feeMinor: 0,
      currency: c.currency,
      // The due date is the settlement date; noon UTC keeps its calendar day in Europe.
      receivedAt: `${c.due_on}T12:00:00.000Z`,
      campaignId: c.campaign_id,
      contactId: c.contact_id,
      provider: SEPA_PROVIDER,
      providerPaymentId: c.end_to_end_id,
      providerEventId: messageId,
    });
    await this.#store.db
      .updateTable('sepa_collections')
      .set({ status: 'settled', donation_id: donation.id, updated_at: this.#now() })
      .where('id', '=', c.id)
      .where('status', '=', 'pending')
      .execute();
    return donation.id;
  }

  async #closeIfDone(batchId: string): Promise<void> {
    const open = await this.#store.db
      .selectFrom('sepa_collections')
      .select('id')
      .where('batch_id', '=', batchId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    if (open) return;
    await this.#store.db
      .updateTable('sepa_batches')
      .set({ status: 'settled', settled_at: this.#now() })
      .where('id', '=', batchId)
      .where('status', '=', 'open')
      .execute();
  }

  /**
   * A collection came back (reject before settlement, return or refund after): it fails; a settled
   * one is reversed in the ledger (once per collection); the mandate ends or stays by the reason; the
   * donor gets the gentle failed-payment notice (or the goodbye, when the mandate ended).
   */
  async returnCollection(
    id: string,
    input: { reason: string; returnedOn?: string | undefined },
  ): Promise<Collection> {
    const reason = returnReason(input.reason);
    if (!reason) throw new FiloError(SepaErrors.SEPA_RETURN_REASON_UNKNOWN);
    const c = await this.#store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!c) throw new FiloError(SepaErrors.SEPA_COLLECTION_NOT_FOUND);
    return this.#return(c, reason, input.returnedOn ?? this.#today());
  }

  async #return(c: CollectionRow, reason: ReturnReason, returnedOn: string): Promise<Collection> {
    if (c.status === 'withdrawn') throw new FiloError(SepaErrors.SEPA_COLLECTION_WITHDRAWN);
    if (c.status === 'failed' && c.return_reason !== reason.code)
      throw new FiloError(SepaErrors.SEPA_COLLECTION_ALREADY_RETURNED, {
        details: { reason: c.return_reason },
      });
    const donationId = c.donation_id;
    if (donationId)
      await this.#ledger.refundDonation(donationId, {
        amountMinor: Number(c.amount_minor),
        providerRefundId: `sepa-return:${c.end_to_end_id}`,
        reason: `SEPA direct debit returned: ${reason.code} (${reason.name})`,
        refundedAt: `${returnedOn}T12:00:00.000Z`,
      });
    const now = this.#now();
    await this.#store.db
      .updateTable('sepa_collections')
      .set({ status: 'failed', return_reason: reason.code, returned_on: returnedOn, updated_at: now })
      .where('id', '=', c.id)
      .where('status', 'in', ['pending', 'settled'])
      .execute();
    const mandate = await this.#mandateRow(c.mandate_id);
    const ended =
      reason.policy === 'cancel' &&
      (await this.#setStatus(mandate, 'cancelled', `return:${reason.code}`, ['active', 'paused']));
    if (ended) {
      await this.#notifyCancelled(mandate, `return.${c.id}`);
    } else if (mandate.status === 'active' || mandate.status === 'paused') {
      const payload: NotifyPayload = {
        kind: 'payment.failed',
        contactId: c.contact_id,
        language: mandate.language,
        subscriptionId: mandate.id,
        mandateReference: mandate.reference,
        collection: c.end_to_end_id,
        reason: reason.code,
        amountMinor: Number(c.amount_minor),
        currency: c.currency,
        manageUrl: await this.manageUrl(mandate.id),
      };
      await this.#queue.enqueue(NOTIFY_JOB, payload, { jobId: `${NOTIFY_JOB}.sepa-failed.${c.id}` });
    }
    await this.#closeIfDone(c.batch_id);
    const after = await this.#store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('id', '=', c.id)
      .executeTakeFirstOrThrow();
    return this.#collectionOut(after);
  }

  /**
   * Applies the bank's pain.002 status report on one of our files: every collection it rejects (the
   * whole file, a payment information block, or one transaction) fails with the reason given, exactly
   * as a return recorded by hand (the mandate ends or stays by the code, the donor is told). A code
   * Filo does not know counts as MS03 (reason not given). Everything is checked first: a report for a
   * file we never made, naming a collection that is not in it, or rejecting one already withdrawn or
   * returned with another code changes nothing. The same report again changes nothing.
   */
  async applyStatusReport(xml: string): Promise<StatusReportResult> {
    const report = parsePain002(xml);
    const batch = await this.#store.db
      .selectFrom('sepa_batches')
      .selectAll()
      .where('message_id', '=', report.originalMessageId)
      .executeTakeFirst();
    if (!batch)
      throw new FiloError(SepaErrors.SEPA_STATUS_REPORT_UNKNOWN_FILE, {
        details: { originalMessageId: report.originalMessageId },
      });
    const collections = await this.#store.db
      .selectFrom('sepa_collections')
      .selectAll()
      .where('batch_id', '=', batch.id)
      .orderBy('end_to_end_id')
      .execute();
    const byEndToEnd = new Map(collections.map((c) => [c.end_to_end_id, c]));
    const rejected = new Map<string, { c: CollectionRow; reason: ReturnReason }>();
    const unknown: string[] = [];
    const fallback = returnReason('MS03')!;
    const reasonFor = (...codes: Array<string | null>) => {
      for (const code of codes) if (code) return returnReason(code) ?? fallback;
      return fallback;
    };
    // The most specific level wins: a transaction's own reason over its block's, over the file's.
    const reject = (c: CollectionRow, reason: ReturnReason) => rejected.set(c.id, { c, reason });
    if (report.group.status === 'RJCT')
      for (const c of collections) if (c.status !== 'withdrawn') reject(c, reasonFor(report.group.reason));
    for (const block of report.paymentInfos) {
      if (block.status !== 'RJCT') continue;
      const inBlock = collections.filter((c) => c.payment_info_id === block.paymentInfoId);
      if (inBlock.length === 0) unknown.push(block.paymentInfoId);
      for (const c of inBlock)
        if (c.status !== 'withdrawn') reject(c, reasonFor(block.reason, report.group.reason));
    }
    let accepted = 0;
    for (const tx of report.transactions) {
      const c = byEndToEnd.get(tx.endToEndId);
      if (!c) {
        unknown.push(tx.endToEndId);
        continue;
      }
      if (tx.status !== 'RJCT') {
        accepted += 1;
        continue;
      }
      const block = report.paymentInfos.find((b) => b.paymentInfoId === tx.paymentInfoId);
      reject(c, reasonFor(tx.reason, block?.reason ?? null, report.group.reason));
    }
    if (unknown.length > 0)
      throw new FiloError(SepaErrors.SEPA_STATUS_REPORT_MISMATCH, {
        message: 'The report names payments that are not in this file',
        details: { notInFile: unknown.slice(0, 50) },
      });
    const conflicts = [...rejected.values()]
      .filter(
        ({ c, reason }) =>
          c.status === 'withdrawn' || (c.status === 'failed' && c.return_reason !== reason.code),
      )
      .map(({ c }) => ({ endToEndId: c.end_to_end_id, status: c.status, reason: c.return_reason }));
    if (conflicts.length > 0)
      throw new FiloError(SepaErrors.SEPA_STATUS_REPORT_MISMATCH, {
        message: 'The report rejects collections that were withdrawn or already returned with another reason',
        details: { conflicts: conflicts.slice(0, 50) },
      });
    const day = report.createdAt?.slice(0, 10);
    const returnedOn = day && /^\d{4}-\d{2}-\d{2}$/.test(day) ? day : this.#today();
    let newlyRejected = 0;
    for (const { c, reason } of rejected.values()) {
      if (c.status === 'failed') continue;
      await this.#return(c, reason, returnedOn);
      newlyRejected += 1;
    }
    return {
      batchId: batch.id,
      originalMessageId: report.originalMessageId,
      reportMessageId: report.messageId,
      rejected: [...rejected.values()].map(({ c, reason }) => ({
        endToEndId: c.end_to_end_id,
        reason: reason.code,
      })),
      newlyRejected,
      alreadyRejected: rejected.size - newlyRejected,
      accepted,
    };
  }

  returnReasons(): readonly ReturnReason[] {
    return RETURN_REASONS;
  }

  // ---- bank reconciliation -----------------------------------------------------------------------

  /**
   * A bank entry that is one of ours: a credit with a collection's EndToEndId settles it; a credit
   * naming a batch's MsgId or PmtInfId for exactly what is still due in it settles them all; a debit
   * with a collection's EndToEndId is its return (the reason code from the bank's text, else MS03).
   */
  async claimBankEntry(e: ClaimableEntry): Promise<{ note: string } | null> {
    if (e.currency !== 'EUR') return null;
    const reference = e.reference?.trim().toUpperCase() ?? '';
    if (reference) {
      const c = await this.#store.db
        .selectFrom('sepa_collections')
        .selectAll()
        .where('end_to_end_id', '=', reference)
        .executeTakeFirst();
      if (c && Number(c.amount_minor) === e.amountMinor && c.status !== 'withdrawn') {
        if (e.direction === 'credit') {
          if (c.status === 'pending') {
            const batch = await this.#batchRow(c.batch_id);
            await this.#settle(c, batch.message_id);
            await this.#closeIfDone(c.batch_id);
          }
          return { note: `sepa-collection:${c.end_to_end_id}` };
        }
        const reason = reasonInText(e.remittance) ?? returnReason('MS03');
        if (!reason) return null;
        if (c.status === 'failed' && c.return_reason !== reason.code)
          return { note: `sepa-return:${c.return_reason ?? ''}` };
        await this.#return(c, reason, e.bookingDate);
        return { note: `sepa-return:${reason.code}` };
      }
    }
    if (e.direction !== 'credit') return null;
    const text = `${reference} ${e.remittance ?? ''}`.toUpperCase();
    for (const token of text.match(/FILO-\d{8}-[0-9A-Z]{8}(?:-\d{1,3})?/g) ?? []) {
      const isBlock = /-\d{1,3}$/.test(token.slice(22));
      const rows = await this.#store.db
        .selectFrom('sepa_collections')
        .innerJoin('sepa_batches', 'sepa_batches.id', 'sepa_collections.batch_id')
        .selectAll('sepa_collections')
        .select('sepa_batches.message_id')
        .where(isBlock ? 'sepa_collections.payment_info_id' : 'sepa_batches.message_id', '=', token)
        .where('sepa_collections.status', 'in', ['pending', 'settled'])
        .execute();
      const total = rows.reduce((s, r) => s + Number(r.amount_minor), 0);
      if (rows.length === 0 || total !== e.amountMinor) continue;
      for (const r of rows) if (r.status === 'pending') await this.#settle(r, r.message_id);
      for (const batchId of new Set(rows.map((r) => r.batch_id))) await this.#closeIfDone(batchId);
      return { note: `sepa-batch:${token}` };
    }
    return null;
  }

  // ---- the job, notices, erasure, demo ------------------------------------------------------------

  /** The collection job: expire what went unused, then batch what falls due soon. */
  async runCollectionJob(): Promise<BatchDetail | null> {
    const { complete } = await this.settings();
    if (!complete) return null;
    await this.expireStale();
    try {
      return await this.createBatch({ createdBy: 'job' });
    } catch (error) {
      if (isFiloError(error) && error.code === 'SEPA_NOT_AVAILABLE') return null;
      throw error;
    }
  }

  /**
   * The pre-notification by e-mail (transactional): at signature, the reference, the first date and
   * the monthly amount; after a change of amount, the new amount and its first date. Without an
   * e-mail address the confirmation page was the notice.
   */
  async sendNotice(mandateId: string, kind: 'mandate.confirmed' | 'amount.changed'): Promise<string> {
    const row = await this.#mandateRow(mandateId);
    if (!row.contact_id || row.erased_at) return 'anonymous';
    if (row.status !== 'active' && row.status !== 'paused') return 'closed';
    const messenger = this.#messenger();
    if (!messenger) return 'no-channel';
    const contact = await this.#contacts.get(row.contact_id);
    if (!contact.email) return 'no-email';
    const lang = mandateLanguage(contact.language);
    const locale = lang === 'it' ? 'it-IT' : lang === 'de' ? 'de-DE' : 'en-GB';
    const money = (minor: number) =>
      new Intl.NumberFormat(locale, { style: 'currency', currency: row.currency }).format(minor / 100);
    const date = (d: string) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(
        new Date(`${d}T12:00:00Z`),
      );
    const amount =
      kind === 'amount.changed'
        ? Number(row.next_amount_minor ?? row.amount_minor)
        : Number(row.amount_minor);
    const from =
      kind === 'amount.changed' && row.next_amount_from
        ? firstCollectionFrom(row.next_amount_from, Number(row.day_of_month)).due
        : row.first_due_on;
    const values: Record<string, string> = {
      name: contact.displayName ? ` ${contact.displayName.split(/\s+/)[0] ?? ''}` : '',
      creditor: row.creditor_name,
      creditorId: row.creditor_id,
      reference: row.reference,
      iban: row.debtor_iban_masked,
      amount: money(amount),
      date: date(from),
      day: String(row.day_of_month),
      link: await this.manageUrl(row.id),
    };
    const text = NOTICE_TEXTS[lang][kind === 'amount.changed' ? 'changed' : 'confirmed'].replace(
      /\{(\w+)\}/g,
      (_m, key: string) => values[key] ?? '',
    );
    try {
      await messenger.sendToContact(
        row.contact_id,
        { text },
        {
          purpose: 'service',
          channel: 'email',
          transactional: true,
          dedupeKey: `sepa-notice.${row.id}.${kind}.${amount}.${from}`,
        },
      );
    } catch (error) {
      if (isFiloError(error) && error.code.startsWith('CONVERSATION_')) {
        this.#logger.warn({ code: error.code }, 'SEPA pre-notification not sent');
        return 'refused';
      }
      throw error;
    }
    return 'sent';
  }

  /** GDPR erasure: the mandate ends; name, IBAN, BIC, address and signing details are emptied. */
  async eraseContact(contactId: string): Promise<void> {
    const now = this.#now();
    await this.#store.db.transaction().execute(async (trx) => {
      await this.#withdrawUnsent(trx, { contactId });
      await trx
        .updateTable('sepa_mandates')
        .set({ status: 'cancelled', status_reason: 'erased', ended_at: now })
        .where('contact_id', '=', contactId)
        .where('status', 'in', ['active', 'paused'])
        .execute();
      await trx
        .updateTable('sepa_mandates')
        .set({
          debtor_name: null,
          debtor_iban: null,
          debtor_bic: null,
          debtor_address: null,
          signing_ip: null,
          signing_user_agent: null,
          erased_at: now,
          updated_at: now,
        })
        .where('contact_id', '=', contactId)
        .execute();
      await trx
        .updateTable('sepa_collections')
        .set({
          debtor_name: null,
          debtor_iban: null,
          debtor_bic: null,
          debtor_address: null,
          updated_at: now,
        })
        .where('contact_id', '=', contactId)
        .execute();
    });
  }

  /**
   * Demo data: the organisation as creditor (its codice fiscale as creditor identifier, a published
   * example IBAN as its account) and three monthly donors who signed two months ago — so that a
   * batch for next month can be made and downloaded at once. None of it reaches a bank.
   */
  async seedDemo(): Promise<void> {
    const { settings, locked } = await this.settings();
    const organisation = await this.#organisation.get();
    if (!isComplete(settings) && locked.length === 0 && organisation.country === 'IT') {
      const nationalId = organisation.taxId ?? '91234560375';
      await this.updateSettings({
        creditorId: creditorIdFor('IT', nationalId),
        creditorName: organisation.legalName || organisation.name,
        creditorIban: 'IT60X0542811101000000123456',
      });
    }
    const ready = await this.settings();
    if (!isComplete(ready.settings)) return;
    const campaign = (await this.#campaigns.list()).find(
      (c) => c.status === 'active' && c.currency === 'EUR',
    );
    const donors: Array<{
      iban: string;
      amount: number;
      day: number;
      country: string;
      address?: PostalAddress;
      bic?: string;
    }> = [
      { iban: 'IT60X0542811101000000123456', amount: 1000, day: 1, country: 'IT' },
      { iban: 'DE89370400440532013000', amount: 500, day: 15, country: 'DE' },
      {
        iban: 'GB82WEST12345698765432',
        amount: 2000,
        day: 15,
        country: 'GB',
        bic: 'WESTGB22',
        address: { street: '1 High Street', postcode: 'SW1A 1AA', town: 'London', country: 'GB' },
      },
    ];
    const contacts = await this.#store.db
      .selectFrom('contacts')
      .select(['id', 'display_name', 'country', 'language'])
      .where('erased_at', 'is', null)
      .where('display_name', 'is not', null)
      .where('email', 'is not', null)
      .orderBy('created_at')
      .limit(200)
      .execute();
    const signedOn = addDays(this.#today(), -60);
    for (const d of donors) {
      const contact = contacts.find((c) => c.country === d.country) ?? contacts[donors.indexOf(d)];
      if (!contact) continue;
      const wording = mandateText(MANDATE_TEXT_VERSION, contact.language, {
        creditorName: ready.settings.creditorName,
        creditorId: ready.settings.creditorId,
        days: ready.settings.prenotificationDays,
      });
      if (!wording) continue;
      await this.#insertMandate({
        contactId: contact.id,
        campaignId: campaign?.id ?? null,
        settings: ready.settings,
        debtorName: sepaText(contact.display_name ?? 'Demo', 70),
        iban: d.iban,
        country: d.country,
        bic: d.bic ?? null,
        address: d.address ?? null,
        signedOn,
        signedAt: `${signedOn}T10:00:00.000Z`,
        signing: { channel: 'demo', ip: null, userAgent: null },
        wording,
        wordingLanguage: mandateLanguage(contact.language),
        amountMinor: d.amount,
        dayOfMonth: d.day,
        firstDueOn: firstCollectionFrom(addDays(signedOn, ready.settings.prenotificationDays), d.day).due,
        language: contact.language,
      });
    }
  }
}

const NOTICE_TEXTS: Readonly<Record<'it' | 'en' | 'de', { confirmed: string; changed: string }>> = {
  it: {
    confirmed:
      'Ciao{name}, grazie per il tuo dono mensile con addebito diretto SEPA a {creditor} (codice identificativo del creditore {creditorId}). Riferimento del mandato: {reference}. Preavviso: addebiteremo {amount} sul conto {iban} il {date}, poi il giorno {day} di ogni mese (o il primo giorno lavorativo successivo). Per cambiare l’importo, sospendere o revocare: {link}',
    changed:
      'Ciao{name}, il tuo dono mensile con addebito diretto SEPA (mandato {reference}) è ora di {amount}. Preavviso: il nuovo importo sarà addebitato sul conto {iban} a partire dal {date}, il giorno {day} di ogni mese. Per cambiarlo ancora, sospendere o revocare: {link}',
  },
  en: {
    confirmed:
      'Hello{name}, thank you for your monthly gift by SEPA Direct Debit to {creditor} (creditor identifier {creditorId}). Mandate reference: {reference}. Pre-notification: we will collect {amount} from account {iban} on {date}, then on day {day} of each month (or the next business day). To change the amount, pause or stop: {link}',
    changed:
      'Hello{name}, your monthly gift by SEPA Direct Debit (mandate {reference}) is now {amount}. Pre-notification: the new amount is collected from account {iban} from {date} on, on day {day} of each month. To change it again, pause or stop: {link}',
  },
  de: {
    confirmed:
      'Hallo{name}, danke für deine monatliche Spende per SEPA-Lastschrift an {creditor} (Gläubiger-Identifikationsnummer {creditorId}). Mandatsreferenz: {reference}. Vorabankündigung: Wir ziehen {amount} von Konto {iban} am {date} ein, danach am {day}. jedes Monats (oder am nächsten Bankarbeitstag). Betrag ändern, pausieren oder beenden: {link}',
    changed:
      'Hallo{name}, deine monatliche Spende per SEPA-Lastschrift (Mandat {reference}) beträgt jetzt {amount}. Vorabankündigung: Der neue Betrag wird ab dem {date} von Konto {iban} eingezogen, am {day}. jedes Monats. Erneut ändern, pausieren oder beenden: {link}',
  },
};
