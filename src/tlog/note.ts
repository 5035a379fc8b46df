// C2SP signed-note: parsing, formatting, signing and verifying notes, and the Ed25519 key
// formats (vkey `<name>+<hex id>+<base64(0x01‖pub)>`, skey `PRIVATE+KEY+<name>+<hex id>+<base64(0x01‖seed)>`).
// Parsing follows golang.org/x/mod/sumdb/note, the reference implementation, rule for rule.
// Signatures use Web Crypto, which Node 20 and current browsers implement for Ed25519.

import {
  base64Decode,
  base64Encode,
  bytesEqual,
  isWellFormedUnicode,
  utf8Decode,
  utf8Encode,
} from './bytes.js';
import { TlogError } from './errors.js';
import { sha256 } from './sha256.js';

/** Signature type byte for Ed25519 (signed-note §Signature types). */
export const SIG_TYPE_ED25519 = 0x01;
/** Go's note package rejects notes with more signatures; the spec asks for at least 16. */
export const MAX_NOTE_SIGNATURES = 100;

export interface NoteSignature {
  readonly name: string;
  /** The 32-bit key ID from the first four bytes of the signature. */
  readonly keyId: number;
  /** The signature proper, without the key ID. */
  readonly signature: Uint8Array;
}

export interface Note {
  /** The signed text, ending in a newline. */
  readonly text: string;
  readonly signatures: readonly NoteSignature[];
}

export interface VerifiedNote {
  readonly text: string;
  /** Signatures by known keys, all verified. */
  readonly verified: readonly NoteSignature[];
  /** Signatures by keys the caller does not know (ignored, as the spec requires). */
  readonly unknown: readonly NoteSignature[];
}

export interface NoteVerifier {
  readonly name: string;
  readonly keyId: number;
  verify(message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

export interface NoteSigner {
  readonly name: string;
  readonly keyId: number;
  /** The vkey that verifies this signer's signatures. */
  readonly verifierKey: string;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

// ---- names and key IDs ---------------------------------------------------------------------------

// Go's unicode.IsSpace: the characters a key name must not contain.
const UNICODE_SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

/** Key names are non-empty, valid Unicode, and contain no spaces and no `+`. */
export function isValidKeyName(name: string): boolean {
  return name !== '' && isWellFormedUnicode(name) && !UNICODE_SPACE.test(name) && !name.includes('+');
}

/** key ID = first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ sigType ‖ publicKey). */
export function computeKeyId(name: string, typedPublicKey: Uint8Array): number {
  const nameBytes = utf8Encode(name);
  const buf = new Uint8Array(nameBytes.length + 1 + typedPublicKey.length);
  buf.set(nameBytes, 0);
  buf[nameBytes.length] = 0x0a;
  buf.set(typedPublicKey, nameBytes.length + 1);
  const h = sha256(buf);
  return ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
}

function hex8(n: number): string {
  return n.toString(16).padStart(8, '0');
}

// ---- parsing and formatting ----------------------------------------------------------------------

const SIG_PREFIX = '\u2014 '; // em dash, space

function malformed(why: string): TlogError {
  return new TlogError('TLOG_MALFORMED_NOTE', `malformed note: ${why}`);
}

function decodeNoteInput(note: string | Uint8Array): string {
  if (typeof note === 'string') {
    if (!isWellFormedUnicode(note)) throw malformed('not valid UTF-8');
    return note;
  }
  const text = utf8Decode(note);
  if (text === undefined) throw malformed('not valid UTF-8');
  return text;
}

function checkControlCharacters(text: string): void {
  // Only newline may appear below U+0020.
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw malformed('contains an ASCII control character');
}

/**
 * Splits a signed note into text and signatures without verifying anything. Rejects what the
 * spec and Go reject: invalid UTF-8, control characters, no blank line before the signatures,
 * a missing final newline, a line that is not a signature, bad key names, bad base64, more than
 * MAX_NOTE_SIGNATURES signatures.
 */
export function parseNote(note: string | Uint8Array): Note {
  const msg = decodeNoteInput(note);
  checkControlCharacters(msg);
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('no blank line before the signatures');
  const text = msg.slice(0, split + 1);
  const sigs = msg.slice(split + 2);
  if (sigs.length === 0) throw malformed('no signatures');
  if (!sigs.endsWith('\n')) throw malformed('does not end with a newline');
  const lines = sigs.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`more than ${MAX_NOTE_SIGNATURES} signatures`);
  const signatures = lines.map((line, i): NoteSignature => {
    if (!line.startsWith(SIG_PREFIX)) throw malformed(`signature line ${i + 1} does not start with "— "`);
    const rest = line.slice(SIG_PREFIX.length);
    const space = rest.indexOf(' ');
    const name = space < 0 ? rest : rest.slice(0, space);
    const b64 = space < 0 ? '' : rest.slice(space + 1);
    if (!isValidKeyName(name)) throw malformed(`signature line ${i + 1} has an invalid key name`);
    const raw = b64 === '' ? undefined : base64Decode(b64);
    if (raw === undefined || raw.length < 5)
      throw malformed(`signature line ${i + 1} has an invalid signature`);
    const keyId = ((raw[0]! << 24) | (raw[1]! << 16) | (raw[2]! << 8) | raw[3]!) >>> 0;
    return { name, keyId, signature: raw.slice(4) };
  });
  return { text, signatures };
}

function checkNoteText(text: string): void {
  if (!isWellFormedUnicode(text)) throw malformed('text is not valid UTF-8');
  if (text === '' || !text.endsWith('\n')) throw malformed('text must end with a newline');
  checkControlCharacters(text);
}

function signatureLine(sig: NoteSignature): string {
  if (!isValidKeyName(sig.name)) throw malformed(`invalid key name ${JSON.stringify(sig.name)}`);
  const raw = new Uint8Array(4 + sig.signature.length);
  new DataView(raw.buffer).setUint32(0, sig.keyId >>> 0);
  raw.set(sig.signature, 4);
  return `${SIG_PREFIX}${sig.name} ${base64Encode(raw)}\n`;
}

/** The wire form of a note: text, a blank line, one line per signature. */
export function formatNote(note: Note): string {
  checkNoteText(note.text);
  if (note.signatures.length === 0) throw malformed('a note needs at least one signature');
  return `${note.text}\n${note.signatures.map(signatureLine).join('')}`;
}

/** Signs `text` (which must end in a newline) with every signer, in order. */
export async function signNote(text: string, signers: readonly NoteSigner[]): Promise<string> {
  checkNoteText(text);
  const message = utf8Encode(text);
  const signatures = await Promise.all(
    signers.map(async (s) => ({ name: s.name, keyId: s.keyId, signature: await s.sign(message) })),
  );
  return formatNote({ text, signatures });
}

/**
 * Parses and verifies a note. Signatures by unknown keys (name and key ID not both matching a
 * verifier) are ignored; a failing signature by a known key rejects the note (TLOG_BAD_SIGNATURE);
 * no verified signature rejects it too (TLOG_UNVERIFIED_NOTE). Repeated signatures count once.
 */
export async function verifyNote(
  note: string | Uint8Array,
  verifiers: readonly NoteVerifier[],
): Promise<VerifiedNote> {
  const parsed = parseNote(note);
  const known = new Map<string, NoteVerifier>();
  for (const v of verifiers) {
    const k = `${v.name}+${hex8(v.keyId)}`;
    if (known.has(k) && known.get(k) !== v) {
      throw new TlogError('TLOG_INVALID_ARGUMENT', `two verifiers share the name and key ID ${k}`);
    }
    known.set(k, v);
  }
  const message = utf8Encode(parsed.text);
  const verified: NoteSignature[] = [];
  const unknown: NoteSignature[] = [];
  const seen = new Set<string>();
  for (const sig of parsed.signatures) {
    const k = `${sig.name}+${hex8(sig.keyId)}`;
    const v = known.get(k);
    if (v === undefined) {
      if (
        !unknown.some(
          (u) => u.name === sig.name && u.keyId === sig.keyId && bytesEqual(u.signature, sig.signature),
        )
      ) {
        unknown.push(sig);
      }
      continue;
    }
    if (seen.has(k)) continue;
    seen.add(k);
    if (!(await v.verify(message, sig.signature))) {
      throw new TlogError('TLOG_BAD_SIGNATURE', `signature by ${k} does not verify`);
    }
    verified.push(sig);
  }
  if (verified.length === 0) {
    throw new TlogError('TLOG_UNVERIFIED_NOTE', 'the note has no signature by a known key');
  }
  return { text: parsed.text, verified, unknown };
}

// ---- Ed25519 keys via Web Crypto -----------------------------------------------------------------

const ED25519 = { name: 'Ed25519' } as const;
// DER prefix of a PKCS #8 Ed25519 private key (RFC 8410); the 32-byte seed follows.
const PKCS8_ED25519_PREFIX = Uint8Array.from([
  0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x04, 0x22, 0x04, 0x20,
]);

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (s === undefined) {
    throw new TlogError(
      'TLOG_CRYPTO_UNAVAILABLE',
      'Web Crypto (crypto.subtle) is not available in this context',
    );
  }
  return s;
}

/** Web Crypto wants ArrayBuffer-backed views; copy only if the bytes live elsewhere. */
function buf(u: Uint8Array): Uint8Array<ArrayBuffer> {
  return u.buffer instanceof ArrayBuffer ? (u as Uint8Array<ArrayBuffer>) : new Uint8Array(u);
}

function cryptoFailure(err: unknown): TlogError {
  return new TlogError(
    'TLOG_CRYPTO_UNAVAILABLE',
    `Ed25519 is not available through Web Crypto here: ${String(err)}`,
    {
      cause: err,
    },
  );
}

function badKey(why: string): TlogError {
  return new TlogError('TLOG_MALFORMED_KEY', why);
}

interface KeyParts {
  readonly name: string;
  readonly keyId: number;
  readonly key: Uint8Array; // signature type byte + key material
}

function parseKeyParts(text: string, what: string): KeyParts {
  const p1 = text.indexOf('+');
  const p2 = p1 < 0 ? -1 : text.indexOf('+', p1 + 1);
  if (p2 < 0) throw badKey(`${what} must be <name>+<key id>+<key>`);
  const name = text.slice(0, p1);
  const idHex = text.slice(p1 + 1, p2);
  const key = base64Decode(text.slice(p2 + 1));
  if (!isValidKeyName(name)) throw badKey(`${what} has an invalid key name`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw badKey(`${what} key ID must be 8 lowercase hex digits`);
  if (key === undefined || key.length === 0) throw badKey(`${what} key is not valid base64`);
  return { name, keyId: parseInt(idHex, 16), key };
}

/** Parses a vkey into a verifier. Checks the key type, length and key ID. */
export function createNoteVerifier(vkey: string): NoteVerifier {
  const { name, keyId, key } = parseKeyParts(vkey, 'verifier key');
  if (computeKeyId(name, key) !== keyId) throw badKey('verifier key ID does not match the key');
  if (key[0] !== SIG_TYPE_ED25519) throw badKey(`unsupported verifier key type 0x${key[0]!.toString(16)}`);
  const pub = key.slice(1);
  if (pub.length !== 32) throw badKey(`Ed25519 public key has ${pub.length} bytes, want 32`);
  let imported: Promise<CryptoKey | undefined> | undefined;
  const importKey = (): Promise<CryptoKey | undefined> => {
    imported ??= subtle()
      .importKey('raw', buf(pub), ED25519, false, ['verify'])
      .catch((err: unknown) => {
        // A 32-byte string that is not a curve point verifies nothing, as in Go's ed25519.Verify.
        if (err instanceof Error && err.name === 'DataError') return undefined;
        throw cryptoFailure(err);
      });
    return imported;
  };
  return {
    name,
    keyId,
    async verify(message, signature) {
      const k = await importKey();
      if (k === undefined || signature.length !== 64) return false;
      return subtle().verify(ED25519, k, buf(signature), buf(message));
    },
  };
}

function formatKey(name: string, keyId: number, typedKey: Uint8Array): string {
  return `${name}+${hex8(keyId)}+${base64Encode(typedKey)}`;
}

function base64UrlDecode(text: string): Uint8Array | undefined {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  return base64Decode(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
}

async function importSeed(seed: Uint8Array): Promise<{ privateKey: CryptoKey; publicKey: Uint8Array }> {
  const der = new Uint8Array(PKCS8_ED25519_PREFIX.length + 32);
  der.set(PKCS8_ED25519_PREFIX, 0);
  der.set(seed, PKCS8_ED25519_PREFIX.length);
  let privateKey: CryptoKey;
  let jwk: JsonWebKey;
  try {
    // Web Crypto cannot derive a public key directly; a private JWK export carries it as `x`.
    privateKey = await subtle().importKey('pkcs8', der, ED25519, true, ['sign']);
    jwk = await subtle().exportKey('jwk', privateKey);
  } catch (err) {
    throw err instanceof TlogError ? err : cryptoFailure(err);
  }
  const publicKey = jwk.x === undefined ? undefined : base64UrlDecode(jwk.x);
  if (publicKey === undefined || publicKey.length !== 32)
    throw cryptoFailure('no public key in the JWK export');
  return { privateKey, publicKey };
}

/** Parses a signer key (`PRIVATE+KEY+...`). Checks the key ID against the derived public key. */
export async function createNoteSigner(skey: string): Promise<NoteSigner> {
  if (!skey.startsWith('PRIVATE+KEY+')) throw badKey('signer key must start with PRIVATE+KEY+');
  const { name, keyId, key } = parseKeyParts(skey.slice('PRIVATE+KEY+'.length), 'signer key');
  if (key[0] !== SIG_TYPE_ED25519) throw badKey(`unsupported signer key type 0x${key[0]!.toString(16)}`);
  const seed = key.slice(1);
  if (seed.length !== 32) throw badKey(`Ed25519 seed has ${seed.length} bytes, want 32`);
  const { privateKey, publicKey } = await importSeed(seed);
  const typedPublic = new Uint8Array(33);
  typedPublic[0] = SIG_TYPE_ED25519;
  typedPublic.set(publicKey, 1);
  if (computeKeyId(name, typedPublic) !== keyId) throw badKey('signer key ID does not match the key');
  return {
    name,
    keyId,
    verifierKey: formatKey(name, keyId, typedPublic),
    async sign(message) {
      return new Uint8Array(await subtle().sign(ED25519, privateKey, buf(message)));
    },
  };
}

/** Generates a new Ed25519 key pair for `name`; keep signerKey secret, publish verifierKey. */
export async function generateNoteKey(name: string): Promise<{ signerKey: string; verifierKey: string }> {
  if (!isValidKeyName(name)) throw badKey(`invalid key name ${JSON.stringify(name)}`);
  let pkcs8: Uint8Array;
  try {
    const pair = await subtle().generateKey(ED25519, true, ['sign', 'verify']);
    pkcs8 = new Uint8Array(await subtle().exportKey('pkcs8', pair.privateKey));
  } catch (err) {
    throw err instanceof TlogError ? err : cryptoFailure(err);
  }
  const seed = pkcs8.slice(pkcs8.length - 32);
  const { publicKey } = await importSeed(seed);
  const typedPublic = Uint8Array.from([SIG_TYPE_ED25519, ...publicKey]);
  const typedSeed = Uint8Array.from([SIG_TYPE_ED25519, ...seed]);
  const keyId = computeKeyId(name, typedPublic);
  return {
    signerKey: `PRIVATE+KEY+${formatKey(name, keyId, typedSeed)}`,
    verifierKey: formatKey(name, keyId, typedPublic),
  };
}
