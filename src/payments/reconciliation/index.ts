// Bank reconciliation owns bank statements: camt.053 (v02, v08, plain or zipped) and CSV exports read
// with a mapping saved per bank, imports processed on the job queue exactly once per bank entry, and
// the matching of credits to donors (donor number, IBAN, name) with a queue for the rest.
export {
  createReconciliationModule,
  reconciliationModule,
  type ReconciliationModuleOptions,
} from './reconciliation-module';
export {
  ReconciliationService,
  PROCESS_IMPORT_JOB,
  BANK_PROVIDER,
  type BankImport,
  type BankEntry,
  type BankMapping,
  type ImportProgress,
  type EntryStatus,
  type MatchMethod,
  type Resolution,
  type DonationRecorder,
  type BankEntryClaimer,
  type ClaimableEntry,
} from './reconciliation-service';
export { parseBankFile, MAX_FILE_BYTES } from './bank-file';
export { parseCamt053, CAMT_NAMESPACES } from './camt';
export { parseCsv, validateMapping, DATE_FORMATS, type CsvMappingSettings, type CsvColumns } from './csv';
export { formatDonorNumber, extractDonorNumbers, normaliseName } from './matching';
export { MAX_ENTRY_MINOR } from './money';
export type { ParsedEntry, ParsedFile, BankFileFormat } from './statement';
export { ReconciliationErrors } from './errors';
