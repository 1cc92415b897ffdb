// CSV and JSON downloads of a holder list (pure text building, then one Blob download).
import type { ObjectHolder } from '@objscope/core';

/** RFC 4180 field: quoted when it holds a comma, quote or line break; a leading =+-@ is defused. */
export function csvField(v: string | number | null): string {
  let s = v === null ? '' : String(v);
  if (/^[=+\-@]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function holdersCsv(holders: readonly ObjectHolder[]): string {
  const rows = [['pid', 'image', 'handle', 'access', 'rights', 'attributes']];
  for (const h of holders) {
    rows.push([String(h.pid), h.image ?? '', `0x${h.handle.toString(16)}`, `0x${h.access.toString(16)}`, (h.rights ?? []).join(' | '), String(h.attributes)]);
  }
  return `${rows.map((r) => r.map(csvField).join(',')).join('\r\n')}\r\n`;
}

export function download(filename: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
