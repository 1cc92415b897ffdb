#!/usr/bin/env node
// Thin launcher: the CLI is bundled by `npm run build` into dist/objscope.mjs.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
const bundle = fileURLToPath(new URL('../dist/objscope.mjs', import.meta.url));
if (!existsSync(bundle)) {
  process.stderr.write('objscope: not built yet; run `npm run build` at the repository root\n');
  process.exit(2);
}
await import(pathToFileURL(bundle).href);
