// `?snapshot=URL`: same-origin URLs open; a cross-origin URL on the agent's page is refused
// with the reason (the page may connect only to the agent: connect-src 'self') and what to do
// instead, never a bare "Failed to fetch"; a static export with no such policy opens a
// cross-origin file when its server allows CORS, and says CORS when it does not.
import { test, expect, readFacts } from '../support/fixtures';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_BUNDLE, FIXTURES } from '../support/paths';
import { serveStatic } from '../support/static-server';
import { App, appUrl } from '../support/app';

/** A folder holding the "after" snapshot, served on its own port (another origin). */
async function fileHost(headers: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'objscope-files-'));
  copyFileSync(FIXTURES.after, join(dir, 'after.objscope.gz'));
  const server = await serveStatic(dir, headers);
  return {
    url: `${server.url}/after.objscope.gz`,
    server,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

test('a cross-origin ?snapshot= on the agent says why not and what to do, and fetches nothing @sample', async ({ page, agent }) => {
  // The file's server allows CORS: the only thing in the way is the agent page's policy.
  const host = await fileHost({ 'access-control-allow-origin': '*' });
  try {
    await page.goto(appUrl(agent.url, { snapshot: host.url }));
    const failed = page.getByTestId('boot-failed');
    await expect(failed).toBeVisible();
    const banner = failed.getByTestId('banner-rejected');
    await expect(banner).toContainText(`does not load snapshots from other sites (${new URL(host.url).origin})`);
    await expect(banner).toContainText("connect-src 'self'");
    await expect(banner).toContainText('objscope --snapshot FILE');
    await expect(banner).not.toContainText('Failed to fetch');
    // The way out is a plain download link (a navigation, not a fetch by the page).
    await expect(failed.getByTestId('boot-download')).toHaveAttribute('href', host.url);
    await expect(failed.getByTestId('boot-download')).toHaveAttribute('rel', 'noopener noreferrer');
    // Refused before trying: the page never even asked the other origin.
    expect(host.server.requests).toEqual([]);
    // What it says works: the file chosen here opens read-only, in the page.
    await page.getByTestId('boot-failed').locator('input[type=file]').setInputFiles(FIXTURES.after);
    await expect(page.getByTestId('status-source')).toHaveAttribute('data-kind', 'snapshot');
  } finally {
    await host.close();
  }
});

test('?snapshot= with a non-http scheme is refused with the reason @sample', async ({ page, agent }) => {
  await page.goto(appUrl(agent.url, { snapshot: 'javascript:alert(1)' }));
  const banner = page.getByTestId('boot-failed').getByTestId('banner-rejected');
  await expect(banner).toContainText('only http and https URLs are fetched');
  await expect(page.getByTestId('boot-download')).toHaveCount(0);
});

test('on a static export, ?snapshot= opens a same-origin file and a CORS-enabled cross-origin one @sample', async ({ page }) => {
  // Only the after-picture has this directory (support/mutate.ts): seeing it proves which file opened.
  const [addedDir, addedLeaf] = readFacts().compare.added as [string, string];
  const dir = join(mkdtempSync(join(tmpdir(), 'objscope-site-')), 'site');
  const r = spawnSync(process.execPath, [AGENT_BUNDLE, 'export-site', FIXTURES.before, dir], { encoding: 'utf8' });
  expect(r.status, `export-site failed: ${r.stderr}`).toBe(0);
  copyFileSync(FIXTURES.after, join(dir, 'other.objscope.gz'));
  const site = await serveStatic(dir);
  const cors = await fileHost({ 'access-control-allow-origin': '*' });
  const noCors = await fileHost();
  try {
    const app = new App(page, site.url);
    for (const url of ['other.objscope.gz', cors.url]) {
      await page.goto(appUrl(site.url, { snapshot: url, path: addedDir }));
      await app.ready();
      // A snapshot's label is in its banner; the status bar leaves it there (issue 22 item 6).
      await expect(page.getByTestId('banner-snapshot')).toContainText(`Shared snapshot (${url})`);
      await expect(app.row(addedLeaf.slice(addedDir.length + 1))).toBeVisible();
    }
    // No CORS header: the browser will not let the page read it; the page says so.
    await page.goto(appUrl(site.url, { snapshot: noCors.url }));
    const banner = page.getByTestId('boot-failed').getByTestId('banner-rejected');
    await expect(banner).toContainText('Access-Control-Allow-Origin');
    await expect(banner).toContainText('objscope --snapshot FILE');
  } finally {
    await Promise.all([site.close(), cors.close(), noCors.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
});
