import { describe, expect, it } from 'vitest';
import {
  distancePercent,
  formatDistance,
  formatDuration,
  parseKilometres,
  parseMinutes,
  submissionKey,
} from './figures';

describe('event figures', () => {
  it('formats distances and durations for the reader', () => {
    expect(formatDistance(800, 'en')).toBe('800 m');
    expect(formatDistance(5000, 'en')).toBe('5 km');
    expect(formatDistance(21_097, 'en')).toBe('21.1 km');
    expect(formatDistance(21_097, 'it')).toBe('21,1 km');
    expect(formatDistance(1_000_000, 'de')).toBe('1.000 km');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
  });

  it('reads kilometres and minutes back exactly, refusing anything else', () => {
    expect(parseKilometres('5')).toBe(5000);
    expect(parseKilometres('5,2')).toBe(5200);
    expect(parseKilometres(' 5.25 km ')).toBe(5250);
    expect(parseKilometres('0,001')).toBe(1);
    expect(parseKilometres('-5')).toBeNull();
    expect(parseKilometres('5,2,1')).toBeNull();
    expect(parseKilometres('five')).toBeNull();
    expect(parseKilometres('')).toBeNull();
    expect(parseMinutes('45')).toBe(2700);
    expect(parseMinutes('1:05')).toBe(3900);
    expect(parseMinutes('1h05')).toBe(3900);
    expect(parseMinutes('1:75')).toBeNull();
    expect(parseMinutes('x')).toBeNull();
  });

  it('measures progress towards a goal without over-claiming', () => {
    expect(distancePercent(0, 1000)).toBe(0);
    expect(distancePercent(999, 1000)).toBe(99);
    expect(distancePercent(2500, 1000)).toBe(250);
    expect(distancePercent(500, null)).toBeNull();
  });

  it('makes a new key for every submission', () => {
    expect(submissionKey()).toMatch(/^web-[0-9a-f]{32}$/);
    expect(submissionKey()).not.toBe(submissionKey());
  });
});
