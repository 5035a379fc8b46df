import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Decode, base64Encode, hexEncode } from './bytes.js';
import {
  computeKeyId,
  createNoteSigner,
  createNoteVerifier,
  formatNote,
  generateNoteKey,
  isValidKeyName,
  parseNote,
  signNote,
  verifyNote,
} from './note.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

interface SumdbNotes {
  signerKey: string;
  verifierKey: string;
  keyName: string;
  keyIdHex: string;
  text: string;
  signedNote: string;
  signatureLine: string;
  secondSigner: {
    verifierKey: string;
    keyName: string;
    keyIdHex: string;
    signatureLine: string;
    derivedSignerKey: string;
  };
  badVerifierKeys: { vkey: string; why: string }[];
  malformedNotes: { note: string; why: string }[];
}
const sumdb = fixture<SumdbNotes>('signed_note_sumdb.json');
const c2sp = fixture<{
  verifierKey: string;
  signedNote: string;
  unverifiableIntroExample: { signedNote: string; expectedText: string };
}>('signed_note_c2sp_example.json');

describe('keys (golang.org/x/mod/sumdb/note vectors)', () => {
  it('parses the PeterNeumann vkey and its key ID', () => {
    const v = createNoteVerifier(sumdb.verifierKey);
    expect(v.name).toBe(sumdb.keyName);
    expect(v.keyId.toString(16).padStart(8, '0')).toBe(sumdb.keyIdHex);
  });

  it('derives the vkey from the signer key', async () => {
    const s = await createNoteSigner(sumdb.signerKey);
    expect(s.verifierKey).toBe(sumdb.verifierKey);
    const enoch = await createNoteSigner(sumdb.secondSigner.derivedSignerKey);
    expect(enoch.verifierKey).toBe(sumdb.secondSigner.verifierKey);
  });

  it('computes the key ID as SHA-256(name ‖ \\n ‖ 0x01 ‖ pub)[:4]', () => {
    const key = base64Decode(sumdb.verifierKey.split('+')[2]!)!;
    expect(computeKeyId(sumdb.keyName, key).toString(16)).toBe(sumdb.keyIdHex);
  });

  for (const bad of sumdb.badVerifierKeys) {
    it(`rejects a bad vkey: ${bad.why}`, () => {
      expect(() => createNoteVerifier(bad.vkey)).toThrow(
        expect.objectContaining({ code: 'TLOG_MALFORMED_KEY' }),
      );
    });
  }

  it.each([
    ['no parts', 'PeterNeumann'],
    ['uppercase key ID', 'PeterNeumann+C74F20A3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['wrong key ID', 'PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['other name, same key', 'PeterNeuman+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['space in name', 'Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'],
    ['bad base64', 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T'],
  ])('rejects a vkey with %s', (_why, vkey) => {
    expect(() => createNoteVerifier(vkey)).toThrow(expect.objectContaining({ code: 'TLOG_MALFORMED_KEY' }));
  });

  it.each([
    ['not PRIVATE+KEY', sumdb.signerKey.replace('PRIVATE+KEY+', 'PRIVATE+KEX+')],
    ['wrong key ID', sumdb.signerKey.replace('c74f20a3', 'c74f20a4')],
    ['short seed', 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXH'],
  ])('rejects a signer key with %s', async (_why, skey) => {
    await expect(createNoteSigner(skey)).rejects.toMatchObject({ code: 'TLOG_MALFORMED_KEY' });
  });

  it('key names: no spaces (any Unicode space), no plus, not empty', () => {
    expect(isValidKeyName('example.com/log')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2003b', 'a\tb', 'a\u3000b'])
      expect(isValidKeyName(bad)).toBe(false);
  });

  it('generates keys that sign and verify', async () => {
    const { signerKey, verifierKey } = await generateNoteKey('filo.example/log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+filo\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    expect(verifierKey).toMatch(/^filo\.example\/log\+[0-9a-f]{8}\+A[A-Za-z0-9+/]{43}$/);
    const signer = await createNoteSigner(signerKey);
    expect(signer.verifierKey).toBe(verifierKey);
    const note = await signNote('hello\n', [signer]);
    const v = await verifyNote(note, [createNoteVerifier(verifierKey)]);
    expect(v.text).toBe('hello\n');
  });
});

describe('signing is byte-exact (Ed25519 is deterministic)', () => {
  it('PeterNeumann signs the sumdb text to the published signature', async () => {
    const note = await signNote(sumdb.text, [await createNoteSigner(sumdb.signerKey)]);
    expect(note).toBe(sumdb.signedNote);
  });

  it('EnochRoot (seed of zeros) signs to the published signature line', async () => {
    const note = await signNote(sumdb.text, [await createNoteSigner(sumdb.secondSigner.derivedSignerKey)]);
    expect(note).toBe(`${sumdb.text}\n${sumdb.secondSigner.signatureLine}`);
  });

  it('two signers give two lines, in order', async () => {
    const signers = [
      await createNoteSigner(sumdb.signerKey),
      await createNoteSigner(sumdb.secondSigner.derivedSignerKey),
    ];
    expect(await signNote(sumdb.text, signers)).toBe(
      `${sumdb.text}\n${sumdb.signatureLine}${sumdb.secondSigner.signatureLine}`,
    );
  });
});

describe('verifying', () => {
  const peter = createNoteVerifier(sumdb.verifierKey);
  const enoch = createNoteVerifier(sumdb.secondSigner.verifierKey);
  const both = `${sumdb.text}\n${sumdb.signatureLine}${sumdb.secondSigner.signatureLine}`;

  it('the sumdb note verifies with its vkey', async () => {
    const v = await verifyNote(sumdb.signedNote, [peter]);
    expect(v.text).toBe(sumdb.text);
    expect(v.verified.map((s) => s.name)).toEqual(['PeterNeumann']);
    expect(v.unknown).toEqual([]);
  });

  it('accepts bytes as well as strings', async () => {
    await expect(verifyNote(new TextEncoder().encode(sumdb.signedNote), [peter])).resolves.toMatchObject({
      text: sumdb.text,
    });
  });

  it('the C2SP example note verifies with example.com/foo', async () => {
    const v = await verifyNote(c2sp.signedNote, [createNoteVerifier(c2sp.verifierKey)]);
    expect(v.text).toBe('This is an example message.\n');
  });

  it('signatures by unknown keys are ignored, and listed', async () => {
    const v = await verifyNote(both, [enoch]);
    expect(v.verified.map((s) => s.name)).toEqual(['EnochRoot']);
    expect(v.unknown.map((s) => s.name)).toEqual(['PeterNeumann']);
  });

  it('no known key: TLOG_UNVERIFIED_NOTE', async () => {
    await expect(verifyNote(sumdb.signedNote, [enoch])).rejects.toMatchObject({
      code: 'TLOG_UNVERIFIED_NOTE',
    });
    await expect(verifyNote(c2sp.unverifiableIntroExample.signedNote, [peter])).rejects.toMatchObject({
      code: 'TLOG_UNVERIFIED_NOTE',
    });
  });

  it('a known key whose signature fails rejects the note: TLOG_BAD_SIGNATURE', async () => {
    const tampered = sumdb.signedNote.replace('problem,', 'problem;');
    await expect(verifyNote(tampered, [peter])).rejects.toMatchObject({ code: 'TLOG_BAD_SIGNATURE' });
    // Even when another known key's signature is fine.
    await expect(verifyNote(both.replace('problem,', 'problem;'), [peter, enoch])).rejects.toMatchObject({
      code: 'TLOG_BAD_SIGNATURE',
    });
  });

  it('a key with the same name but another ID is unknown, not a failure', async () => {
    const raw = base64Decode(sumdb.signatureLine.slice(2 + 'PeterNeumann '.length, -1))!;
    raw[0] = raw[0]! ^ 1;
    const otherId = `${sumdb.text}\n\u2014 PeterNeumann ${base64Encode(raw)}\n`;
    await expect(verifyNote(otherId, [peter])).rejects.toMatchObject({ code: 'TLOG_UNVERIFIED_NOTE' });
  });

  it('repeated signatures count once', async () => {
    const v = await verifyNote(`${sumdb.signedNote}${sumdb.signatureLine}`, [peter]);
    expect(v.verified).toHaveLength(1);
  });
});

describe('parsing is strict', () => {
  for (const m of sumdb.malformedNotes) {
    it(`rejects: ${m.why}`, async () => {
      expect(() => parseNote(m.note)).toThrow(expect.objectContaining({ code: 'TLOG_MALFORMED_NOTE' }));
      await expect(verifyNote(m.note, [createNoteVerifier(sumdb.verifierKey)])).rejects.toMatchObject({
        code: 'TLOG_MALFORMED_NOTE',
      });
    });
  }

  it('rejects more than 100 signatures (Go limit) but accepts 100', () => {
    expect(() => parseNote(sumdb.text + '\n' + sumdb.signatureLine.repeat(101))).toThrow(
      expect.objectContaining({ code: 'TLOG_MALFORMED_NOTE' }),
    );
    expect(parseNote(sumdb.text + '\n' + sumdb.signatureLine.repeat(100)).signatures).toHaveLength(100);
  });

  it.each([
    ['a control character', 'text\u0007\n\n' + sumdb.signatureLine],
    ['a carriage return', 'text\r\n\n' + sumdb.signatureLine],
    ['a lone surrogate', 'text\ud800\n\n' + sumdb.signatureLine],
    [
      'a hyphen instead of an em dash',
      'text\n\n- PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n',
    ],
    ['a signature shorter than 5 bytes', 'text\n\n\u2014 PeterNeumann AAAA\n'],
    ['an empty signature', 'text\n\n\u2014 PeterNeumann \n'],
    ['no signature at all after the name', 'text\n\n\u2014 PeterNeumann\n'],
    ['unpadded base64', 'text\n\n\u2014 PeterNeumann AAAAAAA\n'],
    ['an empty signature block', 'text\n\n'],
  ])('rejects a note with %s', (_why, note) => {
    expect(() => parseNote(note)).toThrow(expect.objectContaining({ code: 'TLOG_MALFORMED_NOTE' }));
  });

  it('rejects invalid UTF-8 bytes', () => {
    const bytes = new TextEncoder().encode(sumdb.signedNote);
    bytes[3] = 0xff;
    expect(() => parseNote(bytes)).toThrow(expect.objectContaining({ code: 'TLOG_MALFORMED_NOTE' }));
  });

  it('the text is separated by the last blank line (the C2SP poem keeps its stanza break)', () => {
    const n = parseNote(c2sp.unverifiableIntroExample.signedNote);
    expect(n.text).toBe(c2sp.unverifiableIntroExample.expectedText);
    expect(n.signatures.map((s) => s.name)).toEqual(['quasimodo.example/salvatore']);
    expect(formatNote(n)).toBe(c2sp.unverifiableIntroExample.signedNote);
  });

  it('formatNote ∘ parseNote is the identity on the vectors', () => {
    for (const note of [sumdb.signedNote, c2sp.signedNote]) expect(formatNote(parseNote(note))).toBe(note);
    expect(hexEncode(parseNote(sumdb.signedNote).signatures[0]!.signature)).toHaveLength(128);
  });

  it('refuses to sign text without a final newline', async () => {
    const s = await createNoteSigner(sumdb.signerKey);
    await expect(signNote('no newline', [s])).rejects.toMatchObject({ code: 'TLOG_MALFORMED_NOTE' });
  });
});
