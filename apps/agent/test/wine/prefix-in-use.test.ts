// `objscope --wine` on a prefix the user pointed WINEPREFIX at, while a program runs in it:
// the way a new user tries it (start a program in a new prefix, then run objscope against it).
// Wine creates such a prefix itself and writes its registry only when the server saves, so
// system.reg is missing while the program runs; the harness used to answer that with
// `wineboot --init` and `wineserver -w`, which waits for every program in the prefix to exit,
// and objscope never returned. It must return, with the program's objects in the listing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscope, prepareWine, wineHarness } from './support/wine';

describe('objscope --wine on a prefix in use', () => {
  let prefix: string;
  let saved: string | undefined;
  let helper: ObjHelper | undefined;

  beforeAll(async () => {
    // The project's runtime and helpers first, in the project's own prefix.
    await prepareWine();
    saved = process.env.WINEPREFIX;
    prefix = mkdtempSync(join(tmpdir(), 'objscope-user-prefix-'));
    rmSync(prefix, { recursive: true, force: true });
    process.env.WINEPREFIX = prefix;
    // Wine creates the prefix for this first program, then runs it; it stays running.
    helper = await startObjHelper({ label: 'inuse', big: 10 });
  }, 300_000);

  afterAll(async () => {
    await helper?.stop();
    wineHarness.killServer(prefix);
    if (saved === undefined) delete process.env.WINEPREFIX;
    else process.env.WINEPREFIX = saved;
    rmSync(prefix, { recursive: true, force: true });
  }, 120_000);

  it('sees the prefix as running and leaves it alone', () => {
    const state = wineHarness.prefixState(prefix);
    expect(state.running).toBe(true);
    expect(wineHarness.ownsPrefix()).toBe(false);
  });

  it("returns the listing of \\BaseNamedObjects, the running program's directory in it", async () => {
    const r = await objscope(['ls', '\\BaseNamedObjects', '--json'], { timeoutMs: 150_000 });
    expect(r.stderr).not.toMatch(/wineboot/);
    expect(r.code).toBe(0);
    const listed = JSON.parse(r.stdout) as { name: string; type: string }[];
    const root = helper!.root.slice('\\BaseNamedObjects\\'.length);
    expect(listed).toContainEqual(expect.objectContaining({ name: root, type: 'Directory' }));
  }, 170_000);
});
