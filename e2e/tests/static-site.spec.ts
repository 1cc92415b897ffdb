// `objscope export-site FILE DIR` makes a folder any static host can serve; it opens the
// snapshot in the page with no agent anywhere.
import { test, expect, readFacts } from '../support/fixtures';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_BUNDLE, FIXTURES } from '../support/paths';
import { serveStatic } from '../support/static-server';
import { App } from '../support/app';
import { expectedWindow } from '../support/facts';

test('a shared snapshot opens from a static export folder with no agent running @sample', async ({ page }) => {
  const before = readFacts().before;
  const dir = join(mkdtempSync(join(tmpdir(), 'objscope-site-')), 'site');
  const r = spawnSync(process.execPath, [AGENT_BUNDLE, 'export-site', FIXTURES.before, dir], { encoding: 'utf8' });
  expect(r.status, `export-site failed: ${r.stderr}`).toBe(0);
  expect(existsSync(join(dir, 'index.html'))).toBe(true);
  const site = JSON.parse(readFileSync(join(dir, 'objscope-site.json'), 'utf8')) as { snapshot: string; label: string };
  expect(site.snapshot).toBe('snapshot.objscope.gz');
  const server = await serveStatic(dir);
  try {
    const app = new App(page, server.url);
    await app.open({ path: before.dir.path });
    await expect(app.rows.first()).toBeVisible();
    const shown = await app.rowNames();
    expect(shown).toEqual(expectedWindow(before.dir.names, shown).rows);
    // The banner names the site's snapshot; the status bar does not say it a second time.
    await expect(page.getByTestId('banner-snapshot')).toBeVisible();
    await expect(app.statusBar.getByTestId('status-label')).toHaveCount(0);
    // Nobody asked for /trpc: there is no agent, and the page knew it.
    expect(server.requests.filter((p) => p.startsWith('/trpc'))).toEqual([]);
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
