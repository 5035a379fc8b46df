import { FiloError, newId, systemClock, type Clock } from '../core';
import { sql, type Database, type Kysely, type Store, type Transaction } from '../store';
import { ContactErrors } from './errors';

export const CHANNELS = ['whatsapp', 'email', 'sms', 'webchat', 'post'] as const;
export type Channel = (typeof CHANNELS)[number];
export const PURPOSES = ['service', 'fundraising', 'news'] as const;
export type Purpose = (typeof PURPOSES)[number];
export const LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
/** The channels a supporter can ask us to use for their messages. */
export const PREFERRED_CHANNELS = ['whatsapp', 'email'] as const;
export type PreferredChannel = (typeof PREFERRED_CHANNELS)[number];

export interface ConsentInput {
  readonly channel: Channel;
  readonly purpose: Purpose;
  readonly granted: boolean;
  readonly source: string;
  readonly wordingVersion: string;
  readonly wording: string;
  /** Evidence of the consent: form id, IP-free request id, message id… stored as JSON. */
  readonly proof?: Record<string, unknown>;
  readonly recordedAt?: string;
}

export interface ConsentState {
  readonly channel: string;
  readonly purpose: string;
  readonly status: 'granted' | 'revoked';
  readonly source: string;
  readonly wordingVersion: string;
  readonly recordedAt: string;
}

/** A supporter's details as stored: normalised (lower-case e-mail, E.164 phone) and checked whole. */
export interface ContactDetails {
  readonly displayName: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly timeZone: string;
  readonly country: string | null;
  /** The channel they asked for (WhatsApp needs a phone number, e-mail an address), or null. */
  readonly preferredChannel: PreferredChannel | null;
}

export interface Contact extends ContactDetails {
  readonly id: string;
  readonly createdAt: string;
  readonly consents: readonly ConsentState[];
}

/**
 * A change to a supporter's details: only the fields given change; null clears a field that may be
 * empty. Consents are not here: they are records of their own (recordConsent).
 */
export interface ContactPatch {
  readonly displayName?: string | null;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly language?: string;
  readonly timeZone?: string;
  readonly country?: string | null;
  readonly preferredChannel?: PreferredChannel | null;
}

/** A new supporter: their details (only an e-mail address or a phone number is required) and consents. */
export interface ContactInput extends ContactPatch {
  readonly consents?: readonly ConsentInput[];
}

/** A new supporter checked by `ContactsService.prepare`, with their id, not yet stored. */
export interface PreparedContact extends ContactDetails {
  readonly id: string;
  readonly consents: readonly ConsentInput[];
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

const KNOWN_TIME_ZONES = new Set<string>();

function validTimeZone(tz: string): boolean {
  if (KNOWN_TIME_ZONES.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
  } catch {
    return false;
  }
  // Only valid names are remembered, so the set is bounded by the IANA list.
  KNOWN_TIME_ZONES.add(tz);
  return true;
}

function normaliseEmail(value: string | null | undefined): string | null {
  return value?.trim().toLowerCase() || null;
}

/** A name as given, trimmed; a name longer than 200 characters (a payer's, from a bank) is cut, not refused. */
function normaliseName(value: string | null | undefined): string | null {
  const name = value?.trim();
  return name ? [...name].slice(0, 200).join('') : null;
}

function normalisePhone(value: string | null | undefined): string | null {
  return value?.replace(/[\s().-]/g, '') || null;
}

/**
 * Whether a supporter can be written to on a channel they may prefer: WhatsApp needs a phone number,
 * e-mail an address. The one rule for the supporter's own choice, the donation form's and a mandate's.
 */
export function reachableOn(
  channel: PreferredChannel,
  address: { readonly email: string | null; readonly phone: string | null },
): boolean {
  return channel === 'email' ? address.email !== null : address.phone !== null;
}

/** A supporter's details, normalised, checked whole: the same rules on creation and on change. */
function checkDetails(d: ContactDetails): ContactDetails {
  const invalid = (message: string) => new FiloError(ContactErrors.CONTACT_INVALID, { message });
  if (d.email !== null && !EMAIL.test(d.email)) throw invalid('Invalid e-mail address');
  if (d.phone !== null && !E164.test(d.phone)) throw invalid('The phone number must be in E.164 form (+39…)');
  if (d.email === null && d.phone === null) throw invalid('An e-mail address or a phone number is needed');
  if (!(LANGUAGES as readonly string[]).includes(d.language))
    throw invalid(`Unsupported language ${d.language}`);
  if (!validTimeZone(d.timeZone)) throw invalid(`Unknown time zone ${d.timeZone}`);
  if (d.country !== null && !/^[A-Z]{2}$/.test(d.country))
    throw invalid('The country must be an ISO 3166 code (IT)');
  if (d.preferredChannel !== null) {
    if (!(PREFERRED_CHANNELS as readonly string[]).includes(d.preferredChannel))
      throw invalid(`Unknown preferred channel ${String(d.preferredChannel)}`);
    if (!reachableOn(d.preferredChannel, d))
      throw invalid(
        d.preferredChannel === 'email'
          ? 'E-mail as the preferred channel needs an e-mail address'
          : 'WhatsApp as the preferred channel needs a phone number',
      );
  }
  return Object.freeze({ ...d });
}

export class ContactsService {
  readonly #store: Store;
  readonly #clock: Clock;
  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  /** Creates a supporter and their consents in one transaction: all of it is stored, or none. */
  async create(input: ContactInput): Promise<Contact> {
    const prepared = this.prepare(input);
    await this.#store.db.transaction().execute((trx) => this.insertPrepared(trx, [prepared]));
    return this.get(prepared.id);
  }

  /**
   * Checks a new supporter completely and gives them their id, writing nothing: a caller that records
   * something about them (a gift) inserts them with `insertPrepared` in its own transaction, so the
   * supporter and what points at them commit together.
   */
  prepare(input: ContactInput): PreparedContact {
    const details = checkDetails({
      displayName: normaliseName(input.displayName),
      email: normaliseEmail(input.email),
      phone: normalisePhone(input.phone),
      language: input.language ?? 'it',
      timeZone: input.timeZone ?? 'Europe/Rome',
      country: input.country ?? null,
      preferredChannel: input.preferredChannel ?? null,
    });
    return Object.freeze({
      id: newId('con'),
      ...details,
      consents: Object.freeze([...(input.consents ?? [])]),
    });
  }

  /** Inserts prepared supporters and their consents in the caller's transaction. */
  async insertPrepared(trx: Transaction<Database>, contacts: readonly PreparedContact[]): Promise<void> {
    if (contacts.length === 0) return;
    const now = this.#clock.now().toISOString();
    const rows = contacts.map((c) => ({
      id: c.id,
      display_name: c.displayName,
      email: c.email,
      phone: c.phone,
      language: c.language,
      time_zone: c.timeZone,
      country: c.country,
      preferred_channel: c.preferredChannel,
      created_at: now,
      updated_at: now,
      erased_at: null,
    }));
    for (let i = 0; i < rows.length; i += 200) {
      await trx
        .insertInto('contacts')
        .values(rows.slice(i, i + 200))
        .execute();
    }
    const consents = contacts.flatMap((c) => c.consents.map((consent) => consentRow(c.id, consent, now)));
    for (let i = 0; i < consents.length; i += 200) {
      await trx
        .insertInto('consents')
        .values(consents.slice(i, i + 200))
        .execute();
    }
  }

  /**
   * Changes a supporter's details, checked as on creation; all of the change is stored, or none. An
   * e-mail address or phone number another live supporter already has is refused (CONTACT_CONFLICT):
   * gifts and chats find supporters by them. Removing the address of the preferred channel clears the
   * preference; asking for a channel without its address is refused.
   */
  async update(id: string, patch: ContactPatch): Promise<Contact> {
    const now = this.#clock.now().toISOString();
    await this.#store.db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', id)
        .where('erased_at', 'is', null)
        .executeTakeFirst();
      if (!row) throw new FiloError(ContactErrors.CONTACT_NOT_FOUND);
      const has = (key: keyof ContactPatch) =>
        Object.prototype.hasOwnProperty.call(patch, key) && patch[key] !== undefined;
      const email = has('email') ? normaliseEmail(patch.email) : row.email;
      const phone = has('phone') ? normalisePhone(patch.phone) : row.phone;
      let preferredChannel = has('preferredChannel')
        ? (patch.preferredChannel ?? null)
        : (row.preferred_channel as PreferredChannel | null);
      // The address of the preferred channel went away with this change: the preference goes with it.
      if (!has('preferredChannel') && preferredChannel && !reachableOn(preferredChannel, { email, phone }))
        preferredChannel = null;
      const details = checkDetails({
        displayName: has('displayName') ? normaliseName(patch.displayName) : row.display_name,
        email,
        phone,
        language: patch.language ?? row.language,
        timeZone: patch.timeZone ?? row.time_zone,
        country: has('country') ? (patch.country ?? null) : row.country,
        preferredChannel,
      });
      for (const [column, value] of [
        ['email', details.email !== row.email ? details.email : null],
        ['phone', details.phone !== row.phone ? details.phone : null],
      ] as const) {
        if (value === null) continue;
        const other = await trx
          .selectFrom('contacts')
          .select('id')
          .where(column, '=', value)
          .where('id', '!=', id)
          .where('erased_at', 'is', null)
          .executeTakeFirst();
        if (other)
          throw new FiloError(ContactErrors.CONTACT_CONFLICT, {
            message:
              column === 'email'
                ? 'Another supporter already has this e-mail address'
                : 'Another supporter already has this phone number',
          });
      }
      await trx
        .updateTable('contacts')
        .set({
          display_name: details.displayName,
          email: details.email,
          phone: details.phone,
          language: details.language,
          time_zone: details.timeZone,
          country: details.country,
          preferred_channel: details.preferredChannel,
          updated_at: now,
        })
        .where('id', '=', id)
        .execute();
    });
    return this.get(id);
  }

  /**
   * Records the channel a donor chose (on the donation form) inside the caller's transaction, when they
   * have its address; otherwise nothing changes.
   */
  async setPreferredChannelWithin(
    trx: Kysely<Database>,
    id: string,
    channel: PreferredChannel,
  ): Promise<void> {
    await trx
      .updateTable('contacts')
      .set({ preferred_channel: channel, updated_at: this.#clock.now().toISOString() })
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .where(channel === 'email' ? 'email' : 'phone', 'is not', null)
      .execute();
  }

  async recordConsent(contactId: string, consent: ConsentInput): Promise<ConsentState> {
    await this.#requireContact(contactId);
    const row = consentRow(contactId, consent, this.#clock.now().toISOString());
    await this.#store.db.insertInto('consents').values(row).execute();
    return {
      channel: row.channel,
      purpose: row.purpose,
      status: row.status as 'granted' | 'revoked',
      source: row.source,
      wordingVersion: row.wording_version,
      recordedAt: row.recorded_at,
    };
  }

  /** The oldest live supporter with this e-mail address (compared in lower case), or null. */
  async findByEmail(address: string): Promise<{ id: string; language: string } | null> {
    const row = await this.#store.db
      .selectFrom('contacts')
      .select(['id', 'language'])
      .where('email', '=', address.trim().toLowerCase())
      .where('erased_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    return row ?? null;
  }

  /** The oldest live supporter with this phone number (E.164, spaces and punctuation ignored), or null. */
  async findByPhone(number: string): Promise<{ id: string; language: string } | null> {
    const row = await this.#store.db
      .selectFrom('contacts')
      .select(['id', 'language'])
      .where('phone', '=', number.replace(/[\s().-]/g, ''))
      .where('erased_at', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    return row ?? null;
  }

  async get(id: string): Promise<Contact> {
    const row = await this.#store.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new FiloError(ContactErrors.CONTACT_NOT_FOUND);
    const consents = await this.currentConsents([id]);
    return toContact(row, consents.get(id) ?? []);
  }

  async list(options: {
    limit: number;
    cursor?: string | undefined;
    search?: string | undefined;
  }): Promise<{ items: Contact[]; nextCursor: string | null }> {
    let query = this.#store.db
      .selectFrom('contacts')
      .selectAll()
      .where('erased_at', 'is', null)
      .orderBy('id')
      .limit(options.limit + 1);
    if (options.cursor) query = query.where('id', '>', options.cursor);
    if (options.search) {
      const term = `%${options.search.toLowerCase().replace(/[%_\\]/g, '')}%`;
      query = query.where((eb) =>
        eb.or([
          eb(eb.fn('lower', ['display_name']), 'like', term),
          eb('email', 'like', term),
          eb('phone', 'like', term),
        ]),
      );
    }
    const rows = await query.execute();
    const page = rows.slice(0, options.limit);
    const consents = await this.currentConsents(page.map((r) => r.id));
    return {
      items: page.map((r) => toContact(r, consents.get(r.id) ?? [])),
      nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async count(): Promise<number> {
    const row = await this.#store.db
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('erased_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** How many supporters currently allow messages on a channel, for any purpose (latest record wins). */
  async countOptedIn(channel: Channel): Promise<number> {
    const result = await sql<{ n: number | string }>`
      select count(distinct t.contact_id) as n from (
        select c.contact_id, c.status,
               row_number() over (partition by c.contact_id, c.purpose order by c.recorded_at desc, c.id desc) as rn
        from consents c join contacts k on k.id = c.contact_id
        where c.channel = ${channel} and k.erased_at is null
      ) t where t.rn = 1 and t.status = 'granted'`.execute(this.#store.db);
    return Number(result.rows[0]?.n ?? 0);
  }

  async currentConsents(contactIds: readonly string[]): Promise<Map<string, ConsentState[]>> {
    const out = new Map<string, ConsentState[]>();
    if (contactIds.length === 0) return out;
    const rows = await this.#store.db
      .selectFrom('consents')
      .selectAll()
      .where('contact_id', 'in', contactIds)
      .orderBy('recorded_at')
      .orderBy('id')
      .execute();
    const latest = new Map<string, (typeof rows)[number]>();
    for (const r of rows) latest.set(`${r.contact_id}|${r.channel}|${r.purpose}`, r);
    for (const r of latest.values()) {
      const list = out.get(r.contact_id) ?? [];
      list.push({
        channel: r.channel,
        purpose: r.purpose,
        status: r.status === 'granted' ? 'granted' : 'revoked',
        source: r.source,
        wordingVersion: r.wording_version,
        recordedAt: r.recorded_at,
      });
      out.set(r.contact_id, list);
    }
    return out;
  }

  /**
   * GDPR erasure: removes the supporter's personal data and consent texts. The row stays, empty, so that
   * pseudonymous accounting records that point at its id keep their meaning; it can never be read back.
   */
  async erase(id: string): Promise<void> {
    await this.#requireContact(id);
    const now = this.#clock.now().toISOString();
    await this.#store.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('contacts')
        .set({
          display_name: null,
          email: null,
          phone: null,
          country: null,
          preferred_channel: null,
          updated_at: now,
          erased_at: now,
        })
        .where('id', '=', id)
        .execute();
      // Consent history is personal data too; the fact that it existed is not needed once erased.
      await trx.deleteFrom('consents').where('contact_id', '=', id).execute();
    });
  }

  async #requireContact(id: string): Promise<void> {
    const row = await this.#store.db
      .selectFrom('contacts')
      .select('id')
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new FiloError(ContactErrors.CONTACT_NOT_FOUND);
  }
}

function consentRow(contactId: string, consent: ConsentInput, now: string) {
  if (
    !(CHANNELS as readonly string[]).includes(consent.channel) ||
    !(PURPOSES as readonly string[]).includes(consent.purpose)
  ) {
    throw new FiloError(ContactErrors.CONSENT_INVALID, { message: 'Unknown channel or purpose' });
  }
  if (!consent.wording.trim() || !consent.wordingVersion.trim()) {
    throw new FiloError(ContactErrors.CONSENT_INVALID, {
      message: 'Consent needs the wording shown and its version',
    });
  }
  return {
    id: newId('cst'),
    contact_id: contactId,
    channel: consent.channel,
    purpose: consent.purpose,
    status: consent.granted ? 'granted' : 'revoked',
    source: consent.source,
    wording_version: consent.wordingVersion,
    wording: consent.wording,
    proof: JSON.stringify(consent.proof ?? {}),
    recorded_at: consent.recordedAt ?? now,
  };
}

function toContact(
  row: {
    id: string;
    display_name: string | null;
    email: string | null;
    phone: string | null;
    language: string;
    time_zone: string;
    country: string | null;
    preferred_channel: string | null;
    created_at: string;
  },
  consents: ConsentState[],
): Contact {
  return {
    id: row.id,
    displayName: row.display_name,
    email: row.email,
    phone: row.phone,
    language: row.language,
    timeZone: row.time_zone,
    country: row.country,
    preferredChannel: (PREFERRED_CHANNELS as readonly string[]).includes(row.preferred_channel ?? '')
      ? (row.preferred_channel as PreferredChannel)
      : null,
    createdAt: row.created_at,
    consents,
  };
}
