// Runs inside headless Chromium (see browser.test.ts): proves that the module's public door works
// in a browser — Web Crypto Ed25519, the pure-TS SHA-256, fetch-based auditing and proof building.
// Not exported from index.ts; it imports only what a browser client would.

import {
  auditLog,
  createNoteSigner,
  createNoteVerifier,
  defaultHasher,
  generateNoteKey,
  proveInclusion,
  signCheckpoint,
  tileHashReader,
  verifyCheckpoint,
  verifyInclusion,
  verifyTlogProof,
} from './index.js';

export interface BrowserSmokeInput {
  /** Where the tessera test log is served (`<logUrl>/checkpoint`, `<logUrl>/tile/...`). */
  readonly logUrl: string;
  readonly vkey: string;
  readonly origin: string;
  readonly proofText: string;
  readonly sumdbVkey: string;
  readonly sumdbCheckpoint: string;
}

export interface BrowserSmokeResult {
  readonly secureContext: boolean;
  readonly checkpointSize: number;
  readonly auditOk: boolean;
  readonly auditEntries: number;
  readonly proofIndex: number;
  readonly builtProofVerified: boolean;
  readonly generatedKeyRoundTrip: boolean;
  readonly sumdbSize: number;
  readonly tamperedRejectedWith: string;
}

export async function runBrowserSmoke(input: BrowserSmokeInput): Promise<BrowserSmokeResult> {
  const fetchLog = async (path: string): Promise<Uint8Array | undefined> => {
    const res = await fetch(`${input.logUrl}/${path}`);
    return res.ok ? new Uint8Array(await res.arrayBuffer()) : undefined;
  };
  const verifier = createNoteVerifier(input.vkey);

  const cpText = new TextDecoder().decode(await fetchLog('checkpoint'));
  const { checkpoint } = await verifyCheckpoint(cpText, [verifier], { origin: input.origin });

  const audit = await auditLog({ fetch: fetchLog, verifierKey: input.vkey });

  const proof = await verifyTlogProof(input.proofText, {
    origin: input.origin,
    verifiers: [verifier],
    leafHash: (extra) => defaultHasher.hashLeaf(extra ?? new Uint8Array(0)),
  });

  // A donor's page building its own proof from the public tiles.
  const reader = tileHashReader(checkpoint.size, fetchLog);
  const path = await proveInclusion(5, checkpoint.size, reader);
  let builtProofVerified = true;
  try {
    verifyInclusion(
      5,
      checkpoint.size,
      defaultHasher.hashLeaf(new TextEncoder().encode('six')),
      path,
      checkpoint.rootHash,
    );
  } catch {
    builtProofVerified = false;
  }

  const keys = await generateNoteKey('browser.example/log');
  const signer = await createNoteSigner(keys.signerKey);
  const signed = await signCheckpoint({ ...checkpoint, origin: 'browser.example/log' }, [signer]);
  const again = await verifyCheckpoint(signed, [createNoteVerifier(keys.verifierKey)]);

  const sumdb = await verifyCheckpoint(input.sumdbCheckpoint, [createNoteVerifier(input.sumdbVkey)]);

  let tamperedRejectedWith = 'accepted';
  try {
    await verifyCheckpoint(cpText.replace('\n15\n', '\n16\n'), [verifier]);
  } catch (err) {
    tamperedRejectedWith = (err as { code?: string }).code ?? String(err);
  }

  return {
    secureContext: globalThis.isSecureContext,
    checkpointSize: checkpoint.size,
    auditOk: audit.ok,
    auditEntries: audit.entries,
    proofIndex: proof.index,
    builtProofVerified,
    generatedKeyRoundTrip: again.checkpoint.size === checkpoint.size,
    sumdbSize: sumdb.checkpoint.size,
    tamperedRejectedWith,
  };
}
