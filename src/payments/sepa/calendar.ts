// Dates of SEPA collections. A Core direct debit settles on a TARGET2 business day: not a Saturday or
// Sunday, nor 1 January, Good Friday, Easter Monday, 1 May, 25 or 26 December. A collection day that
// is not one moves to the next business day (as the banks move it). Dates are 'YYYY-MM-DD', in UTC.

const DAY_MS = 86_400_000;

export function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function utc(date: string): Date {
  return new Date(`${date}T00:00:00.000Z`);
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && isoDate(utc(value)) === value;
}

export function addDays(date: string, days: number): string {
  return isoDate(new Date(utc(date).getTime() + days * DAY_MS));
}

/** Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** TARGET2 is open: a weekday other than its five closing days. */
export function isTargetDay(date: string): boolean {
  const weekday = utc(date).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  const monthDay = date.slice(5);
  if (monthDay === '01-01' || monthDay === '05-01' || monthDay === '12-25' || monthDay === '12-26')
    return false;
  const easter = easterSunday(Number(date.slice(0, 4)));
  return date !== addDays(easter, -2) && date !== addDays(easter, 1);
}

/** The date itself when TARGET2 is open, else the next day it is. */
export function nextTargetDay(date: string): string {
  let d = date;
  while (!isTargetDay(d)) d = addDays(d, 1);
  return d;
}

/** `days` TARGET2 business days after `date`. */
export function addTargetDays(date: string, days: number): string {
  let d = date;
  for (let n = 0; n < days;) {
    d = addDays(d, 1);
    if (isTargetDay(d)) n += 1;
  }
  return d;
}

export function isPeriod(value: string): boolean {
  return /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

export function addMonths(period: string, months: number): string {
  const index = Number(period.slice(0, 4)) * 12 + Number(period.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** A collection in a month: its nominal day and its due date (moved to a business day). */
export interface CollectionDate {
  readonly period: string;
  readonly nominal: string;
  readonly due: string;
}

/** The collection of `period` on `day` (1–28, so that every month has it). */
export function collectionDate(period: string, day: number): CollectionDate {
  const nominal = `${period}-${String(day).padStart(2, '0')}`;
  return { period, nominal, due: nextTargetDay(nominal) };
}

/** The first collection on `day` whose due date is on or after `earliest`. */
export function firstCollectionFrom(earliest: string, day: number): CollectionDate {
  let period = earliest.slice(0, 7);
  for (;;) {
    const c = collectionDate(period, day);
    if (c.due >= earliest) return c;
    period = addMonths(period, 1);
  }
}

/** The same calendar day `months` months earlier or later (a day the month lacks becomes its last). */
export function shiftMonths(date: string, months: number): string {
  const period = addMonths(date.slice(0, 7), months);
  let day = Number(date.slice(8, 10));
  while (!isIsoDate(`${period}-${String(day).padStart(2, '0')}`)) day -= 1;
  return `${period}-${String(day).padStart(2, '0')}`;
}
