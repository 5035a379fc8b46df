// Time is injected so that tests can move it; everything is stored in UTC as ISO 8601 strings.
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = Object.freeze({ now: () => new Date() });

export function isoNow(clock: Clock = systemClock): string {
  return clock.now().toISOString();
}
