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

// Case-insensitive name matching as the object manager does it with OBJ_CASE_INSENSITIVE:
// RtlUpcaseUnicodeChar maps each UTF-16 code unit through a one-to-one upcase table (one unit in,
// one unit out; no locale, no expansions such as ß -> SS, surrogates untouched). The table is
// the Unicode simple uppercase mapping, so it is built here from String#toUpperCase of single
// units, keeping a unit whose uppercase is not a single unit. (Microsoft docs,
// RtlUpcaseUnicodeChar; Wine dlls/ntdll/rtlstr.c RtlUpcaseUnicodeChar over the NLS casemap.)
let UPCASE: Uint16Array | null = null;

function upcaseTable(): Uint16Array {
  if (UPCASE) return UPCASE;
  const t = new Uint16Array(0x10000);
  for (let u = 0; u < 0x10000; u++) {
    if (u >= 0xd800 && u <= 0xdfff) {
      t[u] = u;
      continue;
    }
    const up = String.fromCharCode(u).toUpperCase();
    t[u] = up.length === 1 ? up.charCodeAt(0) : u;
  }
  UPCASE = t;
  return t;
}

/** A name upcased unit by unit the way RtlUpcaseUnicodeChar does (the key of a case-insensitive match). */
export function upcaseNtName(name: string): string {
  let ascii = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 0x7f) {
      ascii = false;
      break;
    }
  }
  if (ascii) return name.toUpperCase();
  const t = upcaseTable();
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(t[name.charCodeAt(i)]!);
  return out;
}

/** Whether two names are equal under OBJ_CASE_INSENSITIVE. */
export function ntNamesEqualIgnoringCase(a: string, b: string): boolean {
  return a.length === b.length && upcaseNtName(a) === upcaseNtName(b);
}

/**
 * A path in double quotes for messages: control characters and NUL made visible, backslashes
 * left alone (JSON.stringify would double every one of them: "\\Device").
 */
export function quoteNtPath(path: string, max = 100): string {
  let out = '';
  for (const ch of path) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || (cp >= 0x80 && cp < 0xa0)) out += cp === 0 ? '\\0' : `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (ch === '"') out += '\\"';
    else out += ch;
  }
  if (out.length > max) out = `${out.slice(0, max / 2)}…${out.slice(-max / 2)}`;
  return `"${out}"`;
}
