// Pure logic of the zombie panel: rows for both tabs, sorting, filtering, the by-holder
// grouping and the CSV/JSON exports. No React here, so it is unit-tested directly.
import { escapeNameForDisplay, hex, hex32, plural, zombiesHeld } from '@objscope/core';
import type { ZombieHolder, ZombieProcess, ZombieReport, ZombieThread } from '@objscope/core';
import { csvCell } from '../../lib/export';

export type ZombieTab = 'processes' | 'threads';
export type ZombieSortKey = 'id' | 'image' | 'exitCode' | 'exitTime' | 'owner' | 'holders';

/** One row of the "by zombie" table, the same shape for processes and threads. */
export interface ZombieRow {
  kind: ZombieTab;
  /** PID for a process, TID for a thread. */
  id: number;
  /** Owning process of a thread; the parent PID of a process (null when not recorded). */
  owner: number | null;
  ownerTrusted: boolean | null;
  image: string;
  imagePath: string | null;
  exitCode: number;
  createTime: string | null;
  exitTime: string | null;
  holders: ZombieHolder[];
  heldByKernel: boolean;
  source: ZombieProcess | ZombieThread;
}

function processRows(r: ZombieReport): ZombieRow[] {
  return r.processes.map((p) => ({
    kind: 'processes',
    id: p.pid,
    owner: p.parentPid,
    ownerTrusted: p.parentExists,
    image: p.imageName,
    imagePath: p.imagePath,
    exitCode: p.exitCode,
    createTime: p.createTime,
    exitTime: p.exitTime,
    holders: p.holders,
    heldByKernel: p.heldByKernel,
    source: p,
  }));
}

function threadRows(r: ZombieReport): ZombieRow[] {
  return r.threads.map((t) => ({
    kind: 'threads',
    id: t.tid,
    owner: t.pid,
    ownerTrusted: true,
    image: t.imageName ?? '',
    imagePath: null,
    exitCode: t.exitCode,
    createTime: t.createTime,
    exitTime: t.exitTime,
    holders: t.holders,
    heldByKernel: false,
    source: t,
  }));
}

export function rowsFor(r: ZombieReport | null | undefined, tab: ZombieTab): ZombieRow[] {
  if (!r) return [];
  return tab === 'processes' ? processRows(r) : threadRows(r);
}

/**
 * Case-insensitive substring on the image, the id, the owner and every holder (name and pid),
 * plus the exact exit code,
 * so "4321" finds both zombie 4321 and everything pid 4321 holds. `holderPid` narrows to one
 * holder (the by-holder view's drill-down).
 */
export function filterRows(rows: readonly ZombieRow[], text: string, holderPid: number | null = null): ZombieRow[] {
  const q = text.trim().toLowerCase();
  return rows.filter((r) => {
    if (holderPid !== null && !r.holders.some((h) => h.pid === holderPid)) return false;
    if (!q) return true;
    if (r.image.toLowerCase().includes(q)) return true;
    if (r.imagePath?.toLowerCase().includes(q)) return true;
    if (String(r.id).includes(q) || (r.owner !== null && String(r.owner).includes(q))) return true;
    // Exit codes match whole, in decimal or hex ("3221225477" or "0xc0000005"), not as substrings.
    if (q === String(r.exitCode) || q === `0x${r.exitCode.toString(16)}`) return true;
    return r.holders.some((h) => String(h.pid).includes(q) || (h.imageName ?? '').toLowerCase().includes(q));
  });
}

function compare(a: ZombieRow, b: ZombieRow, key: ZombieSortKey): number {
  switch (key) {
    case 'id':
      return a.id - b.id;
    case 'image':
      return a.image.localeCompare(b.image, 'en', { sensitivity: 'base' });
    case 'exitCode':
      return a.exitCode - b.exitCode;
    case 'exitTime':
      return (a.exitTime ?? '').localeCompare(b.exitTime ?? '');
    case 'owner':
      return (a.owner ?? -1) - (b.owner ?? -1);
    case 'holders':
      return a.holders.length - b.holders.length;
  }
}

/** Stable sort with the id as the tie-breaker, so equal rows never shuffle on refresh. */
export function sortRows(rows: readonly ZombieRow[], key: ZombieSortKey, desc: boolean): ZombieRow[] {
  const dir = desc ? -1 : 1;
  return [...rows].sort((a, b) => dir * (compare(a, b, key) || a.id - b.id));
}

export interface HolderGroup {
  pid: number;
  imageName: string | null;
  /** Zombies of the current tab this holder keeps alive (each counted once). */
  zombies: number;
  /** Handles it has open to them (one zombie may be held twice). */
  handles: number;
}

/** Every holder of the given rows, most zombies first: "X.exe (pid 4321) holds 314 zombie processes". */
export function holderGroups(rows: readonly ZombieRow[]): HolderGroup[] {
  const by = new Map<number, HolderGroup>();
  for (const r of rows) {
    const seen = new Set<number>();
    for (const h of r.holders) {
      let g = by.get(h.pid);
      if (!g) {
        g = { pid: h.pid, imageName: h.imageName, zombies: 0, handles: 0 };
        by.set(h.pid, g);
      }
      g.handles += 1;
      if (!seen.has(h.pid)) {
        seen.add(h.pid);
        g.zombies += 1;
      }
    }
  }
  return [...by.values()].sort((a, b) => b.zombies - a.zombies || a.pid - b.pid);
}

export { plural, zombiesHeld };

export function holderSentence(g: HolderGroup, tab: ZombieTab, imageText: string): string {
  return `${imageText} (pid ${g.pid}) holds ${zombiesHeld(tab === 'processes' ? { processes: g.zombies, threads: 0 } : { processes: 0, threads: g.zombies })}`;
}

export { hex as handleHex, hex32 as accessHex };

// CSV quoting and formula neutralising are shared with every other export (lib/export).
export { csvCell };

function holdersCell(holders: readonly ZombieHolder[]): string {
  return holders.map((h) => `${h.imageName ?? '?'} (pid ${h.pid}) handle ${hex(h.handle)} access ${hex32(h.grantedAccess)}`).join('; ');
}

export function toCsv(rows: readonly ZombieRow[], tab: ZombieTab): string {
  const head =
    tab === 'processes'
      ? ['pid', 'imageName', 'imagePath', 'exitCode', 'createTime', 'exitTime', 'parentPid', 'parentExists', 'heldByKernel', 'holderCount', 'holders']
      : ['tid', 'pid', 'imageName', 'exitCode', 'createTime', 'exitTime', 'holderCount', 'holders'];
  const lines = [head.join(',')];
  for (const r of rows) {
    const cells =
      tab === 'processes'
        ? [r.id, r.image, r.imagePath, r.exitCode, r.createTime, r.exitTime, r.owner, r.ownerTrusted, r.heldByKernel, r.holders.length, holdersCell(r.holders)]
        : [r.id, r.owner, r.image, r.exitCode, r.createTime, r.exitTime, r.holders.length, holdersCell(r.holders)];
    lines.push(cells.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The whole report as the CLI's `objscope zombies --json` prints it. */
export function toJson(report: ZombieReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** A DOS path for display: each component escaped like an object name, the `\` kept as is. */
export function displayDosPath(path: string): string {
  return path.split('\\').map(escapeNameForDisplay).join('\\');
}
