// The leanest walk JavaScript can do through koffi, run by Windows Node under Wine for
// bench/walk.mjs: the same NT calls as tools/native/walker.c and the agent's walk (each link
// opened, queried and closed, each child directory opened relative to its parent), made the
// way the agent makes them (handles and reused buffers passed as Numbers; every prototype
// declared with six parameters, as packages/nt/src/ffi.ts does, or Wine 10 never returns from
// the call), with no per-entry JavaScript beyond what the calls need: no entry objects, names
// decoded only for directories and links. Its CPU is the floor any JS walker pays for those
// calls; the agent's CPU above it is the agent's own per-entry work.
// --bulk lists each directory in one call, restarting with a doubled buffer while the kernel
// answers STATUS_MORE_ENTRIES, as the agent does (Windows, Wine 10); without it one entry per
// call (all Wine 8 has).
// --tree also does the least a walker that returns the namespace must do per entry: decode the
// name and keep one node object per entry in a tree.
//   node koffi-floor-walker.mjs <repo package.json> <repeat> [--bulk] [--tree]  ->  {"objects":..,"ms":[..]}
//   node koffi-floor-walker.mjs <repo package.json> close N   ->  {"calls":N}: N NtClose calls on an
//     invalid handle (a wineserver round trip with no work), against walker.exe close N in C
import { createRequire } from 'node:module';

const koffi = createRequire(process.argv[2])('koffi');
const closeOnly = process.argv[3] === 'close';
const keepTree = process.argv.includes('--tree');
const bulk = process.argv.includes('--bulk');
const repeat = Number(process.argv[closeOnly ? 4 : 3] ?? 1);
const ntdll = koffi.load('ntdll.dll');
const NtOpenDirectoryObject = ntdll.func('int32 __stdcall NtOpenDirectoryObject(uintptr_t h, uint32 access, uintptr_t oa, uint64 p3, uint64 p4, uint64 p5)');
const NtQueryDirectoryObject = ntdll.func('int32 __stdcall NtQueryDirectoryObject(uintptr_t h, void *buf, uint32 len, uint8 single, uint8 restart, void *ctx, void *retlen)');
const NtOpenSymbolicLinkObject = ntdll.func('int32 __stdcall NtOpenSymbolicLinkObject(uintptr_t h, uint32 access, uintptr_t oa, uint64 p3, uint64 p4, uint64 p5)');
const NtQuerySymbolicLinkObject = ntdll.func('int32 __stdcall NtQuerySymbolicLinkObject(uintptr_t h, uintptr_t target, uintptr_t retlen, uint64 p3, uint64 p4, uint64 p5)');
const NtClose = ntdll.func('int32 __stdcall NtClose(uintptr_t h, uint64 p1, uint64 p2, uint64 p3, uint64 p4, uint64 p5)');

const MORE_ENTRIES = 0x105;
let qbuf = new Uint8Array(64 * 1024);
let qview = new DataView(qbuf.buffer);
let qtext = Buffer.from(qbuf.buffer);
let qbase = Number(koffi.address(qbuf));
function growQuery() {
  qbuf = new Uint8Array(qbuf.byteLength * 2);
  qview = new DataView(qbuf.buffer);
  qtext = Buffer.from(qbuf.buffer);
  qbase = Number(koffi.address(qbuf));
}
const ctx = new Uint32Array(1);
const ret = new Uint32Array(1);
const retAddress = Number(koffi.address(new Uint8Array(ret.buffer)));
// The opened handle's 8 bytes.
const handleOut = new Uint32Array(2);
const handleAddress = Number(koffi.address(new Uint8Array(handleOut.buffer)));
// OBJECT_ATTRIBUTES at 0, UNICODE_STRING at 48, the name from 64.
const oa = new Uint8Array(64 + 65536);
const oaView = new DataView(oa.buffer);
const oaBase = koffi.address(oa);
const oaAddress = Number(oaBase);
oaView.setUint32(0, 48, true);
oaView.setBigUint64(16, oaBase + 48n, true);
oaView.setUint32(24, 0x40, true);
oaView.setBigUint64(56, oaBase + 64n, true);
const target = new Uint8Array(16 + 1024);
const targetView = new DataView(target.buffer);
const targetBase = koffi.address(target);
const targetAddress = Number(targetBase);
targetView.setBigUint64(8, targetBase + 16n, true);
const targetText = Buffer.from(target.buffer);
let objects = 0;

/** Opens the name whose UTF-16 bytes are `name` relative to `root` (0: absolute); 0 on failure. */
function open(fn, root, name) {
  oa.set(name, 64);
  oaView.setUint16(48, name.byteLength, true);
  oaView.setUint16(50, name.byteLength, true);
  oaView.setUint32(8, root % 4294967296, true);
  oaView.setUint32(12, Math.floor(root / 4294967296), true);
  handleOut[0] = 0;
  handleOut[1] = 0;
  // Access 1: DIRECTORY_QUERY or SYMBOLIC_LINK_QUERY.
  return fn(handleAddress, 1, oaAddress, 0, 0, 0) === 0 ? handleOut[1] * 4294967296 + handleOut[0] : 0;
}

const TYPE_NAMES = new Map([[18, 'Directory'], [24, 'SymbolicLink']]);
let tree = [];

/** One entry of the listing in qbuf at `off`: counted, its link read, its directory queued. */
function entry(h, off, children, dirs) {
  objects++;
  const typeLen = qview.getUint16(off + 16, true);
  const typeOff = qview.getUint32(off + 24, true) + qview.getUint32(off + 28, true) * 4294967296 - qbase;
  const first = qview.getUint16(typeOff, true);
  const nameLen = qview.getUint16(off, true);
  const nameOff = qview.getUint32(off + 8, true) + qview.getUint32(off + 12, true) * 4294967296 - qbase;
  let node = null;
  if (keepTree) {
    const name = qtext.toString('utf16le', nameOff, nameOff + nameLen);
    node = { name, type: TYPE_NAMES.get(typeLen) ?? 'Other', target: null, error: null, children: null };
    children.push(node);
  }
  if (typeLen === 18 && first === 0x44) {
    // "Directory": keep the name's bytes to open it after the listing (qbuf is reused below).
    dirs.push({ name: qbuf.slice(nameOff, nameOff + nameLen), node });
  } else if (typeLen === 24 && first === 0x53) {
    // "SymbolicLink": open, read the target, close.
    const l = open(NtOpenSymbolicLinkObject, h, qbuf.subarray(nameOff, nameOff + nameLen));
    if (l !== 0) {
      targetView.setUint32(0, 1024 << 16, true);
      const ok = NtQuerySymbolicLinkObject(l, targetAddress, retAddress, 0, 0, 0) === 0;
      if (ok && node) node.target = targetText.toString('utf16le', 16, 16 + targetView.getUint16(0, true));
      NtClose(l, 0, 0, 0, 0, 0);
    }
  }
}

function walk(h, children) {
  const dirs = [];
  if (bulk) {
    let s;
    while ((s = NtQueryDirectoryObject(h, qbuf, qbuf.byteLength, 0, 1, ctx, ret) >>> 0) === MORE_ENTRIES) growQuery();
    if (s === 0) {
      // The entries end at a zeroed one (name and type both empty).
      for (let off = 0; qview.getUint16(off, true) !== 0 || qview.getUint16(off + 16, true) !== 0; off += 32) entry(h, off, children, dirs);
    }
  } else {
    let restart = 1;
    for (;;) {
      const s = NtQueryDirectoryObject(h, qbuf, qbuf.byteLength, 1, restart, ctx, ret) >>> 0;
      restart = 0;
      if (s !== 0 && s !== MORE_ENTRIES) break;
      entry(h, 0, children, dirs);
    }
  }
  for (const { name, node } of dirs) {
    const ch = open(NtOpenDirectoryObject, h, name);
    if (ch !== 0) {
      if (node) node.children = [];
      walk(ch, node ? node.children : children);
      NtClose(ch, 0, 0, 0, 0, 0);
    }
  }
}

if (closeOnly) {
  const invalid = 0x12345670;
  for (let i = 0; i < repeat; i++) NtClose(invalid, 0, 0, 0, 0, 0);
  console.log(JSON.stringify({ calls: repeat }));
  process.exit(0);
}

const ms = [];
const backslash = new Uint8Array([0x5c, 0]);
for (let r = 0; r < repeat; r++) {
  objects = 0;
  tree = [];
  const t0 = performance.now();
  const root = open(NtOpenDirectoryObject, 0, backslash);
  walk(root, tree);
  NtClose(root, 0, 0, 0, 0, 0);
  ms.push(performance.now() - t0);
}
console.log(JSON.stringify({ objects, ms }));
