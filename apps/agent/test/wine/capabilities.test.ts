// The capability report under Wine, for real: SeDebugPrivilege is reported held and enabled
// separately (defect 4), and the handle query enables it when the token holds it. On Windows an
// elevated token holds it disabled and 24H2 shows object addresses only once it is enabled; Wine's
// administrator token holds it too, so the enabling path runs here for real.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Capabilities } from '@objscope/core';
import { objscope, prepareWine, wineHarness } from './support/wine';

describe('capabilities under Wine', () => {
  let dir: string;
  let caps: Capabilities;

  beforeAll(async () => {
    await prepareWine();
    dir = mkdtempSync(join(tmpdir(), 'objscope-caps-'));
    const file = join(dir, 'caps.objscope.gz');
    const r = await objscope(['snapshot', '-o', file]);
    if (r.code !== 0) throw new Error(`objscope snapshot failed (exit ${r.code}): ${r.stderr}`);
    const doc = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as { meta: { capabilities: Capabilities } };
    caps = doc.meta.capabilities;
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports SeDebugPrivilege held and enabled as two facts', () => {
    expect(typeof caps.seDebugPrivilege).toBe('boolean');
    expect(typeof caps.seDebugPrivilegeEnabled).toBe('boolean');
  });

  it('a token that holds SeDebugPrivilege has it enabled once objscope has queried handles', () => {
    expect(caps.seDebugPrivilege).toBe(true);
    expect(caps.seDebugPrivilegeEnabled).toBe(true);
    expect(caps.warnings.some((w) => w.includes('could not be enabled'))).toBe(false);
  });

  const wine = wineHarness.wineSettings().version;

  it(`names the Wine it runs under (${wine}) in the report and in its warning`, () => {
    expect(caps.wineVersion).toMatch(new RegExp(`^${wine}\\.`));
    expect(caps.warnings).toContain(`running under Wine ${caps.wineVersion}: the namespace is wineserver's, not a Windows kernel's`);
  });

  // Wine 8 answers bulk NtQueryDirectoryObject with STATUS_NOT_IMPLEMENTED; Wine 10 implements it.
  it(`reports bulk directory queries as ${wine === '10' ? 'working (Wine 10)' : 'missing (Wine 8)'}`, () => {
    expect(caps.bulkDirectoryQuery).toBe(wine === '10');
    expect(caps.warnings.some((w) => w.startsWith('bulk directory queries are not implemented'))).toBe(wine !== '10');
  });
});
