// The harness's settings (tools/wine/harness.mjs): OBJSCOPE_WINE picks the Wine, and each Wine
// keeps its prefixes in a folder of its own, since a prefix made by one wineserver is unusable
// by the other (they speak different protocols). Wine 10 runs from a chroot entered in a mount
// namespace of its own, so nothing stays mounted on the machine after a run.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheDir, WINE, WINESERVER, wineSettings } from '../../tools/wine/harness.mjs';

describe('wineSettings', () => {
  it("defaults to the machine's Wine 8 and its prefix folder, the cache itself", () => {
    expect(wineSettings({})).toEqual({ version: '8', wine: [WINE], wineserver: [WINESERVER], cache: cacheDir(), rootfs: null });
  });

  it('OBJSCOPE_WINE=10: the chroot under the cache, its own prefix folder, loader and server run inside it', () => {
    const s = wineSettings({ OBJSCOPE_WINE: '10' });
    expect(s.cache).toBe(join(cacheDir(), 'wine-10'));
    expect(s.rootfs).toBe(join(cacheDir(), 'wine-10', 'rootfs'));
    expect(s.cache).not.toBe(wineSettings({}).cache);
    // A private mount namespace: the binds go with the process, never onto the machine.
    expect(s.wine.slice(0, 4)).toEqual(['unshare', '--mount', '--propagation', 'private']);
    expect(s.wine.at(-1)).toBe(WINE);
    expect(s.wineserver.at(-1)).toBe(WINESERVER);
    expect(s.wine).toContain(s.rootfs);
  });

  it('refuses a Wine it does not know, naming the ones it does', () => {
    expect(() => wineSettings({ OBJSCOPE_WINE: '9' })).toThrow('OBJSCOPE_WINE must be one of 8, 10 (got "9")');
  });
});
