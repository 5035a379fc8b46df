// The receipt check against a real log built here: a genuine proof verifies; any altered byte of the
// entry, the proof, the checkpoint or the key makes it fail, naming why.
import { describe, expect, it } from 'vitest';
import {
  MemoryHashStore,
  TreeAppender,
  base64Decode,
  base64Encode,
  defaultHasher,
  formatTlogProof,
  generateNoteKey,
  createNoteSigner,
  proveInclusion,
  signCheckpoint,
} from '../../../src/tlog/index.js';
import { verifyReceipt } from './verify-receipt';

const ORIGIN = 'demo.filo.example/log';
const enc = new TextEncoder();
const entries = [
  '{"at":"2026-03-01T10:00:00.000Z","currency":"EUR","gross":500,"type":"donation.received","v":1}',
  '{"amount":300,"currency":"EUR","type":"expense.approved","v":1}',
  '{"amount":300,"currency":"EUR","donation":"d1","type":"donation.allocated","v":1}',
  'not json at all',
];

async function makeLog() {
  const keys = await generateNoteKey(ORIGIN);
  const store = new MemoryHashStore();
  const appender = new TreeAppender();
  for (const e of entries) store.append(appender.append(defaultHasher.hashLeaf(enc.encode(e))));
  const checkpoint = await signCheckpoint(
    { origin: ORIGIN, size: entries.length, rootHash: appender.root(), extensions: [] },
    [await createNoteSigner(keys.signerKey)],
  );
  const proof = (index: number) =>
    formatTlogProof({
      extra: enc.encode(entries[index]),
      index,
      proof: proveInclusion(index, entries.length, store.reader),
      checkpoint,
    });
  return { keys, proof, root: base64Encode(appender.root()) };
}

/** Replaces the extra line's bytes with the same bytes, one of them changed. */
function flipEntryByte(proofText: string, at = 5): string {
  return proofText.replace(/^extra (.+)$/m, (_line, b64: string) => {
    const bytes = base64Decode(b64)!;
    bytes[at] = bytes[at]! ^ 0x01;
    return `extra ${base64Encode(bytes)}`;
  });
}

describe('verifyReceipt', () => {
  it('verifies a genuine proof and returns the entry, the checkpoint size and root', async () => {
    const log = await makeLog();
    const check = await verifyReceipt(log.proof(0), { origin: ORIGIN, verifierKey: log.keys.verifierKey }, 0);
    expect(check).toEqual({
      status: 'verified',
      index: 0,
      checkpointSize: 4,
      rootHash: log.root,
      entryText: entries[0],
      entry: JSON.parse(entries[0]!) as unknown,
    });
  });

  it('verifies every index, with entry null when the bytes are not JSON', async () => {
    const log = await makeLog();
    for (const index of [1, 2, 3]) {
      const check = await verifyReceipt(log.proof(index), {
        origin: ORIGIN,
        verifierKey: log.keys.verifierKey,
      });
      expect(check.status).toBe('verified');
      if (check.status === 'verified') expect(check.entry === null).toBe(index === 3);
    }
  });

  it('fails when one byte of the entry is altered', async () => {
    const log = await makeLog();
    const check = await verifyReceipt(flipEntryByte(log.proof(1)), {
      origin: ORIGIN,
      verifierKey: log.keys.verifierKey,
    });
    expect(check).toMatchObject({ status: 'failed', code: 'TLOG_BAD_PROOF' });
  });

  it('fails when a proof hash is altered', async () => {
    const log = await makeLog();
    const text = log.proof(2);
    const lines = text.split('\n');
    const at = lines.findIndex((l) => l.startsWith('index ')) + 1;
    const hash = base64Decode(lines[at]!)!;
    hash[0] = hash[0]! ^ 0x80;
    lines[at] = base64Encode(hash);
    const check = await verifyReceipt(lines.join('\n'), {
      origin: ORIGIN,
      verifierKey: log.keys.verifierKey,
    });
    expect(check).toMatchObject({ status: 'failed', code: 'TLOG_BAD_PROOF' });
  });

  it('fails when the checkpoint was re-signed by another key or its size edited', async () => {
    const log = await makeLog();
    const other = await generateNoteKey(ORIGIN);
    const wrongKey = await verifyReceipt(log.proof(0), { origin: ORIGIN, verifierKey: other.verifierKey });
    expect(wrongKey.status).toBe('failed');
    const edited = log.proof(0).replace(`${ORIGIN}\n4\n`, `${ORIGIN}\n5\n`);
    const check = await verifyReceipt(edited, { origin: ORIGIN, verifierKey: log.keys.verifierKey });
    expect(check).toMatchObject({ status: 'failed', code: 'TLOG_BAD_SIGNATURE' });
  });

  it('fails on another origin, a proof without entry bytes, the wrong index, or junk', async () => {
    const log = await makeLog();
    const key = { origin: ORIGIN, verifierKey: log.keys.verifierKey };
    expect(await verifyReceipt(log.proof(0), { ...key, origin: 'other.example/log' })).toMatchObject({
      status: 'failed',
      code: 'TLOG_ORIGIN_MISMATCH',
    });
    const noExtra = log.proof(0).replace(/^extra .+\n/m, '');
    expect(await verifyReceipt(noExtra, key)).toMatchObject({ status: 'failed', code: 'RECEIPT_NO_ENTRY' });
    expect(await verifyReceipt(log.proof(1), key, 0)).toMatchObject({
      status: 'failed',
      code: 'RECEIPT_WRONG_INDEX',
    });
    expect(await verifyReceipt('<html>oops</html>', key)).toMatchObject({
      status: 'failed',
      code: 'TLOG_MALFORMED_PROOF',
    });
  });
});
