// A decoded snapshot as the fleet tables' rows, column by column (DuckDB appends whole columns).
// Pure: no DuckDB and no fs here, so the mapping is testable on its own.
import { createHash } from 'node:crypto';
import type { SecurityInfo, Snapshot, SnapshotNode } from '@objscope/core';
import type { TableName } from './schema';

type Cell = string | number | bigint | boolean | null;
/** Columns by name, in the table's order; `host` and `captured_at` are added by the writer. */
type Columns = Record<string, Cell[]>;

export interface SnapshotRows {
  host: string;
  capturedAt: Date;
  /** Every table but paths, which the writer fills from objects' path and parent. */
  tables: Record<Exclude<TableName, 'paths'>, Columns>;
}

function sdId(sd: SecurityInfo): string {
  // The SDDL names the descriptor completely; without one (a reader that could not render it),
  // the decoded form stands in. Both are stable across hosts, so equal descriptors compare equal.
  const key = sd.sddl ?? JSON.stringify(sd);
  return createHash('sha256').update(key).digest('hex').slice(0, 16);
}

/** A high surrogate not followed by a low one, or a low one not preceded by a high one. */
export const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const big = (n: number | null | undefined): bigint | null => (n == null ? null : BigInt(n));

/** Empty columns for a table's non-key columns. */
function columns(names: string[]): Columns {
  const c: Columns = Object.create(null) as Columns;
  for (const n of names) c[n] = [];
  return c;
}

function push(c: Columns, row: Record<string, Cell>): void {
  for (const k of Object.keys(c)) c[k]!.push(row[k] ?? null);
}

function walkObjects(root: SnapshotNode, objects: Columns, sds: Columns): void {
  // One id per descriptor text: a busy namespace repeats a handful of descriptors thousands of
  // times, and hashing each again was a tenth of an add.
  const idBySddl = new Map<string, string>();
  const seenSd = new Set<string>();
  // Whole columns, pushed to directly: a row object per node was most of this walk's garbage.
  const [path, parent, type, target, dynamic, sdCol, handles, pointers, errors] = (
    ['path', 'parent', 'type', 'target', 'dynamic', 'sd_id', 'handle_count', 'pointer_count', 'error_status'] as const
  ).map((c) => objects[c]!);
  // Iterative: a hostile file may nest as deep as the loader allows.
  const stack: { node: SnapshotNode; path: string; parent: string | null }[] = [{ node: root, path: '\\', parent: null }];
  while (stack.length) {
    const { node, path: here, parent: up } = stack.pop()!;
    let sd: string | null = null;
    const sec = node.details?.security;
    if (sec?.ok) {
      const text = sec.value.sddl;
      sd = text == null ? sdId(sec.value) : (idBySddl.get(text) ?? sdId(sec.value));
      if (text != null) idBySddl.set(text, sd);
      if (!seenSd.has(sd)) {
        seenSd.add(sd);
        push(sds, {
          sd_id: sd,
          sddl: sec.value.sddl,
          owner: sec.value.owner,
          owner_account: sec.value.ownerAccount ?? null,
          group_sid: sec.value.group,
          dacl_aces: sec.value.dacl ? sec.value.dacl.length : null,
        });
      }
    }
    const basic = node.details?.basic;
    path!.push(here);
    parent!.push(up);
    type!.push(node.type);
    target!.push(node.target ?? null);
    dynamic!.push(node.dynamic ?? false);
    sdCol!.push(sd);
    handles!.push(basic?.ok ? big(basic.value.handleCount) : null);
    pointers!.push(basic?.ok ? big(basic.value.pointerCount) : null);
    errors!.push(node.error ? node.error.status >>> 0 : null);
    if (node.children) {
      for (let i = node.children.length - 1; i >= 0; i--) {
        const child = node.children[i]!;
        stack.push({ node: child, path: here === '\\' ? `\\${child.name}` : `${here}\\${child.name}`, parent: here });
      }
    }
  }
}

/**
 * The rows of one snapshot. `hostOverride` replaces meta.host (--host). Throws a plain Error
 * with a reason a person can act on when the snapshot cannot be placed in the fleet.
 */
export function snapshotRows(s: Snapshot, meta: { fileName: string; filePath: string; sha256: string; hostOverride?: string | undefined }): SnapshotRows {
  const host = meta.hostOverride ?? s.meta.host;
  if (host == null || host === '') throw new Error('it names no host (meta.host is empty); give one with --host NAME');
  if (host.length > 255) throw new Error('its host name is longer than 255 characters');
  // Parquet strings are UTF-8: a lone surrogate would come back as U+FFFD, another host's name.
  if (LONE_SURROGATE.test(host)) throw new Error('its host name is not well-formed Unicode (a lone surrogate)');
  const ms = Date.parse(s.meta.capturedAt);
  if (!Number.isFinite(ms)) throw new Error(`its capture time ${JSON.stringify(s.meta.capturedAt.slice(0, 40))} is not a date`);
  const capturedAt = new Date(ms);

  const objects = columns(['path', 'parent', 'type', 'target', 'dynamic', 'sd_id', 'handle_count', 'pointer_count', 'error_status']);
  const sds = columns(['sd_id', 'sddl', 'owner', 'owner_account', 'group_sid', 'dacl_aces']);
  walkObjects(s.root, objects, sds);

  const handles = columns(['pid', 'image', 'handle', 'object_type', 'object_name', 'access']);
  for (const p of s.holders?.processes ?? []) {
    for (const h of p.handles) {
      push(handles, { pid: BigInt(p.pid), image: p.image, handle: BigInt(h.handle), object_type: h.type, object_name: h.name, access: h.access >>> 0 });
    }
  }

  const zombies = columns(['kind', 'pid', 'tid', 'image', 'exit_code', 'exit_time', 'holder_pid', 'holder_image', 'holders']);
  for (const p of s.zombies?.processes ?? []) {
    const h = p.holders[0];
    push(zombies, {
      kind: 'process',
      pid: BigInt(p.pid),
      tid: null,
      image: p.imageName,
      exit_code: p.exitCode >>> 0,
      exit_time: p.exitTime,
      holder_pid: big(h?.pid),
      holder_image: h?.imageName ?? null,
      holders: p.holders.length,
    });
  }
  for (const t of s.zombies?.threads ?? []) {
    const h = t.holders[0];
    push(zombies, {
      kind: 'thread',
      pid: BigInt(t.pid),
      tid: BigInt(t.tid),
      image: t.imageName,
      exit_code: t.exitCode >>> 0,
      exit_time: t.exitTime,
      holder_pid: big(h?.pid),
      holder_image: h?.imageName ?? null,
      holders: t.holders.length,
    });
  }

  const memory = columns(['name', 'kind', 'signaled', 'error_status']);
  for (const m of s.memory) push(memory, { name: m.name, kind: m.kind, signaled: m.signaled, error_status: m.error ? m.error.status >>> 0 : null });

  const snapshots = columns([
    'os_version', 'source', 'elevated', 'capabilities', 'tool_version', 'format_version', 'object_count',
    'zombies_recorded', 'handles_recorded', 'file_name', 'file_path', 'sha256',
  ]);
  push(snapshots, {
    os_version: s.meta.osVersion,
    source: s.meta.source,
    elevated: s.meta.elevated,
    capabilities: JSON.stringify(s.meta.capabilities),
    tool_version: s.meta.toolVersion,
    format_version: s.meta.version,
    object_count: BigInt(s.meta.objectCount),
    zombies_recorded: s.zombies != null,
    handles_recorded: s.holders != null,
    file_name: meta.fileName,
    file_path: meta.filePath,
    sha256: meta.sha256,
  });

  return { host, capturedAt, tables: { snapshots, objects, security_descriptors: sds, handles, zombies, memory_conditions: memory } };
}
