// Find › access: the filter "accessible to PRINCIPAL with RIGHTS" and the weak-security view, on
// the bundled sample, on a shared snapshot and live under Wine. Expectations come from core's
// engine run here on the same snapshot file (findAccessible, findWeakSecurity); a row opens the
// object in the explorer with its Properties (whose Access section says why); a malformed SID,
// an unknown right or a principal needing a token nobody recorded is an inline message.
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { decodeSnapshot, findAccessible, findWeakSecurity, parentNtPath, parsePrincipal, parseRightsQuery, type Snapshot } from '@objscope/core';
import { test, expect } from '../support/fixtures';
import type { App } from '../support/app';
import { FIXTURES, SAMPLE_SNAPSHOT } from '../support/paths';

function served(source: string): Snapshot {
  const d = decodeSnapshot(new Uint8Array(readFileSync(source === 'share' ? FIXTURES.before : SAMPLE_SNAPSHOT)));
  if (!d.ok) throw new Error(d.error);
  return d.snapshot;
}

function engineFind(s: Snapshot, principal: string, rights: string) {
  const t = parsePrincipal(principal, null);
  const q = parseRightsQuery(rights);
  if (!t.ok || !q.ok) throw new Error('bad test input');
  const r = findAccessible(s, t.value, q.value);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

// Two screenshots per test on two shared cores: more than the default 45 s at times.
test.describe.configure({ timeout: 120_000 });

const count = (n: number) => n.toLocaleString('en-US');

async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).include('[data-testid="find"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.impact} ${v.id}: ${v.help} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

async function applyAccess(app: App, principal: string, rights: string): Promise<void> {
  await app.find.getByTestId('find-principal').fill(principal);
  await app.find.getByTestId('find-rights').fill(rights);
  const t0 = await app.now();
  await app.find.getByTestId('find-rights').press('Enter');
  await app.waitMark('objscope:find-ready', t0);
}

async function shoot(app: App, name: string): Promise<void> {
  for (const width of [1024, 1440]) {
    await app.page.setViewportSize({ width, height: 800 });
    await app.page.screenshot({ path: test.info().outputPath(`${name}-${width}.png`) });
  }
  await app.page.setViewportSize({ width: 1280, height: 720 });
}

test('the access filter lists what the engine finds for a principal, and a row opens the object with its Properties @sample @share', async ({ app, page, source }) => {
  const snap = served(source);
  const want = engineFind(snap, 'everyone', 'QUERY_STATE');
  const leaf = want.hits.find((h) => h.type !== 'Directory' && h.path !== '\\');
  expect(leaf, 'the snapshot has an object Everyone may query').toBeDefined();
  await app.open();
  await page.keyboard.press('Control+f');
  await applyAccess(app, 'everyone', 'QUERY_STATE');
  const summary = app.find.getByTestId('find-summary');
  await expect(summary.getByTestId('find-total')).toHaveText(`${count(want.hits.length)} object${want.hits.length === 1 ? '' : 's'} everyone gets QUERY_STATE to`);
  await expect(summary).toContainText(`${count(want.evaluations)} distinct descriptor`);
  await expect(app.findResults.first()).toHaveAttribute('data-path', want.hits[0]!.path);
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(app, 'find-access');

  // The name narrows the principal's objects like any name search; the row says what is granted.
  const name = leaf!.path.slice(leaf!.path.lastIndexOf('\\') + 1);
  const t0 = await app.now();
  await app.findInput.fill(name);
  await app.waitMark('objscope:find-ready', t0);
  const row = app.findHit(leaf!.path);
  await expect(row.getByTestId('find-result-why')).toHaveText(leaf!.rights.join(', '));
  await row.click();
  await app.expectPath(parentNtPath(leaf!.path));
  await expect.poll(() => app.currentSelection()).toBe(name);
  await expect(app.properties.getByTestId('props-access')).toBeVisible();
});

test('a malformed SID, an unknown right and an unknown level are said inline, the panel stays @sample @share', async ({ app, page }) => {
  await app.open();
  await page.keyboard.press('Control+f');
  const error = app.find.getByTestId('find-error');
  for (const [principal, rights, message] of [
    ['S-1-5-x', 'write', 'malformed SID "S-1-5-X"'],
    ['everyone', 'FLY', 'unknown right "FLY"'],
    ['S-1-1-0@sky', 'write', 'unknown integrity level "sky"'],
  ] as const) {
    await app.find.getByTestId('find-principal').fill(principal);
    await app.find.getByTestId('find-rights').fill(rights);
    await app.find.getByTestId('find-access-apply').click();
    await expect(error).toContainText(message);
    await expect(app.findInput).toBeVisible();
    await expect(app.findResults).toHaveCount(0);
  }
  // Clearing the filter returns Find to names.
  await app.find.getByTestId('find-access-clear').click();
  await expect(app.find.getByTestId('find-summary')).toHaveAttribute('data-kind', 'names');
});

// `low` derives from the capturing token: the shared `before` recorded none, the bundled sample
// records its own (meta.token).
test('a principal needing a token the snapshot did not record is said inline @share', async ({ app, page }) => {
  await app.open();
  await page.keyboard.press('Control+f');
  await app.find.getByTestId('find-principal').fill('low');
  await app.find.getByTestId('find-rights').fill('write');
  await app.find.getByTestId('find-access-apply').click();
  await expect(app.find.getByTestId('find-error')).toContainText('no token is known here');
  await expect(app.findResults).toHaveCount(0);
});

test('the token a snapshot recorded answers for low @sample', async ({ app, page }) => {
  expect(served('sample').meta.token, 'the sample records its capturing token').toBeTruthy();
  await app.open();
  await page.keyboard.press('Control+f');
  await app.find.getByTestId('find-principal').fill('low');
  await app.find.getByTestId('find-rights').fill('write');
  await app.find.getByTestId('find-access-apply').click();
  await expect(app.find.getByTestId('find-summary')).toHaveAttribute('data-kind', 'access');
  await expect(app.find.getByTestId('find-total')).toContainText('low gets write to');
  await expect(app.find.getByTestId('find-error')).toHaveCount(0);
});

test('the weak-security view lists what the engine judges weak, with why, and a row opens its Properties @sample @share', async ({ app, page, source }) => {
  const snap = served(source);
  const want = findWeakSecurity(snap);
  expect(want.hits.length, 'the snapshot has weakly secured objects').toBeGreaterThan(0);
  await app.open();
  await page.keyboard.press('Control+f');
  await app.findInput.fill('');
  const t0 = await app.now();
  await app.find.getByTestId('find-view-weak').click();
  await app.waitMark('objscope:find-ready', t0);
  await expect(app.find.getByTestId('find-total')).toHaveText(`${count(want.hits.length)} weakly secured object${want.hits.length === 1 ? '' : 's'}`);
  const first = app.findResults.first();
  await expect(first).toHaveAttribute('data-path', want.hits[0]!.path);
  await expect(first.getByTestId('find-result-why')).toHaveText(want.hits[0]!.reasons.join('; '));
  expect(await seriousViolations(page)).toEqual([]);
  await shoot(app, 'find-weak');

  // A directory is picked like any object: selected in its parent, its Properties open.
  const leaf = want.hits.find((h) => h.path !== '\\')!;
  const name = leaf.path.slice(leaf.path.lastIndexOf('\\') + 1);
  const t1 = await app.now();
  await app.findInput.fill(name);
  await app.waitMark('objscope:find-ready', t1);
  await app.findHit(leaf.path).click();
  await app.expectPath(parentNtPath(leaf.path));
  await expect.poll(() => app.currentSelection()).toBe(name);
  await expect(app.properties.getByTestId('props-access')).toBeVisible();
});

test('live under Wine: DACLs set on two events give the filter and the weak view their answers, for the live current user too @wine', async ({ app, page, wine }) => {
  const root = wine!.objects.root;
  // Beside the helper's root, not in it: the explorer spec lists the root's entries exactly.
  const tight = `${root}-access-e2e-tight`;
  const loose = `${root}-access-e2e-loose`;
  for (const [path, mask] of [
    [tight, '100001'],
    [loose, '1f0003'],
  ] as const) {
    expect(await wine!.objects.create('Event', path)).toBe('ok');
    expect(await wine!.objects.command(`dacl ${JSON.stringify(path)} ${mask}`)).toBe('ok');
  }
  const paths = async () => (await app.findResults.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-path')))).sort();

  await app.open();
  await page.keyboard.press('Control+f');
  await app.findInput.fill('access-e2e-');
  await applyAccess(app, 'everyone', 'QUERY_STATE');
  await expect.poll(paths).toEqual([loose, tight]);
  await applyAccess(app, 'everyone', 'MODIFY_STATE');
  await expect.poll(paths).toEqual([loose]);
  // The live token: the helper runs as this user, who owns both events (owner's WRITE_DAC).
  await applyAccess(app, 'current', 'WRITE_DAC');
  await expect.poll(paths).toEqual([loose, tight]);
  expect(await seriousViolations(page)).toEqual([]);

  const t0 = await app.now();
  await app.find.getByTestId('find-view-weak').click();
  await app.waitMark('objscope:find-ready', t0);
  await expect.poll(paths).toEqual([loose]);
  await expect(app.findHit(loose).getByTestId('find-result-why')).toContainText('write for Everyone');
  await shoot(app, 'find-weak-wine');
  await app.findHit(loose).click();
  await app.expectPath(parentNtPath(root));
  await expect.poll(() => app.currentSelection()).toBe(loose.slice(parentNtPath(root).length + 1));
  await expect(app.properties.getByTestId('props-access')).toBeVisible();
});
