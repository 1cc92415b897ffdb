// The page object: every selector the suite and the tours use lives here, so a UI change is a
// one-file change. Regions are found by the UI's data-testids; readiness by its performance
// marks (objscope:tree-ready, objscope:rows-ready, objscope:find-ready).
import { expect, type Locator, type Page } from '@playwright/test';

export type View = 'explorer' | 'types' | 'memory' | 'zombies' | 'compare';

export function appUrl(base: string, loc: { path?: string; sel?: string; view?: View; snapshot?: string } = {}): string {
  // Same encoding as the UI's own links (URLSearchParams), so hostile names survive.
  const q = new URLSearchParams();
  if (loc.snapshot) q.set('snapshot', loc.snapshot);
  if (loc.path) q.set('path', loc.path);
  if (loc.sel) q.set('sel', loc.sel);
  if (loc.view && loc.view !== 'explorer') q.set('view', loc.view);
  const s = q.toString();
  return `${base}/${s ? `?${s}` : ''}`;
}

export class App {
  constructor(
    readonly page: Page,
    readonly base: string,
  ) {}

  // Regions.
  get tree(): Locator {
    return this.page.getByTestId('tree');
  }
  get list(): Locator {
    return this.page.getByTestId('object-list');
  }
  /** The scrollable grid that takes the list's keyboard input. */
  get grid(): Locator {
    return this.page.getByTestId('list-scroll');
  }
  get rows(): Locator {
    return this.list.getByTestId('object-row');
  }
  get pathBar(): Locator {
    return this.page.getByTestId('path-bar');
  }
  get pathInput(): Locator {
    return this.page.getByTestId('path-input');
  }
  get properties(): Locator {
    return this.page.getByTestId('properties');
  }
  get statusBar(): Locator {
    return this.page.getByTestId('status-bar');
  }
  get find(): Locator {
    return this.page.getByTestId('find');
  }
  get findInput(): Locator {
    return this.page.getByTestId('find-input');
  }
  get findResults(): Locator {
    return this.page.getByTestId('find-result');
  }
  get typesView(): Locator {
    return this.page.getByTestId('types-view');
  }
  get memoryCard(): Locator {
    return this.page.getByTestId('memory-card');
  }
  get zombies(): Locator {
    return this.page.getByTestId('zombies');
  }
  get compareView(): Locator {
    return this.page.getByTestId('compare');
  }
  get disconnectedBanner(): Locator {
    return this.page.getByTestId('banner-disconnected');
  }
  /** Error notices (a rejected snapshot, a failed action). */
  get errorNotice(): Locator {
    return this.page.getByTestId('banner-rejected');
  }

  /** The tree node of a directory, by its full NT path. */
  treeItem(path: string): Locator {
    return this.tree.locator(`[data-testid="tree-node"][data-path="${cssEscape(path)}"]`);
  }
  /** The list row whose object name is exactly `name` (rows carry the raw name in data-name). */
  row(name: string): Locator {
    return this.list.locator(`[data-testid="object-row"][data-name="${cssEscape(name)}"]`);
  }
  findHit(path: string): Locator {
    return this.page.locator(`[data-testid="find-result"][data-path="${cssEscape(path)}"]`);
  }

  async open(loc: { path?: string; sel?: string; view?: View } = {}): Promise<void> {
    await this.page.goto(appUrl(this.base, loc));
    await this.ready(loc.view ?? 'explorer');
  }

  /** The explorer is ready when the UI marks its tree interactive; other views when shown. */
  async ready(view: View = 'explorer'): Promise<void> {
    if (view === 'explorer') await this.waitMark('objscope:tree-ready');
    else await expect(this.viewRegion(view)).toBeVisible({ timeout: 30_000 });
  }

  viewRegion(view: Exclude<View, 'explorer'>): Locator {
    return { types: this.typesView, memory: this.memoryCard, zombies: this.zombies, compare: this.compareView }[view];
  }

  async waitMark(name: string, after = 0): Promise<void> {
    await this.page.waitForFunction(
      ([n, t]) => performance.getEntriesByName(n as string).some((e) => e.startTime >= (t as number)),
      [name, after] as const,
      { timeout: 30_000 },
    );
  }

  async now(): Promise<number> {
    return this.page.evaluate(() => performance.now());
  }

  /** The path the UI shows as current, read from the URL it keeps in sync. */
  async currentPath(): Promise<string> {
    return new URL(this.page.url()).searchParams.get('path') ?? '\\';
  }
  async currentSelection(): Promise<string | null> {
    return new URL(this.page.url()).searchParams.get('sel');
  }

  async expectPath(path: string): Promise<void> {
    await expect.poll(() => this.currentPath(), { message: `current path should be ${path}` }).toBe(path);
  }

  /** Exact names of the rendered rows, in screen order (data-name holds the raw name). */
  async rowNames(): Promise<string[]> {
    return this.rows.evaluateAll((els) =>
      els
        .map((el) => ({ top: el.getBoundingClientRect().top, name: el.getAttribute('data-name') ?? '' }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.name),
    );
  }

  /** Types a path into the path bar (Ctrl+L) and goes there. */
  async goTo(path: string): Promise<void> {
    await this.page.keyboard.press('Control+l');
    await expect(this.pathInput).toBeFocused();
    await this.pathInput.fill(path);
    await this.pathInput.press('Enter');
    await this.expectPath(path);
  }

  async showView(view: View): Promise<void> {
    await this.page.getByTestId(`nav-${view}`).click();
  }
}

/** Escapes a value for a CSS attribute selector in double quotes. */
export function cssEscape(v: string): string {
  // CSS cannot express U+0000 at all (it becomes U+FFFD), so such names are matched through
  // rowNames() instead of a selector.
  if (v.includes('\0')) throw new Error('a name with NUL cannot be selected by CSS; compare rowNames() instead');
  return v.replace(/[\\"]/g, (c) => `\\${c}`).replace(/[\n\r\t\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `);
}
