// The tour format: a small declarative script a presenter can write without knowing
// Playwright. `npm run demo -- <name>` plays e2e/tours/<name>.tour.ts (see e2e/README.md).

/** Where a step's action points: a data-testid, a list row by exact object name, or visible text. */
export type Target = string | { testid: string } | { row: string } | { text: string } | { treeItem: string };

type View = 'explorer' | 'types' | 'memory' | 'zombies' | 'compare';

/** The kind of source a tour plays on. */
export type Source = 'snapshot' | 'wine';

export type TourStep =
  /**
   * Open the app at an NT path (and optionally select an object in it). A list of paths means
   * the first one this source can list (`\\??` under Wine, `\\GLOBAL??` in a Windows snapshot);
   * `fallsBackOn` names the kind of source expected to lack the first, and a fall back on any
   * other kind fails the tour (a path gone missing must not pass unseen).
   */
  | { caption: string; goto: string | string[]; select?: string; fallsBackOn?: Source }
  /** Switch to another view (types, memory, zombies, compare, explorer). */
  | { caption: string; view: View }
  /** Move the cursor to the target and click it. */
  | { caption: string; click: Target; double?: boolean }
  /** Click into a field (by data-testid) and type text, one key at a time. */
  | { caption: string; type: [testid: string, text: string] }
  /** Choose an option (by value) in a drop-down (by data-testid). */
  | { caption: string; select: [testid: string, value: string] }
  /** Press a key or chord ("Enter", "Control+f"). */
  | { caption: string; press: string }
  /** Give the file input (by data-testid) one of the demo's snapshot files. */
  | { caption: string; upload: [testid: string, file: 'before' | 'after'] }
  /** Hold on the current screen (the caption stays up). */
  | { caption: string; wait: number };

export interface Tour {
  /** File name without `.tour.ts`; also the output folder under demo-output/. */
  name: string;
  title: string;
  /** One paragraph for the storyboard's header. */
  summary: string;
  /** Steps whose target only exists on one kind of source say so; others run on both. */
  only?: Source;
  steps: TourStep[];
}

/** Identity function that type-checks a tour file's default export. */
export function defineTour(t: Tour): Tour {
  return t;
}
