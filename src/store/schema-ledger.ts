// Tables of the ledger module (accounts, transactions, postings, donations, expenses, allocations).
// Defined by migration 0003_ledger.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface LedgerTables {}
