// The package is imported on Linux (tests, the bundled CLI, the agent serving snapshots) where
// ntdll does not exist: importing must load nothing native, and live calls must say why they
// cannot run instead of crashing the importer.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import * as nt from '../src/index';

describe('importing @objscope/nt off Windows (Linux)', () => {
  it('does not load koffi', () => {
    const cache = createRequire(import.meta.url).cache;
    expect(Object.keys(cache).filter((k) => /[\\/]koffi[\\/]/.test(k))).toEqual([]);
    expect(typeof nt.listDirectory).toBe('function');
  });

  it('reports why live access is unavailable', () => {
    expect(nt.ntUnavailableReason()).toMatch(/needs Windows/);
  });

  it('optional exports report absence instead of throwing', () => {
    expect(nt.optionalNtdll('NtGetNextProcess')).toBeNull();
    expect(nt.ntGetNextProcess()).toMatchObject({ ok: false, status: 0xc000007a, name: 'STATUS_PROCEDURE_NOT_FOUND' });
  });
});
