// Room for Properties (issue 22, item 2), checked as an invariant in the style of layout.spec.ts:
// at 1024x768 and 1440x900, with the widest table the sample has in the side pane (the holders of
// a directory, whose access is named DIRECTORY_ALL_ACCESS), no element or text of Properties
// reaches past the pane's edge unless it sits inside a box made to scroll sideways (data-scroll-x)
// within the pane, no other box clips sideways, and a right's name is never broken across lines.
import type { Locator, Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/fixtures';

test.describe.configure({ timeout: 120_000 });

const SIZES = [
  { width: 1024, height: 768 },
  { width: 1440, height: 900 },
] as const;

/** Elements of Properties whose box leaves the pane without a sideways scroller to hold them. */
async function escapes(page: Page): Promise<string[]> {
  return page.getByTestId('properties').evaluate((pane) => {
    const edge = pane.getBoundingClientRect();
    const out: string[] = [];
    // A box meant to scroll sideways says so (data-scroll-x); any other box that scrolls or clips
    // sideways (the pane's own scrolling body included) hides what runs past its edge.
    for (const el of [pane, ...pane.querySelectorAll('*')]) {
      if (el.hasAttribute('data-scroll-x') || getComputedStyle(el).overflowX === 'visible') continue;
      if (el.scrollWidth > el.clientWidth + 0.5) out.push(`${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} clips sideways (${el.scrollWidth} > ${el.clientWidth})`);
    }
    const held = (el: Element): boolean => {
      for (let a: Element | null = el; a && a !== pane; a = a.parentElement) {
        if (a.hasAttribute('data-scroll-x')) {
          const r = a.getBoundingClientRect();
          return r.left >= edge.left - 0.5 && r.right <= edge.right + 0.5;
        }
      }
      return false;
    };
    const outside = (r: DOMRect): boolean => r.width > 0 && r.height > 0 && (r.right > edge.right + 0.5 || r.left < edge.left - 0.5);
    const where = (r: DOMRect): string => `${Math.round(r.left)}..${Math.round(r.right)} outside ${Math.round(edge.left)}..${Math.round(edge.right)}`;
    for (const el of pane.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (outside(r) && !held(el)) out.push(`${el.tagName.toLowerCase()}${el.getAttribute('data-testid') ? `[${el.getAttribute('data-testid')}]` : ''} ${where(r)}`);
    }
    // Text can overflow a box that itself fits (a long right in a narrow cell): measure the text.
    const texts = document.createTreeWalker(pane, NodeFilter.SHOW_TEXT);
    for (let t = texts.nextNode(); t; t = texts.nextNode()) {
      const range = document.createRange();
      range.selectNodeContents(t);
      const r = range.getBoundingClientRect();
      if (outside(r) && !held(t.parentElement!)) out.push(`text "${(t.textContent ?? '').trim().slice(0, 40)}" ${where(r)}`);
    }
    return out;
  });
}

async function fitsInside(inner: Locator, outer: Locator): Promise<boolean> {
  const [a, b] = [await inner.boundingBox(), await outer.boundingBox()];
  return a !== null && b !== null && a.x >= b.x - 0.5 && a.x + a.width <= b.x + b.width + 0.5;
}

for (const size of SIZES) {
  test(`at ${size.width}x${size.height} the Handles table stays inside Properties and DIRECTORY_ALL_ACCESS is not broken @sample`, async ({ app, page }) => {
    await page.setViewportSize(size);
    await app.open({ path: '\\BaseNamedObjects', sel: 'objscope-sample' });
    const section = app.properties.getByTestId('props-handles-section');
    const access = section.getByTestId('holder-access').first();
    await expect(access).toContainText('DIRECTORY_ALL_ACCESS');
    expect(await escapes(page)).toEqual([]);
    // Access is shown whole, not in a column that scrolls out of sight (issue 22 item 2: at
    // 1024 px it was cut at the section's edge): no sideways box holds it, and it ends inside
    // the section.
    expect(await access.evaluate((cell) => cell.closest('[data-scroll-x]') === null)).toBe(true);
    expect(await fitsInside(access, section)).toBe(true);
    // The name lies on one line: a range over it has a single box (two if it broke inside).
    const lines = await access.evaluate((cell) => {
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let t = walker.nextNode(); t; t = walker.nextNode()) {
        const at = (t.textContent ?? '').indexOf('DIRECTORY_ALL_ACCESS');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(t, at);
        range.setEnd(t, at + 'DIRECTORY_ALL_ACCESS'.length);
        return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
      }
      return 0;
    });
    expect(lines).toBe(1);
    // The holders grid (its Access under each holder in a narrow pane) keeps axe's table and
    // scrolling rules at nothing serious or critical.
    const axe = await new AxeBuilder({ page }).include('[data-testid="properties"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await section.scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`properties-handles-${size.width}.png`) });
  });
}

test('in the Properties dialog at 1024x768 the holders have room for Access beside them, one line each @sample', async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await page.goto(`${app.base}/?path=${encodeURIComponent('\\BaseNamedObjects')}&sel=objscope-sample&props=1`);
  const dialog = page.getByTestId('props-dialog');
  const holder = dialog.getByTestId('holder').first();
  await expect(holder.getByTestId('holder-access')).toContainText('DIRECTORY_ALL_ACCESS');
  // The fourth column, on the holder's own line: its top is the PID's top.
  const tops = await holder.evaluate((row) => [...row.children].map((c) => Math.round(c.getBoundingClientRect().top)));
  expect(new Set(tops).size).toBe(1);
  expect(await fitsInside(holder.getByTestId('holder-access'), dialog)).toBe(true);
  await page.screenshot({ path: test.info().outputPath('properties-dialog-handles-1024.png') });
});
