import { defineErrors } from '../../core';

// Stable codes of bank reconciliation. A file error rejects the whole file: nothing is stored.
export const ReconciliationErrors = defineErrors({
  BANK_FILE_EMPTY: { statusCode: 422, message: 'The file is empty' },
  BANK_FILE_TOO_LARGE: { statusCode: 413, message: 'The file is too large' },
  BANK_FILE_UNKNOWN_FORMAT: {
    statusCode: 422,
    message: 'Not a camt.053 statement (XML or ZIP); a CSV export needs a bank mapping',
  },
  BANK_FILE_MALFORMED: { statusCode: 422, message: 'The file is not well-formed XML' },
  BANK_FILE_WRONG_NAMESPACE: {
    statusCode: 422,
    message: 'The XML is not an ISO 20022 camt.053 document (wrong namespace)',
  },
  BANK_FILE_UNSUPPORTED_VERSION: {
    statusCode: 422,
    message: 'Only camt.053.001.02 and camt.053.001.08 are supported',
  },
  BANK_FILE_INVALID: { statusCode: 422, message: 'The statement does not follow the camt.053 schema' },
  BANK_FILE_ZIP_INVALID: { statusCode: 422, message: 'The ZIP archive is damaged or holds no statement' },
  BANK_FILE_ENCODING: { statusCode: 422, message: 'The file is not in the encoding the mapping names' },
  BANK_CSV_INVALID: { statusCode: 422, message: 'A row of the CSV file cannot be read with this mapping' },
  BANK_ENTRY_AMOUNT_INVALID: {
    statusCode: 422,
    message: 'An entry has a missing, negative, zero or out-of-range amount',
  },
  BANK_ENTRY_CURRENCY_INVALID: { statusCode: 422, message: 'An entry has a missing or unknown currency' },
  BANK_ENTRY_DATE_INVALID: { statusCode: 422, message: 'An entry has a missing or invalid date' },
  BANK_IMPORT_NOT_FOUND: { statusCode: 404, message: 'No such bank import' },
  BANK_ENTRY_NOT_FOUND: { statusCode: 404, message: 'No such bank entry' },
  BANK_ENTRY_NOT_A_CREDIT: { statusCode: 409, message: 'Only credits can become gifts' },
  BANK_ENTRY_PENDING: { statusCode: 409, message: 'The entry is still being processed' },
  BANK_ENTRY_ALREADY_RESOLVED: {
    statusCode: 409,
    message: 'The entry was already matched or resolved differently',
  },
  BANK_RESOLVE_INVALID: { statusCode: 400, message: 'Unknown donor, campaign or project' },
  BANK_MAPPING_NOT_FOUND: { statusCode: 404, message: 'No such bank mapping' },
  BANK_MAPPING_INVALID: { statusCode: 400, message: 'Invalid bank mapping' },
});
