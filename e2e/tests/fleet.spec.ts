// The Fleet view (issue 23): the real agent started with --fleet over a store that the real CLI
// built (`objscope fleet add`) from a fleet generated out of the Wine sample capture. Every
// difference between hosts is planted by the generator, so each answer is an exact host set.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { decodeSnapshot, type Snapshot } from '@objscope/core';
import { generateFleet, MALWARE_NAME, type GeneratedHost } from '@objscope/fleet/testing';
import { test, expect } from '../support/fixtures';
import { startAgent, type RunningAgent } from '../support/agent';
import { AGENT_BUNDLE, CACHE, ROOT, SAMPLE_SNAPSHOT } from '../support/paths';

// Host 3 carries the planted mutex and a hostile name: it must show as text, run nothing.
const HOSTILE = '<img src=x onerror=alert(1)>__proto__ \u{1F600}';
const HOSTS = 12;

let work: string;
let fleet: GeneratedHost[];
let agent: RunningAgent;

function sample(): Snapshot {
  const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE_SNAPSHOT)));
  if (!r.ok) throw new Error(r.error);
  return r.snapshot;
}

test.beforeAll(async () => {
  test.setTimeout(180_000);
  work = mkdtempSync(join(tmpdir(), 'objscope-e2e-fleet-'));
  fleet = generateFleet(sample(), {
    dir: join(work, 'snaps'),
    hosts: HOSTS,
    snapshotsPerHost: 2,
    // A little over the sample's own objects, so some hosts can lack padding (drift: missing).
    objectsPerHost: 3300,
    hostName: (i) => (i === 3 ? HOSTILE : `HOST-${String(i).padStart(2, '0')}`),
  });
  const store = join(work, 'store');
  const add = spawnSync(process.execPath, [AGENT_BUNDLE, 'fleet', 'add', store, ...fleet.flatMap((h) => h.files)], { cwd: ROOT, encoding: 'utf8' });
  if (add.status !== 0) throw new Error(`fleet add failed: ${add.stderr}`);
  agent = await startAgent({ args: ['--sample', '--fleet', store], startTimeoutMs: 60_000 });
});

test.afterAll(async () => {
  await agent?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

const malware = () => fleet.filter((h) => h.malware).map((h) => h.name).sort();

async function openFleet(page: Page): Promise<void> {
  await page.goto(`${agent.url}/?view=fleet`);
  await expect(page.getByTestId('fleet-view')).toBeVisible({ timeout: 30_000 });
}

async function search(page: Page, pattern: string): Promise<void> {
  await page.getByTestId('fleet-find-input').fill(pattern);
  await expect(page.getByTestId('fleet-find-summary')).toHaveAttribute('data-settled', 'yes');
}

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

test.describe('the Fleet view', () => {
  test('find as you type: exactly the hosts with the planted mutex, hostile names as text, and the days they matched @sample', async ({ page }) => {
    await openFleet(page);
    await expect(page.getByTestId('nav-fleet')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('fleet-host-count')).toHaveText(String(HOSTS));
    await search(page, 'xyz-mutex-*');
    await expect(page.getByTestId('fleet-find-hosts')).toHaveText(String(malware().length));
    const shown = await page.getByTestId('fleet-match').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-host')));
    expect([...new Set(shown)].sort()).toEqual(malware());
    await expect(page.getByTestId('fleet-matches').getByText(HOSTILE)).toBeVisible();
    // Both capture rounds: all hosts captured each day; the mutex only in the second round.
    const days = await page.getByTestId('fleet-timeline-day').evaluateAll((g) => g.map((x) => [x.getAttribute('data-matched'), x.getAttribute('data-captured')]));
    expect(days).toEqual([
      ['0', String(HOSTS)],
      [String(malware().length), String(HOSTS)],
    ]);
    // A regex that RE2 refuses says why, in the page, and the view stays usable.
    await page.getByTestId('fleet-find-regex').check();
    await page.getByTestId('fleet-find-input').fill('(unclosed');
    await expect(page.getByTestId('fleet-find-error')).toContainText(/missing \)|parenthes/i);
    await page.getByTestId('fleet-find-input').fill('^xyz-mutex-[0-9a-f]{4}$');
    await expect(page.getByTestId('fleet-find-hosts')).toHaveText(String(malware().length));
  });

  test('Export CSV and JSON give the matches exactly, hostile host name included @sample', async ({ page }) => {
    await openFleet(page);
    await search(page, MALWARE_NAME);
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fleet-find-export-csv').click()]);
    const text = readFileSync((await csv.path())!, 'utf8');
    expect(text.split('\r\n')[0]).toBe('host,capturedAt,path,type');
    // A cell starting with `<` is not a formula: it stays as it is.
    expect(text).toContain(`${HOSTILE},`);
    const [json] = await Promise.all([page.waitForEvent('download'), page.getByTestId('fleet-find-export-json').click()]);
    const body = JSON.parse(readFileSync((await json.path())!, 'utf8')) as { hosts: number; matches: { host: string }[]; timeline: unknown[] };
    expect(body.hosts).toBe(malware().length);
    expect(body.matches.map((m) => m.host).sort()).toEqual(malware());
    expect(body.timeline).toHaveLength(2);
  });

  test('drift against a chosen baseline lists exactly the hosts the generator changed @sample', async ({ page }) => {
    await openFleet(page);
    const base = fleet[0]!.name;
    await page.getByTestId('fleet-baseline').selectOption(base);
    await expect(page.getByTestId('fleet-drift-table')).toBeVisible();
    const rows = page.getByTestId('fleet-drift-row');
    const want = fleet.slice(1).filter((h) => h.missing.length || h.extra.length || h.malware);
    expect(want.some((h) => h.missing.length > 0)).toBe(true);
    await expect(rows).toHaveCount(want.length);
    for (const h of want) {
      const row = page.locator(`[data-testid="fleet-drift-row"][data-host="${h.name.replaceAll('"', '\\"')}"]`);
      await expect(row.getByTestId('fleet-drift-missing')).toHaveText(String(h.missing.length));
      await expect(row.getByTestId('fleet-drift-extra')).toHaveText(String(h.extra.length + (h.malware ? 1 : 0)));
    }
  });

  test('zombies by host: one bar per host with zombies, most first, each with its top holder @sample', async ({ page }) => {
    await openFleet(page);
    const bars = page.getByTestId('fleet-zombie-bar');
    const want = [...fleet].filter((h) => h.zombies > 0).sort((a, b) => b.zombies - a.zombies || (a.name < b.name ? -1 : 1));
    await expect(bars).toHaveCount(Math.min(30, want.length));
    const shown = await bars.evaluateAll((b) => b.map((x) => [x.getAttribute('data-host'), Number(x.getAttribute('data-total'))]));
    expect(shown).toEqual(want.slice(0, 30).map((h) => [h.name, h.zombies]));
    await expect(bars.first()).toContainText(`held by ${want[0]!.topHolder!}`);
  });

  test('a click on a match opens that host\'s snapshot in the explorer at that path, and the Fleet tab leads back @sample', async ({ page }) => {
    await openFleet(page);
    await search(page, MALWARE_NAME);
    const host = malware().find((h) => h !== HOSTILE)!;
    await page.locator(`[data-testid="fleet-match"][data-host="${host}"]`).getByTestId('fleet-match-open').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'local');
    await expect(page.getByTestId('banner-snapshot')).toContainText(host);
    await expect.poll(() => new URL(page.url()).searchParams.get('path')).toBe('\\BaseNamedObjects');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(MALWARE_NAME);
    await expect(page.getByTestId('object-list').locator('[data-testid="object-row"][aria-selected="true"]')).toContainText(MALWARE_NAME);
    // Everything the explorer does works on it: its Properties show the Mutant.
    await expect(page.getByTestId('properties')).toContainText('Mutant');
    await page.getByTestId('nav-fleet').click();
    await expect(page.getByTestId('app')).toHaveAttribute('data-mode', 'agent');
    await expect(page.getByTestId('fleet-view')).toBeVisible();
  });

  test('axe finds nothing serious with every section filled; screenshots at 1024 and 1440 px @sample', async ({ page }) => {
    test.setTimeout(120_000);
    await openFleet(page);
    await search(page, 'xyz-mutex-*');
    await page.getByTestId('fleet-baseline').selectOption(fleet[0]!.name);
    await expect(page.getByTestId('fleet-drift-table')).toBeVisible();
    await expect(page.getByTestId('fleet-zombie-bar').first()).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);
    for (const width of [1024, 1440]) {
      await page.setViewportSize({ width, height: 900 });
      await page.screenshot({ path: join(CACHE, 'screens', `fleet-${width}.png`), fullPage: true });
    }
  });
});
