import { defineErrors } from '../../core';

// The receipts module's error catalogue. Codes are stable; a retired code is never reused.
export const ReceiptErrors = defineErrors({
  RECEIPTS_NOT_FOUND: { statusCode: 404, message: 'No such receipt' },
  RECEIPTS_NOT_ISSUED: { statusCode: 404, message: 'No receipt has been issued for this gift' },
  RECEIPTS_NO_DONOR: { statusCode: 409, message: 'The gift has no known donor: a receipt needs one' },
  RECEIPTS_DONATION_REFUNDED: {
    statusCode: 409,
    message: 'The gift was fully refunded: no receipt can be issued',
  },
  RECEIPTS_SETTINGS_INVALID: { statusCode: 400, message: 'Invalid receipt settings' },
  RECEIPTS_DONOR_DETAILS_INVALID: { statusCode: 400, message: 'Invalid donor details' },
  RECEIPTS_NO_GIFTS: { statusCode: 404, message: 'The supporter gave nothing in that year' },
  RECEIPTS_CAMPAIGN_NOT_FOUND: { statusCode: 404, message: 'No such campaign' },
});
