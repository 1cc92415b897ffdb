// Access-right names per object type (winnt.h / ntpsapi.h), both ways: a mask to the names the
// ACE view shows, and a name typed on the command line back to its bits. Browser-safe.

const STANDARD_RIGHTS: [number, string][] = [
  [0x00010000, 'DELETE'],
  [0x00020000, 'READ_CONTROL'],
  [0x00040000, 'WRITE_DAC'],
  [0x00080000, 'WRITE_OWNER'],
  [0x00100000, 'SYNCHRONIZE'],
  [0x01000000, 'ACCESS_SYSTEM_SECURITY'],
  [0x02000000, 'MAXIMUM_ALLOWED'],
  [0x10000000, 'GENERIC_ALL'],
  [0x20000000, 'GENERIC_EXECUTE'],
  [0x40000000, 'GENERIC_WRITE'],
  [0x80000000, 'GENERIC_READ'],
];

/**
 * Object-specific rights by type name. Composite rights first, with their full winnt.h /
 * ntpsapi.h values, standard bits included (EVENT_ALL_ACCESS is 0x1F0003, not 0x3; KEY_READ is
 * STANDARD_RIGHTS_READ | 0x19): a mask that holds one is named by it alone, not by it and then
 * its parts (#22 item 8). Where composites overlap (FILE_GENERIC_READ and _EXECUTE share bits)
 * the first that fits wins and the rest are named bit by bit.
 */
const SPECIFIC_RIGHTS = new Map<string, [number, string][]>([
  ['Directory', [[0xf000f, 'DIRECTORY_ALL_ACCESS'], [0x1, 'QUERY'], [0x2, 'TRAVERSE'], [0x4, 'CREATE_OBJECT'], [0x8, 'CREATE_SUBDIRECTORY']]],
  ['SymbolicLink', [[0xf0001, 'SYMBOLIC_LINK_ALL_ACCESS'], [0x0001, 'QUERY'], [0x0002, 'SET']]],
  ['Event', [[0x1f0003, 'EVENT_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Mutant', [[0x1f0001, 'MUTANT_ALL_ACCESS'], [0x0001, 'QUERY_STATE']]],
  ['Semaphore', [[0x1f0003, 'SEMAPHORE_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Timer', [[0x1f0003, 'TIMER_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['Section', [[0xf001f, 'SECTION_ALL_ACCESS'], [0x1, 'QUERY'], [0x2, 'MAP_WRITE'], [0x4, 'MAP_READ'], [0x8, 'MAP_EXECUTE'], [0x10, 'EXTEND_SIZE']]],
  // Handle access (holders, #14) decodes with this same table; winnt.h / ntpsapi.h rights.
  ['Process', [[0x1fffff, 'PROCESS_ALL_ACCESS'], [0x1, 'TERMINATE'], [0x2, 'CREATE_THREAD'], [0x4, 'SET_SESSIONID'], [0x8, 'VM_OPERATION'], [0x10, 'VM_READ'], [0x20, 'VM_WRITE'], [0x40, 'DUP_HANDLE'], [0x80, 'CREATE_PROCESS'], [0x100, 'SET_QUOTA'], [0x200, 'SET_INFORMATION'], [0x400, 'QUERY_INFORMATION'], [0x800, 'SUSPEND_RESUME'], [0x1000, 'QUERY_LIMITED_INFORMATION'], [0x2000, 'SET_LIMITED_INFORMATION']]],
  ['Thread', [[0x1fffff, 'THREAD_ALL_ACCESS'], [0x1, 'TERMINATE'], [0x2, 'SUSPEND_RESUME'], [0x4, 'ALERT'], [0x8, 'GET_CONTEXT'], [0x10, 'SET_CONTEXT'], [0x20, 'SET_INFORMATION'], [0x40, 'QUERY_INFORMATION'], [0x80, 'SET_THREAD_TOKEN'], [0x100, 'IMPERSONATE'], [0x200, 'DIRECT_IMPERSONATION'], [0x400, 'SET_LIMITED_INFORMATION'], [0x800, 'QUERY_LIMITED_INFORMATION'], [0x1000, 'RESUME']]],
  ['File', [[0x1f01ff, 'FILE_ALL_ACCESS'], [0x120089, 'FILE_GENERIC_READ'], [0x120116, 'FILE_GENERIC_WRITE'], [0x1200a0, 'FILE_GENERIC_EXECUTE'], [0x1, 'READ_DATA'], [0x2, 'WRITE_DATA'], [0x4, 'APPEND_DATA'], [0x8, 'READ_EA'], [0x10, 'WRITE_EA'], [0x20, 'EXECUTE'], [0x40, 'DELETE_CHILD'], [0x80, 'READ_ATTRIBUTES'], [0x100, 'WRITE_ATTRIBUTES']]],
  ['Job', [[0x1f003f, 'JOB_OBJECT_ALL_ACCESS'], [0x1, 'ASSIGN_PROCESS'], [0x2, 'SET_ATTRIBUTES'], [0x4, 'QUERY'], [0x8, 'TERMINATE'], [0x10, 'SET_SECURITY_ATTRIBUTES'], [0x20, 'IMPERSONATE']]],
  ['IoCompletion', [[0x1f0003, 'IO_COMPLETION_ALL_ACCESS'], [0x1, 'QUERY_STATE'], [0x2, 'MODIFY_STATE']]],
  ['KeyedEvent', [[0xf0003, 'KEYEDEVENT_ALL_ACCESS'], [0x1, 'WAIT'], [0x2, 'WAKE']]],
  ['Token', [[0xf01ff, 'TOKEN_ALL_ACCESS'], [0x1, 'ASSIGN_PRIMARY'], [0x2, 'DUPLICATE'], [0x4, 'IMPERSONATE'], [0x8, 'QUERY'], [0x10, 'QUERY_SOURCE'], [0x20, 'ADJUST_PRIVILEGES'], [0x40, 'ADJUST_GROUPS'], [0x80, 'ADJUST_DEFAULT'], [0x100, 'ADJUST_SESSIONID']]],
  ['Key', [[0xf003f, 'KEY_ALL_ACCESS'], [0x20019, 'KEY_READ'], [0x20006, 'KEY_WRITE'], [0x0001, 'QUERY_VALUE'], [0x0002, 'SET_VALUE'], [0x0004, 'CREATE_SUB_KEY'], [0x0008, 'ENUMERATE_SUB_KEYS'], [0x0010, 'NOTIFY'], [0x0020, 'CREATE_LINK']]],
]);

/** Names the bits of an access mask: full-access aliases first, then what remains bit by bit. */
export function accessRightNames(mask: number, type: string | null): string[] {
  const out: string[] = [];
  let rest = mask >>> 0;
  for (const [bits, name] of (type && SPECIFIC_RIGHTS.get(type)) || []) {
    if (bits !== 0 && (rest & bits) >>> 0 === bits) {
      out.push(name);
      rest = (rest & ~bits) >>> 0;
    }
  }
  for (let b = 0; b < 16; b++) if (rest & (1 << b)) out.push(`SPECIFIC_${b}`);
  rest = (rest & ~0xffff) >>> 0;
  for (const [bit, name] of STANDARD_RIGHTS) {
    if ((rest & bit) >>> 0 === bit >>> 0) {
      out.push(name);
      rest = (rest & ~bit) >>> 0;
    }
  }
  if (rest) out.push(`0x${rest.toString(16).toUpperCase()}`);
  return out;
}

/**
 * The bits of one right typed by a person: a type-specific name (`MODIFY_STATE`, or its full
 * alias `EVENT_ALL_ACCESS`), a standard one (`WRITE_DAC`), `SPECIFIC_n`, or a hex mask. Case
 * does not matter. null when the name means nothing for this type (null type: standard only).
 */
export function rightByName(name: string, type: string | null): number | null {
  const n = name.trim().toUpperCase();
  if (/^0X[0-9A-F]{1,8}$/.test(n)) return Number.parseInt(n.slice(2), 16) >>> 0;
  const specific = /^SPECIFIC_(\d{1,2})$/.exec(n);
  if (specific && Number(specific[1]) < 16) return 1 << Number(specific[1]);
  for (const [bit, rightName] of STANDARD_RIGHTS) if (rightName === n) return bit >>> 0;
  for (const [bits, rightName] of (type && SPECIFIC_RIGHTS.get(type)) || []) if (rightName === n) return bits;
  return null;
}

/** Whether any type (or the standard rights) knows this name: a typo is caught before a search. */
export function isKnownRightName(name: string): boolean {
  if (rightByName(name, null) !== null) return true;
  for (const type of SPECIFIC_RIGHTS.keys()) if (rightByName(name, type) !== null) return true;
  return false;
}
