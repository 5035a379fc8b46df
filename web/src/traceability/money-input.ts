// Reading amounts that people type ("12,50", "12.5", "1200") into integer minor units, exactly —
// no float ever holds money — and encoding uploaded evidence files as base64 for the API.

/**
 * "12,50" or "12.50" with 2 digits → 1250. One decimal separator (comma or point), at most `digits`
 * decimals, no thousands separators (too ambiguous across it/en/de), no sign. Null when unreadable.
 */
export function parseMoneyInput(text: string, digits: number): number | null {
  const trimmed = text.trim();
  const m = /^(\d+)(?:[.,](\d*))?$/.exec(trimmed);
  if (!m) return null;
  const whole = m[1]!;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  const minor = Number(whole + fraction.padEnd(digits, '0'));
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Base64 of bytes, in chunks so a 10 MB file does not overflow the argument list of fromCharCode. */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  }
  return btoa(binary);
}
