import { describe, expect, it } from 'vitest';
import { isFiloError } from '../core';
import { checkDay, checkFigures, checkKey, checkNote, dayIn, isDay } from './activity-rules';

function code(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (error) {
    return isFiloError(error) ? error.code : 'not a FiloError';
  }
}

describe('activity rules', () => {
  it('accepts a distance, a duration or both, as integers', () => {
    expect(checkFigures({ distanceMetres: 5000 })).toEqual({ distanceMetres: 5000, durationSeconds: null });
    expect(checkFigures({ durationSeconds: 1800 })).toEqual({ distanceMetres: null, durationSeconds: 1800 });
    expect(checkFigures({ distanceMetres: 1_000_000, durationSeconds: 48 * 3600 })).toEqual({
      distanceMetres: 1_000_000,
      durationSeconds: 172_800,
    });
  });

  it('refuses absurd figures with stable codes', () => {
    expect(code(() => checkFigures({}))).toBe('EVENT_ACTIVITY_EMPTY');
    expect(code(() => checkFigures({ distanceMetres: null, durationSeconds: null }))).toBe(
      'EVENT_ACTIVITY_EMPTY',
    );
    expect(code(() => checkFigures({ distanceMetres: -5000 }))).toBe('EVENT_ACTIVITY_NEGATIVE');
    expect(code(() => checkFigures({ distanceMetres: 5000, durationSeconds: -1 }))).toBe(
      'EVENT_ACTIVITY_NEGATIVE',
    );
    expect(code(() => checkFigures({ distanceMetres: 0 }))).toBe('EVENT_ACTIVITY_ZERO');
    expect(code(() => checkFigures({ distanceMetres: 1_000_001 }))).toBe('EVENT_ACTIVITY_TOO_FAR');
    expect(code(() => checkFigures({ durationSeconds: 48 * 3600 + 1 }))).toBe('EVENT_ACTIVITY_TOO_LONG');
    expect(code(() => checkFigures({ distanceMetres: 5000.5 }))).toBe('EVENT_ACTIVITY_NOT_INTEGER');
    expect(code(() => checkFigures({ distanceMetres: Number.NaN }))).toBe('EVENT_ACTIVITY_NOT_INTEGER');
    expect(code(() => checkFigures({ distanceMetres: Number.POSITIVE_INFINITY }))).toBe(
      'EVENT_ACTIVITY_TOO_FAR',
    );
  });

  it('takes only days inside the event and not in the future', () => {
    const event = { startsAt: '2026-05-01T00:00:00.000Z', endsAt: '2026-05-31T21:59:59.000Z' };
    const now = '2026-05-10';
    expect(checkDay('2026-05-01', event, now)).toBe('2026-05-01');
    expect(checkDay('2026-05-10', event, now)).toBe('2026-05-10');
    expect(code(() => checkDay('2026-04-30', event, now))).toBe('EVENT_ACTIVITY_DATE_OUTSIDE');
    expect(code(() => checkDay('2026-05-11', event, now))).toBe('EVENT_ACTIVITY_DATE_IN_FUTURE');
    expect(code(() => checkDay('2026-06-01', event, '2026-07-01'))).toBe('EVENT_ACTIVITY_DATE_OUTSIDE');
    expect(code(() => checkDay('2026-02-30', event, now))).toBe('EVENT_ACTIVITY_DATE_INVALID');
    expect(code(() => checkDay('10/05/2026', event, now))).toBe('EVENT_ACTIVITY_DATE_INVALID');
    expect(isDay('2024-02-29')).toBe(true);
    expect(isDay('2025-02-29')).toBe(false);
  });

  it('knows the participant’s today in their time zone', () => {
    // 00:30 in Rome on 11 May is still 10 May in UTC; in New York it is 10 May all evening.
    const late = new Date('2026-05-10T22:30:00Z');
    expect(dayIn(late, 'Europe/Rome')).toBe('2026-05-11');
    expect(dayIn(late, 'UTC')).toBe('2026-05-10');
    expect(dayIn(new Date('2026-05-11T03:00:00Z'), 'America/New_York')).toBe('2026-05-10');
    expect(dayIn(late, 'Not/AZone')).toBe('2026-05-10');
    const event = { startsAt: '2026-05-01T00:00:00.000Z', endsAt: '2026-05-31T23:59:59.000Z' };
    expect(checkDay('2026-05-11', event, dayIn(late, 'Europe/Rome'))).toBe('2026-05-11');
  });

  it('trims notes and bounds notes and keys', () => {
    expect(checkNote('  ')).toBeNull();
    expect(checkNote(' by the river ')).toBe('by the river');
    expect(code(() => checkNote('x'.repeat(501)))).toBe('EVENT_ACTIVITY_NOTE_TOO_LONG');
    expect(code(() => checkKey(''))).toBe('EVENT_ACTIVITY_KEY_INVALID');
    expect(checkKey('wamid.1')).toBe('wamid.1');
  });
});
