// How a participant appears on a public leaderboard: their first name and the initial of their last
// name ("Maria Rossi" → "Maria R."), never the full name, e-mail or phone.

/** "Maria Rossi" → "Maria R."; "Maria" → "Maria"; no usable name → null (shown as "a participant"). */
export function abbreviateName(displayName: string | null): string | null {
  if (displayName === null) return null;
  // Letters, marks, apostrophes and hyphens only: an e-mail or phone number typed as a name is dropped.
  const words = displayName
    .normalize('NFC')
    .trim()
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{M}][\p{L}\p{M}'’.-]*$/u.test(w));
  const first = words[0];
  if (first === undefined) return null;
  const firstName = [...first].slice(0, 24).join('');
  const last = words.length > 1 ? words[words.length - 1] : undefined;
  const initial = last === undefined ? '' : ([...last][0] ?? '').toLocaleUpperCase();
  return initial ? `${firstName} ${initial}.` : firstName;
}
