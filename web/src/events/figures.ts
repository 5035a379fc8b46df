// Distances and durations in the reader's locale, and the form's inputs read back exactly: "5,2" km
// or "5.2" km is 5200 m, "1:05" or "65" minutes is 3900 s (integers all the way, never a float sum).

/** 800 m, 5 km, 21.1 km (21,1 km in Italian and German), with the locale's thousands separator. */
export function formatDistance(metres: number, locale: string): string {
  const m = Math.max(0, Math.round(metres));
  if (m < 1000) return `${new Intl.NumberFormat(locale).format(m)} m`;
  const km = Math.round(m / 100) / 10;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(km)} km`;
}

/** 45 s, 30 min, 1 h 05 min, 2 h. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.round(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `${hours} h` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}

/** A distance typed in kilometres ("5", "5,2", "5.25", "1.000" is not a thousand here) → metres; null if malformed. */
export function parseKilometres(input: string): number | null {
  const m = /^\s*(\d{1,7})(?:[.,](\d{1,3}))?\s*(?:km)?\s*$/i.exec(input);
  if (!m) return null;
  const whole = Number(m[1]);
  const fraction = (m[2] ?? '').padEnd(3, '0');
  return whole * 1000 + Number(fraction);
}

/** A time typed as minutes ("45"), or hours and minutes ("1:05", "1h05") → seconds; null if malformed. */
export function parseMinutes(input: string): number | null {
  const clock = /^\s*(\d{1,3})\s*(?::|h)\s*(\d{1,2})\s*(?:min)?\s*$/i.exec(input);
  if (clock) {
    const minutes = Number(clock[2]);
    return minutes < 60 ? Number(clock[1]) * 3600 + minutes * 60 : null;
  }
  const plain = /^\s*(\d{1,5})\s*(?:min)?\s*$/i.exec(input);
  return plain ? Number(plain[1]) * 60 : null;
}

/** Progress towards a distance goal as a whole percentage (floored), or null without a goal. */
export function distancePercent(metres: number, goalMetres: number | null): number | null {
  if (goalMetres === null || goalMetres <= 0) return null;
  return Math.max(0, Math.floor((metres * 100) / goalMetres));
}

/** A fresh key per form submission, so that a double press records one activity. */
export function submissionKey(): string {
  const bytes = new Uint8Array(16);
  globalThis.crypto.getRandomValues(bytes);
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}
