// The events module owns virtual events: sign-ups (once per supporter), logged activities (once per
// dedupe key, absurd figures refused), totals and a leaderboard of first names and initials.
// Peer-to-peer pages will build on it. Its public surface is this file.
export { createEventsModule, eventsModule } from './events-module';
export {
  EventsService,
  EVENT_KINDS,
  EVENT_STATUSES,
  isEventError,
  type Activity,
  type EventKind,
  type EventStatus,
  type EventTotals,
  type LeaderboardEntry,
  type ParticipantTotals,
  type Registration,
  type RegistrationChannel,
  type VirtualEvent,
} from './events-service';
export { EventErrors } from './errors';
export { MAX_ACTIVITY_METRES, MAX_ACTIVITY_SECONDS } from './activity-rules';
