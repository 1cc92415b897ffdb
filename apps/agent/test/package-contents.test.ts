// What ships in the npm package (and so in objscope.exe, which unpacks the same staged files;
// scripts/package.mjs): nothing that points at files left behind, nothing that names the
// machine it was built on, and the licence its manifest claims.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './wine/support/wine';
import { buildPackages, TARBALL } from './wine/package/support';

const STAGE = join(REPO, 'dist', 'package');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

beforeAll(() => {
  buildPackages({ exe: false });
}, 180_000);

describe('the staged package', () => {
  it('has no sourceMappingURL comment pointing at a file it does not ship', () => {
    const dangling: string[] = [];
    for (const f of files(STAGE).filter((p) => /\.(m?js|cjs|css)$/.test(p))) {
      for (const m of readFileSync(f, 'utf8').matchAll(/[#@] sourceMappingURL=([^\s*'"]+)/g)) {
        const target = m[1]!;
        if (target.startsWith('data:')) continue;
        if (!existsSync(resolve(dirname(f), target))) dangling.push(`${relative(STAGE, f)} -> ${target}`);
      }
    }
    expect(dangling).toEqual([]);
  });

  it('ships the licence its manifest names, in the tarball too', () => {
    const manifest = JSON.parse(readFileSync(join(STAGE, 'package.json'), 'utf8')) as { license: string };
    expect(manifest.license).toBe('MIT');
    const text = readFileSync(join(STAGE, 'LICENSE'), 'utf8');
    expect(text).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} the objscope contributors\n/);
    expect(text).toBe(readFileSync(join(REPO, 'LICENSE'), 'utf8'));
    const listed = spawnSync('tar', ['-tzf', TARBALL], { encoding: 'utf8' });
    expect(listed.stdout.split('\n')).toContain('package/LICENSE');
  });

  it("keeps no field in koffi's package.json that names a file the cut package lacks", () => {
    const dir = join(STAGE, 'node_modules', 'koffi');
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    const named: string[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^\.\.?\//.test(v)) named.push(v);
      else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(pkg);
    // Plain paths a manifest may use without "./".
    for (const k of ['main', 'types', 'typings', 'module']) if (typeof pkg[k] === 'string') named.push(pkg[k]);
    for (const f of Array.isArray(pkg.files) ? (pkg.files as unknown[]) : []) if (typeof f === 'string') named.push(f);
    expect(named).toContain('./index.js');
    expect(named.filter((p) => !existsSync(resolve(dir, p)))).toEqual([]);
    // It still loads from what is there: the loader the manifest names.
    expect(existsSync(join(dir, 'build', 'koffi', 'win32_x64', 'koffi.node'))).toBe(true);
  });

  it('carries a sample snapshot that names no folder of the machine it was built on', () => {
    const text = gunzipSync(readFileSync(join(STAGE, 'assets', 'sample.objscope.gz'))).toString('utf8');
    // Wine shows the Linux build machine's file system as drive Z:; the repository itself in
    // either spelling.
    const windowsRepo = `Z:${REPO.split(sep).join('\\')}`;
    for (const needle of [REPO, JSON.stringify(windowsRepo).slice(1, -1), 'Z:\\\\', '.cache\\\\objscope']) {
      expect(text.includes(needle), needle).toBe(false);
    }
    // The zombies still say what ran: a program on the prefix's C: drive.
    const images = [...text.matchAll(/"imagePath":"([^"]*)"/g)].map((m) => m[1]);
    expect(images.length).toBeGreaterThan(0);
    for (const p of images) expect(p).toMatch(/^(?:C:|\\\\Device\\\\)/i);
  });
});
