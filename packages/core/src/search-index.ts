// Name search over a flattened tree, built once per snapshot.
//
// The index is the tree in preorder: every subtree is a contiguous id range (so `under` is two
// numbers), and all names are concatenated into one haystack separated by `\`, which no object
// name can contain. A substring query is then a native `indexOf` walk over the part of the
// haystack that covers the range, never a per-object JavaScript loop; a match can never span
// two names because the query holds no `\` (a query that does cannot match any name).
//
// Regex queries use re2js (RE2 semantics: linear time in the input, no backreferences or
// lookaround), so a catastrophic pattern like `(a+)+$` cannot backtrack exponentially. On top of
// that the pattern length is capped and the scan has a wall-clock budget; when it runs out the
// results so far come back marked truncated and `budgetExceeded`.
//
// Linear is not cheap: one RE2 test costs about (program size x name length) steps, ~20 ns each
// in re2js, so `[\s\S]{1000}` (1,002 instructions) against one 32,760-character name takes half
// a second. The budget therefore bounds the worst single test, not just the scan: a pattern
// whose program size times the longest name it would meet exceeds MAX_TEST_WORK is refused
// before it runs, and the clock is read after every MAX_WORK_BETWEEN_CHECKS steps of work (or
// 256 names), whichever comes first. At most MAX_CONCURRENT_REGEX_SCANS scans run at once; the
// others wait their turn without holding the event loop.
import { RE2JS } from 're2js';
import type { SnapshotNode } from './snapshot';
import type { SearchQuery, SearchResults } from './source';

const MAX_REGEX_LENGTH = 256;
export const DEFAULT_REGEX_BUDGET_MS = 1000;
/** Most (program size x name length) one test may cost: about 20 ms in re2js. */
const MAX_TEST_WORK = 1_000_000;
/** Work between two looks at the clock (about 10 ms). */
const MAX_WORK_BETWEEN_CHECKS = 500_000;
const MAX_CONCURRENT_REGEX_SCANS = 2;
/** The scan yields to the event loop this often so that an abort can arrive. */
const YIELD_EVERY_MS = 16;

export type SafeRegex =
  | { ok: true; test: (s: string) => boolean; programSize: number }
  | { ok: false; error: string };

/** Scans waiting for one of the MAX_CONCURRENT_REGEX_SCANS slots, in arrival order. */
const scanQueue: (() => void)[] = [];
let scansRunning = 0;

async function regexScanSlot(signal: AbortSignal | undefined): Promise<() => void> {
  if (scansRunning >= MAX_CONCURRENT_REGEX_SCANS) {
    const release = () => {
      const next = scanQueue.shift();
      if (next) setTimeout(next, 0);
      else scansRunning--;
    };
    await new Promise<void>((resolve, reject) => {
      let settled = false;
      const go = () => {
        signal?.removeEventListener('abort', gone);
        // The waiter left after the slot was handed over: pass it on.
        if (settled) return release();
        settled = true;
        resolve();
      };
      const gone = () => {
        if (settled) return;
        settled = true;
        const i = scanQueue.indexOf(go);
        if (i >= 0) scanQueue.splice(i, 1);
        reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
      };
      signal?.addEventListener('abort', gone, { once: true });
      scanQueue.push(go);
    });
  } else {
    scansRunning++;
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    // Hand the slot to the next waiter (on a later event-loop turn, so requests get in between),
    // or give it back.
    const next = scanQueue.shift();
    if (next) setTimeout(next, 0);
    else scansRunning--;
  };
}

/** Compiles a user-supplied pattern for linear-time matching; never throws. */
export function compileSafeRegex(pattern: string, caseSensitive = false): SafeRegex {
  if (typeof pattern !== 'string') return { ok: false, error: 'regex rejected: the pattern is not a string' };
  if (pattern.length > MAX_REGEX_LENGTH) {
    return { ok: false, error: `regex rejected: the pattern is ${pattern.length} characters; the limit is ${MAX_REGEX_LENGTH}` };
  }
  try {
    const re = RE2JS.compile(pattern, caseSensitive ? 0 : RE2JS.CASE_INSENSITIVE);
    return { ok: true, test: (s) => re.test(s), programSize: re.programSize() };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    return { ok: false, error: `regex rejected: ${msg.slice(0, 160)}` };
  }
}

/**
 * A literal every match of `pattern` must contain, or null when none can be proven simply. Used
 * to narrow a regex scan to names the haystack index finds; re2js still decides every match, so
 * this only has to be conservative (never claim a literal that a match could lack). Anything
 * unusual (flag groups, \Q…\E, POSIX classes, a top-level `|`) gives null.
 */
export function requiredLiteral(pattern: string, caseSensitive: boolean): string | null {
  if (pattern.includes('(?') || pattern.includes('\\Q') || pattern.includes('[:')) return null;
  const runs: string[] = [];
  let cur = '';
  const flush = () => {
    if (cur) runs.push(cur);
    cur = '';
  };
  let depth = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') {
      flush();
      i++;
      continue;
    }
    if (c === '[') {
      flush();
      // Skip the class; `]` right after `[` or `[^` is a literal member, not the end.
      let j = i + 1;
      if (pattern[j] === '^') j++;
      if (pattern[j] === ']') j++;
      for (; j < pattern.length && pattern[j] !== ']'; j++) if (pattern[j] === '\\') j++;
      i = j;
      continue;
    }
    if (c === '(') {
      flush();
      depth++;
      continue;
    }
    if (c === ')') {
      flush();
      depth--;
      continue;
    }
    if (depth !== 0) continue;
    if (c === '|') return null;
    if (c === '*' || c === '?' || c === '{') {
      // The previous character may be absent (or its count is not a simple "at least one").
      cur = cur.slice(0, -1);
      flush();
      if (c === '{') {
        while (i < pattern.length && pattern[i] !== '}') i++;
      }
      continue;
    }
    if (c === '+' || c === '.' || c === '^' || c === '$' || c === '}') {
      flush();
      continue;
    }
    cur += c;
  }
  if (depth !== 0) return null;
  flush();
  let best: string | null = null;
  for (const r of runs) {
    // Case-insensitive RE2 folds K (U+212A) to k and ſ (U+017F) to s, which toLowerCase does
    // not; a literal holding k/s or anything non-ASCII could miss such names, so skip it.
    if (!caseSensitive && /[^\x20-\x7e]|[ks]/i.test(r)) continue;
    if (!best || r.length > best.length) best = r;
  }
  return best;
}

export interface FlatTree {
  /** Nodes in preorder; id 0 is the root. */
  nodes: SnapshotNode[];
  parent: Int32Array;
  /** One past the last id of the node's subtree. */
  end: Int32Array;
}

export function flattenTree(root: SnapshotNode): FlatTree {
  const nodes: SnapshotNode[] = [];
  const parents: number[] = [];
  // Iterative preorder; children pushed in reverse so they pop in order.
  const stack: [SnapshotNode, number][] = [[root, -1]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    nodes.push(n);
    parents.push(p);
    const kids = n.children;
    if (kids) {
      const id = nodes.length - 1;
      for (let i = kids.length - 1; i >= 0; i--) stack.push([kids[i]!, id]);
    }
  }
  const count = nodes.length;
  const parent = Int32Array.from(parents);
  const end = new Int32Array(count);
  for (let i = 0; i < count; i++) end[i] = i + 1;
  // Children come after parents in preorder, so one backwards pass propagates subtree ends.
  for (let i = count - 1; i > 0; i--) {
    const p = parent[i]!;
    if (end[i]! > end[p]!) end[p] = end[i]!;
  }
  return { nodes, parent, end };
}

export interface IndexedSearch {
  ids: Int32Array;
  total: number;
  scanned: number;
  budgetExceeded: boolean;
}

export class NameIndex {
  private readonly flat: FlatTree;
  private readonly typeId: Uint16Array;
  private readonly typeIds = new Map<string, number>();
  private haystackLower: Haystack | null = null;
  private haystackExact: Haystack | null = null;

  constructor(flat: FlatTree) {
    this.flat = flat;
    const n = flat.nodes.length;
    this.typeId = new Uint16Array(n);
    for (let i = 0; i < n; i++) {
      const t = flat.nodes[i]!.type;
      let id = this.typeIds.get(t);
      if (id === undefined) {
        id = this.typeIds.size;
        this.typeIds.set(t, id);
      }
      this.typeId[i] = id;
    }
  }

  /** Builds the case-insensitive haystack now rather than on the first keystroke. */
  warm(): void {
    this.haystack(false);
  }

  private haystack(caseSensitive: boolean): Haystack {
    if (caseSensitive) return (this.haystackExact ??= buildHaystack(this.flat.nodes, false));
    return (this.haystackLower ??= buildHaystack(this.flat.nodes, true));
  }

  /**
   * Ids (preorder) of nodes in [from, to) whose name matches, up to `limit`, with the exact total.
   */
  async search(
    q: SearchQuery,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
    budgetMs: number,
  ): Promise<IndexedSearch | { error: string }> {
    const typeFilter = this.typeFilter(q.types);
    const hits = new Hits(Math.max(0, Math.floor(q.limit)), (id) => !typeFilter || typeFilter[this.typeId[id]!] === 1);
    const caseSensitive = q.caseSensitive === true;
    if (q.mode === 'regex') {
      const re = compileSafeRegex(q.text, caseSensitive);
      if (!re.ok) return { error: re.error };
      const candidates = this.regexCandidates(q.text, caseSensitive, hits, from, to, signal);
      const refusal = this.refuseCostlyTest(re.programSize, candidates, from, to);
      if (refusal) return { error: refusal };
      return this.scanRegex(re, candidates, hits, from, to, signal, budgetMs);
    }
    const text = caseSensitive ? q.text : q.text.toLowerCase();
    this.substringMatches(text, caseSensitive, q.mode === 'exact', from, to, signal, (id) => hits.accept(id));
    return hits.result(to - from, false);
  }

  /** One flag per type id, set for the types asked for; null when no type filter was asked. */
  private typeFilter(types: readonly string[] | undefined): Uint8Array | null {
    if (!types?.length) return null;
    const filter = new Uint8Array(this.typeIds.size);
    for (const t of types) {
      const id = this.typeIds.get(t);
      if (id !== undefined) filter[id] = 1;
    }
    return filter;
  }

  /**
   * Names holding a literal the pattern requires (and of a wanted type), found through the
   * haystack; null (every name is a candidate) when no such literal is known.
   */
  private regexCandidates(
    pattern: string,
    caseSensitive: boolean,
    hits: Hits,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
  ): number[] | null {
    const literal = requiredLiteral(pattern, caseSensitive);
    if (literal === null) return null;
    const list: number[] = [];
    this.substringMatches(caseSensitive ? literal : literal.toLowerCase(), caseSensitive, false, from, to, signal, (id) => {
      if (hits.wanted(id)) list.push(id);
    });
    return list;
  }

  /** The worst single test this scan could meet, refused now rather than run; null when bearable. */
  private refuseCostlyTest(programSize: number, candidates: number[] | null, from: number, to: number): string | null {
    const count = candidates ? candidates.length : to - from;
    let longest = 0;
    for (let k = 0; k < count; k++) {
      const len = this.flat.nodes[candidates ? candidates[k]! : from + k]!.name.length;
      if (len > longest) longest = len;
    }
    if (programSize * longest <= MAX_TEST_WORK) return null;
    return (
      `regex rejected: it compiles to ${programSize} instructions, and names here are up to ${longest} characters long; ` +
      `one test would cost ${programSize * longest} steps, more than the ${MAX_TEST_WORK} allowed (use shorter repetitions, or search under a directory)`
    );
  }

  /**
   * Tests each candidate with re2js inside one of the scan slots, reading the clock between
   * bounded amounts of work and yielding so that an abort can arrive.
   */
  private async scanRegex(
    re: { test: (s: string) => boolean; programSize: number },
    candidates: number[] | null,
    hits: Hits,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
    budgetMs: number,
  ): Promise<IndexedSearch> {
    const count = candidates ? candidates.length : to - from;
    const release = await regexScanSlot(signal);
    try {
      const started = Date.now();
      let lastYield = started;
      let budgetExceeded = false;
      let work = 0;
      let k = 0;
      for (; k < count; k++) {
        if (work >= MAX_WORK_BETWEEN_CHECKS || ((k & 255) === 0 && k > 0)) {
          work = 0;
          const now = Date.now();
          if (now - started > budgetMs) {
            budgetExceeded = true;
            break;
          }
          if (now - lastYield > YIELD_EVERY_MS) {
            await yieldToEventLoop();
            signal?.throwIfAborted();
            lastYield = Date.now();
          }
        }
        const id = candidates ? candidates[k]! : from + k;
        if (!candidates && !hits.wanted(id)) continue;
        const name = this.flat.nodes[id]!.name;
        work += re.programSize * name.length;
        if (re.test(name)) hits.accept(id);
      }
      const scanned = budgetExceeded ? (candidates ? (candidates[k] ?? to) - from : k) : to - from;
      return hits.result(scanned, budgetExceeded);
    } finally {
      release();
    }
  }

  /** Calls visit(id) once, in preorder, for each node in [from, to) whose name holds `text`. */
  private substringMatches(
    text: string,
    caseSensitive: boolean,
    exact: boolean,
    from: number,
    to: number,
    signal: AbortSignal | undefined,
    visit: (id: number) => void,
  ): void {
    // A name never holds `\`, so such a query matches nothing (and could otherwise span names).
    if (text.includes('\\') || from >= to) return;
    const hay = this.haystack(caseSensitive);
    const needle = exact ? `\\${text}\\` : text;
    const s = hay.text;
    const starts = hay.starts;
    // No match may start at or after the separator that precedes node `to`.
    const stop = starts[to]! - 1;
    let pos = exact ? starts[from]! - 1 : starts[from]!;
    let id = from;
    let steps = 0;
    while (id < to) {
      const at = s.indexOf(needle, pos);
      if (at < 0 || at >= stop) break;
      // The exact needle starts at the separator before the name.
      const inside = exact ? at + 1 : at;
      // Advance to the node whose name holds the match; matches only move forward.
      while (id + 1 < to && starts[id + 1]! <= inside) id++;
      visit(id);
      id++;
      if (id >= to) break;
      pos = exact ? starts[id]! - 1 : starts[id]!;
      if ((++steps & 4095) === 0 && signal?.aborted) signal.throwIfAborted();
    }
  }
}

/** The matches of one search: the first `limit` ids, and the exact count of all of them. */
class Hits {
  private readonly ids: number[] = [];
  private total = 0;
  private readonly limit: number;
  /** False for a node whose type the query filters out. */
  readonly wanted: (id: number) => boolean;

  constructor(limit: number, wanted: (id: number) => boolean) {
    this.limit = limit;
    this.wanted = wanted;
  }

  accept(id: number): void {
    if (!this.wanted(id)) return;
    this.total++;
    if (this.ids.length < this.limit) this.ids.push(id);
  }

  result(scanned: number, budgetExceeded: boolean): IndexedSearch {
    return { ids: Int32Array.from(this.ids), total: this.total, scanned, budgetExceeded };
  }
}

interface Haystack {
  text: string;
  /** Offset of each node's name in text; starts[n] = text.length for the end sentinel. */
  starts: Uint32Array;
}

function buildHaystack(nodes: SnapshotNode[], lower: boolean): Haystack {
  const n = nodes.length;
  const starts = new Uint32Array(n + 1);
  const parts: string[] = new Array(n);
  let at = 1;
  for (let i = 0; i < n; i++) {
    // Lower-casing can change a string's length (U+0130), so offsets come from the lowered names.
    const name = i === 0 ? '' : lower ? nodes[i]!.name.toLowerCase() : nodes[i]!.name;
    parts[i] = name;
    starts[i] = at;
    at += name.length + 1;
  }
  starts[n] = at;
  return { text: `\\${parts.join('\\')}\\`, starts };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export type { SearchResults };
