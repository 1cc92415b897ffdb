import { describe, expect, it } from 'vitest';
import { ntPathToDosPathWith } from '../src/dospath';

const map = new Map([
  ['\\Device\\HarddiskVolume1', 'C:'],
  ['\\Device\\HarddiskVolume10', 'D:'],
  ['\\Device\\HarddiskVolume2', 'Z:'],
]);

describe('ntPathToDosPathWith', () => {
  it('maps a volume path to its drive letter', () => {
    expect(ntPathToDosPathWith(map, '\\Device\\HarddiskVolume1\\Windows\\System32\\notepad.exe')).toBe('C:\\Windows\\System32\\notepad.exe');
  });

  it('matches whole path components only: Volume1 never matches Volume10', () => {
    expect(ntPathToDosPathWith(map, '\\Device\\HarddiskVolume10\\x.exe')).toBe('D:\\x.exe');
    expect(ntPathToDosPathWith(new Map([['\\Device\\HarddiskVolume1', 'C:']]), '\\Device\\HarddiskVolume10\\x.exe')).toBeNull();
    expect(ntPathToDosPathWith(map, '\\Device\\HarddiskVolume1x\\a')).toBeNull();
  });

  it('the device itself maps to the drive root', () => {
    expect(ntPathToDosPathWith(map, '\\Device\\HarddiskVolume2')).toBe('Z:\\');
  });

  it('compares device names case-insensitively, as the object manager does, and keeps the rest as written', () => {
    expect(ntPathToDosPathWith(map, '\\device\\harddiskvolume1\\Program Files\\A b.EXE')).toBe('C:\\Program Files\\A b.EXE');
  });

  it('the longest matching device wins when device names nest', () => {
    const nested = new Map([
      ['\\Device\\Outer', 'E:'],
      ['\\Device\\Outer\\Inner', 'F:'],
    ]);
    expect(ntPathToDosPathWith(nested, '\\Device\\Outer\\Inner\\x')).toBe('F:\\x');
    expect(ntPathToDosPathWith(nested, '\\Device\\Outer\\Other\\x')).toBe('E:\\Other\\x');
  });

  it('UNC through the multiple UNC provider and the redirector', () => {
    expect(ntPathToDosPathWith(map, '\\Device\\Mup\\server\\share\\dir\\a.exe')).toBe('\\\\server\\share\\dir\\a.exe');
    expect(ntPathToDosPathWith(map, '\\Device\\LanmanRedirector\\;Z:00000000000003e7\\server\\share\\a.exe')).toBe('\\\\server\\share\\a.exe');
    // A mapped drive through MUP names the provider and the session: two `;` components.
    expect(ntPathToDosPathWith(map, '\\Device\\Mup\\;LanmanRedirector\\;Z:00000000000003e7\\server\\share\\a.exe')).toBe('\\\\server\\share\\a.exe');
    expect(ntPathToDosPathWith(map, '\\Device\\Mup\\;WebDavRedirector\\server@SSL\\DavWWWRoot\\x')).toBe('\\\\server@SSL\\DavWWWRoot\\x');
    expect(ntPathToDosPathWith(map, '\\Device\\Mupx\\server\\share')).toBeNull();
    expect(ntPathToDosPathWith(map, '\\Device\\Mup')).toBeNull();
  });

  it('paths already in the DOS devices directory lose their prefix', () => {
    expect(ntPathToDosPathWith(map, '\\??\\C:\\Windows\\a.exe')).toBe('C:\\Windows\\a.exe');
    expect(ntPathToDosPathWith(map, '\\GLOBAL??\\D:')).toBe('D:\\');
    expect(ntPathToDosPathWith(map, '\\??\\UNC\\srv\\share\\x')).toBe('\\\\srv\\share\\x');
  });

  it('anything else has no DOS form', () => {
    expect(ntPathToDosPathWith(map, '\\Device\\NamedPipe\\x')).toBeNull();
    expect(ntPathToDosPathWith(new Map(), '\\Device\\HarddiskVolume1\\x')).toBeNull();
  });
});
