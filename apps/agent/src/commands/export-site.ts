// `objscope export-site FILE DIR`: a folder any static host can serve. The page finds
// objscope-site.json beside itself and opens the snapshot in the browser (the same router over
// a SnapshotSource), so no agent is needed.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeSnapshot } from '@objscope/core';
import { escapeForTerminal } from '../output';
import { loadSnapshotFile, agentSnapshotLabel } from '../snapshot-file';
import { webRoot } from '../server/paths';
import { metaContentSecurityPolicy } from '../server/security';
import { inlineScriptHashes, StaticSite } from '../server/static';
import type { CliCommand } from './types';

const SITE_SNAPSHOT = 'snapshot.objscope.gz';
const SITE_MANIFEST = 'objscope-site.json';

function fail(message: string): number {
  process.stderr.write(`objscope: ${escapeForTerminal(message)}\n`);
  return 2;
}

/**
 * The page with the agent's Content-Security-Policy as a `<meta>` tag, first thing in `<head>`
 * (a static host sends no such header, and a meta policy only covers what follows it). The
 * inline scripts' hashes are the page's own, as the agent computes them for its header.
 */
export function withCspMeta(html: string): string {
  const meta = `<meta http-equiv="Content-Security-Policy" content="${metaContentSecurityPolicy(inlineScriptHashes(html))}">`;
  const head = /<head(\s[^>]*)?>/i.exec(html);
  if (head) return html.slice(0, head.index + head[0].length) + meta + html.slice(head.index + head[0].length);
  return meta + html;
}

/** Adds the CSP meta tag to every HTML file under `dir`. */
function addCspToPages(dir: string): number {
  let n = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.html')) continue;
    const file = join(entry.parentPath, entry.name);
    writeFileSync(file, withCspMeta(readFileSync(file, 'utf8')));
    n++;
  }
  return n;
}

async function runExportSite(argv: string[]): Promise<number> {
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
  addCspToPages(dir);
  // Re-encoded rather than copied: what ships is exactly what the loader accepted.
  writeFileSync(join(dir, SITE_SNAPSHOT), encodeSnapshot(r.snapshot));
  const manifest = { snapshot: SITE_SNAPSHOT, label: agentSnapshotLabel('share', r.snapshot) };
  writeFileSync(join(dir, SITE_MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`);
  process.stdout.write(`objscope: wrote a static site for ${escapeForTerminal(manifest.label)} to ${escapeForTerminal(dir)}\n`);
  return 0;
}

export const command: CliCommand = {
  name: 'export-site',
  summary: 'export-site FILE DIR: the web UI plus a snapshot, for any static web host',
  run: runExportSite,
};
