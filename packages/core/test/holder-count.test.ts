// The sentence under a Handles list that explains why the object's handle count and the list
// differ: found, in processes not examined, objscope's own open (which the kernel counts while
// objscope reads the object and which is never listed); for a Key, a count of one open.
import { describe, expect, it } from 'vitest';
import { holderCountSentence, type HoldersReport, type ObjectHolder } from '../src/holders';

const holder = (pid: number, handle: number): ObjectHolder => ({ pid, image: 'app.exe', handle, access: 0x1f0001, attributes: 0 });
const report = (over: Partial<HoldersReport>): HoldersReport => ({
  path: '\\BaseNamedObjects\\M', type: 'Mutant', holders: [], unexamined: [], method: 'name-index', handlesInTable: 900, candidates: 40, scanMs: 3, ...over,
});

describe('holderCountSentence', () => {
  it('accounts for every handle: listed, in processes not examined, and objscope\'s own open', () => {
    const r = report({
      holders: [holder(200, 0x10), holder(300, 0x24), holder(300, 0x28)],
      unexamined: [{ pid: 400, status: 0xc0000022, name: 'locked.exe' }],
      handleCount: 6,
    });
    expect(holderCountSentence(r, 9)).toBe("Of its 6 handles, 3 are listed, 1 is objscope's own open to read it (never listed), and 2 are in the process not examined.");
  });

  it('says nothing is missing when the list and objscope\'s open make the count', () => {
    expect(holderCountSentence(report({ holders: [holder(200, 0x10)], handleCount: 2 }), null)).toBe(
      "Of its 2 handles, 1 is listed, 1 is objscope's own open to read it (never listed).",
    );
  });

  it('with nothing unexamined, a shortfall is handles opened or closed during the read, not a hidden holder', () => {
    expect(holderCountSentence(report({ holders: [holder(200, 0x10)], handleCount: 4 }), null)).toMatch(/and 2 were not found: opened or closed while the table was read\.$/);
  });

  it('uses the count Properties shows when the report has none (a snapshot), which has objscope\'s own open taken off already', () => {
    const r = report({ method: 'snapshot', holders: [holder(200, 0x10), holder(201, 0x10)], unexamined: [{ pid: 5, status: 0xc0000022, name: 'a' }, { pid: 6, status: 0xc0000022, name: 'b' }] });
    expect(holderCountSentence(r, 5)).toBe("Of its 5 handles (objscope's own open not counted), 2 are listed, and 3 are in the 2 processes not examined.");
    expect(holderCountSentence(r, null)).toBeNull();
  });

  it('a snapshot whose holders are all its count adds up without objscope\'s open: the sample\'s low-label event, 1 handle, objhelper\'s', () => {
    expect(holderCountSentence(report({ method: 'snapshot', holders: [holder(432, 0x2fe4)] }), 1)).toBe("Of its 1 handle (objscope's own open not counted), 1 is listed.");
    expect(holderCountSentence(report({ method: 'snapshot', type: 'Directory', holders: [] }), 0)).toBe("Of its 0 handles (objscope's own open not counted), 0 are listed.");
  });

  it('a snapshot key: its count, own open taken off, says nothing of the key\'s users', () => {
    const r = report({ type: 'Key', method: 'snapshot', holders: [holder(200, 0x10)] });
    expect(holderCountSentence(r, 0)).toBe(
      "A key's handle count counts one open, not the key's users: every NtOpenKey makes a new Key object (WRK config/cmparse.c), so its count of 0 (objscope's own open not counted) says nothing of the key's users, and the 1 handle listed is another open of the same key, matched by name.",
    );
  });

  it('for a Key, says the count is of objscope\'s one open (every NtOpenKey makes a new Key object)', () => {
    const r = report({ type: 'Key', method: 'name', holders: [holder(200, 0x10), holder(300, 0x20)], handleCount: 1 });
    expect(holderCountSentence(r, 1)).toBe(
      "A key's handle count counts one open, not the key's users: every NtOpenKey makes a new Key object (WRK config/cmparse.c), so its 1 handle is objscope's own open, and the 2 handles listed are other opens of the same key, matched by name.",
    );
  });

  it('under Wine a key adds up like any object: wineserver keeps one object per key and counts every handle to it', () => {
    const r = report({ type: 'Key', method: 'name', holders: [holder(200, 0x10), holder(300, 0x20)], handleCount: 3 });
    expect(holderCountSentence(r, 3, true)).toBe("Of its 3 handles, 2 are listed, 1 is objscope's own open to read it (never listed).");
  });
});
