// NT object paths: `\`-separated, absolute, components are counted UTF-16 strings that may hold
// anything but `\` (NUL, `/`, `..` included). So never split on `/` and never normalise `..`.

export const MAX_NT_PATH_LENGTH = 32767;

export type PathCheck = { ok: true; components: string[] } | { ok: false; message: string };

/** Validates an absolute NT path and returns its components (empty for the root `\`). */
export function parseNtPath(path: string): PathCheck {
  if (typeof path !== 'string' || path.length === 0) return { ok: false, message: 'path is empty' };
  if (path.length > MAX_NT_PATH_LENGTH) {
    return { ok: false, message: `path is ${path.length} characters; the limit is ${MAX_NT_PATH_LENGTH}` };
  }
  if (path[0] !== '\\') return { ok: false, message: `path must start with \\ (got ${JSON.stringify(path.slice(0, 40))})` };
  if (path === '\\') return { ok: true, components: [] };
  const components = path.slice(1).split('\\');
  const empty = components.findIndex((c) => c.length === 0);
  if (empty !== -1) {
    // A trailing `\` on a directory is a common typo; still an empty segment, still refused,
    // because NT would look for an object with an empty name.
    return { ok: false, message: `path has an empty segment at position ${empty + 1}` };
  }
  return { ok: true, components };
}

/** Joins a directory path and a child name (which never contains `\`). */
export function joinNtPath(dir: string, name: string): string {
  return dir === '\\' ? `\\${name}` : `${dir}\\${name}`;
}

/** Parent directory of a path; the root is its own parent. */
export function parentNtPath(path: string): string {
  const i = path.lastIndexOf('\\');
  return i <= 0 ? '\\' : path.slice(0, i);
}

/** Last component of a path (`\` for the root). */
export function baseNtName(path: string): string {
  if (path === '\\') return '\\';
  return path.slice(path.lastIndexOf('\\') + 1);
}

/** The ancestors of a path from the root down, the path itself included. */
export function ntPathAncestors(path: string): string[] {
  const out = ['\\'];
  if (path === '\\') return out;
  let acc = '';
  for (const c of path.slice(1).split('\\')) {
    acc += `\\${c}`;
    out.push(acc);
  }
  return out;
}

/** Makes control characters and NUL visible without losing information (for display only). */
export function escapeNameForDisplay(name: string): string {
  let out = '';
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) {
      out += cp === 0 ? '\\0' : `\\x${cp.toString(16).padStart(2, '0')}`;
    } else if (ch === '\\') {
      out += '\\\\';
    } else {
      out += ch;
    }
  }
  return out;
}
