import { defineErrors } from '../../core';

// Stable codes of SEPA Direct Debit. A refused mandate stores nothing; a retired code is never reused.
// (Amount, donor, campaign, currency and consent problems use the payments module's PAYMENT_* codes,
// which the donation form already places on its fields.)
export const SepaErrors = defineErrors({
  SEPA_NOT_AVAILABLE: {
    statusCode: 409,
    message: 'SEPA Direct Debit is not set up: the creditor identifier, name and IBAN are needed',
  },
  SEPA_IBAN_INVALID: { statusCode: 400, message: 'The IBAN is not valid' },
  SEPA_IBAN_NOT_SEPA: { statusCode: 400, message: 'SEPA Direct Debit cannot reach accounts in this country' },
  SEPA_BIC_INVALID: { statusCode: 400, message: 'The BIC is not valid (8 or 11 characters)' },
  SEPA_BIC_REQUIRED: { statusCode: 400, message: 'A BIC is needed for an account outside the EEA' },
  SEPA_ADDRESS_REQUIRED: {
    statusCode: 400,
    message: 'The account holder’s address is needed for an account outside the EEA',
  },
  SEPA_NAME_INVALID: { statusCode: 400, message: 'The account holder’s name is missing or too long' },
  SEPA_DAY_INVALID: { statusCode: 400, message: 'This day of the month is not offered for collections' },
  SEPA_AUTHORISATION_MISSING: {
    statusCode: 400,
    message: 'The mandate must be authorised by ticking its box',
  },
  SEPA_MANDATE_TEXT_CHANGED: {
    statusCode: 400,
    message: 'The mandate wording is not the current one: please read it again',
  },
  SEPA_SETTINGS_INVALID: { statusCode: 400, message: 'Invalid SEPA settings' },
  SEPA_CREDITOR_ID_INVALID: {
    statusCode: 400,
    message: 'The creditor identifier is not valid (ISO 7064 MOD 97-10 check)',
  },
  SEPA_SETTINGS_LOCKED: {
    statusCode: 409,
    message: 'This setting comes from the environment (FILO_SEPA_*) and cannot be changed here',
  },
  SEPA_MANDATE_NOT_FOUND: { statusCode: 404, message: 'No such mandate' },
  SEPA_MANDATE_CLOSED: { statusCode: 409, message: 'This mandate is cancelled or expired' },
  SEPA_BATCH_NOT_FOUND: { statusCode: 404, message: 'No such collection batch' },
  SEPA_BATCH_DEBTOR_ERASED: {
    statusCode: 409,
    message: 'A debtor of this batch was erased (GDPR): its file can no longer be produced',
  },
  SEPA_PERIOD_INVALID: { statusCode: 400, message: 'The period must be a month, YYYY-MM' },
  SEPA_COLLECTION_NOT_FOUND: { statusCode: 404, message: 'No such collection' },
  SEPA_COLLECTION_WITHDRAWN: {
    statusCode: 409,
    message: 'This collection was withdrawn before its file was downloaded',
  },
  SEPA_COLLECTION_ALREADY_RETURNED: {
    statusCode: 409,
    message: 'This collection already came back with another reason',
  },
  SEPA_RETURN_REASON_UNKNOWN: { statusCode: 400, message: 'Unknown return reason code' },
  SEPA_STATUS_REPORT_INVALID: {
    statusCode: 400,
    message: 'Not a readable pain.002 status report (pain.002.001.03 or .10)',
  },
  SEPA_STATUS_REPORT_UNKNOWN_FILE: {
    statusCode: 404,
    message: 'The status report answers a file Filo did not make (its OrgnlMsgId is unknown)',
  },
  SEPA_STATUS_REPORT_MISMATCH: {
    statusCode: 409,
    message: 'The status report does not match its file; nothing was changed',
  },
});
