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
  /** Error notices (a rejected snapshot): toast or banner, whichever the UI uses. */
  get errorNotice(): Locator {
    return this.page.locator('[data-testid="banner-rejected"], [data-testid="toast-error"]');
  }

  treeItem(name: string): Locator {
    return this.tree.getByRole('treeitem', { name, exact: true });
  }
  /** The list row whose object name is exactly `name` (rows carry it in data-name). */
  row(name: string): Locator {
    return this.rows.filter({ has: this.page.locator(`[data-name="${cssEscape(name)}"]`) }).or(
      this.rows.and(this.page.locator(`[data-name="${cssEscape(name)}"]`)),
    );
  }

  async open(loc: { path?: string; sel?: string; view?: View } = {}): Promise<void> {
    await this.page.goto(appUrl(this.base, loc));
    await this.ready();
  }

  /** Waits for the tree to be interactive (the UI's own mark), then for the list if shown. */
  async ready(): Promise<void> {
    await this.waitMark('objscope:tree-ready');
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

  /** Exact names of the rendered rows (from data-name, which holds the raw name). */
  async rowNames(): Promise<string[]> {
    return this.rows.evaluateAll((els) =>
      els.map((el) => (el.getAttribute('data-name') ?? el.querySelector('[data-name]')?.getAttribute('data-name') ?? '')),
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
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\a ').replace(/\0/g, '\\0 ');
}
