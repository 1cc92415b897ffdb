// `objscope info PATH [--json] [--snapshot FILE]`: everything known about one object.
import type { AceInfo, Field, ObjectDetails, TypeState } from '@objscope/core';
import { daclAbsence, formatStatus, hex32, parseNtPath, poolTypeName, quoteNtPath, STATUS } from '@objscope/core';
import { color, err, escapeForTerminal, out, printJson, shown, usageError } from '../output';
import { NOT_FOUND_STATUSES, parseCommandArgs, sourceOrExit } from './common';
import type { CliCommand } from './types';

const USAGE = 'objscope info PATH [--json] [--snapshot FILE]';

const hex = hex32;

const notRecorded = (f: Field<unknown> | null) => f !== null && !f.ok && f.error.status >>> 0 === STATUS.NOT_SUPPORTED;

function field<T>(f: Field<T> | null, render: (v: T) => string[]): string[] {
  if (f === null) return [];
  if (f.ok) return render(f.value);
  // Not a failure: the source does not have it (a snapshot without details, a device).
  if (notRecorded(f)) return [color.dim('not recorded by this source')];
  return [color.red(`unavailable: ${formatStatus(f.error.status)}`)];
}

function account(sid: string | null, name: string | null | undefined): string {
  if (!sid) return '(none)';
  return name ? `${shown(name)} (${escapeForTerminal(sid)})` : escapeForTerminal(sid);
}

function aceLines(aces: AceInfo[] | null, sddl: string | null): string[] {
  if (aces === null) return [`(${daclAbsence(sddl)})`];
  if (aces.length === 0) return ['(empty: nobody has access)'];
  // Everything here may come from a crafted snapshot file: escape it for the terminal.
  return aces.map((a) => shown(`${a.type} ${a.account ? `${a.account} (${a.sid})` : a.sid}: ${a.rights.join(' | ') || hex(a.mask)}${a.flags.length ? ` [${a.flags.join(', ')}]` : ''}`));
}

function stateLines(s: TypeState): string[] {
  switch (s.kind) {
    case 'event':
      return [`${s.eventType} event, ${s.signaled ? 'signaled' : 'not signaled'}`];
    case 'mutant':
      return [`count ${s.count}${s.abandoned ? ', abandoned' : ''}${s.ownedByCaller ? ', owned by us' : ''}`];
    case 'semaphore':
      return [`count ${s.count} of ${s.maximum}`];
    case 'section':
      return [`size ${s.size} bytes`, `attributes ${s.attributeNames.join(' | ') || hex(s.attributes)}`];
    case 'timer':
      return [`${s.signaled ? 'signaled' : 'not signaled'}${s.remaining ? `, ${s.remaining} ticks remaining` : ''}`];
  }
}

function linkLines(link: NonNullable<ObjectDetails['link']>): string[] {
  const c = link.chain;
  return [
    `Target: ${link.target !== null ? shown(link.target) : link.dynamic ? '(dynamic: resolved by the kernel when opened)' : '(unreadable)'}`,
    `Created: ${link.creationTime ?? '(not reported)'}`,
    ...c.hops.map((h, i) => `  ${i}. ${shown(h.path)}${h.type ? ` [${escapeForTerminal(h.type)}]` : ''}${h.error ? ` ${formatStatus(h.error.status)}` : ''}`),
    c.loop ? 'Resolution: a loop' : c.truncated ? 'Resolution: gave up after 16 hops' : c.dangling ? 'Resolution: target not found (missing, or a link made by a sandboxed process, which others cannot follow)' : `Resolves to: ${c.final !== null ? shown(c.final) : '(unknown)'}`,
  ];
}

export function renderDetails(d: ObjectDetails): string {
  // A source that recorded none of the details (a version-1 snapshot) gets one line, not four.
  const nothingRecorded = notRecorded(d.basic) && notRecorded(d.typeInfo) && notRecorded(d.security) && (d.state === null || notRecorded(d.state));
  const sections: [string, string[]][] = [
    [
      'Object',
      [
        `Path: ${shown(d.path)}`,
        `Name: ${d.path === '\\' ? '\\ (the root)' : shown(d.name)}`,
        `Type: ${escapeForTerminal(d.type)}`,
        ...(nothingRecorded ? [color.dim('Details: not recorded by this source (a snapshot of names, types and link targets only)')] : []),
      ],
    ],
  ];
  if (!nothingRecorded) sections.push(
    [
      'Basic information',
      field(d.basic, (b) => [
        `Handles: ${b.handleCount}`,
        `References: ${b.pointerCount}`,
        `Attributes: ${hex(b.attributes)}`,
        `Granted access: ${hex(b.grantedAccess)}`,
        `Paged pool charge: ${b.pagedPoolCharge}`,
        `Non-paged pool charge: ${b.nonPagedPoolCharge}`,
        `Created: ${b.creationTime ?? '(not reported)'}`,
      ]),
    ],
    [
      'Type',
      field(d.typeInfo, (t) => [
        `Name: ${escapeForTerminal(t.name)}${t.index !== null ? ` (index ${t.index})` : ''}`,
        `Objects: ${t.totalObjects} (peak ${t.highWaterObjects})`,
        `Handles: ${t.totalHandles} (peak ${t.highWaterHandles})`,
        `Valid access mask: ${hex(t.validAccessMask)}`,
        `Pool type: ${poolTypeName(t.poolType)}`,
      ]),
    ],
  );
  if (d.state && !nothingRecorded) {
    sections.push([
      'State',
      field(d.state, stateLines),
    ]);
  }
  if (d.link) sections.push(['Symbolic link', linkLines(d.link)]);
  if (!nothingRecorded) sections.push([
    'Security',
    field(d.security, (s) => [
      `SDDL: ${s.sddl === null ? '(unavailable)' : s.sddl === '' ? '(no security descriptor)' : escapeForTerminal(s.sddl)}`,
      `Owner: ${account(s.owner, s.ownerAccount)}`,
      `Group: ${account(s.group, s.groupAccount)}`,
      'DACL:',
      ...aceLines(s.dacl, s.sddl).map((l) => `  ${l}`),
    ]),
  ]);
  return sections.map(([title, lines]) => `${color.bold(title)}\n${lines.map((l) => `  ${l}`).join('\n')}`).join('\n\n') + '\n';
}

async function runInfo(argv: string[]): Promise<number> {
  const a = await parseCommandArgs('info', USAGE, argv, { json: { type: 'boolean' }, snapshot: { type: 'string' } });
  if (typeof a === 'number') return a;
  if (a.positionals.length !== 1) return usageError(`info: expected one PATH (usage: ${USAGE})`);
  const path = a.positionals[0]!;
  const check = parseNtPath(path);
  if (!check.ok) return usageError(`info: ${check.message}`);
  const source = await sourceOrExit(a.values.snapshot);
  if (typeof source === 'number') return source;
  const r = await source.details(path);
  if (!r.ok) {
    // Only a path that was there a moment ago "no longer exists"; one never seen "does not exist".
    const missing = r.status >>> 0 === STATUS.OBJECT_NAME_NOT_FOUND || r.status >>> 0 === STATUS.OBJECT_PATH_NOT_FOUND;
    const msg = `info: ${quoteNtPath(path)}${missing ? ' does not exist' : ''}: ${formatStatus(r.status)}`;
    if (NOT_FOUND_STATUSES.has(r.status)) return usageError(msg);
    await err(`objscope: ${msg}`);
    return 1;
  }
  if (a.values.json) await printJson(r.value);
  else await out(renderDetails(r.value));
  return 0;
}

export const command: CliCommand = { name: 'info', summary: 'info PATH [--json]: everything known about one object', run: runInfo };
