// `objscope fleet add|find|drift|zombies|sql STORE ...`: a folder of snapshots from many machines
// as one Parquet store, and the questions a security or operations team asks of it, answered
// by DuckDB (packages/fleet). DuckDB's native binding loads only when this command runs.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FleetDriftAnswer, FleetFindAnswer, FleetHistoryHost, FleetZombieAnswer } from '@objscope/core';
import type { AddProgress, Fleet } from '@objscope/fleet';
import { err, escapeForTerminal, out, printJson, progressLine, shown, table, usageError, type Column } from '../output';
import type { CliCommand } from './types';

const USAGE = `usage: objscope fleet <subcommand> STORE ...
  add STORE SNAPSHOT... [--host NAME] [--json]   snapshots into the Parquet store (created if missing)
  find STORE PATTERN [--type T] [--regex] [--history] [--at TIME] [--limit N] [--json]
                                                 hosts with an object whose name (or, with a \\, path) matches
                                                 a case-insensitive glob (* and ?), or an RE2 pattern with --regex
  drift STORE --baseline HOST [--host H] [--at TIME] [--limit N] [--json]
                                                 objects missing from or extra to each host against HOST
  zombies STORE [--at TIME] [--json]             hosts ranked by zombie count, with the top holder image
  sql STORE "SELECT ..." [--json]                any read-only SELECT (tables: ${'snapshots, objects, security_descriptors, handles, zombies, memory_conditions'})
The latest snapshot per host answers unless --at TIME picks the one current at TIME. See docs/fleet.md.`;

const SUBCOMMANDS = ['add', 'find', 'drift', 'zombies', 'sql'] as const;
type Sub = (typeof SUBCOMMANDS)[number];

const OPTIONS = {
  json: { type: 'boolean' },
  host: { type: 'string' },
  type: { type: 'string' },
  regex: { type: 'boolean' },
  history: { type: 'boolean' },
  at: { type: 'string' },
  limit: { type: 'string' },
  baseline: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Which options each subcommand takes: anything else is a usage error, not silently ignored. */
const ALLOWED: Record<Sub, ReadonlySet<string>> = {
  add: new Set(['host', 'json']),
  find: new Set(['type', 'regex', 'history', 'at', 'limit', 'json']),
  drift: new Set(['baseline', 'host', 'at', 'limit', 'json']),
  zombies: new Set(['at', 'json']),
  sql: new Set(['json']),
};

const show = (s: string | null): string => (s === null ? '-' : escapeForTerminal(s));

/** "120/1000 files, 45.2/s, about 19 s left": what a person watching an add wants to know. */
export function formatAddProgress(p: AddProgress, elapsedMs: number): string {
  const rate = elapsedMs > 0 ? (p.done * 1000) / elapsedMs : 0;
  const left = rate > 0 ? Math.ceil((p.total - p.done) / rate) : null;
  return `fleet add: ${p.done}/${p.total} files, ${rate.toFixed(1)}/s${left === null ? '' : `, about ${left} s left`}`;
}

function parseAt(v: string | undefined): Date | undefined | string {
  if (v === undefined) return undefined;
  const ms = Date.parse(v);
  return Number.isFinite(ms) ? new Date(ms) : `--at takes a date and time (ISO 8601, e.g. 2026-11-01T12:00:00Z), not ${JSON.stringify(v)}`;
}

function parseLimit(v: string | undefined): number | undefined | string {
  if (v === undefined) return undefined;
  return /^\d{1,6}$/.test(v) ? Number(v) : `--limit takes a whole number, not ${JSON.stringify(v)}`;
}

function findText(r: FleetFindAnswer): string {
  const cols: Column[] = ['Host', 'Captured', 'Type', 'Path'].map((header) => ({ header, maxWidth: header === 'Path' ? 100 : 40 }));
  const head = `${r.hosts} host${r.hosts === 1 ? '' : 's'}, ${r.total} match${r.total === 1 ? '' : 'es'}${r.total > r.matches.length ? ` (first ${r.matches.length} shown)` : ''}\n`;
  return r.matches.length ? head + table(cols, r.matches.map((m) => [show(m.host), m.capturedAt, show(m.type), shown(m.path)])) : head;
}

function historyText(h: FleetHistoryHost[]): string {
  const cols: Column[] = ['Host', 'First seen', 'Last seen', 'Snapshots', 'Now'].map((header) => ({ header, maxWidth: 40 }));
  return `${h.length} host${h.length === 1 ? '' : 's'} ever matched\n` + (h.length ? table(cols, h.map((x) => [show(x.host), x.firstSeen, x.lastSeen, String(x.snapshots), x.current ? 'yes' : 'gone'])) : '');
}

function driftText(d: FleetDriftAnswer): string {
  const lines = [`baseline ${show(d.baseline.host)} captured ${d.baseline.capturedAt}, ${d.baseline.objects} objects`];
  for (const h of d.hosts) {
    lines.push(`${show(h.host)} (${h.capturedAt}): ${h.missing} missing, ${h.extra} extra`);
    for (const m of h.missingList) lines.push(`  - ${show(m.type)} ${shown(m.path)}`);
    if (h.missing > h.missingList.length) lines.push(`  - ... ${h.missing - h.missingList.length} more missing`);
    for (const m of h.extraList) lines.push(`  + ${show(m.type)} ${shown(m.path)}`);
    if (h.extra > h.extraList.length) lines.push(`  + ... ${h.extra - h.extraList.length} more extra`);
  }
  return `${lines.join('\n')}\n`;
}

function zombiesText(z: FleetZombieAnswer[]): string {
  const cols: Column[] = ['Host', 'Zombies', 'Processes', 'Threads', 'Top holder', 'Captured'].map((header) => ({
    header,
    maxWidth: 40,
    align: header === 'Zombies' || header === 'Processes' || header === 'Threads' ? 'right' : 'left',
  }));
  return table(
    cols,
    z.map((h) => [
      show(h.host),
      h.recorded ? String(h.total) : 'not recorded',
      String(h.processes),
      String(h.threads),
      h.topHolder === null ? '-' : `${show(h.topHolder)} (${h.topHolderCount})`,
      h.capturedAt,
    ]),
  );
}

async function runFleet(argv: string[]): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '--help' || sub === '-h' || sub === 'help') {
    await out(`${USAGE}\n`);
    return sub === undefined ? 2 : 0;
  }
  if (!(SUBCOMMANDS as readonly string[]).includes(sub)) return usageError(`fleet: unknown subcommand ${JSON.stringify(sub)}\n${USAGE}`);
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usageError(`fleet ${sub}: ${(e as Error).message.split('\n')[0]}\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    await out(`${USAGE}\n`);
    return 0;
  }
  const s = sub as Sub;
  for (const k of Object.keys(values)) {
    if (k !== 'help' && !ALLOWED[s].has(k)) return usageError(`fleet ${s} does not take --${k}\n${USAGE}`);
  }
  const [store, ...args] = positionals;
  if (store === undefined) return usageError(`fleet ${s}: name the STORE directory\n${USAGE}`);
  const at = parseAt(values.at);
  if (typeof at === 'string') return usageError(at);
  const limit = parseLimit(values.limit);
  if (typeof limit === 'string') return usageError(limit);

  const fleetLib = await import('@objscope/fleet');
  if (s === 'add') return addToFleet(fleetLib, store, args, values);
  let fleet;
  try {
    fleet = await fleetLib.Fleet.open(store);
  } catch (e) {
    if (e instanceof fleetLib.FleetError) return usageError(`fleet ${s}: ${e.message}`);
    throw e;
  }
  try {
    return await askFleet(fleet, s, args, values, at, limit);
  } catch (e) {
    if (e instanceof fleetLib.FleetError) return usageError(`fleet ${s}: ${e.message}`);
    throw e;
  } finally {
    fleet.close();
  }
}

type FleetLib = typeof import('@objscope/fleet');
type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>['values'];

async function addToFleet(fleetLib: FleetLib, store: string, files: string[], values: Values): Promise<number> {
  if (files.length === 0) return usageError('fleet add: name at least one SNAPSHOT file');
  if (values.host !== undefined && files.length > 1) return usageError('fleet add: --host names the host of a single file; give one SNAPSHOT with it');
  const progress = progressLine();
  const started = Date.now();
  // The decode threads' bundle beside this one (build.mjs); a build without it decodes on this thread.
  const worker = fileURLToPath(new URL('./fleet-decode.mjs', import.meta.url));
  let report;
  try {
    report = await fleetLib.addSnapshots(store, files, { host: values.host, ...(existsSync(worker) ? { decodeWorker: worker } : {}), onProgress: (p) => progress.update(formatAddProgress(p, Date.now() - started)) });
  } catch (e) {
    if (e instanceof fleetLib.FleetError) return usageError(`fleet add: ${e.message}`);
    throw e;
  } finally {
    progress.done();
  }
  for (const k of report.skipped) await err(`objscope: skipped ${escapeForTerminal(k.file)}: ${escapeForTerminal(k.reason)}`);
  if (values.json) await printJson(report);
  else await out(`${report.added.length} added, ${report.unchanged.length} already in the store, ${report.skipped.length} skipped\n`);
  // Some files in and some refused is still a partial failure a script should notice.
  return report.skipped.length ? 1 : 0;
}

/** One of the read questions (find, drift, zombies, sql) asked of an open store and printed. */
async function askFleet(fleet: Fleet, s: Exclude<Sub, 'add'>, args: string[], values: Values, at: Date | undefined, limit: number | undefined): Promise<number> {
  if (s === 'find') {
    if (args.length !== 1) return usageError(`fleet find: give exactly one PATTERN\n${USAGE}`);
    const q = { pattern: args[0]!, regex: values.regex, type: values.type, at, limit };
    if (values.history) {
      const h = await fleet.findHistory(q);
      await (values.json ? printJson({ hosts: h.length, history: h }) : out(historyText(h)));
    } else {
      const r = await fleet.find(q);
      await (values.json ? printJson({ hosts: r.hosts, total: r.total, matches: r.matches }) : out(findText(r)));
    }
  } else if (s === 'drift') {
    if (values.baseline === undefined) return usageError(`fleet drift: --baseline HOST is required\n${USAGE}`);
    if (args.length) return usageError(`fleet drift: unexpected argument ${JSON.stringify(args[0])}`);
    const d = await fleet.drift({ baseline: values.baseline, host: values.host, at, limit });
    await (values.json ? printJson(d) : out(driftText(d)));
  } else if (s === 'zombies') {
    if (args.length) return usageError(`fleet zombies: unexpected argument ${JSON.stringify(args[0])}`);
    const z = await fleet.zombies({ at });
    await (values.json ? printJson({ hosts: z }) : out(zombiesText(z)));
  } else {
    if (args.length !== 1) return usageError('fleet sql: give the query as one argument (quote it)');
    const r = await fleet.sql(args[0]!);
    if (values.json) await printJson(r);
    else await out(table(r.columns.map((header) => ({ header: escapeForTerminal(header), maxWidth: 60 })), r.rows.map((row) => row.map((v) => (v === null ? 'NULL' : escapeForTerminal(typeof v === 'string' ? v : JSON.stringify(v)))))));
  }
  return 0;
}

export const command: CliCommand = {
  name: 'fleet',
  summary: 'many machines\' snapshots as one Parquet store: add, find, drift, zombies, sql (docs/fleet.md)',
  run: runFleet,
};
