import { LedgerService, checkLedgerInvariants, decodeLedgerEntry } from '../ledger';
import type { EntryChecker } from './log-commands';

// Filo's own entries: `filo audit` re-checks the ledger's rules from any copy of the log, and
// `filo verify` also compares this server's ledger rows with the entries they were published as.
export const ledgerChecker: EntryChecker = {
  recognises: (entry) => decodeLedgerEntry(entry) !== undefined,
  check: (entries) => checkLedgerInvariants(entries),
  crossCheck: (store, log) => new LedgerService({ store, log }).verifyAgainstLog(log),
};
