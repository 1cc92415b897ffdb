// The Fleet view's pure parts: exports, the hosts x matches grouping and the charts' geometry.
// Host names, paths and images come from snapshot files (hostile text): they go into exports
// as they are (csvTable neutralises formulas) and onto the screen as text.
import type { FleetDriftAnswer, FleetFindAnswer, FleetHistoryAnswer, FleetZombieAnswer } from '@objscope/core';
import { csvTable } from '../../lib/export';

/** One line of the hosts x matches table: the host cell is shown on its first match only. */
export interface MatchRow {
  host: string;
  capturedAt: string;
  path: string;
  type: string;
  /** The first of this host's matches (the row that shows the host and its count). */
  first: boolean;
  /** How many of the listed matches belong to this host. */
  hostMatches: number;
}

export function matchRows(matches: FleetFindAnswer['matches']): MatchRow[] {
  const perHost = new Map<string, number>();
  for (const m of matches) perHost.set(m.host, (perHost.get(m.host) ?? 0) + 1);
  return matches.map((m, i) => ({ ...m, first: i === 0 || matches[i - 1]!.host !== m.host, hostMatches: perHost.get(m.host) ?? 0 }));
}

const json = (v: unknown): string => `${JSON.stringify(v, null, 2)}\n`;

export function findCsv(a: FleetFindAnswer): string {
  return csvTable(['host', 'capturedAt', 'path', 'type'], a.matches.map((m) => [m.host, m.capturedAt, m.path, m.type]));
}

export function findJson(query: unknown, a: FleetFindAnswer, h: FleetHistoryAnswer | null): string {
  return json({ query, hosts: a.hosts, total: a.total, matches: a.matches, history: h?.hosts ?? null, timeline: h?.timeline ?? null });
}

export function driftCsv(d: FleetDriftAnswer): string {
  const rows: (string | number)[][] = [];
  for (const h of d.hosts) {
    for (const m of h.missingList) rows.push([h.host, h.capturedAt, 'missing', m.path, m.type]);
    for (const m of h.extraList) rows.push([h.host, h.capturedAt, 'extra', m.path, m.type]);
  }
  return csvTable(['host', 'capturedAt', 'side', 'path', 'type'], rows);
}

export function driftJson(d: FleetDriftAnswer): string {
  return json(d);
}

export function zombiesCsv(z: readonly FleetZombieAnswer[]): string {
  return csvTable(
    ['host', 'capturedAt', 'recorded', 'zombies', 'processes', 'threads', 'topHolder', 'topHolderCount'],
    z.map((h) => [h.host, h.capturedAt, h.recorded, h.total, h.processes, h.threads, h.topHolder, h.topHolderCount]),
  );
}

export function zombiesJson(z: readonly FleetZombieAnswer[]): string {
  return json({ hosts: z });
}

/** The parent directory and name of a full path, for opening the explorer with the object selected. */
export function splitPath(path: string): { dir: string; name: string | null } {
  const cut = path.lastIndexOf('\\');
  if (path === '\\' || cut < 0) return { dir: '\\', name: null };
  return { dir: cut === 0 ? '\\' : path.slice(0, cut), name: path.slice(cut + 1) };
}
