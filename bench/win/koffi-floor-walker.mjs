// The leanest walk JavaScript can do through koffi, run by Windows Node under Wine for
// bench/walk.mjs: the same NT calls as tools/native/walker.c and the agent's walk (single-entry
// NtQueryDirectoryObject per entry, each link opened, queried and closed, each child directory
// opened relative to its parent), with no per-entry JavaScript beyond what the calls need (no
// entry objects, names decoded only for directories and links). Its CPU is the floor any JS
// walker pays for those calls; the agent's CPU above it is the agent's own per-entry work.
// With --tree it also does the least a walker that returns the namespace must do per entry:
// decode the name and keep one node object per entry in a tree.
//   node koffi-floor-walker.mjs <repo package.json> <repeat> [--tree]  ->  {"objects":..,"ms":[..]}
//   node koffi-floor-walker.mjs <repo package.json> close N   ->  {"calls":N}: N NtClose calls on an
//     invalid handle (a wineserver round trip with no work), against walker.exe close N in C
import { createRequire } from 'node:module';

const koffi = createRequire(process.argv[2])('koffi');
const closeOnly = process.argv[3] === 'close';
const keepTree = process.argv.includes('--tree');
const repeat = Number(process.argv[closeOnly ? 4 : 3] ?? 1);
const ntdll = koffi.load('ntdll.dll');
const NtOpenDirectoryObject = ntdll.func('int32 __stdcall NtOpenDirectoryObject(_Out_ void **h, uint32 access, void *oa)');
const NtQueryDirectoryObject = ntdll.func('int32 __stdcall NtQueryDirectoryObject(void *h, void *buf, uint32 len, uint8 single, uint8 restart, void *ctx, void *retlen)');
const NtOpenSymbolicLinkObject = ntdll.func('int32 __stdcall NtOpenSymbolicLinkObject(_Out_ void **h, uint32 access, void *oa)');
const NtQuerySymbolicLinkObject = ntdll.func('int32 __stdcall NtQuerySymbolicLinkObject(void *h, void *target, void *retlen)');
const NtClose = ntdll.func('int32 __stdcall NtClose(void *h)');

const QBUF = 64 * 1024;
const qbuf = new Uint8Array(QBUF);
const qview = new DataView(qbuf.buffer);
const qbase = Number(koffi.address(qbuf));
const ctx = new Uint32Array(1);
const ret = new Uint32Array(1);
// OBJECT_ATTRIBUTES at 0, UNICODE_STRING at 48, the name from 64.
const oa = new Uint8Array(64 + 65536);
const oaView = new DataView(oa.buffer);
const oaBase = koffi.address(oa);
oaView.setUint32(0, 48, true);
oaView.setBigUint64(16, oaBase + 48n, true);
oaView.setUint32(24, 0x40, true);
oaView.setBigUint64(56, oaBase + 64n, true);
const target = new Uint8Array(16 + 1024);
const targetView = new DataView(target.buffer);
targetView.setBigUint64(8, koffi.address(target) + 16n, true);
const out = [null];
let objects = 0;

function open(fn, root, nameOff, nameLen) {
  oa.set(qbuf.subarray(nameOff, nameOff + nameLen), 64);
  oaView.setUint16(48, nameLen, true);
  oaView.setUint16(50, nameLen, true);
  oaView.setBigUint64(8, root === null ? 0n : koffi.address(root), true);
  // Access 1: DIRECTORY_QUERY or SYMBOLIC_LINK_QUERY.
  return fn(out, 1, oa) === 0 ? out[0] : null;
}

const TYPE_NAMES = new Map([[18, 'Directory'], [24, 'SymbolicLink']]);
const qtext = Buffer.from(qbuf.buffer, qbuf.byteOffset, qbuf.byteLength);
let tree = [];

function walk(h, children) {
  const dirs = [];
  let restart = 1;
  for (;;) {
    const s = NtQueryDirectoryObject(h, qbuf, QBUF, 1, restart, ctx, ret) >>> 0;
    restart = 0;
    if (s !== 0 && s !== 0x105) break;
    objects++;
    const typeLen = qview.getUint16(16, true);
    const typeOff = Number(qview.getBigUint64(24, true)) - qbase;
    const first = qview.getUint16(typeOff, true);
    const nameLen = qview.getUint16(0, true);
    const nameOff = Number(qview.getBigUint64(8, true)) - qbase;
    let node = null;
    if (keepTree) {
      const name = qtext.toString('utf16le', nameOff, nameOff + nameLen);
      node = { name, type: TYPE_NAMES.get(typeLen) ?? 'Other', target: null, error: null, children: null };
      children.push(node);
    }
    if (typeLen === 18 && first === 0x44) {
      // "Directory": keep the name's bytes to open it after the listing.
      dirs.push({ name: qbuf.slice(nameOff, nameOff + nameLen), node });
    } else if (typeLen === 24 && first === 0x53) {
      // "SymbolicLink": open, read the target, close.
      const l = open(NtOpenSymbolicLinkObject, h, nameOff, nameLen);
      if (l !== null) {
        targetView.setUint32(0, 1024 << 16, true);
        const ok = NtQuerySymbolicLinkObject(l, target, ret) === 0;
        if (ok && node) node.target = Buffer.from(target.buffer).toString('utf16le', 16, 16 + targetView.getUint16(0, true));
        NtClose(l);
      }
    }
  }
  for (const { name, node } of dirs) {
    qbuf.set(name, 0);
    const ch = open(NtOpenDirectoryObject, h, 0, name.length);
    if (ch !== null) {
      if (node) node.children = [];
      walk(ch, node ? node.children : children);
      NtClose(ch);
    }
  }
}

if (closeOnly) {
  const invalid = 0x12345670n;
  for (let i = 0; i < repeat; i++) NtClose(invalid);
  console.log(JSON.stringify({ calls: repeat }));
  process.exit(0);
}

const ms = [];
for (let r = 0; r < repeat; r++) {
  objects = 0;
  tree = [];
  const t0 = performance.now();
  qbuf.set([0x5c, 0], 0);
  const root = open(NtOpenDirectoryObject, null, 0, 2);
  walk(root, tree);
  NtClose(root);
  ms.push(performance.now() - t0);
}
console.log(JSON.stringify({ objects, ms }));
