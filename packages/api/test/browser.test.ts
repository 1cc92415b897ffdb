// The router also runs in the page (unstable_localLink over a SnapshotSource), so the package
// must bundle for the browser with nothing Node-only in it.
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

describe('packages/api in the browser', () => {
  it('bundles for the browser platform without any node: module', async () => {
    const r = await build({
      entryPoints: [new URL('../src/index.ts', import.meta.url).pathname],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(r.metafile.inputs);
    expect(inputs.some((i) => i.includes('packages/api/src/router.ts'))).toBe(true);
    expect(inputs.filter((i) => i.startsWith('node:') || /^(fs|path|http|crypto|os|child_process)$/.test(i))).toEqual([]);
    expect(r.outputFiles[0]!.text).not.toMatch(/from ["']node:/);
  });
});
