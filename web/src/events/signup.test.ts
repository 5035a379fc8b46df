import { describe, expect, it } from 'vitest';
import { ApiError, CLIENT_ERROR_CODES } from '../api';
import type { EventConsentOption } from './events-api';
import {
  activityErrorPlacement,
  normalisePhone,
  signupErrorPlacement,
  validateActivity,
  validateSignup,
} from './signup';

const consents: EventConsentOption[] = [
  { channel: 'whatsapp', purpose: 'service', version: 'event-v1', wording: 'Send me my link on WhatsApp.' },
  { channel: 'email', purpose: 'news', version: 'event-v1', wording: 'News by e-mail.' },
];

describe('event sign-up form', () => {
  it('sends a name, an e-mail or phone in E.164 and the ticked boxes with their version', () => {
    const checked = validateSignup(
      { name: ' Maria Rossi ', email: '', phone: '0039 333 123-4567', consents: ['whatsapp:service'] },
      consents,
      'it',
    );
    expect(checked).toEqual({
      ok: true,
      body: {
        name: 'Maria Rossi',
        email: null,
        phone: '+393331234567',
        language: 'it',
        consents: [{ channel: 'whatsapp', purpose: 'service', version: 'event-v1' }],
      },
    });
    expect(normalisePhone('+39 (333) 123.4567')).toBe('+393331234567');
  });

  it('puts each mistake on its field', () => {
    const none = validateSignup({ name: '', email: '', phone: '', consents: [] }, consents, 'en');
    expect(none).toEqual({
      ok: false,
      errors: { name: 'eventsPublic.errorName', contact: 'eventsPublic.errorContact' },
    });
    const bad = validateSignup({ name: 'A', email: 'a@', phone: '333', consents: [] }, consents, 'en');
    expect(bad.ok ? null : bad.errors).toEqual({
      email: 'eventsPublic.errorEmail',
      phone: 'eventsPublic.errorPhone',
    });
    const box = validateSignup(
      { name: 'A', email: 'a@b.it', phone: '', consents: ['whatsapp:service'] },
      consents,
      'en',
    );
    expect(box.ok ? null : box.errors).toEqual({ consents: 'eventsPublic.errorConsentPhone' });
  });

  it('places the server’s refusals', () => {
    expect(signupErrorPlacement(new ApiError(400, 'EVENT_CONSENT_VERSION_UNKNOWN', 'x', null))).toEqual({
      field: 'consents',
      key: 'eventsPublic.errorConsentChanged',
    });
    expect(signupErrorPlacement(new ApiError(409, 'EVENT_CLOSED', 'x', null)).key).toBe(
      'eventsPublic.errorClosed',
    );
    expect(signupErrorPlacement(new ApiError(0, CLIENT_ERROR_CODES.NETWORK_ERROR, 'x', null)).key).toBe(
      'errors.network',
    );
  });
});

describe('activity form', () => {
  it('reads kilometres and minutes exactly and keeps the submission key', () => {
    expect(
      validateActivity({ distance: '5,2', duration: '1:05', date: '2026-05-10', note: ' ' }, 'k1'),
    ).toEqual({
      ok: true,
      body: { distanceMetres: 5200, durationSeconds: 3900, date: '2026-05-10', note: null, key: 'k1' },
    });
    expect(
      validateActivity({ distance: '', duration: '45', date: '2026-05-10', note: 'park' }, 'k2'),
    ).toMatchObject({
      ok: true,
      body: { distanceMetres: null, durationSeconds: 2700, note: 'park' },
    });
  });

  it('refuses empty or unreadable figures beside their field', () => {
    expect(validateActivity({ distance: '', duration: '', date: '2026-05-10', note: '' }, 'k')).toEqual({
      ok: false,
      errors: { figures: 'eventsMine.errorEmpty' },
    });
    expect(validateActivity({ distance: 'five', duration: '1:99', date: '', note: '' }, 'k')).toEqual({
      ok: false,
      errors: {
        distance: 'eventsMine.errorDistance',
        duration: 'eventsMine.errorDuration',
        date: 'eventsMine.errorDateOutside',
      },
    });
    expect(activityErrorPlacement(new ApiError(400, 'EVENT_ACTIVITY_TOO_FAR', 'x', null))).toEqual({
      field: 'distance',
      key: 'eventsMine.errorTooFar',
    });
    expect(activityErrorPlacement(new ApiError(400, 'EVENT_ACTIVITY_DATE_IN_FUTURE', 'x', null)).field).toBe(
      'date',
    );
    expect(activityErrorPlacement(new ApiError(409, 'EVENT_CLOSED', 'x', null))).toEqual({
      field: null,
      key: 'eventsMine.errorClosed',
    });
  });
});
