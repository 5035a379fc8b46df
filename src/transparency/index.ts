// The server side of the public transparency log: entries appended inside ledger transactions,
// batched integration into the Merkle tree with signed checkpoints, tiles over HTTP, receipts
// (tlog-proofs) and the integrity check behind `filo verify`. The tree math lives in src/tlog.
export {
  TransparencyLog,
  type LogSink,
  type CheckpointRecord,
  type IntegrationResult,
  type TransparencyLogOptions,
} from './log';
export { verifyLogIntegrity, type IntegrityProblem } from './verify';
export { logRoutes } from './routes';
export { TransparencyErrors } from './errors';
