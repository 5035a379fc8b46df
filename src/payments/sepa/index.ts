// SEPA Direct Debit owns mandates for monthly gifts (signed on the donation page with the rulebook's
// fields and wording), collection batches as pain.008.001.02 files, their settlement into the ledger
// and their returns; it serves SEPA mandates behind the payments module's self-service link.
export { createSepaModule, sepaModule, COLLECT_EVERY_MS, type SepaModuleOptions } from './sepa-module';
export {
  SepaService,
  SEPA_PROVIDER,
  COLLECT_JOB,
  NOTICE_JOB,
  EXPIRY_MONTHS,
  type MandateInput,
  type MandateForm,
  type MandateConfirmation,
  type Mandate,
  type MandateDetail,
  type MandateStatus,
  type Batch,
  type BatchDetail,
  type Collection,
  type CollectionStatus,
  type Signing,
} from './sepa-service';
export { SepaErrors } from './errors';
export { parsePain002, PAIN002_NAMESPACES, type StatusReport } from './pain002';
export {
  checkIban,
  checkBic,
  checkCreditorId,
  creditorIdFor,
  maskIban,
  formatIban,
  isSepaCountry,
  needsAddressAndBic,
  IBAN_LENGTHS,
  EEA_COUNTRIES,
  NON_EEA_SEPA_COUNTRIES,
  type IbanCheck,
  type IbanProblem,
} from './iban';
export {
  buildPain008,
  decimalAmount,
  PAIN008_NAMESPACE,
  type Pain008Input,
  type SequenceType,
} from './pain008';
export { RETURN_REASONS, returnReason, type ReturnReason, type ReturnPolicy } from './return-codes';
export { MANDATE_TEXT_VERSION, mandateText } from './mandate-text';
export { DEFAULT_SETTINGS, type SepaSettings } from './settings';
