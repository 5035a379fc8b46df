#!/usr/bin/env node
// Builds the web app (admin + public site) with Vite. Run by `npm ci` (prepare) and by `filo start`
// when web/dist is missing, so a fresh clone serves its pages without a separate build step.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const config = path.join(root, 'web', 'vite.config.ts');
if (!existsSync(config)) {
  process.exit(0);
}
const { build } = await import('vite');
await build({ configFile: config, logLevel: 'warn' });
