// Display helpers. Object names are hostile input: they are escaped for display here and then
// rendered as React text nodes only.
import { escapeNameForDisplay, hex32 as coreHex32, likelyCauseOfRejection, formatStatus as coreFormatStatus, type StatusInfo, STATUS } from '@objscope/core';

const MAX_DISPLAY_NAME = 120;

/** Escaped, and shortened in the middle so both the start and the (often telling) end show. */
export function displayName(name: string, max = MAX_DISPLAY_NAME): { text: string; truncated: boolean; full: string } {
  // The root is the only object whose "name" is a backslash (no real name can hold one); it is
  // called \ as in WinObj, not shown escaped as a doubled backslash.
  if (name === '\\') return { text: '\\', truncated: false, full: '\\' };
  const full = escapeNameForDisplay(name);
  const chars = Array.from(full);
  if (chars.length <= max) return { text: full, truncated: false, full };
  const head = Math.ceil((max - 1) * 0.7);
  const tail = max - 1 - head;
  return { text: `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`, truncated: true, full };
}

/** Escapes each component of a path; the separators stay real backslashes. */
export function displayPath(path: string): string {
  if (path === '\\') return '\\';
  return '\\' + path.slice(1).split('\\').map(escapeNameForDisplay).join('\\');
}

export function formatStatus(s: StatusInfo | { status: number; name?: string }): string {
  return coreFormatStatus(s.status);
}

export { hex32 } from '@objscope/core';

export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' }) + ' UTC';
}

/** The viewer's local time with its zone ("24 Nov 2026, 06:18:43 CET"); formatTime gives UTC. */
export function formatLocalTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString('en-GB', { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', timeZoneName: 'short' });
}

/** Access-denied class failures, which the UI shows as a lock rather than as a generic error. */
export function isAccessDenied(status: number): boolean {
  const s = status >>> 0;
  return s === STATUS.ACCESS_DENIED || s === STATUS.PRIVILEGE_NOT_HELD;
}

/** The object is gone (deleted between the listing and the click). */
export function isVanished(status: number): boolean {
  const s = status >>> 0;
  return s === STATUS.OBJECT_NAME_NOT_FOUND || s === STATUS.OBJECT_PATH_NOT_FOUND || s === STATUS.OBJECT_PATH_INVALID;
}

const ISO_TIME = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z\b/g;

/**
 * A source label as the banner and status bar show it: the agent's plain text, character for
 * character (a snapshot's host name is part of it, whatever it holds), with ISO times written
 * as a person reads them.
 */
export function humanLabel(label: string): string {
  return label.replace(ISO_TIME, (iso) => formatTime(iso));
}

/**
 * "Could not open X. <the likely cause>" and then the loader's words as the details: a user reads
 * what to do about it first (#22 item 5). Errors that are not a loader's rejection stay as they are.
 */
export function fileRejectedMessage(what: string, error: string): string {
  if (!error.startsWith('snapshot rejected:')) return `Could not open ${what}: ${error}`;
  return `Could not open ${what}. ${likelyCauseOfRejection(error)}\nDetails: ${error}`;
}

/**
 * A failure's status and the source's message, naming the status once: the message often ends
 * with the same "STATUS_X (0x…)" already (#22 item 5), and then it is shown alone.
 */
export function statusWithDetail(f: { status: number; message?: string | null }): string {
  const named = formatStatus(f);
  const m = f.message?.trim();
  if (!m) return named;
  const u = f.status >>> 0;
  const name = coreFormatStatus(u).split(' ')[0]!;
  if (m.includes(coreHex32(u)) || (name.startsWith('STATUS_') && m.includes(name))) return m;
  return `${named} — ${m}`;
}
