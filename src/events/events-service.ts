import { createHmac, timingSafeEqual } from 'node:crypto';
import type { CampaignsService } from '../campaigns';
import type { ContactsService, ConsentInput } from '../contacts';
import { FiloError, isFiloError, newId, newToken, systemClock, type Clock } from '../core';
import type { LedgerService } from '../ledger';
import type { OrganisationService } from '../organisation';
import { sql, type Store } from '../store';
import { checkDay, checkFigures, checkKey, checkNote, dayIn, dayOf } from './activity-rules';
import { currentEventConsents, eventConsentWording, type EventConsentWording } from './consents';
import { EventErrors } from './errors';
import { checkLocalized, localize, parseLocalized, type Localized } from './localized';
import { abbreviateName } from './names';

// Virtual events: an event with its days and distance goal (optionally linked to a campaign whose
// donation page it points to), the supporters who signed up (once each), the activities they logged
// (once per dedupe key), and the totals and leaderboard computed from those rows.

export const EVENT_KINDS = ['run', 'walk', 'cycle', 'swim', 'other'] as const;
export type EventKind = (typeof EVENT_KINDS)[number];
export const EVENT_STATUSES = ['draft', 'published', 'closed'] as const;
export type EventStatus = (typeof EVENT_STATUSES)[number];
/** Where a sign-up came from: the public page, a chat channel, or staff. */
export const REGISTRATION_CHANNELS = ['web', 'whatsapp', 'webchat', 'email', 'sms', 'admin'] as const;
export type RegistrationChannel = (typeof REGISTRATION_CHANNELS)[number];
export const ACTIVITY_SOURCES = ['chat', 'web', 'admin'] as const;
export type ActivitySource = (typeof ACTIVITY_SOURCES)[number];

/** The largest distance goal an event may set (2 million km). */
export const MAX_GOAL_METRES = 2_000_000_000;
export const LEADERBOARD_SIZE = 10;

export interface VirtualEvent {
  readonly id: string;
  readonly slug: string;
  readonly title: Localized;
  readonly description: Localized;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly goalMetres: number | null;
  readonly campaignId: string | null;
  readonly status: EventStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface EventInput {
  readonly slug: string;
  readonly title: Localized;
  readonly description?: Localized;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly goalMetres?: number | null;
  readonly campaignId?: string | null;
  readonly status?: EventStatus;
}

/** What may change after creation; the slug stays, as links already point at it. */
export interface EventChanges {
  readonly title?: Localized;
  readonly description?: Localized;
  readonly kind?: EventKind;
  readonly startsAt?: string;
  readonly endsAt?: string;
  readonly goalMetres?: number | null;
  readonly campaignId?: string | null;
  readonly status?: EventStatus;
}

export interface EventTotals {
  readonly participants: number;
  readonly activities: number;
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly goalMetres: number | null;
}

export interface LeaderboardEntry {
  /** Competition ranking: equal figures share a rank. */
  readonly rank: number;
  /** First name and initial ("Maria R."), or null when the supporter gave no usable name. */
  readonly name: string | null;
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly activities: number;
}

export interface Registration {
  readonly id: string;
  readonly eventId: string;
  readonly contactId: string;
  readonly channel: RegistrationChannel;
  readonly createdAt: string;
}

export interface Activity {
  readonly id: string;
  readonly eventId: string;
  readonly registrationId: string;
  readonly distanceMetres: number | null;
  readonly durationSeconds: number | null;
  readonly date: string;
  readonly source: ActivitySource;
  readonly note: string | null;
  readonly createdAt: string;
}

export interface ActivityInput {
  readonly registrationId: string;
  /** When given, the registration must belong to this event. */
  readonly eventId?: string;
  readonly distanceMetres?: number | null;
  readonly durationSeconds?: number | null;
  /** YYYY-MM-DD; today (UTC) when left out. */
  readonly date?: string | null;
  readonly source: ActivitySource;
  readonly note?: string | null;
  /** One activity per registration and key: a retried message or form records once. */
  readonly dedupeKey: string;
}

export interface ParticipantTotals {
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly activities: number;
}

export interface ParticipantInput {
  readonly name: string;
  readonly email?: string | null;
  readonly phone?: string | null;
  readonly language?: string;
  readonly consents?: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly version: string;
  }[];
}

/** A staff row of the participants list. */
export interface ParticipantRow extends Registration, ParticipantTotals {
  readonly displayName: string | null;
}

export interface ActivityRow extends Activity {
  readonly displayName: string | null;
}

/** The public view of an event in one language. */
export interface PublicEvent {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: 'published' | 'closed';
  /** Sign-ups are taken: published and not yet over. */
  readonly open: boolean;
  readonly totals: EventTotals;
  readonly url: string;
}

export interface PublicCampaign {
  readonly slug: string;
  readonly name: string;
  readonly goalMinor: number;
  readonly raisedMinor: number;
  readonly currency: string;
  /** Gifts are taken (the campaign is active): the page links to its donation page. */
  readonly open: boolean;
}

export interface EventsServiceDeps {
  readonly store: Store;
  readonly contacts: ContactsService;
  readonly campaigns: CampaignsService;
  readonly ledger: LedgerService;
  readonly organisation: OrganisationService;
  readonly publicUrl: string;
  readonly clock?: Clock;
  /**
   * Called after a web sign-up (`created`: a new one; otherwise the same person signing up again), to
   * send the participant their personal link on their own channel (the events module queues it).
   */
  readonly onWebSignUp?: (registration: Registration, created: boolean) => Promise<void>;
}

/** A participant may be sent their personal link again at most once in this long. */
export const LINK_RESEND_MS = 10 * 60 * 1000;

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;
const CONTACT_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'];
const LINK_KEY = 'events_link_key';

type EventRow = {
  id: string;
  slug: string;
  title: string;
  description: string;
  kind: string;
  starts_at: string;
  ends_at: string;
  goal_metres: number | null;
  campaign_id: string | null;
  status: string;
  created_at: string;
  updated_at: string;
};

const invalid = (message: string) => new FiloError(EventErrors.EVENT_INVALID, { message });

function isOneOf<T extends string>(list: readonly T[], value: string): value is T {
  return (list as readonly string[]).includes(value);
}

function nullableNumber(value: number | string | null): number | null {
  return value === null ? null : Number(value);
}

export class EventsService {
  readonly #d: EventsServiceDeps;
  readonly #clock: Clock;
  readonly #publicUrl: string;
  #key: Buffer | undefined;

  constructor(deps: EventsServiceDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#publicUrl = deps.publicUrl.replace(/\/+$/, '');
  }

  get #db() {
    return this.#d.store.db;
  }

  // ---- events -----------------------------------------------------------------------------------------

  async create(input: EventInput): Promise<VirtualEvent> {
    if (!SLUG.test(input.slug) || input.slug.length > 80)
      throw invalid('The slug must be lowercase words joined by -');
    // /events/me/<token> is the participants' personal page.
    if (input.slug === 'me') throw new FiloError(EventErrors.EVENT_SLUG_TAKEN);
    const fields = await this.#checkFields({
      title: input.title,
      description: input.description ?? '',
      kind: input.kind,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      goalMetres: input.goalMetres ?? null,
      campaignId: input.campaignId ?? null,
      status: input.status ?? 'draft',
    });
    const taken = await this.#db
      .selectFrom('events')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw new FiloError(EventErrors.EVENT_SLUG_TAKEN);
    const now = this.#clock.now().toISOString();
    const row: EventRow = {
      id: newId('evt'),
      slug: input.slug,
      ...fields,
      created_at: now,
      updated_at: now,
    };
    try {
      await this.#db.insertInto('events').values(row).execute();
    } catch (cause) {
      // Two creations with one slug at once: the unique index lets one through.
      throw new FiloError(EventErrors.EVENT_SLUG_TAKEN, { cause });
    }
    return toEvent(row);
  }

  async update(id: string, changes: EventChanges): Promise<VirtualEvent> {
    const current = await this.#row(id);
    const event = toEvent(current);
    const status = changes.status ?? event.status;
    const fields = await this.#checkFields({
      title: changes.title ?? event.title,
      description: changes.description ?? event.description,
      kind: changes.kind ?? event.kind,
      startsAt: changes.startsAt ?? event.startsAt,
      endsAt: changes.endsAt ?? event.endsAt,
      goalMetres: changes.goalMetres === undefined ? event.goalMetres : changes.goalMetres,
      campaignId: changes.campaignId === undefined ? event.campaignId : changes.campaignId,
      status,
    });
    if (status === 'draft' && event.status !== 'draft') {
      const someone = await this.#db
        .selectFrom('event_registrations')
        .select('id')
        .where('event_id', '=', id)
        .executeTakeFirst();
      if (someone) throw new FiloError(EventErrors.EVENT_STATUS_CHANGE_INVALID);
    }
    const updated_at = this.#clock.now().toISOString();
    await this.#db
      .updateTable('events')
      .set({ ...fields, updated_at })
      .where('id', '=', id)
      .execute();
    return toEvent({ ...current, ...fields, updated_at });
  }

  async get(id: string): Promise<VirtualEvent> {
    return toEvent(await this.#row(id));
  }

  async getBySlug(slug: string): Promise<VirtualEvent> {
    const row = await this.#db.selectFrom('events').selectAll().where('slug', '=', slug).executeTakeFirst();
    if (!row) throw new FiloError(EventErrors.EVENT_NOT_FOUND);
    return toEvent(row);
  }

  /** Every event, or those with one of the statuses, soonest first. */
  async list(options: { readonly statuses?: readonly EventStatus[] } = {}): Promise<VirtualEvent[]> {
    let query = this.#db.selectFrom('events').selectAll().orderBy('starts_at').orderBy('id');
    if (options.statuses) {
      if (options.statuses.length === 0) return [];
      query = query.where('status', 'in', [...options.statuses]);
    }
    return (await query.execute()).map(toEvent);
  }

  /** Published events that still take sign-ups (not yet over), soonest first. */
  async openForSignup(): Promise<VirtualEvent[]> {
    const now = this.#clock.now().toISOString();
    return (await this.list({ statuses: ['published'] })).filter((e) => e.endsAt > now);
  }

  async totals(eventId: string): Promise<EventTotals> {
    const event = await this.get(eventId);
    return (await this.#totalsFor([event])).get(eventId) ?? emptyTotals(event);
  }

  async #totalsFor(events: readonly VirtualEvent[]): Promise<Map<string, EventTotals>> {
    const out = new Map<string, EventTotals>();
    if (events.length === 0) return out;
    const ids = events.map((e) => e.id);
    const sums = await this.#db
      .selectFrom('event_activities')
      .select((eb) => [
        'event_id',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('distance_metres').as('distance'),
        eb.fn.sum<number | string | null>('duration_seconds').as('duration'),
      ])
      .where('event_id', 'in', ids)
      .groupBy('event_id')
      .execute();
    const people = await this.#db
      .selectFrom('event_registrations')
      .select((eb) => ['event_id', eb.fn.countAll<number | string>().as('n')])
      .where('event_id', 'in', ids)
      .groupBy('event_id')
      .execute();
    const bySum = new Map(sums.map((s) => [s.event_id, s]));
    const byPeople = new Map(people.map((p) => [p.event_id, Number(p.n)]));
    for (const event of events) {
      const s = bySum.get(event.id);
      out.set(event.id, {
        participants: byPeople.get(event.id) ?? 0,
        activities: Number(s?.n ?? 0),
        distanceMetres: Number(s?.distance ?? 0),
        durationSeconds: Number(s?.duration ?? 0),
        goalMetres: event.goalMetres,
      });
    }
    return out;
  }

  /** The top participants by distance (then time), first names and initials only. */
  async leaderboard(eventId: string, limit = LEADERBOARD_SIZE): Promise<LeaderboardEntry[]> {
    const rows = await this.#db
      .selectFrom('event_registrations as r')
      .innerJoin('event_activities as a', 'a.registration_id', 'r.id')
      .leftJoin('contacts as c', 'c.id', 'r.contact_id')
      .select((eb) => [
        'r.id',
        'r.created_at',
        'c.display_name',
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.coalesce(eb.fn.sum<number | string>('a.distance_metres'), sql<number>`0`).as('distance'),
        eb.fn.coalesce(eb.fn.sum<number | string>('a.duration_seconds'), sql<number>`0`).as('duration'),
      ])
      .where('r.event_id', '=', eventId)
      .where('r.erased_at', 'is', null)
      .groupBy(['r.id', 'r.created_at', 'c.display_name'])
      .orderBy('distance', 'desc')
      .orderBy('duration', 'desc')
      .orderBy('r.created_at')
      .orderBy('r.id')
      .limit(Math.max(1, Math.min(limit, 100)))
      .execute();
    const out: LeaderboardEntry[] = [];
    rows.forEach((row, index) => {
      const distanceMetres = Number(row.distance);
      const durationSeconds = Number(row.duration);
      const previous = out[index - 1];
      const rank =
        previous && previous.distanceMetres === distanceMetres && previous.durationSeconds === durationSeconds
          ? previous.rank
          : index + 1;
      out.push({
        rank,
        name: abbreviateName(row.display_name ?? null),
        distanceMetres,
        durationSeconds,
        activities: Number(row.n),
      });
    });
    return out;
  }

  // ---- registrations ---------------------------------------------------------------------------------

  /** Signs a supporter up; signing up again returns the first registration (`created: false`). */
  async register(input: {
    readonly eventId: string;
    readonly contactId: string;
    readonly channel: RegistrationChannel;
  }): Promise<{ readonly registration: Registration; readonly created: boolean }> {
    if (!isOneOf(REGISTRATION_CHANNELS, input.channel))
      throw invalid(`Unknown channel ${String(input.channel)}`);
    const event = await this.get(input.eventId);
    const existing = await this.#registrationOf(event.id, input.contactId);
    if (existing) return { registration: existing, created: false };
    this.#requireSignupOpen(event);
    await this.#d.contacts.get(input.contactId);
    const row = {
      id: newId('erg'),
      event_id: event.id,
      contact_id: input.contactId,
      channel: input.channel,
      created_at: this.#clock.now().toISOString(),
      erased_at: null,
    };
    const inserted = await this.#db
      .insertInto('event_registrations')
      .values(row)
      .onConflict((oc) => oc.columns(['event_id', 'contact_id']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      const raced = await this.#registrationOf(event.id, input.contactId);
      if (raced) return { registration: raced, created: false };
      throw new FiloError(EventErrors.EVENT_REGISTRATION_NOT_FOUND);
    }
    return { registration: toRegistration(row), created: true };
  }

  /**
   * The public sign-up form: finds the supporter by e-mail (then phone) or adds them, stores the ticked
   * boxes with their exact wording, and signs them up. Everything is checked before anything is stored.
   * The personal link is returned only to a new sign-up, never to whoever types someone's address again.
   */
  async registerParticipant(
    slug: string,
    input: ParticipantInput,
  ): Promise<{
    readonly status: 'registered' | 'already_registered';
    readonly eventUrl: string;
    readonly activityUrl: string | null;
  }> {
    const event = await this.#publicEvent(slug);
    this.#requireSignupOpen(event);
    const name = input.name.trim();
    const email = input.email?.trim().toLowerCase() || null;
    const phone = input.phone?.replace(/[\s().-]/g, '') || null;
    if (
      name === '' ||
      [...name].length > 120 ||
      (email === null && phone === null) ||
      (email !== null && (!EMAIL.test(email) || email.length > 254)) ||
      (phone !== null && !E164.test(phone))
    )
      throw new FiloError(EventErrors.EVENT_PARTICIPANT_INVALID);
    const language = CONTACT_LANGUAGES.includes(input.language ?? '')
      ? (input.language as string)
      : (await this.#d.organisation.get()).language;
    const consents: EventConsentWording[] = [];
    for (const c of input.consents ?? []) {
      const wording = eventConsentWording(c.version, c.channel, c.purpose, language);
      if (!wording) throw new FiloError(EventErrors.EVENT_CONSENT_VERSION_UNKNOWN);
      const needs = wording.channel === 'email' ? email : phone;
      if (needs === null)
        throw new FiloError(EventErrors.EVENT_PARTICIPANT_INVALID, {
          message: `The ${wording.channel} box needs ${wording.channel === 'email' ? 'an e-mail address' : 'a phone number'}`,
        });
      if (!consents.some((x) => x.channel === wording.channel && x.purpose === wording.purpose))
        consents.push(wording);
    }
    const requestId = newToken(64);
    const consentInputs: ConsentInput[] = consents.map((c) => ({
      channel: c.channel,
      purpose: c.purpose,
      granted: true,
      source: 'event-form',
      wordingVersion: c.version,
      wording: c.wording,
      proof: { form: 'event-signup', event: event.slug, submission: requestId },
    }));

    let contactId = await this.#findContact(email, phone);
    if (contactId === null) {
      const created = await this.#d.contacts.create({
        displayName: name,
        email,
        phone,
        language,
        consents: consentInputs,
      });
      contactId = created.id;
    } else {
      for (const consent of consentInputs) await this.#d.contacts.recordConsent(contactId, consent);
    }
    const { registration, created } = await this.register({ eventId: event.id, contactId, channel: 'web' });
    // The link also goes to the participant's own e-mail or WhatsApp, so that it can be found again; a
    // second sign-up sends it there again (at most every few minutes), never to this page.
    await this.#d.onWebSignUp?.(registration, created);
    return {
      status: created ? 'registered' : 'already_registered',
      eventUrl: this.eventUrl(event.slug),
      activityUrl: created ? await this.activityUrl(registration.id) : null,
    };
  }

  /** The supporter's sign-ups with their events (any status), newest event first. */
  async registrationsOf(contactId: string): Promise<{ registration: Registration; event: VirtualEvent }[]> {
    const rows = await this.#db
      .selectFrom('event_registrations as r')
      .innerJoin('events as e', 'e.id', 'r.event_id')
      .selectAll('e')
      .select([
        'r.id as r_id',
        'r.event_id as r_event_id',
        'r.contact_id as r_contact_id',
        'r.channel as r_channel',
        'r.created_at as r_created_at',
      ])
      .where('r.contact_id', '=', contactId)
      .where('r.erased_at', 'is', null)
      .orderBy('e.starts_at', 'desc')
      .orderBy('e.id')
      .execute();
    return rows.map((row) => ({
      registration: toRegistration({
        id: row.r_id,
        event_id: row.r_event_id,
        contact_id: row.r_contact_id,
        channel: row.r_channel,
        created_at: row.r_created_at,
      }),
      event: toEvent(row),
    }));
  }

  /** Staff: everyone signed up, with their totals, in sign-up order. */
  async participants(eventId: string): Promise<ParticipantRow[]> {
    await this.get(eventId);
    const rows = await this.#db
      .selectFrom('event_registrations as r')
      .leftJoin('event_activities as a', 'a.registration_id', 'r.id')
      .leftJoin('contacts as c', 'c.id', 'r.contact_id')
      .select((eb) => [
        'r.id',
        'r.event_id',
        'r.contact_id',
        'r.channel',
        'r.created_at',
        'c.display_name',
        eb.fn.count<number | string>('a.id').as('n'),
        eb.fn.sum<number | string | null>('a.distance_metres').as('distance'),
        eb.fn.sum<number | string | null>('a.duration_seconds').as('duration'),
      ])
      .where('r.event_id', '=', eventId)
      .groupBy(['r.id', 'r.event_id', 'r.contact_id', 'r.channel', 'r.created_at', 'c.display_name'])
      .orderBy('r.created_at')
      .orderBy('r.id')
      .execute();
    return rows.map((row) => ({
      ...toRegistration(row),
      displayName: row.display_name ?? null,
      activities: Number(row.n),
      distanceMetres: Number(row.distance ?? 0),
      durationSeconds: Number(row.duration ?? 0),
    }));
  }

  // ---- activities ------------------------------------------------------------------------------------

  /**
   * Records one activity. The same dedupe key again returns the first one (`created: false`); the
   * same key with other figures is refused. Bad figures, a day outside the event or a closed event
   * are refused before anything is stored.
   */
  async logActivity(
    input: ActivityInput,
  ): Promise<{ readonly activity: Activity; readonly created: boolean }> {
    if (!isOneOf(ACTIVITY_SOURCES, input.source)) throw invalid(`Unknown source ${String(input.source)}`);
    const key = checkKey(input.dedupeKey);
    const registration = await this.#db
      .selectFrom('event_registrations')
      .selectAll()
      .where('id', '=', input.registrationId)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!registration || (input.eventId !== undefined && registration.event_id !== input.eventId))
      throw new FiloError(EventErrors.EVENT_REGISTRATION_NOT_FOUND);
    const replay = await this.#activityByKey(registration.id, key);
    const now = this.#clock.now();
    const figures = checkFigures(input);
    const note = checkNote(input.note);
    // "Today" is the participant's, in their time zone: the day they ran, not the server's.
    const today = dayIn(now, await this.#timeZoneOf(registration.contact_id));
    const date = input.date ?? today;
    if (replay) return { activity: this.#sameOrConflict(replay, figures, date), created: false };
    const event = await this.get(registration.event_id);
    if (event.status === 'closed') throw new FiloError(EventErrors.EVENT_CLOSED);
    if (event.status !== 'published') throw new FiloError(EventErrors.EVENT_NOT_FOUND);
    if (today < dayOf(event.startsAt)) throw new FiloError(EventErrors.EVENT_NOT_STARTED);
    checkDay(date, event, today);
    const row = {
      id: newId('eac'),
      event_id: event.id,
      registration_id: registration.id,
      distance_metres: figures.distanceMetres,
      duration_seconds: figures.durationSeconds,
      activity_date: date,
      source: input.source,
      note,
      dedupe_key: key,
      created_at: now.toISOString(),
    };
    const inserted = await this.#db
      .insertInto('event_activities')
      .values(row)
      .onConflict((oc) => oc.columns(['registration_id', 'dedupe_key']).doNothing())
      .executeTakeFirst();
    if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
      const raced = await this.#activityByKey(registration.id, key);
      if (!raced) throw new FiloError(EventErrors.EVENT_REGISTRATION_NOT_FOUND);
      return { activity: this.#sameOrConflict(raced, figures, date), created: false };
    }
    return { activity: toActivity(row), created: true };
  }

  #sameOrConflict(
    activity: Activity,
    figures: { distanceMetres: number | null; durationSeconds: number | null },
    date: string,
  ): Activity {
    if (
      activity.distanceMetres !== figures.distanceMetres ||
      activity.durationSeconds !== figures.durationSeconds ||
      activity.date !== date
    )
      throw new FiloError(EventErrors.EVENT_ACTIVITY_KEY_REUSED);
    return activity;
  }

  async #activityByKey(registrationId: string, key: string): Promise<Activity | null> {
    const row = await this.#db
      .selectFrom('event_activities')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .where('dedupe_key', '=', key)
      .executeTakeFirst();
    return row ? toActivity(row) : null;
  }

  async participantTotals(registrationId: string): Promise<ParticipantTotals> {
    const row = await this.#db
      .selectFrom('event_activities')
      .select((eb) => [
        eb.fn.countAll<number | string>().as('n'),
        eb.fn.sum<number | string | null>('distance_metres').as('distance'),
        eb.fn.sum<number | string | null>('duration_seconds').as('duration'),
      ])
      .where('registration_id', '=', registrationId)
      .executeTakeFirstOrThrow();
    return {
      activities: Number(row.n),
      distanceMetres: Number(row.distance ?? 0),
      durationSeconds: Number(row.duration ?? 0),
    };
  }

  /** Staff: an event's activities, newest first, a page at a time. */
  async activities(
    eventId: string,
    options: { readonly limit: number; readonly before?: string | undefined },
  ): Promise<{ items: ActivityRow[]; nextCursor: string | null }> {
    await this.get(eventId);
    let query = this.#db
      .selectFrom('event_activities as a')
      .innerJoin('event_registrations as r', 'r.id', 'a.registration_id')
      .leftJoin('contacts as c', 'c.id', 'r.contact_id')
      .selectAll('a')
      .select('c.display_name')
      .where('a.event_id', '=', eventId)
      .orderBy('a.id', 'desc')
      .limit(options.limit + 1);
    if (options.before) query = query.where('a.id', '<', options.before);
    const rows = await query.execute();
    const page = rows.slice(0, options.limit);
    return {
      items: page.map((row) => ({ ...toActivity(row), displayName: row.display_name ?? null })),
      nextCursor: rows.length > options.limit ? (page[page.length - 1]?.id ?? null) : null,
    };
  }

  async activitiesOf(registrationId: string, limit = 50): Promise<Activity[]> {
    const rows = await this.#db
      .selectFrom('event_activities')
      .selectAll()
      .where('registration_id', '=', registrationId)
      .orderBy('activity_date', 'desc')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toActivity);
  }

  // ---- links -----------------------------------------------------------------------------------------

  eventUrl(slug: string): string {
    return `${this.#publicUrl}/events/${slug}`;
  }

  /** The participant's personal page, where they log activities without signing in. */
  async activityUrl(registrationId: string): Promise<string> {
    return `${this.#publicUrl}/events/me/${await this.#token(registrationId)}`;
  }

  /**
   * What the personal-link message needs: the participant, the event's title in a language, and the
   * link; null when the registration was erased or its event is no longer shown.
   */
  async personalLink(registrationId: string): Promise<{
    readonly contactId: string;
    readonly title: (language: string) => Promise<string>;
    readonly link: string;
  } | null> {
    const row = await this.#db
      .selectFrom('event_registrations')
      .selectAll()
      .where('id', '=', registrationId)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    const event = await this.get(row.event_id);
    if (event.status === 'draft') return null;
    return {
      contactId: row.contact_id,
      title: (language) => this.titleOf(event, language),
      link: await this.activityUrl(row.id),
    };
  }

  /** The registration a personal link belongs to (not for an erased supporter). */
  async byLink(token: string): Promise<{ registration: Registration; event: VirtualEvent }> {
    const dot = token.lastIndexOf('.');
    const id = dot > 0 ? token.slice(0, dot) : '';
    const expected = id ? Buffer.from(await this.#token(id)) : Buffer.alloc(0);
    const given = Buffer.from(token);
    if (!id || expected.length !== given.length || !timingSafeEqual(expected, given))
      throw new FiloError(EventErrors.EVENT_LINK_INVALID);
    const row = await this.#db
      .selectFrom('event_registrations')
      .selectAll()
      .where('id', '=', id)
      .where('erased_at', 'is', null)
      .executeTakeFirst();
    if (!row) throw new FiloError(EventErrors.EVENT_LINK_INVALID);
    const event = await this.get(row.event_id);
    if (event.status === 'draft') throw new FiloError(EventErrors.EVENT_LINK_INVALID);
    return { registration: toRegistration(row), event };
  }

  async #token(registrationId: string): Promise<string> {
    const mac = createHmac('sha256', await this.#linkKey())
      .update(`event-registration:${registrationId}`)
      .digest('base64url');
    return `${registrationId}.${mac}`;
  }

  async #linkKey(): Promise<Buffer> {
    if (this.#key) return this.#key;
    const now = this.#clock.now().toISOString();
    // First writer wins across processes; every process then signs with the same key.
    await sql`insert into meta (key, value, updated_at) values (${LINK_KEY}, ${newToken(256)}, ${now}) on conflict (key) do nothing`.execute(
      this.#db,
    );
    const row = await this.#db
      .selectFrom('meta')
      .select('value')
      .where('key', '=', LINK_KEY)
      .executeTakeFirstOrThrow();
    this.#key = Buffer.from(row.value, 'base64url');
    return this.#key;
  }

  // ---- public views ----------------------------------------------------------------------------------

  async publicList(language: string): Promise<PublicEvent[]> {
    const events = await this.list({ statuses: ['published'] });
    const totals = await this.#totalsFor(events);
    const fallback = (await this.#d.organisation.get()).language;
    return events.map((e) => this.#toPublic(e, totals.get(e.id) ?? emptyTotals(e), language, fallback));
  }

  /** An event's page: the event in the reader's language, totals, leaderboard, campaign and the boxes. */
  async publicPage(slug: string, language: string) {
    const event = await this.#publicEvent(slug);
    const fallback = (await this.#d.organisation.get()).language;
    const totals = (await this.#totalsFor([event])).get(event.id) ?? emptyTotals(event);
    return {
      event: this.#toPublic(event, totals, language, fallback),
      leaderboard: await this.leaderboard(event.id),
      campaign: await this.#publicCampaign(event.campaignId),
      consents: currentEventConsents(language),
    };
  }

  /** The participant's own page, by their personal link. */
  async participantPage(token: string, language: string) {
    const { registration, event } = await this.byLink(token);
    const fallback = (await this.#d.organisation.get()).language;
    const totals = (await this.#totalsFor([event])).get(event.id) ?? emptyTotals(event);
    const today = dayIn(this.#clock.now(), await this.#timeZoneOf(registration.contactId));
    return {
      event: this.#toPublic(event, totals, language, fallback),
      /** Activities are taken: published, started (on the participant's today), any day of it so far. */
      logging: event.status === 'published' && today >= dayOf(event.startsAt),
      today,
      mine: await this.participantTotals(registration.id),
      activities: (await this.activitiesOf(registration.id)).map((a) => ({
        id: a.id,
        distanceMetres: a.distanceMetres,
        durationSeconds: a.durationSeconds,
        date: a.date,
        source: a.source,
        note: a.note,
      })),
      campaign: await this.#publicCampaign(event.campaignId),
    };
  }

  /** Logs an activity from the personal page. */
  async logByLink(
    token: string,
    input: Omit<ActivityInput, 'registrationId' | 'source'>,
  ): Promise<{ activity: Activity; created: boolean; mine: ParticipantTotals; totals: EventTotals }> {
    const { registration, event } = await this.byLink(token);
    const result = await this.logActivity({ ...input, registrationId: registration.id, source: 'web' });
    return {
      ...result,
      mine: await this.participantTotals(registration.id),
      totals: await this.totals(event.id),
    };
  }

  // ---- GDPR ------------------------------------------------------------------------------------------

  /**
   * The supporter's part of an erasure: their sign-ups leave the leaderboard and their link stops
   * working, their notes are deleted; the distances stay in the event's totals without a name.
   */
  async eraseContact(contactId: string): Promise<void> {
    const now = this.#clock.now().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      const ids = (
        await trx.selectFrom('event_registrations').select('id').where('contact_id', '=', contactId).execute()
      ).map((r) => r.id);
      if (ids.length === 0) return;
      await trx
        .updateTable('event_activities')
        .set({ note: null })
        .where('registration_id', 'in', ids)
        .execute();
      await trx
        .updateTable('event_registrations')
        .set({ erased_at: now })
        .where('id', 'in', ids)
        .where('erased_at', 'is', null)
        .execute();
    });
  }

  // ---- helpers ---------------------------------------------------------------------------------------

  #toPublic(event: VirtualEvent, totals: EventTotals, language: string, fallback: string): PublicEvent {
    const now = this.#clock.now().toISOString();
    return {
      slug: event.slug,
      title: localize(event.title, language, fallback),
      description: localize(event.description, language, fallback),
      kind: event.kind,
      startsAt: event.startsAt,
      endsAt: event.endsAt,
      status: event.status === 'closed' ? 'closed' : 'published',
      open: event.status === 'published' && event.endsAt > now,
      totals,
      url: this.eventUrl(event.slug),
    };
  }

  /** The event's title in a language (for the assistant's replies). */
  async titleOf(event: VirtualEvent, language: string): Promise<string> {
    return localize(event.title, language, (await this.#d.organisation.get()).language);
  }

  async #publicCampaign(campaignId: string | null): Promise<PublicCampaign | null> {
    if (campaignId === null) return null;
    const campaign = (await this.#d.campaigns.list()).find((c) => c.id === campaignId);
    if (!campaign || campaign.status === 'draft') return null;
    const summary = await this.#d.ledger.summary();
    const raised = summary.campaigns.find((c) => c.campaignId === campaign.id)?.raisedMinor ?? 0;
    return {
      slug: campaign.slug,
      name: campaign.name,
      goalMinor: campaign.goalMinor,
      raisedMinor: raised,
      currency: campaign.currency,
      open: campaign.status === 'active',
    };
  }

  /** A published or closed event by slug; drafts do not exist for the public. */
  async #publicEvent(slug: string): Promise<VirtualEvent> {
    const event = await this.getBySlug(slug);
    if (event.status === 'draft') throw new FiloError(EventErrors.EVENT_NOT_FOUND);
    return event;
  }

  #requireSignupOpen(event: VirtualEvent): void {
    if (event.status === 'draft') throw new FiloError(EventErrors.EVENT_NOT_FOUND);
    if (event.status === 'closed' || event.endsAt <= this.#clock.now().toISOString())
      throw new FiloError(EventErrors.EVENT_CLOSED);
  }

  /** The participant's time zone (every supporter has one; Europe/Rome if the row is gone). */
  async #timeZoneOf(contactId: string): Promise<string> {
    const row = await this.#db
      .selectFrom('contacts')
      .select('time_zone')
      .where('id', '=', contactId)
      .executeTakeFirst();
    return row?.time_zone ?? 'Europe/Rome';
  }

  async #registrationOf(eventId: string, contactId: string): Promise<Registration | null> {
    const row = await this.#db
      .selectFrom('event_registrations')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('contact_id', '=', contactId)
      .executeTakeFirst();
    if (!row) return null;
    if (row.erased_at !== null) throw new FiloError(EventErrors.EVENT_REGISTRATION_NOT_FOUND);
    return toRegistration(row);
  }

  async #findContact(email: string | null, phone: string | null): Promise<string | null> {
    if (email !== null) {
      const found = await this.#d.contacts.findByEmail(email);
      if (found) return found.id;
    }
    if (phone !== null) {
      const found = await this.#db
        .selectFrom('contacts')
        .select('id')
        .where('phone', '=', phone)
        .where('erased_at', 'is', null)
        .orderBy('created_at')
        .executeTakeFirst();
      if (found) return found.id;
    }
    return null;
  }

  async #row(id: string): Promise<EventRow> {
    const row = await this.#db.selectFrom('events').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) throw new FiloError(EventErrors.EVENT_NOT_FOUND);
    return row;
  }

  async #checkFields(f: {
    title: Localized;
    description: Localized;
    kind: string;
    startsAt: string;
    endsAt: string;
    goalMetres: number | null;
    campaignId: string | null;
    status: string;
  }) {
    const title = checkLocalized(f.title, 'title', { min: 1, max: 200 });
    const description = checkLocalized(f.description, 'description', { min: 0, max: 5000 });
    if (!isOneOf(EVENT_KINDS, f.kind)) throw invalid(`The kind must be one of ${EVENT_KINDS.join(', ')}`);
    if (!isOneOf(EVENT_STATUSES, f.status))
      throw invalid(`The status must be one of ${EVENT_STATUSES.join(', ')}`);
    const starts = Date.parse(f.startsAt);
    const ends = Date.parse(f.endsAt);
    if (Number.isNaN(starts) || Number.isNaN(ends))
      throw invalid('The start and end must be dates and times');
    if (ends <= starts) throw invalid('The event must end after it starts');
    if (
      f.goalMetres !== null &&
      (!Number.isSafeInteger(f.goalMetres) || f.goalMetres <= 0 || f.goalMetres > MAX_GOAL_METRES)
    )
      throw invalid('The goal must be a positive whole number of metres, at most 2 million km');
    if (f.campaignId !== null) {
      const exists = (await this.#d.campaigns.list()).some((c) => c.id === f.campaignId);
      if (!exists) throw new FiloError(EventErrors.EVENT_CAMPAIGN_NOT_FOUND);
    }
    return {
      title: JSON.stringify(title),
      description: JSON.stringify(description),
      kind: f.kind,
      starts_at: new Date(starts).toISOString(),
      ends_at: new Date(ends).toISOString(),
      goal_metres: f.goalMetres,
      campaign_id: f.campaignId,
      status: f.status,
    };
  }
}

function emptyTotals(event: VirtualEvent): EventTotals {
  return {
    participants: 0,
    activities: 0,
    distanceMetres: 0,
    durationSeconds: 0,
    goalMetres: event.goalMetres,
  };
}

function toEvent(row: EventRow): VirtualEvent {
  return {
    id: row.id,
    slug: row.slug,
    title: parseLocalized(row.title),
    description: parseLocalized(row.description),
    kind: isOneOf(EVENT_KINDS, row.kind) ? row.kind : 'other',
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    goalMetres: nullableNumber(row.goal_metres),
    campaignId: row.campaign_id,
    status: isOneOf(EVENT_STATUSES, row.status) ? row.status : 'draft',
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function toRegistration(row: {
  id: string;
  event_id: string;
  contact_id: string;
  channel: string;
  created_at: string;
}): Registration {
  return {
    id: row.id,
    eventId: row.event_id,
    contactId: row.contact_id,
    channel: isOneOf(REGISTRATION_CHANNELS, row.channel) ? row.channel : 'web',
    createdAt: row.created_at,
  };
}

function toActivity(row: {
  id: string;
  event_id: string;
  registration_id: string;
  distance_metres: number | string | null;
  duration_seconds: number | string | null;
  activity_date: string;
  source: string;
  note: string | null;
  created_at: string;
}): Activity {
  return {
    id: row.id,
    eventId: row.event_id,
    registrationId: row.registration_id,
    distanceMetres: nullableNumber(row.distance_metres),
    durationSeconds: nullableNumber(row.duration_seconds),
    date: row.activity_date,
    source: isOneOf(ACTIVITY_SOURCES, row.source) ? row.source : 'web',
    note: row.note,
    createdAt: row.created_at,
  };
}

/** True for the module's own refusals (the assistant words them; anything else is a real failure). */
export function isEventError(error: unknown): error is FiloError {
  return isFiloError(error) && error.code.startsWith('EVENT_');
}
