// A layout that never breaks (issue 22, item 1). Whatever sequence of column and pane drags a user
// makes, with the mouse or the keyboard, at 1024x768 or 1440x900, and whatever was remembered from
// a wider window: no two panes overlap, nothing paints over the pane beside it, every column
// header can be reached, and "Reset layout" brings the defaults back.
import type { Page } from '@playwright/test';
import { test, expect } from '../support/fixtures';
import type { App } from '../support/app';
import { seededRandom } from '@objscope/core/testing';

// Several page loads, tabs and clipboard round trips per test on two shared cores: more than the
// suite's default 45 s is needed when the machine is busy (no assertion depends on time).
test.describe.configure({ timeout: 120_000 });

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

const SEPARATORS = ['split-tree', 'split-props', 'split-col-name', 'split-col-type'] as const;
const KEYS = ['ArrowLeft', 'ArrowRight', 'Shift+ArrowLeft', 'Shift+ArrowRight', 'Home', 'End'] as const;

function pick<T>(r: () => number, xs: readonly T[]): T {
  return xs[Math.floor(r() * xs.length)]!;
}

/** Drags or keys one separator; returns what it did, for the failure message. */
async function act(page: Page, r: () => number): Promise<string> {
  const id = pick(r, SEPARATORS);
  const sep = page.getByTestId(id);
  if (r() < 0.5) {
    await sep.scrollIntoViewIfNeeded();
    const box = await sep.boundingBox();
    if (!box) throw new Error(`${id} is not laid out`);
    const dx = Math.round((r() - 0.5) * 1000);
    const x = box.x + box.width / 2;
    const y = box.y + box.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x + dx, y, { steps: 3 });
    await page.mouse.up();
    return `drag ${id} by ${dx}px`;
  }
  const key = pick(r, KEYS);
  const times = 1 + Math.floor(r() * 4);
  await sep.focus();
  for (let i = 0; i < times; i++) await page.keyboard.press(key);
  return `${key} x${times} on ${id}`;
}

interface LayoutFaults {
  overlaps: string[];
  painted: string[];
  unreachable: string[];
  narrow: string[];
  pageWidth: number;
}

/**
 * Everything the invariant forbids, measured in the page: pane boxes that overlap or leave the
 * window, a pane below its minimum width, a point of the tree or the Properties pane covered by
 * something else (the list's headers once drew over Properties), and a column header that
 * cannot be scrolled into the list's view and clicked there.
 */
async function faults(page: Page): Promise<LayoutFaults> {
  return page.evaluate(() => {
    const box = (id: string) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      if (!el) throw new Error(`${id} missing`);
      return { el, r: el.getBoundingClientRect() };
    };
    const panes = [box('pane-tree'), box('object-list'), box('pane-props')];
    const names = ['tree', 'list', 'properties'];
    const overlaps: string[] = [];
    for (let i = 0; i < panes.length; i++) {
      const a = panes[i]!.r;
      if (a.left < 0 || a.right > window.innerWidth + 0.5) overlaps.push(`${names[i]} leaves the window (${a.left}..${a.right})`);
      for (let j = i + 1; j < panes.length; j++) {
        const b = panes[j]!.r;
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        if (w > 0.5) overlaps.push(`${names[i]} and ${names[j]} overlap by ${w}px`);
      }
    }
    const mins: [number, number][] = [
      [140, panes[0]!.r.width],
      [200, panes[1]!.r.width],
      [220, panes[2]!.r.width],
    ];
    const narrow = mins.flatMap(([min, w], i) => (w + 0.5 < min ? [`${names[i]} is ${w}px wide (minimum ${min})`] : []));
    // Sample each side pane along its top rows: what is drawn there must be the pane itself.
    const painted: string[] = [];
    for (const i of [0, 2]) {
      const { el, r } = panes[i]!;
      for (let x = r.left + 4; x < r.right - 4; x += 24) {
        for (const y of [r.top + 8, r.top + 40]) {
          const hit = document.elementFromPoint(x, y);
          if (hit && !el.contains(hit)) painted.push(`${names[i]} at (${Math.round(x)}, ${Math.round(y)}) shows ${hit.getAttribute('data-testid') ?? hit.tagName}`);
        }
      }
    }
    const scroller = box('list-scroll');
    const unreachable: string[] = [];
    for (const h of document.querySelectorAll<HTMLElement>('[data-testid="list-header"] [role="columnheader"]')) {
      h.scrollIntoView({ block: 'nearest', inline: 'nearest' });
      const hr = h.getBoundingClientRect();
      const sr = scroller.el.getBoundingClientRect();
      const left = Math.max(hr.left, sr.left);
      const right = Math.min(hr.right, sr.right);
      const label = h.textContent?.trim() ?? '?';
      if (right - left < Math.min(40, hr.width)) {
        unreachable.push(`${label}: ${Math.max(0, right - left)}px of it visible`);
        continue;
      }
      const hit = document.elementFromPoint((left + Math.min(right, left + 40)) / 2, hr.top + hr.height / 2);
      if (!hit || !h.contains(hit)) unreachable.push(`${label}: covered by ${hit?.getAttribute('data-testid') ?? hit?.tagName ?? 'nothing'}`);
    }
    scroller.el.scrollLeft = 0;
    return { overlaps, painted, unreachable, narrow, pageWidth: document.documentElement.scrollWidth };
  });
}

async function expectSound(page: Page, what: string): Promise<void> {
  const f = await faults(page);
  const width = page.viewportSize()!.width;
  expect({ ...f, pageWidth: f.pageWidth <= width }, what).toEqual({ overlaps: [], painted: [], unreachable: [], narrow: [], pageWidth: true });
}

async function separatorValues(page: Page): Promise<number[]> {
  return Promise.all(SEPARATORS.map(async (id) => Number(await page.getByTestId(id).getAttribute('aria-valuenow'))));
}

async function openAt(app: App, page: Page, size: (typeof SIZES)[number], path: string): Promise<void> {
  await page.setViewportSize(size);
  await app.open({ path });
  await expect(app.rows.first()).toBeVisible();
}

for (const size of SIZES) {
  test(`random column and pane drags at ${size.width}x${size.height} never make panes overlap or hide a column header @sample`, async ({ app, page, facts }) => {
    // Eighteen drags, each followed by the whole check, on two shared cores.
    test.setTimeout(120_000);
    await openAt(app, page, size, facts.dir.path);
    await expectSound(page, 'the default layout');
    expect(await app.grid.evaluate((el) => el.scrollWidth <= el.clientWidth), 'the default columns fit the list').toBe(true);
    for (const seed of [size.width, size.width + 1, size.width + 2]) {
      const r = seededRandom(seed);
      const done: string[] = [];
      for (let step = 0; step < 6; step++) {
        done.push(await act(page, r));
        await expectSound(page, `seed ${seed}: after ${done.join('; ')}`);
      }
    }
    // The same layout, remembered, at the other size: still sound after a reload there.
    const other = SIZES.find((s) => s !== size)!;
    await page.setViewportSize(other);
    await page.reload();
    await app.ready();
    await expect(app.rows.first()).toBeVisible();
    await expectSound(page, `the remembered layout reloaded at ${other.width}x${other.height}`);
  });
}

test('the worst layout (widest columns, widest side panes) scrolls the list sideways, and Reset layout brings back the defaults for good @sample', async ({ app, page, facts }) => {
  await openAt(app, page, SIZES[0], facts.dir.path);
  const defaults = await separatorValues(page);
  for (const id of SEPARATORS) {
    await page.getByTestId(id).focus();
    // End takes each separator to the far end of its range: the widest tree, columns and
    // Properties pane at once.
    await page.keyboard.press('End');
  }
  await expectSound(page, 'every separator at its end');
  const scroller = app.grid;
  // The columns are wider than the list: it scrolls sideways, and Target can be brought in.
  expect(await scroller.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
  await page.getByTestId('sort-target').scrollIntoViewIfNeeded();
  await page.getByTestId('sort-target').click();
  await expect(page.getByRole('columnheader', { name: /Target/ })).toHaveAttribute('aria-sort', 'ascending');
  expect(await separatorValues(page)).not.toEqual(defaults);

  await page.getByTestId('reset-layout').click();
  await expect.poll(() => separatorValues(page)).toEqual(defaults);
  expect(await scroller.evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
  await page.reload();
  await app.ready();
  await expect.poll(() => separatorValues(page)).toEqual(defaults);
});

test('Tab reaches the tree, the rows and Properties before any resize handle @sample', async ({ app, page, facts }) => {
  await openAt(app, page, SIZES[1], facts.dir.path);
  await page.getByTestId('tree-scroll').focus();
  const order: string[] = [];
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    order.push(await page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? document.activeElement?.getAttribute('aria-label') ?? ''));
  }
  const at = (id: string) => {
    const i = order.indexOf(id);
    expect(i, `${id} in the Tab order ${order.join(' → ')}`).toBeGreaterThanOrEqual(0);
    return i;
  };
  const firstHandle = Math.min(at('split-tree'), at('split-col-name'), at('split-col-type'), at('split-props'));
  expect(at('list-scroll')).toBeLessThan(firstHandle);
  expect(order.indexOf('Object details')).toBeLessThan(at('split-tree'));
  expect(order.indexOf('Object details')).toBeGreaterThanOrEqual(0);
});
