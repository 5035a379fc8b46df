import { defineErrors } from '../core';

export const ContactErrors = defineErrors({
  CONTACT_NOT_FOUND: { statusCode: 404, message: 'No such supporter' },
  CONTACT_INVALID: { statusCode: 400, message: 'Invalid supporter' },
  CONTACT_CONFLICT: { statusCode: 409, message: 'Another supporter already has this address' },
  CONSENT_INVALID: { statusCode: 400, message: 'Invalid consent record' },
});
