// The sentence under Properties' Handles list that explains its difference from the handle
// count, for a Key (#19 items 3 and 7). The bundled sample has no handle data and Wine cannot
// show the Windows rule (wineserver keeps one object per key), so the snapshot is built here: a
// key whose recorded count is 0, as a capture records it (the capture's one open taken off,
// packages/nt object.ts countsAsOthersSeeThem), and a holders section where two processes
// have it open and one could not be examined. The live mutex and event are in handles.spec.ts.
import { writeFileSync } from 'node:fs';
import { encodeSnapshot, type HoldersSection, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { test, expect } from '../support/fixtures';
import { dropFile } from '../support/drop';

function keySnapshot(): Uint8Array {
  const s = synthesizeSnapshot({ objects: 300, seed: 19 });
  const key: SnapshotNode = {
    name: 'REGISTRY',
    type: 'Key',
    target: null,
    error: null,
    details: {
      basic: {
        ok: true,
        value: { attributes: 0x10, grantedAccess: 0x20019, handleCount: 0, pointerCount: 2, pagedPoolCharge: 0, nonPagedPoolCharge: 0, creationTime: null },
      },
      security: { ok: false, error: { status: 0xc00000bb, name: 'STATUS_NOT_SUPPORTED' } },
      state: null,
    },
  };
  s.root.children = [...(s.root.children ?? []).filter((c) => c.name !== 'REGISTRY'), key];
  const held = (pid: number, image: string, handle: number) => ({
    pid, image, error: null, handlesInTable: 40, fileHandlesSkipped: 0,
    handles: [{ handle, type: 'Key', name: '\\REGISTRY', access: 0x20019, attributes: 0 }],
  });
  const holders: HoldersSection = {
    capturedAt: s.meta.capturedAt,
    processes: [
      held(800, 'svchost.exe', 0x44),
      held(1200, 'explorer.exe', 0x1a0),
      { pid: 4, image: 'System', error: { status: 0xc0000022, name: 'STATUS_ACCESS_DENIED' }, handlesInTable: 0, fileHandlesSkipped: 0, handles: [] },
    ],
  };
  return encodeSnapshot({ ...s, holders });
}

test('a key\'s Properties say its handle count counts one open, beside the holders found by name @sample', async ({ app }) => {
  const file = test.info().outputPath('key-holders.objscope.gz');
  writeFileSync(file, keySnapshot());
  await app.open();
  await dropFile(app.list, file);
  await expect(app.page.getByTestId('banner-snapshot')).toContainText('key-holders.objscope.gz');
  // A navigation would reload the page and leave the dropped file: pick the key in place.
  await app.row('REGISTRY').click();
  const section = app.properties.getByTestId('props-handles-section');
  await expect(section.getByTestId('holder')).toHaveCount(2);
  await expect(app.properties.getByTestId('props-handles')).toContainText('0');
  await expect(section.getByTestId('holders-count-note')).toHaveText(
    "A key's handle count counts one open, not the key's users: every NtOpenKey makes a new Key object (WRK config/cmparse.c), so its count of 0 (objscope's own open not counted) says nothing of the key's users, and the 2 handles listed are other opens of the same key, matched by name.",
  );
});
