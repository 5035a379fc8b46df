import { describe, expect, it } from 'vitest';
import { formatDistance, formatDuration } from './format';

describe('distances and durations as a supporter reads them', () => {
  it('writes metres under a kilometre, else kilometres to a tenth', () => {
    expect(formatDistance(800, 'en')).toBe('800 m');
    expect(formatDistance(5000, 'en')).toBe('5 km');
    expect(formatDistance(5000, 'it')).toBe('5 km');
    expect(formatDistance(21_097, 'en')).toBe('21.1 km');
    expect(formatDistance(21_097, 'de')).toBe('21,1 km');
    expect(formatDistance(7500, 'fr')).toBe('7,5 km');
    expect(formatDistance(1_000_000, 'en')).toBe('1,000 km');
    expect(formatDistance(1_000_000, 'it')).toBe('1.000 km');
    expect(formatDistance(1_234_560, 'fr')).toBe('1\u202f234,6 km');
  });
  it('writes seconds, minutes, or hours and minutes', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(1800)).toBe('30 min');
    expect(formatDuration(3900)).toBe('1 h 05 min');
    expect(formatDuration(7200)).toBe('2 h');
    expect(formatDuration(48 * 3600)).toBe('48 h');
  });
});
