// `objscope handles PATH [--json] [--snapshot FILE]` and `objscope handles --pid N [--json]`:
// who holds a named object, and what a process holds (#14). Live on Windows (and under Wine with
// --wine), or from a snapshot captured with `snapshot --handles`. No hidden flags: the bench's
// timing loops live in bench/win/holders.ts, the Wine test's pause in its own test script.
import type { HoldersReport, NtResult, ObjectSource, ProcessHandlesReport } from '@objscope/core';
import { accessRightNames, formatStatus, handleAttributeNames, parseNtPath } from '@objscope/core';
import { out, printJson, shown, table, usageError } from '../output';
import { liveOrExit, parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope handles PATH [--json] [--snapshot FILE] | objscope handles --pid N [--json] [--snapshot FILE]';

const hex = (n: number) => `0x${n.toString(16)}`;

/** The JSON contract of `handles PATH --json` (docs/handles.md): exactly these fields. */
function holdersJson(r: HoldersReport): unknown {
  return {
    path: r.path,
    type: r.type,
    holders: r.holders.map((h) => ({ pid: h.pid, image: h.image, handle: h.handle, access: h.access, attributes: h.attributes })),
    unexamined: r.unexamined.map((u) => ({ pid: u.pid, status: u.status, name: u.name })),
  };
}

const accessText = (mask: number, type: string | null): string => accessRightNames(mask, type).join(' | ') || '0';

function formatHolders(r: HoldersReport): string {
  const access = accessText;
  const lines = [`${shown(r.path)} (${r.type}): ${r.holders.length} handle${r.holders.length === 1 ? '' : 's'} in ${new Set(r.holders.map((h) => h.pid)).size} process(es)`];
  lines.push(`found by ${r.method}; ${r.examined ?? r.candidates} of ${r.candidates} candidate handles examined of ${r.handlesInTable} in the table; ${r.scanMs} ms`);
  if (r.holders.length) {
    lines.push('');
    lines.push(
      table(
        [{ header: 'PID', align: 'right' }, { header: 'Image', maxWidth: 40 }, { header: 'Handle', align: 'right' }, { header: 'Access' }, { header: 'Attributes' }],
        r.holders.map((h) => [String(h.pid), h.image === null ? '?' : shown(h.image), hex(h.handle), `${hex(h.access)} ${access(h.access, r.type)}`, handleAttributeNames(h.attributes).join(', ')]),
      ).trimEnd(),
    );
  }
  if (r.unexamined.length) {
    lines.push('', 'Processes whose handles could not be examined');
    for (const u of r.unexamined) lines.push(`  ${u.name ? shown(u.name) : '?'} (pid ${u.pid}): ${formatStatus(u.status)}`);
  }
  return `${lines.join('\n')}\n`;
}

function formatProcessHandles(r: ProcessHandlesReport): string {
  const access = accessText;
  const head = `${r.image === null ? '?' : shown(r.image)} (pid ${r.pid})`;
  if (!r.handles.ok) return `${head}: cannot be examined: ${formatStatus(r.handles.error.status)}\n`;
  const lines = [`${head}: ${r.handles.value.length} handles to named objects (${r.handlesInTable} handles in all; ${r.fileHandlesSkipped} File handles not named)`];
  if (r.handles.value.length) {
    lines.push('');
    lines.push(
      table(
        [{ header: 'Handle', align: 'right' }, { header: 'Type' }, { header: 'Name' }, { header: 'Access' }],
        r.handles.value.map((h) => [hex(h.handle), h.type, shown(h.name), `${hex(h.access)} ${access(h.access, h.type)}`]),
      ).trimEnd(),
    );
  }
  return `${lines.join('\n')}\n`;
}

async function runHandles(argv: string[]): Promise<number> {
  const parsed = await parseCommandArgs('handles', USAGE, argv, {
    json: { type: 'boolean' },
    pid: { type: 'string' },
    snapshot: { type: 'string' },
  });
  if (typeof parsed === 'number') return parsed;
  const { values, positionals } = parsed;
  const json = values.json === true;
  const pidText = values.pid;
  if (pidText !== undefined && positionals.length) return usageError(`handles: give a PATH or --pid, not both (usage: ${USAGE})`);
  if (pidText === undefined && positionals.length !== 1) return usageError(`handles: one PATH expected (usage: ${USAGE})`);
  const snapshot = values.snapshot;
  const live = snapshot === undefined;
  if (live && process.platform !== 'win32') {
    return usageError('handles: live handle data needs Windows; run it under Wine with `objscope --wine handles ...`, or read a snapshot with --snapshot FILE');
  }

  if (pidText !== undefined) {
    const pid = Number(pidText);
    if (typeof pidText !== 'string' || !/^\d+$/.test(pidText) || !Number.isSafeInteger(pid) || pid > 0xffff_fffc) {
      return usageError(`handles: --pid takes a process id, not ${JSON.stringify(pidText)}`);
    }
    let r: NtResult<ProcessHandlesReport> | null;
    if (live) {
      const source = await liveOrExit();
      if (typeof source === 'number') return source;
      r = source.processHandlesHere(pid);
    } else {
      const source = await sourceOrExit(snapshot);
      if (typeof source === 'number') return source;
      r = source.processHandles ? await source.processHandles(pid) : null;
      if (r === null) return usageError(`handles: ${String(snapshot)} recorded no handles (capture it with snapshot --handles)`);
    }
    if (!r.ok) return usageError(`handles: pid ${pid}: ${r.message}`);
    if (json) await printJson(r.value);
    else await out(formatProcessHandles(r.value));
    return r.value.handles.ok ? 0 : 1;
  }

  const path = positionals[0]!;
  const p = parseNtPath(path);
  if (!p.ok) return usageError(`handles: ${JSON.stringify(path)}: ${p.message}`);
  let r: NtResult<HoldersReport> | null;
  if (live) {
    const source = await liveOrExit();
    if (typeof source === 'number') return source;
    const type = source.typeHere(path);
    if (!type.ok) return usageError(`handles: ${shown(path)}: ${type.message}`);
    r = source.holdersHere(path, type.value);
  } else {
    const source: ObjectSource | number = await sourceOrExit(snapshot);
    if (typeof source === 'number') return source;
    r = source.holders ? await source.holders(path) : null;
    if (r === null) return usageError(`handles: ${String(snapshot)} recorded no holders (capture it with snapshot --handles)`);
  }
  if (!r.ok) return usageError(`handles: ${shown(path)}: ${r.message}`);
  if (json) await printJson(holdersJson(r.value));
  else await out(formatHolders(r.value));
  return 0;
}

export const command: CliCommand = {
  name: 'handles',
  summary: 'who holds a named object, or what a process holds (PATH | --pid N, --json, --snapshot FILE)',
  run: runHandles,
};
