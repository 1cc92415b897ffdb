// A deterministic, realistic-looking object namespace for tests, benches, the e2e suite and the
// UI bench. Same options, same snapshot, byte for byte: the PRNG is seeded and the capture time
// is fixed.
import { MEMORY_CONDITION_NAMES, type AceInfo, type MemoryCondition, type ObjectTypeInfo, type SecurityInfo, type TypeStat, type ZombieReport } from '../src/model';
import { SNAPSHOT_FORMAT, SNAPSHOT_VERSION, type RecordedDetails, type Snapshot, type SnapshotNode } from '../src/snapshot';

export interface SynthesizeOptions {
  /** Objects in the tree, the root excluded (raised to the fixed skeleton's size if smaller). */
  objects: number;
  /** Entries of `\Big` (absent when 0 or unset). Counted in `objects`. */
  bigDirectoryEntries?: number;
  seed?: number;
}

/** The names in `\Hostile`, exactly as the synthetic snapshot holds them. */
export const HOSTILE_NAMES: readonly string[] = Object.freeze([
  'nul\u0000inside',
  '__proto__',
  'constructor',
  'prototype',
  'hasOwnProperty',
  'a/b',
  '<img src=x onerror=alert(1)>',
  '<script>alert(1)</script>',
  'emoji \u{1F600}\u{1F4A9} name',
  'x'.repeat(240),
  'trailing space ',
  '..',
  '.',
  'lone \uD800 surrogate',
  'tab\tand\nnewline',
  '\u202Eright-to-left override',
  '%2e%2e%5c',
  '"quoted" & \'apos\'',
  '{"json":true}',
  // Spreadsheet formula injection (OWASP "CSV injection"): exports must neutralise these.
  '=HYPERLINK("https://example.invalid","click")',
  '@SUM(1+1)',
]);

/** A small seeded PRNG (mulberry32): the same seed gives the same namespace on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OBJECT_TYPES = [
  'Type', 'Directory', 'SymbolicLink', 'Token', 'Job', 'Process', 'Thread', 'Partition', 'UserApcReserve',
  'IoCompletionReserve', 'ActivityReference', 'PsSiloContextPaged', 'PsSiloContextNonPaged', 'DebugObject',
  'Event', 'Mutant', 'Callback', 'Semaphore', 'Timer', 'IRTimer', 'Profile', 'KeyedEvent', 'WindowStation',
  'Desktop', 'Composition', 'RawInputManager', 'CoreMessaging', 'ActivationObject', 'TpWorkerFactory',
  'Adapter', 'Controller', 'Device', 'Driver', 'IoCompletion', 'WaitCompletionPacket', 'File', 'TmTm', 'TmTx',
  'TmRm', 'TmEn', 'Section', 'Session', 'Key', 'RegistryTransaction', 'DmaAdapter', 'ALPC Port',
  'EnergyTracker', 'PowerRequest', 'WmiGuid', 'EtwRegistration', 'EtwSessionDemuxEntry', 'EtwConsumer',
  'CoverageSampler', 'PcwObject', 'FilterConnectionPort', 'FilterCommunicationPort', 'NdisCmState',
  'DxgkSharedResource', 'DxgkSharedSyncObject', 'DxgkSharedSwapChainObject', 'DxgkCurrentDxgProcessObject',
  'VRegConfigurationContext',
] as const;

const DEVICES = [
  'Null', 'Beep', 'NamedPipe', 'Mailslot', 'KsecDD', 'CNG', 'ConDrv', 'Afd', 'Tcp', 'Tcp6', 'Udp', 'Udp6',
  'RawIp', 'Ip', 'Ip6', 'Nsi', 'DeviceApi', 'PcwDrv', 'clfs', 'Ndis', 'NetBT_Tcpip', 'LanmanRedirector',
  'Mup', 'WebDavRedirector', 'MountPointManager', 'VolMgrControl', 'RasAcd', 'Video0', 'KeyboardClass0',
  'PointerClass0', 'Serial0', 'Floppy0', 'CdRom0', 'FileInfo', 'Lfsvc', 'WMIDataDevice', 'WMIAdminDevice',
  'Netbios', 'VhdNetAdapter', 'BitLocker', 'PhysicalMemory', 'Tpm', 'WindowsTrustedRT', 'RdpBus',
];

const DRIVERS = [
  'ACPI', 'atapi', 'Beep', 'BasicDisplay', 'cdrom', 'disk', 'i8042prt', 'intelppm', 'kbdclass', 'mouclass',
  'Ntfs', 'partmgr', 'PnpManager', 'storahci', 'stornvme', 'Tcpip', 'AFD', 'volmgr', 'volmgrx', 'volsnap',
  'WMIxWDM', 'Win32k', 'usbhub', 'USBXHCI', 'HidUsb', 'hidparse', 'NDIS', 'netbt', 'nsiproxy', 'rdyboost',
  'fvevol', 'msisadrv', 'pci', 'vdrvroot', 'Wof', 'WdFilter', 'CLFS', 'condrv', 'Null', 'mssmbios',
];

const KNOWN_DLLS = [
  'kernel32.dll', 'kernelbase.dll', 'ntdll.dll', 'user32.dll', 'gdi32.dll', 'advapi32.dll', 'combase.dll',
  'ole32.dll', 'oleaut32.dll', 'rpcrt4.dll', 'sechost.dll', 'shell32.dll', 'shlwapi.dll', 'msvcrt.dll',
  'ws2_32.dll', 'crypt32.dll', 'setupapi.dll', 'imm32.dll', 'msctf.dll', 'wow64.dll', 'wow64cpu.dll',
];

const BNO_STEMS: readonly [string, string][] = [
  ['Event', 'CTF.AsmListCache.FMPDefault'],
  ['Event', 'ShellReadyEvent'],
  ['Event', 'WilStaging'],
  ['Event', 'TermSrvReadyEvent'],
  ['Event', 'OleDfRoot'],
  ['Event', 'BrokerStateEvent'],
  ['Event', 'ThemesStartEvent'],
  ['Mutant', 'SM0'],
  ['Mutant', 'MSCTF.Asm.Mutex'],
  ['Mutant', 'ZonesCacheCounterMutex'],
  ['Mutant', 'DBWinMutex'],
  ['Mutant', 'CicLoadWinStaWinSta0'],
  ['Section', 'windows_shell_global_counters'],
  ['Section', 'msctf.SharedMemory'],
  ['Section', 'UrlZonesSM'],
  ['Section', '__ComCatalogCache__'],
  ['Section', 'CPFATE'],
  ['Semaphore', 'SessionImmersiveColorMutex'],
  ['Semaphore', 'RotHintTable'],
  ['Timer', 'SleepTimer'],
  ['ALPC Port', 'RemoteComPort'],
];

const APPS = ['explorer', 'SearchHost', 'msedge', 'Teams', 'OneDrive', 'svchost', 'RuntimeBroker', 'dwm', 'ctfmon', 'sihost'];

function dir(name: string, children: SnapshotNode[] = []): SnapshotNode {
  return { name, type: 'Directory', target: null, error: null, children };
}
function leaf(name: string, type: string): SnapshotNode {
  return { name, type, target: null, error: null };
}
function link(name: string, target: string | null): SnapshotNode {
  return { name, type: 'SymbolicLink', target, error: null };
}

function hex(rnd: () => number, digits: number): string {
  let s = '';
  for (let i = 0; i < digits; i++) s += '0123456789abcdef'[Math.floor(rnd() * 16)];
  return s;
}

function guid(rnd: () => number): string {
  return `{${hex(rnd, 8)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 4)}-${hex(rnd, 12)}}`.toUpperCase();
}

/** A plausible named object for a BaseNamedObjects-like directory; unique per (i, prefix). */
function namedObject(rnd: () => number, i: number): SnapshotNode {
  const r = rnd();
  if (r < 0.06) {
    const types = ['Event', 'Section', 'Mutant'];
    return leaf(guid(rnd), types[i % 3]!);
  }
  const [type, stem] = BNO_STEMS[Math.floor(rnd() * BNO_STEMS.length)]!;
  const app = APPS[Math.floor(rnd() * APPS.length)]!;
  const pid = 1000 + Math.floor(rnd() * 9000);
  let name: string;
  switch (Math.floor(rnd() * 4)) {
    case 0:
      name = `${stem}_${i}`;
      break;
    case 1:
      name = `${stem}:${pid}:${i}:WilStaging_02`;
      break;
    case 2:
      name = `${app}.${stem}.${i}`;
      break;
    default:
      name = `${stem}${pid}_${i.toString(16)}`;
  }
  return leaf(name, type);
}

/** A deterministic synthetic snapshot; see docs/snapshot-format.md for what it holds. */
export function synthesizeSnapshot(opts: SynthesizeOptions): Snapshot {
  const seed = opts.seed ?? 1;
  const rnd = seededRandom(seed);
  const big = Math.max(0, Math.floor(opts.bigDirectoryEntries ?? 0));

  const objectTypes = dir('ObjectTypes', OBJECT_TYPES.map((t) => leaf(t, 'Type')));

  const volumes = 4;
  const harddisk0 = dir('Harddisk0', [
    link('DR0', '\\Device\\Harddisk0\\DR0Disk'),
    leaf('DR0Disk', 'Device'),
    ...Array.from({ length: volumes + 1 }, (_, i) => link(`Partition${i}`, i === 0 ? '\\Device\\Harddisk0\\DR0Disk' : `\\Device\\HarddiskVolume${i}`)),
  ]);
  const device = dir('Device', [
    ...DEVICES.map((d) => leaf(d, 'Device')),
    ...Array.from({ length: volumes }, (_, i) => leaf(`HarddiskVolume${i + 1}`, 'Device')),
    harddisk0,
    dir('Ide', [leaf('IdeDeviceP0T0L0-0', 'Device'), leaf('IdePort0', 'Device')]),
    dir('Video', []),
  ]);

  const driver = dir('Driver', DRIVERS.map((d) => leaf(d, 'Driver')));
  const fileSystem = dir('FileSystem', [
    leaf('Ntfs', 'Driver'), leaf('FltMgr', 'Driver'), leaf('Npfs', 'Driver'), leaf('Msfs', 'Driver'),
    dir('Filters', [leaf('FltMgrMsg', 'FilterConnectionPort'), leaf('WdFilterPort', 'FilterConnectionPort')]),
  ]);

  const kernelObjects = dir('KernelObjects', [
    ...MEMORY_CONDITION_NAMES.map<SnapshotNode>((n) => ({
      name: n, type: 'SymbolicLink', target: null, error: null, dynamic: true, resolvesTo: 'Event',
    })),
    leaf('SystemErrorPortReady', 'Event'),
    leaf('CritSecOutOfMemoryEvent', 'KeyedEvent'),
    leaf('PrefetchTracesReady', 'Event'),
    leaf('MemoryPartition0', 'Partition'),
    leaf('Session0', 'Session'),
    leaf('Session1', 'Session'),
  ]);

  const globalQ = dir('GLOBAL??', [
    link('C:', '\\Device\\HarddiskVolume3'),
    link('D:', '\\Device\\CdRom0'),
    link('NUL', '\\Device\\Null'),
    link('PIPE', '\\Device\\NamedPipe'),
    link('MAILSLOT', '\\Device\\Mailslot'),
    link('CON', '\\Device\\ConDrv\\Console'),
    link('PhysicalDrive0', '\\Device\\Harddisk0\\DR0'),
    link('Global', '\\GLOBAL??'),
    link('GLOBALROOT', null),
    link('COM1', '\\Device\\Serial0'),
    ...Array.from({ length: volumes }, (_, i) => link(`Volume${guid(rnd)}`, `\\Device\\HarddiskVolume${i + 1}`)),
    ...Array.from({ length: 24 }, (_, i) => link(`STORAGE#Volume#${guid(rnd)}#${i}`, `\\Device\\HarddiskVolume${(i % volumes) + 1}`)),
  ]);

  const knownDlls = dir('KnownDlls', [link('KnownDllPath', 'C:\\Windows\\System32'), ...KNOWN_DLLS.map((d) => leaf(d, 'Section'))]);

  const sessionBno = dir('BaseNamedObjects', [
    link('Global', '\\BaseNamedObjects'),
    link('Local', '\\Sessions\\1\\BaseNamedObjects'),
    link('Session', '\\Sessions\\BNOLINKS'),
    dir('AppContainerNamedObjects', []),
  ]);
  const globalBno = dir('BaseNamedObjects', [
    link('Global', '\\BaseNamedObjects'),
    link('Local', '\\BaseNamedObjects'),
    link('Session', '\\Sessions\\BNOLINKS'),
    dir('Restricted', []),
  ]);
  const rpc = dir('RPC Control', [leaf('epmapper', 'ALPC Port'), leaf('lsasspirpc', 'ALPC Port'), leaf('ntsvcs', 'ALPC Port')]);

  const sessions = dir('Sessions', [
    dir('0', [dir('DosDevices', []), dir('BaseNamedObjects', [link('Global', '\\BaseNamedObjects')]), dir('Windows', [dir('WindowStations', [leaf('Service-0x0-3e7$', 'WindowStation')])])]),
    dir('1', [
      sessionBno,
      dir('DosDevices', []),
      dir('Windows', [leaf('ApiPort', 'ALPC Port'), leaf('SharedSection', 'Section'), dir('WindowStations', [leaf('WinSta0', 'WindowStation')])]),
    ]),
    dir('BNOLINKS', [link('0', '\\BaseNamedObjects'), link('1', '\\Sessions\\1\\BaseNamedObjects')]),
  ]);

  const hostile = dir('Hostile', [
    ...HOSTILE_NAMES.map((n, i) => leaf(n, i % 2 ? 'Event' : 'Mutant')),
    dir('nested <b>dir</b>', [leaf('__proto__', 'Section'), leaf('constructor', 'Semaphore')]),
    link('LoopA', '\\Hostile\\LoopB'),
    link('LoopB', '\\Hostile\\LoopA'),
    link('Dangling', '\\Device\\DoesNotExist'),
    link('ToEvent', '\\Hostile\\__proto__'),
    link('Chain1', '\\Hostile\\Chain2'),
    link('Chain2', '\\GLOBAL??\\C:'),
    // Denied listing, as a non-elevated capture of \Security would record.
    { name: 'Denied', type: 'Directory', target: null, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } },
  ]);

  const rootChildren: SnapshotNode[] = [
    objectTypes,
    device,
    driver,
    fileSystem,
    kernelObjects,
    globalQ,
    knownDlls,
    globalBno,
    rpc,
    sessions,
    dir('Callback', [leaf('PowerState', 'Callback'), leaf('SetSystemTime', 'Callback'), leaf('ProcessorAdd', 'Callback')]),
    dir('Windows', [leaf('SbApiPort', 'ALPC Port'), dir('WindowStations', [])]),
    dir('Security', [leaf('LSA_AUTHENTICATION_INITIALIZED', 'Event'), leaf('TRKWKS_EVENT', 'Event')]),
    dir('NLS', [leaf('NlsSectionCP1252', 'Section'), leaf('NlsSectionUTF8', 'Section')]),
    link('DosDevices', '\\??'),
    link('SystemRoot', '\\Device\\BootDevice\\Windows'),
    leaf('SmApiPort', 'ALPC Port'),
    leaf('PowerPort', 'ALPC Port'),
    hostile,
  ];
  if (big > 0) {
    const kinds = ['Event', 'Event', 'Section', 'Mutant', 'Semaphore'];
    rootChildren.push(dir('Big', Array.from({ length: big }, (_, i) => leaf(`BigEntry_${String(i).padStart(6, '0')}`, kinds[i % kinds.length]!))));
  }
  const root = dir('\\', rootChildren);

  // Fill the remainder: mostly session and global BaseNamedObjects, then RPC Control ports.
  const fixed = countNodes(root) - 1;
  const rest = Math.max(0, Math.floor(opts.objects) - fixed);
  const toSession = Math.floor(rest * 0.55);
  const toGlobal = Math.floor(rest * 0.3);
  const toRpc = rest - toSession - toGlobal;
  for (let i = 0; i < toSession; i++) sessionBno.children!.push(namedObject(rnd, i));
  for (let i = 0; i < toGlobal; i++) globalBno.children!.push(namedObject(rnd, i + toSession));
  for (let i = 0; i < toRpc; i++) {
    rpc.children!.push(leaf(rnd() < 0.5 ? `OLE${hex(rnd, 6).toUpperCase()}${i.toString(16).toUpperCase()}` : `LRPC-${hex(rnd, 6)}${i.toString(16)}`, 'ALPC Port'));
  }

  const objectCount = countNodes(root) - 1;
  const types = typeStats(root, rnd);
  recordSyntheticDetails(root, rnd);
  return {
    meta: {
      format: SNAPSHOT_FORMAT,
      version: SNAPSHOT_VERSION,
      capturedAt: new Date(Date.UTC(2026, 0, 15, 10, 0, 0) + (seed % 1000) * 60_000).toISOString(),
      host: 'SYNTHETIC-HOST',
      osVersion: 'Windows 11 24H2 (build 26100), synthetic',
      source: 'synthetic',
      elevated: true,
      toolVersion: '0.1.0',
      capabilities: {
        bulkDirectoryQuery: true,
        ntGetNextProcess: true,
        elevated: true,
        seDebugPrivilege: true,
        objectAddressesVisible: false,
        dynamicSymbolicLinks: true,
        warnings: ['synthetic namespace generated by synthesizeSnapshot; no machine was read'],
      },
      objectCount,
      description: `Synthetic namespace (${objectCount} objects, seed ${seed})`,
    },
    root,
    types,
    memory: memoryConditions(),
    zombies: zombieReport(),
    details: { typeInfo: types.map(syntheticTypeInfo) },
  };
}

// --- Recorded details (format version 2) on a few well-known objects, as a Windows capture
// would have them: \KernelObjects and \Security with their events, and \NLS's sections. The
// descriptors follow what Windows gives these objects (SYSTEM and Administrators full access,
// Everyone may wait on and query an event).
const SID_NAMES = new Map([
  ['S-1-5-18', 'NT AUTHORITY\\SYSTEM'],
  ['S-1-5-32-544', 'BUILTIN\\Administrators'],
  ['S-1-1-0', 'Everyone'],
  ['S-1-5-12', 'NT AUTHORITY\\RESTRICTED'],
]);

function allow(sid: string, mask: number, rights: string[]): AceInfo {
  return { type: 'ACCESS_ALLOWED', flags: [], mask, rights, sid, account: SID_NAMES.get(sid) ?? null };
}

function descriptor(sddlAces: string, dacl: AceInfo[]): SecurityInfo {
  return {
    sddl: `O:BAG:SYD:${sddlAces}`,
    owner: 'S-1-5-32-544',
    group: 'S-1-5-18',
    ownerAccount: 'BUILTIN\\Administrators',
    groupAccount: 'NT AUTHORITY\\SYSTEM',
    dacl,
    sacl: null,
  };
}

const EVENT_SD = descriptor('(A;;0x1f0003;;;SY)(A;;0x1f0003;;;BA)(A;;0x100001;;;WD)', [
  allow('S-1-5-18', 0x1f0003, ['EVENT_ALL_ACCESS']),
  allow('S-1-5-32-544', 0x1f0003, ['EVENT_ALL_ACCESS']),
  allow('S-1-1-0', 0x100001, ['QUERY_STATE', 'SYNCHRONIZE']),
]);
const DIRECTORY_SD = descriptor('(A;;0xf000f;;;SY)(A;;0xf000f;;;BA)(A;;0x20003;;;WD)(A;;0x20003;;;RC)', [
  allow('S-1-5-18', 0xf000f, ['DIRECTORY_ALL_ACCESS']),
  allow('S-1-5-32-544', 0xf000f, ['DIRECTORY_ALL_ACCESS']),
  allow('S-1-1-0', 0x20003, ['QUERY', 'TRAVERSE', 'READ_CONTROL']),
  allow('S-1-5-12', 0x20003, ['QUERY', 'TRAVERSE', 'READ_CONTROL']),
]);
const SECTION_SD = descriptor('(A;;0xf001f;;;SY)(A;;0xf001f;;;BA)(A;;0x4;;;WD)', [
  allow('S-1-5-18', 0xf001f, ['SECTION_ALL_ACCESS']),
  allow('S-1-5-32-544', 0xf001f, ['SECTION_ALL_ACCESS']),
  allow('S-1-1-0', 0x4, ['MAP_READ']),
]);

const CREATED = '2026-01-15T08:01:12.000Z';

function recorded(node: SnapshotNode, rnd: () => number, i: number): RecordedDetails | null {
  const basic = (handles: number, attributes = 0x10 /* OBJ_PERMANENT */) => ({
    ok: true as const,
    value: {
      attributes,
      grantedAccess: 0x20001,
      handleCount: handles,
      pointerCount: handles + 1 + Math.floor(rnd() * 4) * 32768,
      pagedPoolCharge: 0,
      nonPagedPoolCharge: 0,
      creationTime: CREATED,
    },
  });
  switch (node.type) {
    case 'Directory':
      return { basic: basic(0), security: { ok: true, value: DIRECTORY_SD }, state: null };
    case 'Event': {
      // The second event of \Security denies READ_CONTROL to the capturing user, as a real
      // service event can: the snapshot keeps the denial, not a blank.
      const security = node.name === 'TRKWKS_EVENT' ? { ok: false as const, error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } } : { ok: true as const, value: EVENT_SD };
      return {
        basic: basic(1 + Math.floor(rnd() * 8), 0),
        security,
        state: { ok: true, value: { kind: 'event', eventType: i % 2 ? 'synchronization' : 'notification', signaled: i % 3 === 0 } },
      };
    }
    case 'Section':
      return {
        basic: basic(2),
        security: { ok: true, value: SECTION_SD },
        state: { ok: true, value: { kind: 'section', size: String(0x10000 * (1 + i)), attributes: 0x8000000, attributeNames: ['SEC_COMMIT'] } },
      };
    default:
      return null;
  }
}

/** Attaches recorded details to the objects of \KernelObjects, \Security and \NLS and to those directories. */
function recordSyntheticDetails(root: SnapshotNode, rnd: () => number): void {
  const rootDetails = recorded(root, rnd, 0);
  if (rootDetails) root.details = rootDetails;
  for (const d of root.children ?? []) {
    if (d.name !== 'KernelObjects' && d.name !== 'Security' && d.name !== 'NLS') continue;
    const dd = recorded(d, rnd, 0);
    if (dd) d.details = dd;
    (d.children ?? []).forEach((c, i) => {
      const cd = recorded(c, rnd, i);
      if (cd) c.details = cd;
    });
  }
}

/** Type information consistent with the type statistics (Windows 11 values for the common types). */
function syntheticTypeInfo(t: TypeStat): ObjectTypeInfo {
  const paged = t.name === 'Directory' || t.name === 'SymbolicLink' || t.name === 'Section' || t.name === 'Key';
  return {
    name: t.name,
    index: t.index,
    totalObjects: t.objects,
    totalHandles: t.handles,
    highWaterObjects: t.peakObjects,
    highWaterHandles: t.peakHandles,
    invalidAttributes: 0x100,
    genericMapping: { read: 0x20001, write: 0x20002, execute: 0x120000, all: 0x1f0003 },
    validAccessMask: 0x1f0003,
    securityRequired: true,
    maintainHandleCount: false,
    poolType: paged ? 1 : 512,
    defaultPagedPoolCharge: 0,
    defaultNonPagedPoolCharge: paged ? 0 : 0x58,
  };
}

function countNodes(root: SnapshotNode): number {
  let n = 0;
  const stack = [root];
  while (stack.length) {
    const x = stack.pop()!;
    n++;
    if (x.children) for (const c of x.children) stack.push(c);
  }
  return n;
}

/** Named objects in the tree plus unnamed ones (processes, threads, files are mostly unnamed). */
function typeStats(root: SnapshotNode, rnd: () => number): TypeStat[] {
  const named = new Map<string, number>();
  const stack = [root];
  while (stack.length) {
    const x = stack.pop()!;
    named.set(x.type, (named.get(x.type) ?? 0) + 1);
    if (x.children) for (const c of x.children) stack.push(c);
  }
  const unnamed = new Map<string, number>([
    ['Process', 180], ['Thread', 2400], ['File', 9000], ['Key', 4200], ['Token', 700], ['Event', 12000],
    ['Section', 1500], ['IoCompletion', 600], ['TpWorkerFactory', 300], ['Job', 40], ['Timer', 400],
  ]);
  return OBJECT_TYPES.map((name, index) => {
    const objects = (named.get(name) ?? 0) + (unnamed.get(name) ?? Math.floor(rnd() * 20));
    const handles = objects + Math.floor(objects * rnd() * 1.5);
    return {
      name,
      index: index + 2,
      objects,
      handles,
      peakObjects: objects + Math.floor(objects * 0.1),
      peakHandles: handles + Math.floor(handles * 0.1),
    };
  });
}

function memoryConditions(): MemoryCondition[] {
  return MEMORY_CONDITION_NAMES.map((name) => ({
    name,
    path: `\\KernelObjects\\${name}`,
    kind: 'dynamic-link',
    signaled: name.startsWith('High') && name !== 'HighCommitCondition' ? true : false,
    error: null,
  }));
}

function zombieReport(): ZombieReport {
  const holderA = { pid: 4242, imageName: 'LeakyService.exe', handle: 0x1a4, grantedAccess: 0x1fffff };
  const holderB = { pid: 5150, imageName: 'monitor.exe', handle: 0x2c8, grantedAccess: 0x1000 };
  const at = (m: number) => new Date(Date.UTC(2026, 0, 15, 9, m, 0)).toISOString();
  const processes = [7001, 7002, 7003].map((pid, i) => ({
    pid,
    imageName: 'worker.exe',
    imagePath: '\\Device\\HarddiskVolume3\\Tools\\worker.exe',
    exitCode: i === 2 ? 0xc0000005 : 0,
    createTime: at(i),
    exitTime: at(i + 5),
    userTimeMs: 120 + i,
    kernelTimeMs: 40 + i,
    parentPid: 4242,
    parentExists: true,
    objectAddress: null,
    holders: i === 2 ? [{ ...holderA, handle: 0x1b0 }, holderB] : [{ ...holderA, handle: 0x1a4 + i * 4 }],
    heldByKernel: false,
  }));
  const threads = [9100, 9104].map((tid, i) => ({
    tid,
    pid: 4242,
    imageName: 'LeakyService.exe',
    exitCode: 0,
    createTime: at(10 + i),
    exitTime: at(11 + i),
    objectAddress: null,
    holders: [{ ...holderA, handle: 0x300 + i * 4 }],
  }));
  return {
    processes,
    threads,
    summary: {
      zombieProcesses: 3,
      zombieThreads: 2,
      pidsHeld: 5,
      estimatedBytes: 3 * 72 * 1024 + 2 * 4096,
      topHolders: [
        { pid: 4242, imageName: 'LeakyService.exe', processes: 3, threads: 2 },
        { pid: 5150, imageName: 'monitor.exe', processes: 1, threads: 0 },
      ],
      holderErrors: [{ pid: 4, imageName: 'System', error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' } }],
      handlesScanned: 48211,
      heldByKernel: 0,
      // Two listed processes the kernel walk skipped (a protected one and another user's).
      processesNotSeen: 2,
      processesListed: 212,
      scanMs: 35,
    },
    scannedAt: at(30),
  };
}
