// How objscope.exe keeps its unpacked files whole (src/unpack.ts), on the real file system: the
// damage real machines do to the folder (antivirus emptying or removing a file, a full disk
// truncating one, a start killed mid-unpack) is found by the cheap check and healed by a fresh
// unpack. The same code inside the real .exe under Wine: test/wine/package/exe-heal.test.ts.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { brotliDecompressSync } from 'node:zlib';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkFolder, COMPLETE_FILE, ensureUnpacked, LEFTOVER_AGE_MS, removeLeftovers, UnpackError, type Build } from '../src/unpack';

const FILES: Record<string, string> = {
  'package.json': '{"name":"objscope"}\n',
  'boot.cjs': 'require("./dist/objscope.mjs");\n',
  'dist/objscope.mjs': 'console.log("objscope");\n'.repeat(50),
  'node_modules/koffi/build/koffi/win32_x64/koffi.node': 'MZ'.padEnd(4096, '\u0001'),
};

/** A payload laid out as scripts/package.mjs lays it out, and a count of how often it was read. */
function build(id = '0.1.0-0123456789abcdef'): Build & { unpacks: () => number } {
  const list = Object.entries(FILES).map(([path, text]) => ({ path, data: Buffer.from(text) }));
  const header = Buffer.from(JSON.stringify({ files: list.map((f) => ({ path: f.path, size: f.data.length })) }));
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  const raw = Buffer.concat([length, header, ...list.map((f) => f.data)]);
  let count = 0;
  return {
    id,
    files: list.map((f) => ({ path: f.path, size: f.data.length })),
    payload: () => {
      count += 1;
      return raw;
    },
    unpacks: () => count,
  };
}

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), 'objscope-unpack-'));
});
afterEach(() => {
  rmSync(base, { recursive: true, force: true });
});

const at = (dir: string, path: string) => join(dir, ...path.split('/'));
const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000);

describe('the unpacked folder of one build', () => {
  it('is unpacked on first use with its completion record written, and reused untouched afterwards', () => {
    const b = build();
    const dir = ensureUnpacked(base, b);
    expect(dir).toBe(join(base, b.id));
    for (const [path, text] of Object.entries(FILES)) expect(readFileSync(at(dir, path), 'utf8')).toBe(text);
    expect(readFileSync(join(dir, COMPLETE_FILE), 'utf8')).toBe(`${b.id}\n`);
    expect(ensureUnpacked(base, b)).toBe(dir);
    expect(b.unpacks()).toBe(1);
    expect(readdirSync(base)).toEqual([b.id]);
  });

  const damages: [string, (dir: string) => void, RegExp][] = [
    ['the agent bundle emptied', (d) => truncateSync(at(d, 'dist/objscope.mjs'), 0), /dist\/objscope\.mjs is 0 bytes instead of 1250/],
    ['the agent bundle truncated', (d) => truncateSync(at(d, 'dist/objscope.mjs'), 100), /dist\/objscope\.mjs is 100 bytes/],
    ['boot.cjs missing', (d) => unlinkSync(at(d, 'boot.cjs')), /boot\.cjs is missing/],
    ["koffi's binary truncated", (d) => truncateSync(at(d, 'node_modules/koffi/build/koffi/win32_x64/koffi.node'), 10), /koffi\.node is 10 bytes/],
    ['package.json missing', (d) => unlinkSync(at(d, 'package.json')), /package\.json is missing/],
    ['the completion record missing (an unpack that never finished)', (d) => unlinkSync(join(d, COMPLETE_FILE)), /never completed/],
    ['the completion record naming another build', (d) => writeFileSync(join(d, COMPLETE_FILE), 'other\n'), /holds build "other"/],
    ['a file replaced by a folder', (d) => {
      unlinkSync(at(d, 'boot.cjs'));
      mkdirSync(at(d, 'boot.cjs'));
    }, /boot\.cjs is missing/],
  ];
  for (const [what, damage, reason] of damages) {
    it(`with ${what}: fails the check, naming the file, and the next start heals it`, () => {
      const b = build();
      const dir = ensureUnpacked(base, b);
      damage(dir);
      expect(checkFolder(dir, b)).toMatch(reason);
      expect(ensureUnpacked(base, b)).toBe(dir);
      expect(checkFolder(dir, b)).toBeNull();
      for (const [path, text] of Object.entries(FILES)) expect(readFileSync(at(dir, path), 'utf8')).toBe(text);
      expect(b.unpacks()).toBe(2);
      // Nothing of the damaged folder or of the unpack remains beside the healed one.
      expect(readdirSync(base)).toEqual([b.id]);
    });
  }

  it('leaves folders of other builds alone (another copy of an older objscope.exe may be running)', () => {
    const old = build('0.0.9-fedcba9876543210');
    ensureUnpacked(base, old);
    const b = build();
    ensureUnpacked(base, b);
    expect(readdirSync(base).sort()).toEqual([old.id, b.id].sort());
    expect(checkFolder(join(base, old.id), old)).toBeNull();
  });
});

describe('leftovers of starts that died', () => {
  it('removes unpack folders, damaged folders and locks older than a minute, and keeps younger ones (another start at work)', () => {
    const b = build();
    const dir = ensureUnpacked(base, b);
    for (const name of ['.unpack-old', '.damaged-old', '.lock-0.0.9-old']) {
      mkdirSync(join(base, name, 'dist'), { recursive: true });
      writeFileSync(join(base, name, 'dist', 'objscope.mjs'), 'half');
      utimesSync(join(base, name), minutesAgo(2), minutesAgo(2));
    }
    mkdirSync(join(base, '.unpack-young'));
    utimesSync(join(base, '.unpack-young'), new Date(Date.now() - LEFTOVER_AGE_MS / 2), new Date(Date.now() - LEFTOVER_AGE_MS / 2));
    // A start whose folder passes the check still sweeps.
    expect(ensureUnpacked(base, b)).toBe(dir);
    expect(readdirSync(base).sort()).toEqual(['.unpack-young', b.id]);
    expect(b.unpacks()).toBe(1);
  });

  it('removes nothing it does not own in the folder', () => {
    mkdirSync(join(base, 'notes'));
    utimesSync(join(base, 'notes'), minutesAgo(5), minutesAgo(5));
    removeLeftovers(base);
    expect(readdirSync(base)).toEqual(['notes']);
  });

  it('breaks the lock of a start that was killed while unpacking instead of waiting a minute for it', () => {
    const b = build();
    // What a killed start leaves: its lock naming a process that no longer exists, its
    // half-written unpack folder, and no build folder.
    mkdirSync(join(base, `.lock-${b.id}`));
    writeFileSync(join(base, `.lock-${b.id}`, 'pid'), String(2 ** 30 + 7));
    mkdirSync(join(base, '.unpack-killed'));
    const dir = ensureUnpacked(base, b);
    expect(checkFolder(dir, b)).toBeNull();
    expect(readdirSync(base).sort()).toEqual(['.unpack-killed', b.id]);
  });

  it('waits while a living start holds the lock, and uses the folder that start completes', async () => {
    const b = build();
    const lock = join(base, `.lock-${b.id}`);
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), String(process.pid));
    const other = build();
    // The "other start" finishes from a timer while this one waits (its wait blocks the thread,
    // so the other start runs in a child process).
    const { spawn } = await import('node:child_process');
    const script = `
      const fs = require('node:fs'); const path = require('node:path');
      setTimeout(() => {
        const dir = ${JSON.stringify(join(base, b.id))};
        for (const [p, t] of Object.entries(${JSON.stringify(FILES)})) { const f = path.join(dir, ...p.split('/')); fs.mkdirSync(path.dirname(f), { recursive: true }); fs.writeFileSync(f, t); }
        fs.writeFileSync(path.join(dir, ${JSON.stringify(COMPLETE_FILE)}), ${JSON.stringify(`${b.id}\n`)});
        fs.rmSync(${JSON.stringify(lock)}, { recursive: true });
      }, 300);`;
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const dir = ensureUnpacked(base, other);
    expect(other.unpacks()).toBe(0);
    expect(checkFolder(dir, other)).toBeNull();
    await new Promise((r) => child.on('exit', r));
  });
});

describe('failures healing cannot fix', () => {
  it('an unusable cache folder is one line naming it and OBJSCOPE_EXE_CACHE', () => {
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    const fail = () => ensureUnpacked(join(file, 'objscope'), build());
    expect(fail).toThrow(UnpackError);
    expect(fail).toThrow(new RegExp(`^cannot create ${file.replaceAll('\\', '\\\\')}.*\\(ENOTDIR\\); set OBJSCOPE_EXE_CACHE to a writable folder$`));
  });

  it("a payload whose SHA-256 is not the build's (a damaged .exe) unpacks nothing and says to download objscope.exe again", () => {
    const b = build();
    const good = createHash('sha256').update(b.payload()).digest('hex');
    const flipped = Buffer.from(b.payload());
    flipped[flipped.length - 1]! ^= 1;
    const damaged: Build = { ...b, sha256: good, payload: () => flipped };
    expect(() => ensureUnpacked(base, damaged)).toThrow(/^the program files inside .* are damaged \(their SHA-256 is not the build's\); download objscope\.exe again$/);
    expect(readdirSync(base)).toEqual([]);
    // The same bytes undamaged unpack, checked against the same hash.
    expect(checkFolder(ensureUnpacked(base, { ...b, sha256: good }), b)).toBeNull();
  });

  it('a payload that does not decompress is a damaged .exe too, not a full disk', () => {
    const b: Build = { ...build(), payload: () => brotliDecompressSync(Buffer.from('not brotli')) };
    expect(() => ensureUnpacked(base, b)).toThrow(/^the program files inside .* are damaged \(they do not decompress: .*\); download objscope\.exe again$/);
    expect(readdirSync(base)).toEqual([]);
  });

  it('a payload that does not match its file list names the folder and says to delete it', () => {
    const b = build();
    const lying: Build = { ...b, files: b.files.map((f) => (f.path === 'boot.cjs' ? { ...f, size: f.size + 1 } : f)) };
    expect(() => ensureUnpacked(base, lying)).toThrow(/^the program files in .* are damaged \(boot\.cjs is 32 bytes instead of 33\) right after unpacking; delete that folder and start again$/);
    expect(existsSync(join(base, `.lock-${b.id}`))).toBe(false);
  });
});
