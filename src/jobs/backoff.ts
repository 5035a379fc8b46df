// One back-off formula for both adapters: retry n waits base·2^(n−1), drawn uniformly from its upper
// half so that jobs failing together do not retry together. The exponent is capped so that a large
// attempt budget cannot push a run time past what a bigint column or a timer can hold.
const MAX_EXPONENT = 20;
export const BACKOFF_JITTER = 0.5;

/** Milliseconds to wait after failed attempt `failedAttempt` (1 for the first attempt). */
export function backoffDelay(
  failedAttempt: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const exponent = Math.min(Math.max(failedAttempt, 1) - 1, MAX_EXPONENT);
  const max = baseMs * 2 ** exponent;
  return Math.floor(max * (1 - BACKOFF_JITTER) + random() * max * BACKOFF_JITTER);
}
