// `objscope zombies [--json] [--snapshot FILE]`: exited processes and threads still kept alive
// by a handle, and who holds them. Live on Windows (and under Wine through the CLI's --wine),
// or from a snapshot. The bench's timing loop (fast against naive scans) lives in
// bench/win/zombies.ts, not behind a hidden flag here.
import { parseArgs } from 'node:util';
import type { HolderError, ZombieHolder, ZombieReport } from '@objscope/core';
import { escapeNameForDisplay, formatStatus, hex, hex32, plural, unseenSentence, zombiesHeld } from '@objscope/core';
import { err, out, table, type Column } from '../output';
import { loadSnapshotFile } from '../snapshot-file';
import { openLiveSource } from '../sources';
import type { CliCommand } from './types';

const USAGE = `usage: objscope zombies [--json] [--snapshot FILE]
  --json           the report as JSON (times in ISO 8601)
  --snapshot FILE  the zombies recorded in a snapshot instead of a live scan`;

async function fail(message: string, code = 2): Promise<number> {
  await err(`objscope: ${message}`);
  return code;
}

const show = (s: string | null | undefined): string => (s == null || s === '' ? '?' : escapeNameForDisplay(s));

/** Columns by header; image names are program-chosen and can be any length. */
function columns(headers: string[]): Column[] {
  return headers.map((header) => ({ header, maxWidth: header === 'Image' ? 40 : undefined, align: header === 'PID' || header === 'TID' ? 'right' : 'left' }));
}

function exitCode(code: number): string {
  return code > 0xffff ? hex32(code) : String(code);
}

function holdersText(holders: ZombieHolder[]): string {
  if (holders.length === 0) return '(kernel)';
  const first = holders.slice(0, 3).map((h) => `${show(h.imageName)} (${h.pid}) ${hex(h.handle)}`);
  return holders.length > 3 ? `${first.join(', ')} +${holders.length - 3} more` : first.join(', ');
}

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.round(bytes / 1024)} KiB`;
}

/** The human report: summary, by zombie (processes, then threads), by holder, holder errors. */
function formatZombieReport(r: ZombieReport): string {
  const s = r.summary;
  const out: string[] = [];
  out.push(
    `${plural(s.zombieProcesses, 'zombie process')}, ${plural(s.zombieThreads, 'zombie thread')}; ` +
      `${s.pidsHeld} PIDs held, about ${kib(s.estimatedBytes)} of kernel memory`,
  );
  out.push(`${s.handlesScanned} handles scanned in ${s.scanMs} ms at ${r.scannedAt}`);
  out.push(
    s.heldByKernel === null
      ? 'unattributed: unknown here (no NtGetNextProcess)'
      : `unattributed (no examined handle explains them): ${s.heldByKernel}`,
  );
  const unseen = unseenSentence(s);
  if (unseen) out.push(unseen);
  if (s.exitedAfterSnapshot) out.push(`exited after the handle snapshot (ignored): ${s.exitedAfterSnapshot}`);
  if (s.duplicateFailureCount) out.push(`handles that could not be examined: ${s.duplicateFailureCount}`);
  if (r.processes.length) {
    out.push('', 'Zombie processes');
    out.push(
      table(columns(['PID', 'Image', 'Exit code', 'Exited', 'Parent', 'Holders']), [
        ...r.processes.map((p) => [
          String(p.pid),
          show(p.imageName),
          exitCode(p.exitCode),
          p.exitTime ?? '?',
          p.parentPid === null ? '?' : p.parentExists === false ? `${p.parentPid} (non-existent)` : String(p.parentPid),
          holdersText(p.holders),
        ]),
      ]).trimEnd(),
    );
  }
  if (r.threads.length) {
    out.push('', 'Zombie threads');
    out.push(
      table(columns(['TID', 'PID', 'Image', 'Exit code', 'Exited', 'Holders']), [
        ...r.threads.map((t) => [String(t.tid), String(t.pid), show(t.imageName), exitCode(t.exitCode), t.exitTime ?? '?', holdersText(t.holders)]),
      ]).trimEnd(),
    );
  }
  if (s.topHolders.length) {
    out.push('', 'By holder');
    for (const h of s.topHolders) {
      out.push(`  ${show(h.imageName)} (pid ${h.pid}) holds ${zombiesHeld(h)}`);
    }
  }
  if (s.holderErrors.length) {
    out.push('', 'Holders that could not be opened (their handles were not examined)');
    for (const e of s.holderErrors as HolderError[]) out.push(`  ${show(e.imageName)} (pid ${e.pid}): ${formatStatus(e.error.status)}`);
  }
  return `${out.join('\n')}\n`;
}

async function runZombies(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        json: { type: 'boolean' },
        snapshot: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return fail(`zombies: ${(e as Error).message.split('\n')[0]!.split('. ')[0]}; see objscope zombies --help`);
  }
  if (values.help) {
    await out(`${USAGE}\n`);
    return 0;
  }
  let report: ZombieReport;
  if (values.snapshot !== undefined) {
    const r = loadSnapshotFile(values.snapshot);
    if (!r.ok) return fail(r.error);
    if (!r.snapshot.zombies) return fail(`${values.snapshot} holds no zombie data (it was captured without a zombie scan)`);
    report = r.snapshot.zombies;
  } else {
    if (process.platform !== 'win32') {
      return fail('a live zombie scan needs Windows; run it under Wine with `objscope --wine zombies`, or read a snapshot with --snapshot FILE');
    }
    const source = await openLiveSource();
    try {
      report = source.zombiesHere();
    } catch (e) {
      return fail(`zombie scan failed: ${(e as Error).message}`, 1);
    }
  }
  await out(values.json ? `${JSON.stringify(report, null, 2)}\n` : formatZombieReport(report));
  return 0;
}

export const command: CliCommand = {
  name: 'zombies',
  summary: 'zombie processes and threads, and who holds them (--json, --snapshot FILE)',
  run: runZombies,
};
