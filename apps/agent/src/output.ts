// Terminal output shared by the read commands. Windows Node under Wine writes to files, not
// pipes, and the process must not exit before stdout has drained, so every write is awaited.
import { escapeNameForDisplay } from '@objscope/core';

const CHUNK = 1 << 16;

function writeChunk(stream: NodeJS.WriteStream, s: string): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.write(s, (err) => (err ? reject(err) : resolve()));
  });
}

/** Writes all of `text` to stdout in chunks and resolves once it has been flushed. */
export async function out(text: string): Promise<void> {
  for (let i = 0; i < text.length; i += CHUNK) await writeChunk(process.stdout, text.slice(i, i + CHUNK));
}

export async function err(line: string): Promise<void> {
  await writeChunk(process.stderr, line.endsWith('\n') ? line : `${line}\n`);
}

/** One clear line on stderr, exit code 2 (bad usage, bad path, missing directory). */
export async function usageError(message: string): Promise<number> {
  await err(`objscope: ${message}`);
  return 2;
}

export async function printJson(value: unknown): Promise<void> {
  await out(`${JSON.stringify(value, null, 2)}\n`);
}

export const color = {
  enabled: (): boolean => Boolean(process.stdout.isTTY) && !process.env.NO_COLOR,
  wrap(code: string, s: string): string {
    return color.enabled() ? `\x1b[${code}m${s}\x1b[0m` : s;
  },
  dim: (s: string) => color.wrap('2', s),
  bold: (s: string) => color.wrap('1', s),
  blue: (s: string) => color.wrap('34', s),
  cyan: (s: string) => color.wrap('36', s),
  red: (s: string) => color.wrap('31', s),
  yellow: (s: string) => color.wrap('33', s),
  green: (s: string) => color.wrap('32', s),
};

/**
 * Any text from outside (a snapshot's host name, capture time, type names) for the terminal:
 * control characters (ESC, CR, LF, C1) made visible the way `ls` shows names, so a crafted
 * file cannot move the cursor, recolour or rewrite lines such as "listening on".
 */
export function escapeForTerminal(text: string): string {
  return escapeNameForDisplay(text);
}

/** A path or link target for the terminal: each component's control characters made visible,
 * the `\` separators left alone (a component never contains `\`). */
export function shown(path: string): string {
  return path.split('\\').map(escapeNameForDisplay).join('\\');
}

/** Display width in terminal columns, near enough for alignment (wide East Asian/emoji = 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x300 && cp < 0x370) continue;
    w += cp >= 0x1100 && (cp <= 0x115f || (cp >= 0x2e80 && cp <= 0xa4cf) || (cp >= 0xac00 && cp <= 0xd7a3) || (cp >= 0xf900 && cp <= 0xfaff) || (cp >= 0xfe30 && cp <= 0xfe4f) || (cp >= 0xff00 && cp <= 0xff60) || (cp >= 0xffe0 && cp <= 0xffe6) || cp >= 0x1f300) ? 2 : 1;
  }
  return w;
}

export interface Column {
  header: string;
  /** Applied after padding so escape codes do not break alignment. */
  paint?: (cell: string, row: number) => string;
  align?: 'left' | 'right';
  /** Longer cells are cut to this many columns with `…`: one 240-character object name must
   * not push every other row of the table off the screen. Human output only; --json is exact. */
  maxWidth?: number;
}

/** Cuts a display-escaped cell to `max` terminal columns, marking the cut with `…`. */
export function truncateToWidth(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return `${out}…`;
}

/** Aligned columns; the last column is not padded. Cells are already display-escaped. */
export function table(columns: Column[], fullRows: string[][]): string {
  const rows = fullRows.map((r) => r.map((cell, i) => {
    const max = columns[i]?.maxWidth;
    return max === undefined ? cell : truncateToWidth(cell, max);
  }));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[], header: boolean, row: number) =>
    cells
      .map((cell, i) => {
        const c = columns[i]!;
        const pad = ' '.repeat(Math.max(0, widths[i]! - displayWidth(cell)));
        const last = i === cells.length - 1;
        const padded = c.align === 'right' ? pad + cell : last ? cell : cell + pad;
        return header ? color.bold(padded) : c.paint ? c.paint(padded, row) : padded;
      })
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header), true, -1), ...rows.map((r, i) => line(r, false, i))].join('\n') + '\n';
}

/** A progress line on stderr for long walks, only when stderr is a terminal. */
export function progressLine(): { update(text: string): void; done(): void } {
  const tty = Boolean(process.stderr.isTTY);
  // Quick listings finish before the line would be readable: show it only for long walks.
  let last = Date.now() + 400;
  let shownAny = false;
  return {
    update(text: string) {
      if (!tty) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      shownAny = true;
      const cols = process.stderr.columns || 80;
      process.stderr.write(`\r\x1b[K${text.slice(0, cols - 1)}`);
    },
    done() {
      if (tty && shownAny) process.stderr.write('\r\x1b[K');
    },
  };
}
