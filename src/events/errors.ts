import { defineErrors } from '../core';

// The events module's error catalogue. Codes are stable; a retired code is never reused.
export const EventErrors = defineErrors({
  EVENT_NOT_FOUND: { statusCode: 404, message: 'No such event' },
  EVENT_INVALID: { statusCode: 400, message: 'Invalid event' },
  EVENT_SLUG_TAKEN: { statusCode: 409, message: 'Another event already uses this slug' },
  EVENT_CAMPAIGN_NOT_FOUND: { statusCode: 400, message: 'The linked campaign does not exist' },
  EVENT_STATUS_CHANGE_INVALID: {
    statusCode: 409,
    message: 'An event with participants cannot go back to draft',
  },
  EVENT_CLOSED: { statusCode: 409, message: 'The event is closed or has ended' },
  EVENT_NOT_STARTED: { statusCode: 409, message: 'The event has not started yet' },
  EVENT_PARTICIPANT_INVALID: {
    statusCode: 400,
    message: 'A name and an e-mail address or a phone number are needed, in a valid form',
  },
  EVENT_CONSENT_VERSION_UNKNOWN: {
    statusCode: 400,
    message: 'The consent wording was changed; reload the page and tick the boxes again',
  },
  EVENT_REGISTRATION_NOT_FOUND: { statusCode: 404, message: 'No such registration' },
  EVENT_LINK_INVALID: { statusCode: 404, message: 'This personal event link is not valid' },
  EVENT_ACTIVITY_EMPTY: { statusCode: 400, message: 'An activity needs a distance or a duration' },
  EVENT_ACTIVITY_NEGATIVE: { statusCode: 400, message: 'A distance or duration cannot be negative' },
  EVENT_ACTIVITY_ZERO: { statusCode: 400, message: 'A distance or duration must be more than zero' },
  EVENT_ACTIVITY_NOT_INTEGER: {
    statusCode: 400,
    message: 'Distances are whole metres and durations whole seconds',
  },
  EVENT_ACTIVITY_TOO_FAR: { statusCode: 400, message: 'More than 1000 km in one activity' },
  EVENT_ACTIVITY_TOO_LONG: { statusCode: 400, message: 'More than 48 hours in one activity' },
  EVENT_ACTIVITY_DATE_INVALID: { statusCode: 400, message: 'The date must be a day, YYYY-MM-DD' },
  EVENT_ACTIVITY_DATE_OUTSIDE: {
    statusCode: 400,
    message: 'The date is outside the days of the event',
  },
  EVENT_ACTIVITY_DATE_IN_FUTURE: { statusCode: 400, message: 'The date is in the future' },
  EVENT_ACTIVITY_NOTE_TOO_LONG: { statusCode: 400, message: 'The note is longer than 500 characters' },
  EVENT_ACTIVITY_KEY_INVALID: {
    statusCode: 400,
    message: 'The dedupe key must be 1 to 200 characters',
  },
  EVENT_ACTIVITY_KEY_REUSED: {
    statusCode: 409,
    message: 'This dedupe key was already used for a different activity',
  },
});
