// NT device paths to DOS paths. The mapping is a pure function over a device -> drive map so
// it is testable on Linux; the live map comes from the drive-letter links in \GLOBAL?? and \??.
import { joinNtPath } from '@objscope/core';
import { listDirectoryRaw } from './directory';
import { readLinkTargetRelative } from './symlink';

/** Device NT path (e.g. `\Device\HarddiskVolume1`) -> drive (`C:`). */
export type DosDeviceMap = ReadonlyMap<string, string>;

const UNC_PREFIXES = ['\\Device\\Mup', '\\Device\\LanmanRedirector'];

/** `prefix` matches `path` as whole components: `\A\B` matches `\A\B` and `\A\B\x`, not `\A\BC`. */
function componentPrefix(path: string, prefix: string): boolean {
  if (path.length < prefix.length) return false;
  if (path.slice(0, prefix.length).toUpperCase() !== prefix.toUpperCase()) return false;
  return path.length === prefix.length || path[prefix.length] === '\\';
}

/**
 * `\Device\HarddiskVolume1\Windows\x.exe` -> `C:\Windows\x.exe`; `\Device\Mup\srv\share\x` ->
 * `\\srv\share\x`; null when no device in the map (or UNC) matches. The longest matching device
 * wins, so nested device names cannot shadow each other.
 */
export function ntPathToDosPathWith(map: DosDeviceMap, path: string): string | null {
  let best: { device: string; drive: string } | null = null;
  for (const [device, drive] of map) {
    if (componentPrefix(path, device) && (!best || device.length > best.device.length)) best = { device, drive };
  }
  if (best) {
    const rest = path.slice(best.device.length);
    return rest === '' ? `${best.drive}\\` : `${best.drive}${rest}`;
  }
  for (const prefix of UNC_PREFIXES) {
    if (componentPrefix(path, prefix)) {
      let rest = path.slice(prefix.length);
      // Components starting with `;` come before the server name: the provider through MUP
      // (`;LanmanRedirector`, `;WebDavRedirector`) and the redirector's session (`;Z:0000...`).
      for (let m = /^\\;[^\\]*/.exec(rest); m; m = /^\\;[^\\]*/.exec(rest)) rest = rest.slice(m[0].length);
      if (rest.length > 1) return `\\${rest}`;
    }
  }
  if (componentPrefix(path, '\\??') || componentPrefix(path, '\\GLOBAL??')) {
    const rest = path.slice(path.indexOf('\\', 1) + 1);
    if (/^[A-Za-z]:(\\|$)/.test(rest)) return rest.length === 2 ? `${rest}\\` : rest;
    if (rest.toUpperCase().startsWith('UNC\\')) return `\\\\${rest.slice(4)}`;
  }
  return null;
}

const DRIVE = /^[A-Za-z]:$/;

/** Drive-letter links from `\GLOBAL??` then `\??` (the caller's session overrides). */
function buildDosDeviceMap(): Map<string, string> {
  const map = new Map<string, string>();
  for (const dir of ['\\GLOBAL??', '\\??']) {
    const list = listDirectoryRaw(dir);
    if (!list.ok) continue;
    for (const e of list.value) {
      if (e.type !== 'SymbolicLink' || !DRIVE.test(e.name)) continue;
      const t = readLinkTargetRelative(null, joinNtPath(dir, e.name));
      if (!t.ok || !t.value.target) continue;
      // Later (session) entries override global ones for the same drive.
      for (const [dev, drv] of map) if (drv.toUpperCase() === e.name.toUpperCase()) map.delete(dev);
      map.set(t.value.target, e.name.toUpperCase());
    }
  }
  return map;
}

let cached: { map: Map<string, string>; at: number } | null = null;
const CACHE_MS = 10_000;

/** NT path -> DOS path with the live drive map (cached for 10 s); null when nothing maps it. */
export function ntPathToDosPath(path: string): string | null {
  if (!cached || Date.now() - cached.at > CACHE_MS) cached = { map: buildDosDeviceMap(), at: Date.now() };
  return ntPathToDosPathWith(cached.map, path);
}
