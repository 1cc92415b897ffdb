// One place for every CSV/JSON export in the UI (listing, Find, object types, diff, zombies).
// Names are hostile: CSV cells are RFC 4180 quoted and a cell a spreadsheet would run as a
// formula is neutralised; JSON keeps the exact names (JSON.stringify escapes what it must).
import type { DiffEntry, DirEntry, SearchHit, TypeStat } from '@objscope/core';

export type CsvValue = string | number | boolean | null;

/**
 * One CSV cell (RFC 4180 quoting). A cell that a spreadsheet would run as a formula (leading
 * = + - @, tab or CR; OWASP "CSV injection") gets a leading apostrophe; numbers stay numbers.
 */
export function csvCell(v: CsvValue): string {
  if (v === null) return '';
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replaceAll('"', '""')}"` : s;
}

/** A whole CSV document: a header line, one line per row, CRLF line ends (RFC 4180). */
export function csvTable(head: readonly string[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [head.map(csvCell).join(',')];
  for (const r of rows) lines.push(r.map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/** Saves text as a file through the browser's download (nothing leaves the page). */
export function download(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/**
 * A file name from a path or label: safe on every OS, never empty. Only the root is "root": a
 * path of nothing but unsafe characters (`\??`) keeps them percent-encoded instead of posing as
 * the root.
 */
export function fileStem(s: string): string {
  const t = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[_.]+|_+$/g, '');
  if (t) return t.slice(0, 80);
  const bare = s.replace(/^\\+/, '');
  return bare ? encodeURIComponent(bare).replace(/[^A-Za-z0-9%_-]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`).slice(0, 80) : 'root';
}

function joinPath(dir: string, name: string): string {
  return dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
}

// The exact path and name go out as they are: escaping for display is the screen's business,
// the file must round-trip.
export function listingCsv(dir: string, entries: readonly DirEntry[]): string {
  return csvTable(
    ['name', 'type', 'target', 'path', 'error'],
    entries.map((e) => [e.name, e.type, e.target, joinPath(dir, e.name), e.error ? e.error.name : null]),
  );
}

export function listingJson(dir: string, entries: readonly DirEntry[]): string {
  return jsonText({ path: dir, total: entries.length, entries: entries.map((e) => ({ ...e, path: joinPath(dir, e.name) })) });
}

export function hitsCsv(hits: readonly SearchHit[]): string {
  return csvTable(['path', 'name', 'type', 'target'], hits.map((h) => [h.path, h.name, h.type, h.target]));
}

export function hitsJson(query: unknown, total: number, truncated: boolean, hits: readonly SearchHit[]): string {
  return jsonText({ query, total, truncated, hits });
}

export function typesCsv(types: readonly TypeStat[]): string {
  return csvTable(
    ['type', 'index', 'objects', 'handles', 'peakObjects', 'peakHandles'],
    types.map((t) => [t.name, t.index, t.objects, t.handles, t.peakObjects, t.peakHandles]),
  );
}

export function typesJson(types: readonly TypeStat[]): string {
  return jsonText({ types });
}

export function diffCsv(entries: readonly DiffEntry[]): string {
  return csvTable(
    ['change', 'path', 'typeBefore', 'targetBefore', 'typeAfter', 'targetAfter'],
    entries.map((e) => [e.change, e.path, e.before?.type ?? null, e.before?.target ?? null, e.after?.type ?? null, e.after?.target ?? null]),
  );
}

export function diffJson(summary: { added: number; removed: number; changed: number; truncated: boolean }, entries: readonly DiffEntry[]): string {
  return jsonText({ ...summary, entries });
}
