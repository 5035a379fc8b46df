import { describe, expect, it } from 'vitest';
import { abbreviateName } from './names';

describe('abbreviateName (leaderboard privacy)', () => {
  it('keeps the first name and the initial of the last', () => {
    expect(abbreviateName('Maria Rossi')).toBe('Maria R.');
    expect(abbreviateName('  Anna Maria De Luca ')).toBe('Anna L.');
    expect(abbreviateName('Jürgen Müller')).toBe('Jürgen M.');
    expect(abbreviateName('élodie ćwik')).toBe('élodie Ć.');
  });
  it('keeps a single name as it is', () => {
    expect(abbreviateName('Maria')).toBe('Maria');
  });
  it('never shows an e-mail, a phone number or nothing', () => {
    expect(abbreviateName(null)).toBeNull();
    expect(abbreviateName('')).toBeNull();
    expect(abbreviateName('maria@example.org')).toBeNull();
    expect(abbreviateName('+39 333 1234567')).toBeNull();
    expect(abbreviateName('Maria +39 333 1234567')).toBe('Maria');
  });
});
