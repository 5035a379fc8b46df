import { describe, expect, it } from 'vitest';
import {
  addMonths,
  addTargetDays,
  collectionDate,
  easterSunday,
  firstCollectionFrom,
  isTargetDay,
  nextTargetDay,
  shiftMonths,
} from './calendar';

// TARGET2 business days (SEPA Core settlement days) and monthly collection dates.

describe('TARGET2 calendar', () => {
  it('finds Easter', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
  });

  it('is closed on weekends, 1 January, Good Friday, Easter Monday, 1 May, 25 and 26 December', () => {
    expect(isTargetDay('2026-03-02')).toBe(true);
    expect(isTargetDay('2026-03-07')).toBe(false);
    expect(isTargetDay('2026-03-08')).toBe(false);
    expect(isTargetDay('2026-01-01')).toBe(false);
    expect(isTargetDay('2026-04-03')).toBe(false);
    expect(isTargetDay('2026-04-06')).toBe(false);
    expect(isTargetDay('2026-05-01')).toBe(false);
    expect(isTargetDay('2026-12-25')).toBe(false);
    expect(isTargetDay('2026-12-24')).toBe(true);
    // Other national holidays are business days for TARGET2 (2 June, Italy's Republic Day).
    expect(isTargetDay('2026-06-02')).toBe(true);
  });

  it('moves a collection day to the next business day', () => {
    expect(nextTargetDay('2026-05-01')).toBe('2026-05-04');
    expect(nextTargetDay('2026-12-25')).toBe('2026-12-28');
    expect(collectionDate('2026-08', 1)).toEqual({
      period: '2026-08',
      nominal: '2026-08-01',
      due: '2026-08-03',
    });
    expect(collectionDate('2026-03', 16)).toEqual({
      period: '2026-03',
      nominal: '2026-03-16',
      due: '2026-03-16',
    });
  });

  it('counts business days', () => {
    expect(addTargetDays('2026-04-02', 2)).toBe('2026-04-08');
    expect(addTargetDays('2026-03-06', 1)).toBe('2026-03-09');
  });

  it('finds the first collection on or after a date', () => {
    expect(firstCollectionFrom('2026-03-15', 15).due).toBe('2026-03-16');
    expect(firstCollectionFrom('2026-03-17', 15).due).toBe('2026-04-15');
    expect(firstCollectionFrom('2026-12-20', 1).due).toBe('2027-01-04');
  });

  it('moves by months', () => {
    expect(addMonths('2026-12', 1)).toBe('2027-01');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(shiftMonths('2026-03-31', -36)).toBe('2023-03-31');
    expect(shiftMonths('2028-02-29', -36)).toBe('2025-02-28');
    expect(shiftMonths('2026-05-31', -3)).toBe('2026-02-28');
  });
});
