import { FiloError, type ErrorSpec } from '../core';
import { EventErrors } from './errors';

// What one logged activity may be. A typo in a chat ("50000 km") or a form must not land on the
// leaderboard, so absurd figures are refused with a code the assistant and the page can explain.

/** More than this in one activity is refused (1000 km). */
export const MAX_ACTIVITY_METRES = 1_000_000;
/** More than this in one activity is refused (48 hours). */
export const MAX_ACTIVITY_SECONDS = 48 * 3600;
export const MAX_NOTE_CHARS = 500;
export const MAX_KEY_CHARS = 200;

export interface ActivityFigures {
  readonly distanceMetres?: number | null | undefined;
  readonly durationSeconds?: number | null | undefined;
}

const fail = (spec: ErrorSpec): never => {
  throw new FiloError(spec);
};

/** Checks a distance and/or duration; returns them as integers or null. */
export function checkFigures(input: ActivityFigures): {
  readonly distanceMetres: number | null;
  readonly durationSeconds: number | null;
} {
  const distance = input.distanceMetres ?? null;
  const duration = input.durationSeconds ?? null;
  if (distance === null && duration === null) fail(EventErrors.EVENT_ACTIVITY_EMPTY);
  for (const value of [distance, duration]) {
    if (value === null) continue;
    if (typeof value !== 'number' || Number.isNaN(value)) fail(EventErrors.EVENT_ACTIVITY_NOT_INTEGER);
    if (value < 0) fail(EventErrors.EVENT_ACTIVITY_NEGATIVE);
    if (value === 0) fail(EventErrors.EVENT_ACTIVITY_ZERO);
  }
  if (distance !== null && distance > MAX_ACTIVITY_METRES) fail(EventErrors.EVENT_ACTIVITY_TOO_FAR);
  if (duration !== null && duration > MAX_ACTIVITY_SECONDS) fail(EventErrors.EVENT_ACTIVITY_TOO_LONG);
  for (const value of [distance, duration])
    if (value !== null && !Number.isSafeInteger(value)) fail(EventErrors.EVENT_ACTIVITY_NOT_INTEGER);
  return { distanceMetres: distance, durationSeconds: duration };
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isDay(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

/** The UTC day of an instant, YYYY-MM-DD. */
export function dayOf(instant: string | Date): string {
  return (typeof instant === 'string' ? new Date(instant) : instant).toISOString().slice(0, 10);
}

/**
 * The calendar day of an instant where the participant lives (their time zone), YYYY-MM-DD: at half past
 * midnight in Rome it is already tomorrow there, though not yet in UTC. An unknown zone counts as UTC.
 */
export function dayIn(instant: Date, timeZone: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).formatToParts(instant);
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
    return `${part('year')}-${part('month')}-${part('day')}`;
  } catch {
    return dayOf(instant);
  }
}

/**
 * Checks an activity's day against the event's days (its start and end days as set, the dates of its
 * UTC instants) and the participant's today (dayIn their time zone).
 */
export function checkDay(
  day: string,
  event: { readonly startsAt: string; readonly endsAt: string },
  today: string,
): string {
  if (!isDay(day)) fail(EventErrors.EVENT_ACTIVITY_DATE_INVALID);
  if (day > today) fail(EventErrors.EVENT_ACTIVITY_DATE_IN_FUTURE);
  if (day < dayOf(event.startsAt) || day > dayOf(event.endsAt)) fail(EventErrors.EVENT_ACTIVITY_DATE_OUTSIDE);
  return day;
}

export function checkNote(note: string | null | undefined): string | null {
  const trimmed = note?.trim() ?? '';
  if (trimmed === '') return null;
  if ([...trimmed].length > MAX_NOTE_CHARS) fail(EventErrors.EVENT_ACTIVITY_NOTE_TOO_LONG);
  return trimmed;
}

export function checkKey(key: string): string {
  if (key.length < 1 || key.length > MAX_KEY_CHARS) fail(EventErrors.EVENT_ACTIVITY_KEY_INVALID);
  return key;
}
