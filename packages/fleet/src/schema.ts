// The fleet store's tables: one definition that creates the staging tables, declares the empty
// views, and renders the schema section of docs/fleet.md. The golden copy
// (packages/fleet/schema/fleet-schema.json) is compared by a test, so a column cannot change
// without the change being written down where external engines' users read it.

export interface ColumnDef {
  name: string;
  /** DuckDB type; Parquet, Spark and Trino read them as the equivalent logical types. */
  type: 'VARCHAR' | 'TIMESTAMP' | 'BOOLEAN' | 'BIGINT' | 'INTEGER' | 'UINTEGER';
  doc: string;
  /** Not in the Parquet files: the store's views compute it from the stored columns with this
   * SQL (DuckDB; docs/fleet.md gives other engines' forms). */
  derived?: string;
}

export interface TableDef {
  name: string;
  doc: string;
  columns: ColumnDef[];
  /** Not per snapshot: STORE/<name>/part-NNNNNNNN.parquet files, appended by each add. */
  shared?: boolean;
  /** What the view joins to its files (aliased `o`) to compute the derived columns. */
  from?: string;
}

/** Every row of every table carries these two: the files are readable without the partition paths. */
const KEY: ColumnDef[] = [
  { name: 'host', type: 'VARCHAR', doc: "the snapshot's meta.host, or --host" },
  { name: 'captured_at', type: 'TIMESTAMP', doc: 'capture time (UTC)' },
];

export const FLEET_TABLES: readonly TableDef[] = [
  {
    name: 'snapshots',
    doc: 'one row per snapshot added; a partition without this row is incomplete and never read',
    columns: [
      ...KEY,
      { name: 'os_version', type: 'VARCHAR', doc: 'meta.osVersion' },
      { name: 'source', type: 'VARCHAR', doc: 'live, wine or synthetic' },
      { name: 'elevated', type: 'BOOLEAN', doc: 'captured elevated (null: unknown)' },
      { name: 'capabilities', type: 'VARCHAR', doc: 'meta.capabilities as JSON text' },
      { name: 'tool_version', type: 'VARCHAR', doc: 'objscope version that captured it' },
      { name: 'format_version', type: 'INTEGER', doc: 'snapshot format version (1 or 2)' },
      { name: 'object_count', type: 'BIGINT', doc: 'objects in the tree, the root excluded' },
      { name: 'zombies_recorded', type: 'BOOLEAN', doc: 'the capture ran a zombie scan' },
      { name: 'handles_recorded', type: 'BOOLEAN', doc: 'the capture recorded holders (--handles)' },
      { name: 'file_name', type: 'VARCHAR', doc: 'base name of the file it came from' },
      { name: 'file_path', type: 'VARCHAR', doc: 'absolute path it was added from: the UI opens the snapshot there, after checking sha256' },
      { name: 'sha256', type: 'VARCHAR', doc: "hex SHA-256 of the file's bytes (what makes a second add a no-op)" },
    ],
  },
  {
    name: 'paths',
    doc: 'every distinct object path in the store, once (shared by all hosts; no host or captured_at)',
    shared: true,
    columns: [
      { name: 'path_id', type: 'INTEGER', doc: 'the id objects rows carry; given in order of first appearance, never reused or changed' },
      { name: 'path', type: 'VARCHAR', doc: 'full NT path, e.g. \\BaseNamedObjects\\Foo (exact: paths that differ only in case are two paths)' },
      { name: 'parent', type: 'VARCHAR', doc: "parent directory's path (null for the root)" },
    ],
  },
  {
    name: 'objects',
    doc: 'one row per object in the namespace tree (the root included); the files hold path_id, the view joins paths',
    from: 'JOIN paths p ON p.path_id = o.path_id',
    columns: [
      ...KEY,
      { name: 'path_id', type: 'INTEGER', doc: 'paths.path_id' },
      { name: 'path', type: 'VARCHAR', doc: 'full NT path, from paths', derived: 'p.path' },
      // An object's name is its path's last component, exactly (a name holds anything but \):
      // storing it again doubled the bytes of the most random column of all.
      {
        name: 'name',
        type: 'VARCHAR',
        doc: 'last component (any character but \\, NUL included); derived from path',
        derived: "regexp_extract(p.path, '[^\\\\]*$')",
      },
      { name: 'parent', type: 'VARCHAR', doc: "parent directory's path (null for the root), from paths", derived: 'p.parent' },
      { name: 'type', type: 'VARCHAR', doc: 'object type name' },
      { name: 'target', type: 'VARCHAR', doc: 'symbolic-link target (null otherwise)' },
      { name: 'dynamic', type: 'BOOLEAN', doc: 'dynamic symbolic link (resolved by a kernel callback)' },
      { name: 'sd_id', type: 'VARCHAR', doc: 'security descriptor: security_descriptors.sd_id (null: not recorded or denied)' },
      { name: 'handle_count', type: 'BIGINT', doc: 'ObjectBasicInformation.HandleCount (null: not recorded)' },
      { name: 'pointer_count', type: 'BIGINT', doc: 'ObjectBasicInformation.PointerCount (null: not recorded)' },
      { name: 'error_status', type: 'UINTEGER', doc: 'NTSTATUS that kept a directory from being listed' },
    ],
  },
  {
    name: 'security_descriptors',
    doc: 'distinct security descriptors per snapshot',
    columns: [
      ...KEY,
      { name: 'sd_id', type: 'VARCHAR', doc: 'first 16 hex digits of SHA-256 of the descriptor: equal descriptors have equal ids on every host' },
      { name: 'sddl', type: 'VARCHAR', doc: 'SDDL text' },
      { name: 'owner', type: 'VARCHAR', doc: 'owner SID' },
      { name: 'owner_account', type: 'VARCHAR', doc: 'owner account name where resolved' },
      { name: 'group_sid', type: 'VARCHAR', doc: 'primary group SID' },
      { name: 'dacl_aces', type: 'INTEGER', doc: 'ACEs in the DACL (null: no DACL)' },
    ],
  },
  {
    name: 'handles',
    doc: 'named objects each process held a handle to (only snapshots taken with --handles)',
    columns: [
      ...KEY,
      { name: 'pid', type: 'BIGINT', doc: 'holder process id' },
      { name: 'image', type: 'VARCHAR', doc: 'holder image name' },
      { name: 'handle', type: 'BIGINT', doc: 'handle value in the holder' },
      { name: 'object_type', type: 'VARCHAR', doc: "the object's type" },
      { name: 'object_name', type: 'VARCHAR', doc: "the object's name as the handle reports it" },
      { name: 'access', type: 'UINTEGER', doc: 'granted access mask' },
    ],
  },
  {
    name: 'zombies',
    doc: 'one row per zombie process or thread (only snapshots with a zombie scan)',
    columns: [
      ...KEY,
      { name: 'kind', type: 'VARCHAR', doc: 'process or thread' },
      { name: 'pid', type: 'BIGINT', doc: 'process id (of the owning process, for a thread)' },
      { name: 'tid', type: 'BIGINT', doc: 'thread id (null for a process)' },
      { name: 'image', type: 'VARCHAR', doc: "the zombie's image name" },
      { name: 'exit_code', type: 'UINTEGER', doc: 'exit status' },
      { name: 'exit_time', type: 'VARCHAR', doc: 'exit time as recorded (ISO 8601, or null)' },
      { name: 'holder_pid', type: 'BIGINT', doc: 'first process holding it open (null: none examined)' },
      { name: 'holder_image', type: 'VARCHAR', doc: "that holder's image name" },
      { name: 'holders', type: 'INTEGER', doc: 'how many handles hold it' },
    ],
  },
  {
    name: 'memory_conditions',
    doc: 'the 11 \\KernelObjects memory-condition events per snapshot',
    columns: [
      ...KEY,
      { name: 'name', type: 'VARCHAR', doc: 'e.g. LowMemoryCondition' },
      { name: 'kind', type: 'VARCHAR', doc: 'dynamic-link, event or absent' },
      { name: 'signaled', type: 'BOOLEAN', doc: 'state of the (resolved) event' },
      { name: 'error_status', type: 'UINTEGER', doc: 'NTSTATUS of a failed query' },
    ],
  },
];

export type TableName = 'snapshots' | 'paths' | 'objects' | 'security_descriptors' | 'handles' | 'zombies' | 'memory_conditions';

/** The columns the Parquet files hold (the derived ones are computed by the views). */
export function storedColumns(t: TableDef): ColumnDef[] {
  return t.columns.filter((c) => c.derived === undefined);
}

/** `(host VARCHAR, captured_at TIMESTAMP, ...)` for CREATE TABLE: every column, or only the stored ones. */
export function columnsSql(t: TableDef, only: 'all' | 'stored' = 'all'): string {
  return `(${(only === 'stored' ? storedColumns(t) : t.columns).map((c) => `"${c.name}" ${c.type}`).join(', ')})`;
}

/** The select list of a table's view over its files (aliased `o`): stored columns by name, derived ones computed, in schema order. */
function viewSelect(t: TableDef): string {
  return t.columns.map((c) => (c.derived === undefined ? `o."${c.name}"` : `${c.derived} AS "${c.name}"`)).join(', ');
}

/** A table's view over FILES (a read_parquet argument: a glob or a list): its columns, joined as the table needs. */
export function viewSql(t: TableDef, files: string): string {
  return `SELECT ${viewSelect(t)} FROM read_parquet(${files}, hive_partitioning=false, union_by_name=true) o${t.from ? ` ${t.from}` : ''}`;
}

/** The schema as docs/fleet.md shows it (a test checks the document contains exactly this). */
export function schemaMarkdown(): string {
  const parts: string[] = [];
  for (const t of FLEET_TABLES) {
    parts.push(`### \`${t.name}\`: ${t.doc}`, '', '| column | type | meaning |', '|---|---|---|');
    for (const c of t.columns) parts.push(`| \`${c.name}\` | ${c.type} | ${c.doc.replaceAll('|', '\\|')}${c.derived ? ` (\`${c.derived}\`)` : ''} |`);
    parts.push('');
  }
  return parts.join('\n');
}
