// The UI in daily use (issue 13): resizable panes and columns, exports everywhere, notices that
// do not pile up, the types chart and type-only Find, and what the UI remembers across reloads.
import { readFileSync } from 'node:fs';
import type { Download, Locator, Page } from '@playwright/test';
import { decodeSnapshot, type SnapshotNode } from '@objscope/core';
import { test, expect, readFacts } from '../support/fixtures';
import { FIXTURES, SAMPLE_SNAPSHOT } from '../support/paths';

/**
 * Named objects per type in the bundled sample's namespace: what Find can list (the type
 * statistics also count unnamed objects, which no name search reaches).
 */
function sampleNamedByType(): Map<string, number> {
  const d = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE_SNAPSHOT)));
  if (!d.ok) throw new Error(d.error);
  const out = new Map<string, number>();
  const visit = (n: SnapshotNode, root: boolean) => {
    if (!root) out.set(n.type, (out.get(n.type) ?? 0) + 1);
    for (const c of n.children ?? []) visit(c, false);
  };
  visit(d.snapshot.root, true);
  return out;
}

/** RFC 4180 parsing, independent of the UI's writer: quoted cells, doubled quotes, CRLF. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += c;
  }
  if (cell !== '' || row.length > 0) throw new Error('CSV does not end with CRLF');
  return rows;
}

async function downloaded(page: Page, button: Locator): Promise<{ name: string; text: string }> {
  const [d]: [Download, void] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const file = await d.path();
  return { name: d.suggestedFilename(), text: readFileSync(file, 'utf8') };
}

async function widthOf(l: Locator): Promise<number> {
  const box = await l.boundingBox();
  if (!box) throw new Error('not laid out');
  return box.width;
}

test.describe('resizable panes and columns', () => {
  test('at 1024 px the Properties pane leaves the list most of the room and types are not cut @sample @synthetic', async ({ app, page, facts }) => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await app.open({ path: facts.dir.path });
    await expect(app.rows.first()).toBeVisible();
    const props = await widthOf(app.properties);
    expect(props / 1024).toBeLessThanOrEqual(0.31);
    // Every visible Type cell shows its whole text (no "Direc…").
    const cut = await app.rows.evaluateAll((rows) =>
      rows
        .map((r) => r.querySelectorAll('[role="gridcell"]')[1] as HTMLElement)
        .filter((c) => c.scrollWidth > c.clientWidth)
        .map((c) => c.textContent),
    );
    expect(cut).toEqual([]);
    // Nothing widens the page (the status bar's warning line used to push it sideways)...
    await page.getByTestId('status-warnings').click();
    await expect(page.getByTestId('status-warning-list')).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await page.keyboard.press('Escape');
    // ...and a long path wraps after a backslash, never inside a name.
    await app.row(facts.dir.leaf).click();
    const path = app.properties.getByTestId('props-path');
    await expect(path.locator('wbr')).toHaveCount(facts.dir.path.split('\\').length);
    expect(await path.evaluate((el) => getComputedStyle(el).wordBreak)).not.toBe('break-all');
  });

  test('the splitters are ARIA separators that move with the keyboard and the mouse and are remembered @sample', async ({ app, page }) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await app.open();
    const split = page.getByRole('separator', { name: 'Resize the Properties pane' });
    await expect(split).toHaveAttribute('aria-orientation', 'vertical');
    await expect(split).toHaveAttribute('aria-valuemin', /\d+/);
    await expect(split).toHaveAttribute('aria-valuemax', /\d+/);
    const before = Number(await split.getAttribute('aria-valuenow'));
    const paneBefore = await widthOf(app.properties);
    await split.focus();
    // The pane is on the right: moving the splitter left makes it wider.
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await expect(split).toHaveAttribute('aria-valuenow', String(before + 32));
    expect(await widthOf(app.properties)).toBeCloseTo(paneBefore + 32, 0);

    const tree = page.getByRole('separator', { name: 'Resize the directory tree' });
    const treeBefore = Number(await tree.getAttribute('aria-valuenow'));
    const box = (await tree.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await expect(tree).toHaveAttribute('aria-valuenow', String(treeBefore + 60));

    const col = page.getByRole('separator', { name: 'Resize the Type column' });
    const colBefore = Number(await col.getAttribute('aria-valuenow'));
    await col.focus();
    await page.keyboard.press('Shift+ArrowRight');
    await expect(col).toHaveAttribute('aria-valuenow', String(colBefore + 64));

    await page.reload();
    await app.ready();
    await expect(page.getByRole('separator', { name: 'Resize the Properties pane' })).toHaveAttribute('aria-valuenow', String(before + 32));
    await expect(page.getByRole('separator', { name: 'Resize the directory tree' })).toHaveAttribute('aria-valuenow', String(treeBefore + 60));
    await expect(page.getByRole('separator', { name: 'Resize the Type column' })).toHaveAttribute('aria-valuenow', String(colBefore + 64));
  });

  test('the sort order survives a reload @sample @synthetic', async ({ app, page, facts }) => {
    await app.open({ path: facts.dir.path });
    await expect(app.rows.first()).toBeVisible();
    await page.getByTestId('sort-type').click();
    await page.getByTestId('sort-type').click();
    const header = page.getByRole('columnheader', { name: /Type/ });
    await expect(header).toHaveAttribute('aria-sort', 'descending');
    // The header flips at once; the rows follow when the sorted page arrives.
    const types = () => app.rows.evaluateAll((els) => els.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top).map((e) => e.getAttribute('data-type') ?? ''));
    await expect.poll(async () => { const t = await types(); return t.length > 1 && t.join('\n') === [...t].sort().reverse().join('\n') && t[0] !== t[t.length - 1]; }).toBe(true);
    const order = await app.rowNames();
    await page.reload();
    await app.ready();
    await expect(page.getByRole('columnheader', { name: /Type/ })).toHaveAttribute('aria-sort', 'descending');
    await expect.poll(() => app.rowNames()).toEqual(order);
  });
});

test.describe('export to CSV and JSON', () => {
  test('the listing exports every hostile name exactly, with formulas neutralised in CSV @synthetic', async ({ app, page, facts }) => {
    expect(facts.hostile, 'the synthetic snapshot has \\Hostile').not.toBeNull();
    const hostile = facts.hostile!;
    await app.open({ path: hostile.path });
    await expect(app.rows.first()).toBeVisible();
    const json = await downloaded(page, page.getByRole('button', { name: 'Export this listing as JSON' }));
    expect(json.name).toMatch(/\.json$/);
    const doc = JSON.parse(json.text) as { path: string; entries: { name: string; path: string }[] };
    expect(doc.path).toBe(hostile.path);
    expect(doc.entries.map((e) => e.name).sort()).toEqual([...hostile.names].sort());

    const csv = await downloaded(page, page.getByRole('button', { name: 'Export this listing as CSV' }));
    const [head, ...rows] = parseCsv(csv.text);
    expect(head).toEqual(['name', 'type', 'target', 'path', 'error']);
    const names = rows.map((r) => r[0]!);
    // A cell a spreadsheet would run as a formula starts with an apostrophe; all others are exact.
    const formulas = hostile.names.filter((n) => /^[=+\-@\t\r]/.test(n));
    expect(formulas.length, 'the fixture has formula-like names').toBeGreaterThan(0);
    for (const f of formulas) expect(names).toContain(`'${f}`);
    expect(csv.text.split('\r\n')[0]).toBe('name,type,target,path,error');
    // A CSV file is UTF-8 text, where a lone surrogate can only be U+FFFD; the JSON keeps it exact.
    const utf8 = (n: string) => Buffer.from(n, 'utf8').toString('utf8');
    expect(names.map((n) => (formulas.some((f) => utf8(f) === n.slice(1)) ? n.slice(1) : n)).sort()).toEqual(hostile.names.map(utf8).sort());
  });

  test('Find results, object types and a diff export too @sample', async ({ app, page, facts }) => {
    await app.open({ view: 'types' });
    const typesCsv = await downloaded(page, page.getByRole('button', { name: 'Export the object types as CSV' }));
    const [head, ...rows] = parseCsv(typesCsv.text);
    expect(head![0]).toBe('type');
    expect(rows.map((r) => r[0]).sort()).toEqual(facts.types.map((t) => t.name).sort());
    const typesJson = JSON.parse((await downloaded(page, page.getByRole('button', { name: 'Export the object types as JSON' }))).text) as { types: { name: string; objects: number }[] };
    expect(typesJson.types).toHaveLength(facts.types.length);

    const mutants = sampleNamedByType().get('Mutant') ?? 0;
    expect(mutants, 'the sample has named Mutants').toBeGreaterThan(0);
    await page.keyboard.press('Control+f');
    await app.find.getByTestId('find-type').selectOption('Mutant');
    await expect(app.find.getByTestId('find-total')).toContainText(`${mutants.toLocaleString('en-US')} match`);
    const hits = JSON.parse((await downloaded(page, app.find.getByRole('button', { name: 'Export the Find results as JSON' }))).text) as { hits: { type: string }[] };
    expect(hits.hits).toHaveLength(mutants);
    expect(hits.hits.every((h) => h.type === 'Mutant')).toBe(true);
    const hitsCsv = parseCsv((await downloaded(page, app.find.getByRole('button', { name: 'Export the Find results as CSV' }))).text);
    expect(hitsCsv.length - 1).toBe(mutants);
    await page.keyboard.press('Escape');

    const { compare } = readFacts();
    await app.showView('compare');
    await app.compareView.getByTestId('compare-a').setInputFiles(FIXTURES.before);
    await app.compareView.getByTestId('compare-b').setInputFiles(FIXTURES.after);
    const total = compare.added.length + compare.removed.length + compare.changed.length;
    await expect(app.compareView.getByTestId('diff-entry')).toHaveCount(total);
    const diff = parseCsv((await downloaded(page, page.getByRole('button', { name: 'Export the differences as CSV' }))).text);
    expect(diff[0]).toEqual(['change', 'path', 'typeBefore', 'targetBefore', 'typeAfter', 'targetAfter']);
    expect(diff.slice(1).filter((r) => r[0] === 'added').map((r) => r[1]).sort()).toEqual([...compare.added].sort());
    const dj = JSON.parse((await downloaded(page, page.getByRole('button', { name: 'Export the differences as JSON' }))).text) as { entries: unknown[] };
    expect(dj.entries).toHaveLength(total);
  });
});

test.describe('notices', () => {
  test('a new notice replaces the last, "Back to agent" clears them, and they dismiss themselves @sample', async ({ app, page }) => {
    await app.open();
    const input = page.getByTestId('snapshot-file-input');
    await input.setInputFiles(FIXTURES.corrupt);
    await expect(app.errorNotice).toHaveCount(1);
    await input.setInputFiles(FIXTURES.corrupt);
    await expect(app.errorNotice).toHaveCount(1);
    await input.setInputFiles(FIXTURES.before);
    const info = page.getByTestId('banner-info');
    await expect(info).toContainText('Opened before.objscope.gz');
    await expect(app.errorNotice).toHaveCount(0);
    await page.getByTestId('back-to-agent').click();
    await expect(page.getByTestId('banner-sample')).toBeVisible();
    await expect(info).toHaveCount(0);

    await input.setInputFiles(FIXTURES.before);
    await expect(info).toHaveCount(1);
    // Nobody touches it: it goes by itself (the assertion's timeout is longer than its life).
    await expect(info).toHaveCount(0, { timeout: 15_000 });
  });
});

test.describe('object types and Find by type', () => {
  test('the chart shows every bar on a labelled log scale @sample @synthetic', async ({ app, page, facts }) => {
    await app.open({ view: 'types' });
    await expect(page.getByTestId('types-chart-caption')).toContainText('logarithmic scale');
    const bars = await page.getByTestId('types-bar').evaluateAll((gs) => gs.map((g) => ({ name: g.getAttribute('data-name')!, w: Number(g.getAttribute('data-width')) })));
    const counted = bars.filter((b) => (facts.types.find((t) => t.name === b.name)?.objects ?? 0) > 0);
    expect(counted.length).toBeGreaterThan(1);
    const max = Math.max(...counted.map((b) => b.w));
    // No sliver: on a linear scale one object next to thousands is a pixel; here it is a bar.
    for (const b of counted) expect(b.w, b.name).toBeGreaterThanOrEqual(max / 20);
  });

  test('clicking a type lists its objects in Find, with no text needed @sample', async ({ app, page }) => {
    await app.open({ view: 'types' });
    const named = sampleNamedByType();
    const pick = [...named].filter(([t, n]) => t !== 'Directory' && n > 0 && n <= 2000).sort((a, b) => a[1] - b[1])[0]!;
    await page.getByRole('button', { name: `List the ${pick[0]} objects` }).click();
    await expect(app.find).toBeVisible();
    await expect(app.find.getByTestId('find-type')).toHaveValue(pick[0]);
    await expect(app.findInput).toHaveValue('');
    await expect(app.find.getByTestId('find-total')).toContainText(`${pick[1].toLocaleString('en-US')} match`);
    await expect(app.findResults.first()).toContainText(pick[0]);
  });

  test('Find remembers the last query across reloads @sample', async ({ app, page, facts }) => {
    await app.open();
    await page.keyboard.press('Control+f');
    await app.findInput.fill(facts.dir.leaf!);
    await app.find.getByTestId('find-type').selectOption('Event');
    await page.keyboard.press('Escape');
    await page.reload();
    await app.ready();
    await page.keyboard.press('Control+f');
    await expect(app.findInput).toHaveValue(facts.dir.leaf!);
    await expect(app.find.getByTestId('find-type')).toHaveValue('Event');
  });
});

test.describe('rough edges', () => {
  test('a directory without subdirectories has no expander; the root is called \\ @sample', async ({ app, page }) => {
    await app.open({ path: '\\KernelObjects' });
    const node = app.treeItem('\\KernelObjects');
    await expect(node).toBeVisible();
    await expect(node.getByTestId('tree-leaf')).toHaveCount(1);
    await expect(node.getByRole('button', { name: /Expand|Collapse/ })).toHaveCount(0);
    await expect(node).not.toHaveAttribute('aria-expanded', /.*/);
    // The root has subdirectories, so it keeps its expander.
    await expect(app.treeItem('\\').getByRole('button', { name: 'Collapse' })).toHaveCount(1);
    await app.treeItem('\\').click();
    await expect(app.properties.getByTestId('props-name')).toHaveText('\\');
    await expect(page.getByTestId('props-path')).toHaveText('\\');
  });

  test('KeyedEvent, IoCompletion and DebugObject have their own icons @sample', async ({ app }) => {
    await app.open({ view: 'types' });
    const generic = '#8a8f98';
    for (const t of ['KeyedEvent', 'IoCompletion', 'DebugObject']) {
      const row = app.typesView.locator(`[data-testid="type-row"][data-name="${t}"]`);
      // The sample's \ObjectTypes lists all three; the icon is drawn even for a type with no objects.
      await expect(row).toHaveCount(1);
      await expect(row.locator(`svg[data-type-icon="${t}"]`), t).not.toHaveAttribute('fill', generic);
    }
  });

  test('the banner reads as prose with a human time, and the status bar says each limitation once @sample', async ({ page, app }) => {
    await app.open();
    const banner = page.getByTestId('banner-sample');
    await expect(banner).toBeVisible();
    const text = (await banner.textContent()) ?? '';
    expect(text).not.toContain('`');
    expect(text).not.toMatch(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/);
    expect(text).toMatch(/\d{4}, \d{2}:\d{2}:\d{2} UTC/);

    const warn = page.getByTestId('status-warnings');
    await expect(warn).toBeVisible();
    await warn.click();
    const items = await page.getByTestId('status-warning-list').locator('li').allTextContents();
    expect(items.length).toBeGreaterThan(1);
    for (const topic of [/bulk directory/i, /NtGetNextProcess/i, /object addresses/i, /elevat/i]) {
      expect(items.filter((i) => topic.test(i)).length, String(topic)).toBeLessThanOrEqual(1);
    }
    // The bar itself is one short line.
    const bar = await warn.boundingBox();
    expect(bar!.height).toBeLessThan(24);
  });
});
