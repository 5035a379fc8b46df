// Typed calls to the events API (/api/v1/events for staff, /api/v1/public/events for everyone), over
// the shared ApiClient so that the session's CSRF token and the error codes work as everywhere else.
import type { ApiClient, RequestOptions } from '../api';

export type EventKind = 'run' | 'walk' | 'cycle' | 'swim' | 'other';
export type EventStatus = 'draft' | 'published' | 'closed';
export type LocalizedText = string | Readonly<Partial<Record<'it' | 'en' | 'de' | 'es' | 'fr', string>>>;

export interface EventTotals {
  readonly participants: number;
  readonly activities: number;
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly goalMetres: number | null;
}

export interface StaffEvent {
  readonly id: string;
  readonly slug: string;
  readonly title: LocalizedText;
  readonly description: LocalizedText;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly goalMetres: number | null;
  readonly campaignId: string | null;
  readonly status: EventStatus;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly totals: EventTotals;
  readonly url: string;
}

export interface NewEvent {
  readonly slug: string;
  readonly title: LocalizedText;
  readonly description?: LocalizedText;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly goalMetres?: number | null;
  readonly campaignId?: string | null;
  readonly status?: EventStatus;
}

export type EventChanges = Partial<Omit<NewEvent, 'slug'>>;

export interface LeaderboardEntry {
  readonly rank: number;
  /** First name and initial only; null when the participant gave no usable name. */
  readonly name: string | null;
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly activities: number;
}

export interface Participant {
  readonly id: string;
  readonly eventId: string;
  readonly contactId: string;
  readonly displayName: string | null;
  readonly channel: string;
  readonly createdAt: string;
  readonly activities: number;
  readonly distanceMetres: number;
  readonly durationSeconds: number;
}

export interface EventActivity {
  readonly id: string;
  readonly distanceMetres: number | null;
  readonly durationSeconds: number | null;
  readonly date: string;
  readonly source: 'chat' | 'web' | 'admin';
  readonly note: string | null;
}

export interface StaffActivity extends EventActivity {
  readonly eventId: string;
  readonly registrationId: string;
  readonly displayName: string | null;
  readonly createdAt: string;
}

export interface PublicEvent {
  readonly slug: string;
  readonly title: string;
  readonly description: string;
  readonly kind: EventKind;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly status: 'published' | 'closed';
  /** Sign-ups are taken. */
  readonly open: boolean;
  readonly totals: EventTotals;
  readonly url: string;
}

export interface EventCampaign {
  readonly slug: string;
  readonly name: string;
  readonly goalMinor: number;
  readonly raisedMinor: number;
  readonly currency: string;
  readonly open: boolean;
}

export interface EventConsentOption {
  readonly channel: string;
  readonly purpose: string;
  readonly version: string;
  readonly wording: string;
}

export interface EventPage {
  readonly event: PublicEvent;
  readonly leaderboard: readonly LeaderboardEntry[];
  readonly campaign: EventCampaign | null;
  readonly consents: readonly EventConsentOption[];
}

export interface EventSignup {
  readonly name: string;
  readonly email: string | null;
  readonly phone: string | null;
  readonly language: string;
  readonly consents: readonly {
    readonly channel: string;
    readonly purpose: string;
    readonly version: string;
  }[];
}

export interface EventSignedUp {
  readonly status: 'registered' | 'already_registered';
  readonly eventUrl: string;
  /** The personal link to log activities: only for a new sign-up. */
  readonly activityUrl: string | null;
}

export interface ParticipantTotals {
  readonly distanceMetres: number;
  readonly durationSeconds: number;
  readonly activities: number;
}

export interface ParticipantPage {
  readonly event: PublicEvent;
  readonly logging: boolean;
  /** Today on the server (UTC), YYYY-MM-DD: the latest day an activity may have. */
  readonly today: string;
  readonly mine: ParticipantTotals;
  readonly activities: readonly EventActivity[];
  readonly campaign: EventCampaign | null;
}

export interface NewActivity {
  readonly distanceMetres: number | null;
  readonly durationSeconds: number | null;
  readonly date: string;
  readonly note?: string | null;
  /** One per form submission: pressing twice records once. */
  readonly key: string;
}

export interface ActivityLogged {
  readonly created: boolean;
  readonly mine: ParticipantTotals;
  readonly totals: EventTotals;
}

const enc = encodeURIComponent;

export class EventsApi {
  readonly #api: ApiClient;
  constructor(api: ApiClient) {
    this.#api = api;
  }

  // ---- staff ----

  list(options: RequestOptions = {}): Promise<{ readonly items: readonly StaffEvent[] }> {
    return this.#api.call('GET', '/api/v1/events', undefined, options);
  }

  detail(
    id: string,
    options: RequestOptions = {},
  ): Promise<{ readonly event: StaffEvent; readonly leaderboard: readonly LeaderboardEntry[] }> {
    return this.#api.call('GET', `/api/v1/events/${enc(id)}`, undefined, options);
  }

  create(body: NewEvent, options: RequestOptions = {}): Promise<StaffEvent> {
    return this.#api.call('POST', '/api/v1/events', body, options);
  }

  update(id: string, body: EventChanges, options: RequestOptions = {}): Promise<StaffEvent> {
    return this.#api.call('PATCH', `/api/v1/events/${enc(id)}`, body, options);
  }

  participants(
    id: string,
    options: RequestOptions = {},
  ): Promise<{ readonly items: readonly Participant[] }> {
    return this.#api.call('GET', `/api/v1/events/${enc(id)}/registrations`, undefined, options);
  }

  activities(
    id: string,
    cursor: string | null,
    options: RequestOptions = {},
  ): Promise<{ readonly items: readonly StaffActivity[]; readonly nextCursor: string | null }> {
    const query = cursor ? `?limit=50&cursor=${enc(cursor)}` : '?limit=50';
    return this.#api.call('GET', `/api/v1/events/${enc(id)}/activities${query}`, undefined, options);
  }

  // ---- public ----

  publicList(
    language: string,
    options: RequestOptions = {},
  ): Promise<{ readonly items: readonly PublicEvent[] }> {
    return this.#api.call('GET', `/api/v1/public/events?lang=${enc(language)}`, undefined, options);
  }

  page(slug: string, language: string, options: RequestOptions = {}): Promise<EventPage> {
    return this.#api.call(
      'GET',
      `/api/v1/public/events/${enc(slug)}?lang=${enc(language)}`,
      undefined,
      options,
    );
  }

  signUp(slug: string, body: EventSignup, options: RequestOptions = {}): Promise<EventSignedUp> {
    return this.#api.call('POST', `/api/v1/public/events/${enc(slug)}/registrations`, body, options);
  }

  mine(token: string, language: string, options: RequestOptions = {}): Promise<ParticipantPage> {
    return this.#api.call(
      'GET',
      `/api/v1/public/events/me/${enc(token)}?lang=${enc(language)}`,
      undefined,
      options,
    );
  }

  logActivity(token: string, body: NewActivity, options: RequestOptions = {}): Promise<ActivityLogged> {
    return this.#api.call('POST', `/api/v1/public/events/me/${enc(token)}/activities`, body, options);
  }
}
