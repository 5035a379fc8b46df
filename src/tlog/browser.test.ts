// The module claims to be isomorphic: this runs its public door in headless Chromium (installed
// by .ci/run) against the real tessera log served on localhost.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from 'playwright-core';
import { build, type Rolldown } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserSmokeInput, BrowserSmokeResult } from './browser-smoke.js';
import { defaultHasher } from './hasher.js';
import { MemoryHashStore } from './memory-store.js';
import { directoryFetcher } from './node.js';
import { formatTlogProof } from './tlog-proof.js';
import { TreeAppender, proveInclusion } from './tree.js';

const fixtureUrl = (name: string): URL => new URL(`../../test/fixtures/tlog/${name}`, import.meta.url);
const cps = JSON.parse(readFileSync(fixtureUrl('checkpoints.json'), 'utf8')) as {
  sumdb_production: { verifierKey: string; signedNote: string };
  tessera_testdata: {
    verifierKey: string;
    origin: string;
    leafData: string[];
    checkpoints: { checkpoint: string }[];
  };
};
const tessera = cps.tessera_testdata;

async function bundle(): Promise<string> {
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: {
        entry: fileURLToPath(new URL('./browser-smoke.ts', import.meta.url)),
        formats: ['es'],
        fileName: 'smoke',
      },
    },
  });
  const outputs = (Array.isArray(out) ? out : [out]) as Rolldown.RolldownOutput[];
  const chunk = outputs[0]?.output.find((o) => o.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error('vite produced no chunk');
  return chunk.code;
}

describe('in a browser (headless Chromium)', () => {
  let server: Server;
  let browser: Browser;
  let base = '';

  beforeAll(async () => {
    const code = await bundle();
    const readLog = directoryFetcher(fileURLToPath(fixtureUrl('tessera-testdata-log')));
    server = createServer((req, res) => {
      const url = req.url ?? '/';
      if (url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>tlog</title>');
      } else if (url === '/smoke.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(code);
      } else if (url.startsWith('/log/')) {
        readLog(url.slice('/log/'.length)).then(
          (data) => (data ? res.writeHead(200).end(data) : res.writeHead(404).end()),
          () => res.writeHead(500).end(),
        );
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('verifies checkpoints and receipts, audits the tessera log, builds proofs from tiles, signs', async () => {
    // A receipt made on the "server" (Node) for the browser to check.
    const store = new MemoryHashStore();
    const appender = new TreeAppender();
    const enc = new TextEncoder();
    for (const leaf of tessera.leafData)
      store.append(appender.append(defaultHasher.hashLeaf(enc.encode(leaf))));
    const proofText = formatTlogProof({
      extra: enc.encode('four'),
      index: 3,
      proof: proveInclusion(3, 15, store.reader),
      checkpoint: tessera.checkpoints[15]!.checkpoint,
    });
    const input: BrowserSmokeInput = {
      logUrl: `${base}/log`,
      vkey: tessera.verifierKey,
      origin: tessera.origin,
      proofText,
      sumdbVkey: cps.sumdb_production.verifierKey,
      sumdbCheckpoint: cps.sumdb_production.signedNote,
    };

    const page = await browser.newPage();
    await page.goto(base);
    const result = await page.evaluate(
      `import('${base}/smoke.js').then((m) => m.runBrowserSmoke(${JSON.stringify(input)}))`,
    );
    await page.close();

    expect(result).toEqual({
      secureContext: true,
      checkpointSize: 15,
      auditOk: true,
      auditEntries: 15,
      proofIndex: 3,
      builtProofVerified: true,
      generatedKeyRoundTrip: true,
      sumdbSize: 6476701,
      tamperedRejectedWith: 'TLOG_BAD_SIGNATURE',
    } satisfies BrowserSmokeResult);
  });
});
