// Input schemas with the limits every procedure shares. Limits live here so the docs and the
// tests can point at one place.
import { MAX_NT_PATH_LENGTH, NAME_TEXT_MAX_LENGTH, parseNtPath } from '@objscope/core';
import { z } from 'zod';

export const LIST_DEFAULT_LIMIT = 500;
export const LIST_MAX_LIMIT = 5000;
export const SEARCH_DEFAULT_LIMIT = 500;
export const SEARCH_MAX_LIMIT = 5000;
export const SEARCH_MAX_TEXT = NAME_TEXT_MAX_LENGTH;
export const REGEX_MAX_LENGTH = 256;
export const FILTER_MAX_LENGTH = NAME_TEXT_MAX_LENGTH;
export const COMPLETE_MAX = 50;
export const DIFF_DEFAULT_LIMIT = 10_000;
export const DIFF_MAX_LIMIT = 100_000;
const WATCH_MIN_MS = 250;
const WATCH_MAX_MS = 60_000;
const TYPES_MAX = 64;
const TYPE_NAME_MAX = 256;
/** Calls in one HTTP batch. The page's batch link uses the same number (apps/web/src/lib/trpc.ts). */
export const MAX_BATCH_CALLS = 64;
/** JSON one HTTP response may carry, all calls of a batch together (a single call is always
 * answered: one export of a big snapshot can be larger). */
export const MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Open subscriptions (SSE streams) per client address, and in total. */
export const MAX_SUBSCRIPTIONS_PER_CLIENT = 16;
export const MAX_SUBSCRIPTIONS = 64;

/** An absolute NT path, valid per core's parseNtPath (leading `\`, no empty segment). */
export const ntPath = z
  .string()
  .max(MAX_NT_PATH_LENGTH, `a path is at most ${MAX_NT_PATH_LENGTH} characters`)
  .superRefine((p, ctx) => {
    const r = parseNtPath(p);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

/** A partial path for completion: absolute, the last component may be empty (`\Device\`). */
export const partialNtPath = z
  .string()
  .max(MAX_NT_PATH_LENGTH, `a path is at most ${MAX_NT_PATH_LENGTH} characters`)
  .superRefine((p, ctx) => {
    if (!p.startsWith('\\')) {
      ctx.addIssue({ code: 'custom', message: 'path must start with \\' });
      return;
    }
    const cut = p.lastIndexOf('\\');
    if (cut === 0) return;
    // `\\x` leaves `\` as the directory text: that is an empty first segment, not the root.
    const dir = p.slice(0, cut);
    const r = dir === '\\' ? { ok: false as const, message: 'path has an empty segment at position 1' } : parseNtPath(dir);
    if (!r.ok) ctx.addIssue({ code: 'custom', message: r.message });
  });

export const intervalMs = z.number().int().min(WATCH_MIN_MS).max(WATCH_MAX_MS);

export const typeList = z.array(z.string().min(1).max(TYPE_NAME_MAX)).max(TYPES_MAX);

/** namespace.list's `types`: a listing filter asks for a handful of types, never a catalogue. */
export const LIST_TYPES_MAX = 32;
export const listTypes = z.array(z.string().min(1).max(TYPE_NAME_MAX)).max(LIST_TYPES_MAX);

/**
 * Why a regex is refused before it ever runs, or null when it may run. The source still runs
 * it under a time budget; this check stops the classic catastrophic shapes up front, so one
 * request cannot pin a core: nested quantifiers `(a+)+`, quantified groups with alternation
 * `(a|aa)*`, backreferences, and lookbehind (which JS scans backwards over the whole input).
 */
export function regexProblem(pattern: string, caseSensitive: boolean): string | null {
  if (pattern.length > REGEX_MAX_LENGTH) return `a regex is at most ${REGEX_MAX_LENGTH} characters`;
  try {
    new RegExp(pattern, caseSensitive ? 'u' : 'iu');
  } catch (e) {
    return `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'backreferences are not allowed';
  if (/\(\?<[=!]/.test(pattern)) return 'lookbehind is not allowed';
  // Walk the pattern tracking, per open group, whether it holds a quantifier or alternation;
  // a group that does and is itself quantified is the exponential shape.
  const stack: { inner: boolean }[] = [];
  let groups = 0;
  let quantifiers = 0;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      // Skip a character class: quantifier characters inside it are literals.
      i++;
      if (pattern[i] === '^') i++;
      if (pattern[i] === ']') i++;
      while (i < pattern.length && pattern[i] !== ']') {
        if (pattern[i] === '\\') i++;
        i++;
      }
      continue;
    }
    if (c === '(') {
      groups++;
      stack.push({ inner: false });
      continue;
    }
    if (c === '|') {
      const top = stack[stack.length - 1];
      if (top) top.inner = true;
      continue;
    }
    if (c === ')') {
      const g = stack.pop();
      const next = pattern[i + 1];
      const quantified = next === '*' || next === '+' || next === '?' || next === '{';
      if (g?.inner && quantified && next !== '?') return 'nested quantifiers such as (a+)+ are not allowed';
      if (g?.inner) {
        const outer = stack[stack.length - 1];
        if (outer) outer.inner = true;
      }
      continue;
    }
    if (c === '*' || c === '+' || c === '{' || (c === '?' && pattern[i - 1] !== '(')) {
      quantifiers++;
      const top = stack[stack.length - 1];
      if (top && c !== '?') top.inner = true;
    }
  }
  if (groups > 20) return 'a regex may have at most 20 groups';
  if (quantifiers > 30) return 'a regex may have at most 30 quantifiers';
  return null;
}
