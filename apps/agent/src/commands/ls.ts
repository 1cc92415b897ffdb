// `objscope ls PATH [--recursive] [--json] [--snapshot FILE]`.
import type { DirEntry, ListedObject, ObjectSource, StatusInfo } from '@objscope/core';
import { compareNames, formatStatus, joinNtPath, parseNtPath, quoteNtPath } from '@objscope/core';
import { color, err, escapeForTerminal, out, progressLine, shown, table, usageError } from '../output';
import { NOT_FOUND_STATUSES, parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope ls PATH [--recursive] [--json] [--snapshot FILE]';

/** One `ls --json` element, with exactly the contract's keys in the contract's order. */
interface LsJsonEntry {
  path: string;
  name: string;
  type: string;
  target: string | null;
  error: StatusInfo | null;
}

function toJsonEntry(o: ListedObject): LsJsonEntry {
  return { path: o.path, name: o.name, type: o.type, target: o.target, error: o.error ? { status: o.error.status, name: o.error.name } : null };
}

/** WinObj's order (core's compareNames), the same the API and the UI list in. */
function byName(a: { name: string }, b: { name: string }): number {
  return compareNames(a.name, b.name);
}

/**
 * Lists `path` (and, recursively, every Directory under it) in pre-order: each entry, then its
 * subtree. A directory that cannot be listed keeps its own entry with `error` set.
 */
async function collect(
  source: ObjectSource,
  path: string,
  recursive: boolean,
  onDirectory?: (path: string, count: number) => void,
): Promise<{ ok: true; objects: ListedObject[] } | { ok: false; status: number; message: string }> {
  const top = await source.list(path);
  if (!top.ok) return { ok: false, status: top.status, message: top.message };
  const objects: ListedObject[] = [];
  const visit = async (dir: string, entries: DirEntry[]) => {
    onDirectory?.(dir, objects.length);
    for (const e of [...entries].sort(byName)) {
      const p = joinNtPath(dir, e.name);
      const listed: ListedObject = { ...e, path: p };
      objects.push(listed);
      if (!recursive || e.type !== 'Directory' || e.error) continue;
      const sub = await source.list(p);
      if (sub.ok) await visit(p, sub.value);
      else listed.error = { status: sub.status, name: sub.name };
    }
  };
  await visit(path, top.value);
  return { ok: true, objects };
}

function jsonArray(objects: ListedObject[]): string {
  if (objects.length === 0) return '[]\n';
  return `[\n${objects.map((o) => JSON.stringify(toJsonEntry(o))).join(',\n')}\n]\n`;
}

function detailCell(o: ListedObject): string {
  if (o.error) return `! ${formatStatus(o.error.status)}`;
  if (o.dynamic) return `(dynamic link${o.resolvesTo ? ` -> ${o.resolvesTo}` : ''})`;
  return o.target !== null ? `-> ${shown(o.target)}` : '';
}

function paintType(type: string, s: string): string {
  if (type === 'Directory') return color.blue(s);
  if (type === 'SymbolicLink') return color.cyan(s);
  return s;
}

async function runLs(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('ls', USAGE, argv, {
    recursive: { type: 'boolean', short: 'r' },
    json: { type: 'boolean' },
    snapshot: { type: 'string' },
  });
  if (typeof a === 'number') return a;
  if (a.positionals.length !== 1) return usageError(`ls: expected one PATH (usage: ${USAGE})`);
  const path = a.positionals[0]!;
  const check = parseNtPath(path);
  if (!check.ok) return usageError(`ls: ${check.message}`);
  const source = await sourceOrExit(a.values.snapshot);
  if (typeof source === 'number') return source;

  const progress = progressLine();
  const r = await collect(source, path, Boolean(a.values.recursive), (dir, n) => progress.update(`listing ${n} objects… ${shown(dir)}`));
  progress.done();
  if (!r.ok) {
    // The source's own sentence when it has one ("\X is an Event, not a directory").
    const why = r.message.includes(formatStatus(r.status)) ? r.message : formatStatus(r.status);
    const msg = `ls: cannot list ${quoteNtPath(path)}: ${why}`;
    if (NOT_FOUND_STATUSES.has(r.status)) return usageError(msg);
    await err(`objscope: ${msg}`);
    return 1;
  }
  if (a.values.json) {
    await out(jsonArray(r.objects));
    return 0;
  }
  const recursive = Boolean(a.values.recursive);
  const rows = r.objects.map((o) => [shown(recursive ? o.path : o.name), escapeForTerminal(o.type), detailCell(o)]);
  const types = r.objects.map((o) => o.type);
  const errors = r.objects.map((o) => o.error !== null);
  await out(
    table(
      [
        { header: recursive ? 'Path' : 'Name', maxWidth: recursive ? 120 : 64, paint: (s, i) => paintType(types[i]!, s) },
        { header: 'Type', paint: (s, i) => paintType(types[i]!, s) },
        { header: 'Target / details', paint: (s, i) => (errors[i] ? color.red(s) : color.dim(s)) },
      ],
      rows,
    ),
  );
  return 0;
}

export const command: CliCommand = { name: 'ls', summary: 'ls PATH [--recursive] [--json]: list an object directory', run: runLs };
