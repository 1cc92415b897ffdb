// Decoding on worker threads (decode.ts, decode-worker.ts): the rows cross the thread boundary
// as transferred typed columns, and must arrive exactly as decoded; an add with decode threads
// must write the same store as one without, and a file the threads refuse is skipped by name.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { decodeSnapshot } from '@objscope/core';
import { HOSTILE_NAMES } from '@objscope/core/testing';
import { addSnapshots } from '../src/index';
import { packFile, unpackFile, type DecodedFile } from '../src/decode';
import { generateFleet } from '../testing/generate';

const SAMPLE = fileURLToPath(new URL('../../../apps/agent/assets/sample.objscope.gz', import.meta.url));
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));

let work: string;
let worker: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'objscope-fleet-decode-'));
  // A worker starts from a file, and Node 20 runs no TypeScript: bundled as the agent's build does.
  worker = join(work, 'decode-worker.mjs');
  await build({ entryPoints: [join(ROOT, 'packages/fleet/src/decode-worker.ts')], outfile: worker, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'warning' });
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under DIR, by relative name, with its bytes. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile() && !e.name.startsWith('.')) out.set(join(e.parentPath, e.name).slice(dir.length), readFileSync(join(e.parentPath, e.name)).toString('base64'));
  }
  return out;
}

describe('rows across threads', () => {
  const decoded: DecodedFile = {
    sha256: 'ab'.repeat(32),
    rows: {
      host: 'emoji \u{1F600} host',
      capturedAt: new Date('2026-12-07T06:00:00.123Z'),
      tables: {
        // Hostile text (NUL, __proto__, HTML, 240 characters, emoji, a lone surrogate), empty strings and NULLs between them.
        objects: { path: [...HOSTILE_NAMES, '', null], handle_count: HOSTILE_NAMES.map((_, i): bigint | null => BigInt(i) * 2n ** 58n).concat([2n ** 63n - 1n, -(2n ** 63n)]).slice(2).concat([null, -1n]), dynamic: HOSTILE_NAMES.map((_, i): boolean | null => i % 2 === 0).concat([null, false]) },
        snapshots: { object_count: [20_000], format_version: [2], elevated: [null] },
        security_descriptors: { sd_id: [] },
        handles: { access: [0xffffffff, null, 0] },
        zombies: {},
        memory_conditions: { name: [null, null] },
      },
    },
  };

  test('every value arrives exactly: hostile strings, empty strings, NULLs, 64-bit integers, booleans, all-NULL and empty columns', () => {
    const { packed, transfer } = packFile(decoded);
    const crossed = structuredClone(packed, { transfer });
    expect(unpackFile(crossed)).toEqual(decoded);
  });

  test('the columns are moved, not copied: after the hand-over the sender holds no column buffer', () => {
    const { packed, transfer } = packFile(decoded);
    expect(transfer.length).toBeGreaterThan(0);
    structuredClone(packed, { transfer });
    for (const b of transfer) expect(b.byteLength).toBe(0);
  });

  test('a column mixing types, or an integer wider than 64 bits, is a bug and says so, rather than storing one value as another', () => {
    const mixed: DecodedFile = { ...decoded, rows: { ...decoded.rows, tables: { ...decoded.rows.tables, handles: { access: [1, '1'] } } } };
    expect(() => packFile(mixed)).toThrow(/mixes number and string/);
    const huge: DecodedFile = { ...decoded, rows: { ...decoded.rows, tables: { ...decoded.rows.tables, handles: { pid: [2n ** 64n] } } } };
    expect(() => packFile(huge)).toThrow(/does not fit a 64-bit integer/);
  });
});

describe('fleet add with decode threads', () => {
  test('writes byte for byte the store an add without them writes, and reports the same corrupt and missing files by name', async () => {
    const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
    if (!r.ok) throw new Error(r.error);
    const gen = generateFleet(r.snapshot, { dir: join(work, 'snaps'), hosts: 6, snapshotsPerHost: 2, objectsPerHost: 3400 });
    const corrupt = join(work, 'corrupt.objscope.gz');
    writeFileSync(corrupt, Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3]));
    const missing = join(work, 'gone.objscope.gz');
    const files = gen.flatMap((h) => h.files);
    files.splice(3, 0, corrupt);
    files.push(missing);
    const plain = await addSnapshots(join(work, 'plain'), files);
    const threaded = await addSnapshots(join(work, 'threaded'), files, { decodeWorker: worker, decodeThreads: 2 });
    expect(plain.added).toHaveLength(12);
    expect(threaded).toEqual(plain);
    expect(threaded.skipped.map((s) => s.file)).toEqual([corrupt, missing]);
    expect(tree(join(work, 'threaded'))).toEqual(tree(join(work, 'plain')));
    // Again, with threads: nothing changes.
    const again = await addSnapshots(join(work, 'threaded'), files, { decodeWorker: worker, decodeThreads: 2 });
    expect(again.added).toEqual([]);
    expect(again.unchanged).toHaveLength(12);
  }, 180_000);

  // A fake, named as such: a decode thread that dies cannot be brought about on demand for real
  // (it would take running out of memory), so this script exits as soon as it starts.
  test('a decode thread that dies fails the files it held, each by name, and the add ends instead of waiting', async () => {
    const dying = join(work, 'dying-worker.mjs');
    writeFileSync(dying, 'process.exit(3);\n');
    const r = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE)));
    if (!r.ok) throw new Error(r.error);
    const files = generateFleet(r.snapshot, { dir: join(work, 'snaps-dying'), hosts: 3 }).flatMap((h) => h.files);
    const report = await addSnapshots(join(work, 'dying'), files, { decodeWorker: dying, decodeThreads: 1 });
    expect(report.added).toEqual([]);
    expect(report.skipped.map((s) => s.file)).toEqual(files);
    for (const s of report.skipped) expect(s.reason).toMatch(/decode thread stopped \(exit code 3\)/);
  }, 120_000);
});
