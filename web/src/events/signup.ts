// The event sign-up and activity forms, checked here as the server will check them, so that most
// mistakes are shown beside their field before anything is sent; the server's codes land there too.
import { isApiError, CLIENT_ERROR_CODES } from '../api';
import type { PlainMessageKey } from '../i18n';
import type { EventConsentOption, EventSignup, NewActivity } from './events-api';
import { parseKilometres, parseMinutes } from './figures';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{6,14}$/;

export type SignupField = 'name' | 'contact' | 'email' | 'phone' | 'consents';
export type SignupErrors = Partial<Record<SignupField, PlainMessageKey>>;

export interface SignupValues {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  /** Ticked boxes as `channel:purpose`. */
  readonly consents: readonly string[];
}

/** "+39 333 123-4567" or "0039 333 1234567" → "+393331234567" (E.164, as the server wants). */
export function normalisePhone(input: string): string {
  const compact = input.replace(/[\s().\-\u00a0]/g, '');
  return compact.startsWith('00') ? `+${compact.slice(2)}` : compact;
}

export function consentKey(c: { readonly channel: string; readonly purpose: string }): string {
  return `${c.channel}:${c.purpose}`;
}

export function validateSignup(
  values: SignupValues,
  consents: readonly EventConsentOption[],
  language: string,
): { readonly ok: true; readonly body: EventSignup } | { readonly ok: false; readonly errors: SignupErrors } {
  const errors: SignupErrors = {};
  const name = values.name.trim();
  if (name === '') errors.name = 'eventsPublic.errorName';
  const email = values.email.trim();
  const phone = normalisePhone(values.phone);
  if (email === '' && phone === '') errors.contact = 'eventsPublic.errorContact';
  if (email !== '' && !EMAIL.test(email)) errors.email = 'eventsPublic.errorEmail';
  if (phone !== '' && !E164.test(phone)) errors.phone = 'eventsPublic.errorPhone';
  const ticked = consents.filter((c) => values.consents.includes(consentKey(c)));
  if (ticked.some((c) => c.channel === 'email') && email === '')
    errors.consents = 'eventsPublic.errorConsentEmail';
  else if (ticked.some((c) => c.channel !== 'email') && phone === '')
    errors.consents = 'eventsPublic.errorConsentPhone';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      name,
      email: email === '' ? null : email,
      phone: phone === '' ? null : phone,
      language,
      consents: ticked.map((c) => ({ channel: c.channel, purpose: c.purpose, version: c.version })),
    },
  };
}

/** Where the server's refusal of a sign-up belongs: on a field, or above the form. */
export function signupErrorPlacement(error: unknown): {
  readonly field: SignupField | null;
  readonly key: PlainMessageKey;
} {
  if (!isApiError(error)) return { field: null, key: 'errors.generic' };
  switch (error.code) {
    case 'EVENT_PARTICIPANT_INVALID':
      return { field: 'contact', key: 'eventsPublic.errorContact' };
    case 'EVENT_CONSENT_VERSION_UNKNOWN':
      return { field: 'consents', key: 'eventsPublic.errorConsentChanged' };
    case 'EVENT_CLOSED':
    case 'EVENT_NOT_FOUND':
      return { field: null, key: 'eventsPublic.errorClosed' };
    case 'RATE_LIMITED':
      return { field: null, key: 'eventsPublic.errorRateLimited' };
    case CLIENT_ERROR_CODES.NETWORK_ERROR:
      return { field: null, key: 'errors.network' };
    default:
      return { field: null, key: 'errors.generic' };
  }
}

export type ActivityField = 'distance' | 'duration' | 'date' | 'figures';
export type ActivityErrors = Partial<Record<ActivityField, PlainMessageKey>>;

export interface ActivityValues {
  readonly distance: string;
  readonly duration: string;
  readonly date: string;
  readonly note: string;
}

export function validateActivity(
  values: ActivityValues,
  key: string,
):
  | { readonly ok: true; readonly body: NewActivity }
  | { readonly ok: false; readonly errors: ActivityErrors } {
  const errors: ActivityErrors = {};
  const distanceMetres = values.distance.trim() === '' ? null : parseKilometres(values.distance);
  const durationSeconds = values.duration.trim() === '' ? null : parseMinutes(values.duration);
  if (values.distance.trim() !== '' && distanceMetres === null) errors.distance = 'eventsMine.errorDistance';
  if (values.duration.trim() !== '' && durationSeconds === null) errors.duration = 'eventsMine.errorDuration';
  if (values.distance.trim() === '' && values.duration.trim() === '')
    errors.figures = 'eventsMine.errorEmpty';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(values.date)) errors.date = 'eventsMine.errorDateOutside';
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    body: {
      distanceMetres,
      durationSeconds,
      date: values.date,
      note: values.note.trim() === '' ? null : values.note.trim(),
      key,
    },
  };
}

/** Where the server's refusal of an activity belongs. */
export function activityErrorPlacement(error: unknown): {
  readonly field: ActivityField | null;
  readonly key: PlainMessageKey;
} {
  if (!isApiError(error)) return { field: null, key: 'errors.generic' };
  switch (error.code) {
    case 'EVENT_ACTIVITY_TOO_FAR':
      return { field: 'distance', key: 'eventsMine.errorTooFar' };
    case 'EVENT_ACTIVITY_TOO_LONG':
      return { field: 'duration', key: 'eventsMine.errorTooLong' };
    case 'EVENT_ACTIVITY_ZERO':
    case 'EVENT_ACTIVITY_NEGATIVE':
      return { field: 'figures', key: 'eventsMine.errorNotPositive' };
    case 'EVENT_ACTIVITY_EMPTY':
      return { field: 'figures', key: 'eventsMine.errorEmpty' };
    case 'EVENT_ACTIVITY_DATE_OUTSIDE':
    case 'EVENT_ACTIVITY_DATE_INVALID':
      return { field: 'date', key: 'eventsMine.errorDateOutside' };
    case 'EVENT_ACTIVITY_DATE_IN_FUTURE':
      return { field: 'date', key: 'eventsMine.errorDateFuture' };
    case 'EVENT_CLOSED':
      return { field: null, key: 'eventsMine.errorClosed' };
    case 'EVENT_NOT_STARTED':
      return { field: null, key: 'eventsMine.errorNotStarted' };
    case 'EVENT_LINK_INVALID':
      return { field: null, key: 'eventsMine.invalidLink' };
    case 'RATE_LIMITED':
      return { field: null, key: 'eventsPublic.errorRateLimited' };
    case CLIENT_ERROR_CODES.NETWORK_ERROR:
      return { field: null, key: 'errors.network' };
    default:
      return { field: null, key: 'errors.generic' };
  }
}
