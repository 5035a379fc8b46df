// The ledger owns money: projects, donations, refunds, expenses with their evidence, double-entry
// postings, and the allocation of each donation to the expenses it paid (the per-donation trace).
// Every event is appended to the public log in the same transaction; docs/ledger.md has the rules.
export { ProjectsService, ProjectErrors, type Project, type ProjectInput } from './projects';
export {
  LedgerService,
  MAX_EVIDENCE_BYTES,
  type LogSink,
  type EventPublisher,
  type Donation,
  type DonationInput,
  type DonationTrace,
  type Expense,
  type ExpenseInput,
  type Restriction,
  type AllocationMethod,
} from './ledger-service';
export {
  encodeLedgerEntry,
  decodeLedgerEntry,
  checkLedgerInvariants,
  ENTRY_VERSION,
  type LedgerEvent,
  type InvariantProblem,
} from './entries';
export { splitFifo, splitProRata, type FundingSource, type Share } from './allocation';
export { LedgerErrors } from './errors';
