import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { base64Encode, hexDecode, hexEncode } from './bytes.js';
import { defaultHasher } from './hasher.js';
import { nodeHasher, nodeSha256 } from './node.js';
import { sha256 } from './sha256.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/tlog/${name}`, import.meta.url), 'utf8')) as T;

interface HasherVectors {
  readonly vectors: readonly {
    readonly desc: string;
    readonly op: 'emptyRoot' | 'hashLeaf' | 'hashChildren';
    readonly inputHex?: string;
    readonly leftHex?: string;
    readonly rightHex?: string;
    readonly want: string;
  }[];
}

const hex = (s: string | undefined): Uint8Array => hexDecode(s ?? '')!;

describe('sha256 (pure TS)', () => {
  it('matches node:crypto for every length around block boundaries and beyond', () => {
    for (let n = 0; n < 300; n++) {
      const data = Uint8Array.from({ length: n }, (_, i) => (i * 131 + n) & 255);
      expect(hexEncode(sha256(data))).toBe(createHash('sha256').update(data).digest('hex'));
    }
    const big = new Uint8Array(100_003).map((_, i) => i & 255);
    expect(hexEncode(sha256(big))).toBe(createHash('sha256').update(big).digest('hex'));
  });

  it('nodeSha256 agrees with the pure-TS hash on both sides of its native threshold', () => {
    for (const n of [0, 64, 119, 120, 121, 1000]) {
      const data = new Uint8Array(n).fill(7);
      expect(nodeSha256(data)).toEqual(sha256(data));
    }
  });
});

describe('RFC 6962 hasher (transparency-dev/merkle rfc6962_test.go vectors)', () => {
  const { vectors } = fixture<HasherVectors>('rfc6962_hasher.json');
  for (const [label, hasher] of [
    ['default', defaultHasher],
    ['node', nodeHasher],
  ] as const) {
    for (const v of vectors) {
      it(`${label}: ${v.desc}`, () => {
        const got =
          v.op === 'emptyRoot'
            ? hasher.emptyRoot
            : v.op === 'hashLeaf'
              ? hasher.hashLeaf(hex(v.inputHex))
              : hasher.hashChildren(hex(v.leftHex), hex(v.rightHex));
        expect(hexEncode(got)).toBe(v.want);
      });
    }
  }

  it('sumdb RecordHash("hello world") is the RFC 6962 leaf hash', () => {
    const misc = fixture<{ recordHashHelloWorld: { input: string; wantB64: string } }>(
      'sumdb_tlog_misc.json',
    );
    const got = defaultHasher.hashLeaf(new TextEncoder().encode(misc.recordHashHelloWorld.input));
    expect(base64Encode(got)).toBe(misc.recordHashHelloWorld.wantB64);
  });

  it('does not let the reused scratch buffer leak between calls', () => {
    const a = defaultHasher.hashLeaf(new Uint8Array(500).fill(1));
    const b = defaultHasher.hashLeaf(new Uint8Array([1]));
    expect(hexEncode(b)).toBe(
      createHash('sha256')
        .update(Uint8Array.from([0, 1]))
        .digest('hex'),
    );
    expect(a).not.toEqual(b);
  });
});
