import { defineErrors } from '../core';

export const LedgerErrors = defineErrors({
  DONATION_INVALID: { statusCode: 400, message: 'Invalid donation' },
  DONATION_NOT_FOUND: { statusCode: 404, message: 'No such donation' },
  DONATION_CONFLICT: {
    statusCode: 409,
    message: 'This provider payment was already recorded with other amounts',
  },
  REFUND_INVALID: { statusCode: 400, message: 'Invalid refund' },
  REFUND_EXCEEDS_DONATION: { statusCode: 409, message: 'The refund exceeds what is left of the donation' },
  EXPENSE_INVALID: { statusCode: 400, message: 'Invalid expense' },
  EXPENSE_NOT_FOUND: { statusCode: 404, message: 'No such expense' },
  EXPENSE_NOT_DRAFT: { statusCode: 409, message: 'The expense was already approved or rejected' },
  EVIDENCE_TOO_LARGE: { statusCode: 413, message: 'An evidence file is larger than 10 MB' },
  EVIDENCE_NOT_FOUND: { statusCode: 404, message: 'No such evidence file' },
  LEDGER_UNBALANCED: { statusCode: 500, message: 'A ledger transaction does not balance' },
  RECEIPT_NOT_FOUND: { statusCode: 404, message: 'No donation has this receipt code' },
});
