// Tables of the events module (src/events), migration 0017.

export interface EventTable {
  id: string;
  slug: string;
  /** JSON: a single text, or one per language ({"it": "…", "en": "…"}). */
  title: string;
  /** JSON, as the title. */
  description: string;
  /** run | walk | cycle | swim | other */
  kind: string;
  starts_at: string;
  ends_at: string;
  /** The distance goal of everyone together, in metres; null when there is none. */
  goal_metres: number | null;
  campaign_id: string | null;
  /** draft | published | closed */
  status: string;
  created_at: string;
  updated_at: string;
}

export interface EventRegistrationTable {
  id: string;
  event_id: string;
  contact_id: string;
  /** Where the sign-up came from: web, whatsapp, webchat, email, sms, admin. */
  channel: string;
  created_at: string;
  /** Set when the supporter was erased: their link stops working and they leave the leaderboard. */
  erased_at: string | null;
}

export interface EventActivityTable {
  id: string;
  event_id: string;
  registration_id: string;
  distance_metres: number | null;
  duration_seconds: number | null;
  /** The day of the activity, YYYY-MM-DD. */
  activity_date: string;
  /** chat | web | admin */
  source: string;
  note: string | null;
  /** The client's key (a chat message id, a form submission): one activity per key and registration. */
  dedupe_key: string;
  created_at: string;
}

export interface EventsTables {
  events: EventTable;
  event_registrations: EventRegistrationTable;
  event_activities: EventActivityTable;
}
