// packages/core runs in the page (snapshots opened with no agent), so it must bundle for the
// browser with nothing Node-only in it.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const srcDir = fileURLToPath(new URL('../src/', import.meta.url));

describe('@objscope/core in the browser', () => {
  it('bundles for platform "browser" without errors', async () => {
    const r = await build({
      entryPoints: [`${srcDir}index.ts`],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(r.errors).toEqual([]);
    const code = r.outputFiles[0]!.text;
    expect(code).not.toMatch(/from ["']node:|require\(["'](fs|path|zlib|buffer)["']\)/);
  });

  it('uses no Node globals or modules in its sources', () => {
    for (const f of readdirSync(srcDir).filter((n) => n.endsWith('.ts'))) {
      const text = readFileSync(`${srcDir}${f}`, 'utf8');
      expect(text, f).not.toMatch(/from ['"]node:|\bBuffer\b|\bprocess\.|\brequire\(/);
    }
  });
});
