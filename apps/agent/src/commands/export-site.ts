// `objscope export-site FILE DIR`: a folder any static host can serve. The page finds
// objscope-site.json beside itself and opens the snapshot in the browser (the same router over
// a SnapshotSource), so no agent is needed.
import { cpSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSnapshot } from '@objscope/core';
import { loadSnapshotFile, snapshotLabel } from '../server/open-source';
import { webRoot } from '../server/paths';
import { StaticSite } from '../server/static';
import type { CliCommand } from './types';

export const SITE_SNAPSHOT = 'snapshot.objscope.gz';
export const SITE_MANIFEST = 'objscope-site.json';

function fail(message: string): number {
  process.stderr.write(`objscope: ${message}\n`);
  return 2;
}

export async function runExportSite(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== '--force');
  const force = args.length !== argv.length;
  if (args.length !== 2 || args.some((a) => a.startsWith('--'))) {
    return fail('usage: objscope export-site FILE DIR [--force]');
  }
  const [file, dir] = args as [string, string];
  const ui = webRoot();
  if (!StaticSite.available(ui)) return fail(`the web UI is not built (no ${join(ui, 'index.html')}); run \`npm run build\` first`);
  const r = loadSnapshotFile(file);
  if (!r.ok) return fail(r.error);
  if (existsSync(dir) && readdirSync(dir).length > 0 && !force) {
    return fail(`${dir} is not empty; pick an empty folder or pass --force to write into it`);
  }
  mkdirSync(dir, { recursive: true });
  cpSync(ui, dir, { recursive: true });
  // Re-encoded rather than copied: what ships is exactly what the loader accepted.
  writeFileSync(join(dir, SITE_SNAPSHOT), encodeSnapshot(r.snapshot));
  const manifest = { snapshot: SITE_SNAPSHOT, label: snapshotLabel('share', r.snapshot) };
  writeFileSync(join(dir, SITE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`objscope: wrote a static site for ${manifest.label} to ${dir}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'export-site',
  summary: 'export-site FILE DIR: the web UI plus a snapshot, for any static web host',
  run: runExportSite,
};
