// Properties › Access on the bundled sample: what each principal may do to the object, as core's
// engine says on the recorded descriptor, with the deciding ACE; a principal added by hand is
// evaluated in place, and a malformed one gets an inline message while the rest of the pane
// stays. The sample records its capturing token (meta.token), so `current` is shown first and
// `low`, `restricted` and `appcontainer` answer from it; a snapshot without one (the synthetic
// `before`, shared or opened in the page) says inline that no token is known.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { SnapshotSource, accessCheck, decodeSnapshot, describeAccess, parentNtPath, parsePrincipal, type Snapshot } from '@objscope/core';
import type { Locator } from '@playwright/test';
import type { App } from '../support/app';
import { test, expect } from '../support/fixtures';
import { AGENT_BUNDLE, FIXTURES, ROOT, SAMPLE_SNAPSHOT } from '../support/paths';

function load(file: string): Snapshot {
  const decoded = decodeSnapshot(new Uint8Array(readFileSync(file)));
  if (!decoded.ok) throw new Error(decoded.error);
  return decoded.snapshot;
}

/** What the engine says about `path` in `file` for `principal`, as the pane should show it. */
async function expected(path: string, principal: string, file = SAMPLE_SNAPSHOT) {
  const snap = load(file);
  const d = await new SnapshotSource(snap).details(path);
  if (!d.ok || !d.value.security.ok || !d.value.typeInfo.ok) throw new Error(`${file} has no descriptor or type mapping for ${path}`);
  const p = parsePrincipal(principal, snap.meta.token ?? null);
  if (!p.ok) throw new Error(p.message);
  return describeAccess(accessCheck(d.value.security.value, d.value.typeInfo.value.genericMapping, p.value), p.value, d.value.type);
}

type Answer = Awaited<ReturnType<typeof expected>>;

async function expectAnswer(row: Locator, want: Answer) {
  await expect(row.getByTestId('access-granted')).toContainText(want.granted ? want.rights.join(', ') : 'no access');
  await expect(row.getByTestId('access-reason')).toHaveCount(want.decidedBy.length);
  for (const reason of want.decidedBy) await expect(row).toContainText(reason.rule);
}

/** Goes to `dir` in the page's current source and selects `name` there. */
async function select(app: App, dir: string, name: string) {
  await app.goTo(dir);
  await app.rows.filter({ hasText: name }).first().click();
  await expect(app.properties).toContainText(name);
}

/** An event under \KernelObjects of the synthetic `before` snapshot that has a descriptor. */
function beforeEvent(): { dir: string; name: string } {
  const ko = load(FIXTURES.before).root.children!.find((c) => c.name === 'KernelObjects')!;
  // A plain name, so the row can be picked by its text (hostile names are Find's and the list's tests).
  const ev = ko.children!.find((c) => c.type === 'Event' && /^\w+$/.test(c.name) && c.details?.security?.ok)!;
  return { dir: '\\KernelObjects', name: ev.name };
}

test('Properties shows what the current user, Everyone and a low-integrity user may do, and why @sample', async ({ app, page }) => {
  const path = '\\KernelObjects\\LowMemoryCondition';
  const current = await expected(path, 'current');
  const everyone = await expected(path, 'everyone');
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const access = app.properties.getByTestId('props-access');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('current');
  await expectAnswer(rows.nth(0), current);
  await expect(rows.nth(1)).toContainText('everyone');
  await expectAnswer(rows.nth(1), everyone);
  await expect(access.getByTestId('access-error')).toHaveCount(0);
  const axe = await new AxeBuilder({ page }).include('[data-testid="props-access"]').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: 800 });
    await access.screenshot({ path: test.info().outputPath(`access-section-${width}.png`) });
  }
});

test('low, restricted and appcontainer derive from the recorded token, as the CLI derives them @sample', async ({ app }) => {
  const path = '\\KernelObjects\\LowMemoryCondition';
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const access = app.properties.getByTestId('props-access');
  const add = access.getByTestId('access-add');
  const derived = ['low', 'restricted', 'appcontainer:internetClient'];
  for (const p of derived) {
    await add.fill(p);
    await add.press('Enter');
  }
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(3 + derived.length);
  for (const [i, p] of derived.entries()) {
    await expect(rows.nth(3 + i)).toContainText(p);
    await expectAnswer(rows.nth(3 + i), await expected(path, p));
  }
  await expect(access.getByTestId('access-error')).toHaveCount(0);
});

test('a snapshot without a recorded token says so inline for current, and current is not a default @share', async ({ app }) => {
  const { dir, name } = beforeEvent();
  await app.open({ path: dir, sel: name });
  const access = app.properties.getByTestId('props-access');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('everyone');
  await expectAnswer(rows.nth(0), await expected(`${dir}\\${name}`, 'everyone', FIXTURES.before));
  const add = access.getByTestId('access-add');
  await add.fill('current');
  await add.press('Enter');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(2).getByTestId('access-error')).toContainText('no token is known here');
  await expect(app.properties.getByTestId('props-sddl')).toBeVisible();
});

test('a snapshot opened in the page answers current from its own file, or says it has no token @sample', async ({ app, page }) => {
  const input = page.getByTestId('snapshot-file-input');
  // Without a token first, so the agent's answer (the same sample) cannot linger.
  await app.open();
  await input.setInputFiles(FIXTURES.before);
  await expect(page.getByTestId('banner-info')).toContainText('Opened before.objscope.gz');
  const { dir, name } = beforeEvent();
  await select(app, dir, name);
  const access = app.properties.getByTestId('props-access');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('everyone');

  await input.setInputFiles(SAMPLE_SNAPSHOT);
  await expect(page.getByTestId('banner-info')).toContainText('Opened sample.objscope.gz');
  await select(app, '\\KernelObjects', 'LowMemoryCondition');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('current');
  await expectAnswer(rows.nth(0), await expected('\\KernelObjects\\LowMemoryCondition', 'current'));
});

test('a principal added by hand is evaluated; a malformed SID and an unknown capability say why inline @sample', async ({ app }) => {
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const access = app.properties.getByTestId('props-access');
  const add = access.getByTestId('access-add');
  await add.fill('S-1-5-18,S-1-1-0@system');
  await add.press('Enter');
  await add.fill('S-1-5-x');
  await add.press('Enter');
  await add.fill('appcontainer:noSuchCapability');
  await add.press('Enter');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(6);
  const system = await expected('\\KernelObjects\\LowMemoryCondition', 'S-1-5-18,S-1-1-0@system');
  await expect(rows.nth(3).getByTestId('access-granted')).toContainText(system.granted ? system.rights.join(', ') : 'no access');
  await expect(rows.nth(4).getByTestId('access-error')).toContainText('malformed SID "S-1-5-X"');
  await expect(rows.nth(5).getByTestId('access-error')).toContainText('noSuchCapability');
  // The rest of the pane is still there.
  await expect(app.properties.getByTestId('props-sddl')).toBeVisible();
  await rows.nth(4).getByRole('button', { name: /Remove principal/ }).click();
  await expect(rows).toHaveCount(5);
  // Removing a default (current) works like any other.
  await rows.nth(0).getByRole('button', { name: 'Remove principal current' }).click();
  await expect(rows).toHaveCount(4);
  await expect(rows.nth(0)).toContainText('everyone');
});

test('live under Wine, current and low answer as `objscope access PATH --as current --as low --json` does @wine', async ({ app, wine }) => {
  const root = wine!.objects.root;
  // Beside the helper's root, not in it: the explorer spec lists the root's entries exactly.
  const path = `${root}-access-props-e2e`;
  expect(await wine!.objects.create('Event', path)).toBe('ok');
  // One ACE: Everyone gets QUERY_STATE | SYNCHRONIZE; the user owns the event (the helper runs as it).
  expect(await wine!.objects.command(`dacl ${JSON.stringify(path)} 100001`)).toBe('ok');
  const cli = spawnSync(process.execPath, [AGENT_BUNDLE, '--wine', 'access', path, '--as', 'current', '--as', 'low', '--json'], {
    cwd: ROOT,
    env: { ...process.env, ...wine!.env, OBJSCOPE_QUIET: '1', NO_COLOR: '1' },
    encoding: 'utf8',
    timeout: 170_000,
  });
  expect(cli.status, cli.stderr).toBe(0);
  const want = (JSON.parse(cli.stdout) as { principals: Answer[] }).principals;
  // The owner's READ_CONTROL and WRITE_DAC besides the ACE: the live token is what decides.
  expect(want[0]!.granted).toBe(0x160001);

  await app.open({ path: parentNtPath(root), sel: path.slice(parentNtPath(root).length + 1) });
  const access = app.properties.getByTestId('props-access');
  const rows = access.getByTestId('access-principal');
  await expect(rows).toHaveCount(3);
  await expect(rows.nth(0)).toContainText('current');
  await expectAnswer(rows.nth(0), want[0]!);
  const add = access.getByTestId('access-add');
  await add.fill('low');
  await add.press('Enter');
  await expect(rows).toHaveCount(4);
  await expectAnswer(rows.nth(3), want[1]!);
  await expect(access.getByTestId('access-error')).toHaveCount(0);
});
