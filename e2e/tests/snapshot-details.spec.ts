// The Properties pane on a snapshot shows what the capture recorded (format version 2): basic
// info, the security descriptor with account names, type-specific state and type information.
// A version-1 file says honestly that it holds none of that. Paths in a snapshot match
// case-insensitively, as OBJ_CASE_INSENSITIVE does on Windows, and show the stored casing.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SnapshotSource, decodeSnapshot, encodeSnapshotJson, type SnapshotNode } from '@objscope/core';
import { synthesizeSnapshot } from '@objscope/core/testing';
import { test, expect } from '../support/fixtures';
import { dropFile } from '../support/drop';
import { SAMPLE_SNAPSHOT } from '../support/paths';


/** The security descriptor the bundled sample recorded for `path`; a missing one is a broken sample. */
async function recordedSampleSecurity(path: string) {
  const decoded = decodeSnapshot(new Uint8Array(readFileSync(SAMPLE_SNAPSHOT)));
  if (!decoded.ok) throw new Error(decoded.error);
  const rec = await new SnapshotSource(decoded.snapshot).details(path);
  if (!rec.ok || !rec.value.security.ok) throw new Error(`the sample has no recorded descriptor for ${path}`);
  return rec.value.security.value;
}

/** A node as a version-1 file holds it: without details, all the way down. */
function strip(n: SnapshotNode): SnapshotNode {
  const out: SnapshotNode = { ...n };
  delete out.details;
  if (n.children) out.children = n.children.map(strip);
  return out;
}

test('the bundled sample shows recorded handle counts, security and event state, not "names only" @sample', async ({ app }) => {
  await app.open({ path: '\\KernelObjects', sel: 'LowMemoryCondition' });
  const p = app.properties;
  await expect(p.getByTestId('props-type')).toHaveText('Event');
  await expect(p.getByTestId('props-handles')).toHaveText(/^\d[\d,]*$/);
  await expect(p.getByTestId('props-signaled')).toHaveText(/signaled/);
  await expect(p.getByTestId('props-sddl')).toBeVisible();
  await expect(p.getByTestId('props-pooltype')).toHaveText(/^[A-Za-z]+ \(\d+\)$/);
  await expect(p.getByTestId('props-names-only')).toHaveCount(0);
  await expect(p.getByTestId('field-unsupported')).toHaveCount(0);
  await p.screenshot({ path: test.info().outputPath('properties-sample.png') });
});

test('the bundled sample shows the registry key\'s recorded security descriptor with account names @sample', async ({ app }) => {
  // What to expect comes from the sample file itself.
  const sd = await recordedSampleSecurity('\\REGISTRY');
  await app.open({ path: '\\', sel: 'REGISTRY' });
  const p = app.properties;
  await expect(p.getByTestId('props-sddl')).toHaveText(sd.sddl!);
  await expect(p.getByTestId('props-owner')).toContainText(sd.ownerAccount!);
  await expect(p.getByTestId('props-dacl').getByTestId('ace')).toHaveCount(sd.dacl!.length);
  for (const ace of sd.dacl!) await expect(p.getByTestId('props-dacl')).toContainText(ace.account ?? ace.sid);
  await p.screenshot({ path: test.info().outputPath('properties-sample-registry.png') });
});

test('a snapshot shows owner and group by account name, the ACEs and the type pool by name @synthetic', async ({ app }) => {
  await app.open({ path: '\\KernelObjects', sel: 'SystemErrorPortReady' });
  const p = app.properties;
  await expect(p.getByTestId('props-owner')).toContainText('BUILTIN\\Administrators');
  await expect(p.getByTestId('props-owner')).toContainText('S-1-5-32-544');
  await expect(p.getByTestId('props-group')).toContainText('NT AUTHORITY\\SYSTEM');
  await expect(p.getByTestId('props-sddl')).toHaveText(/^O:BAG:SYD:\(A;;0x1f0003;;;SY\)/);
  await expect(p.getByTestId('props-dacl').getByTestId('ace')).toHaveCount(3);
  await expect(p.getByTestId('props-dacl')).toContainText('Everyone');
  await expect(p.getByTestId('props-state')).toBeVisible();
  await expect(p.getByTestId('props-pooltype')).toHaveText('NonPagedPoolNx (512)');
});

test('a recorded denial stays a denial, next to the details that were read @synthetic', async ({ app }) => {
  await app.open({ path: '\\Security', sel: 'TRKWKS_EVENT' });
  const p = app.properties;
  await expect(p.getByTestId('props-security').getByTestId('field-denied')).toContainText('STATUS_ACCESS_DENIED');
  await expect(p.getByTestId('props-handles')).toHaveText(/^\d+$/);
});

test('a version-1 snapshot says it recorded names, types and targets only @sample', async ({ app }) => {
  // A version-1 file as objscope 0.1 wrote it: the same document without details.
  const snap = synthesizeSnapshot({ objects: 200, seed: 2 });
  const doc = JSON.parse(encodeSnapshotJson({ ...snap, root: strip(snap.root), details: null })) as Record<string, unknown>;
  doc.version = 1;
  const file = join(mkdtempSync(join(tmpdir(), 'objscope-v1-')), 'old.objscope.gz');
  writeFileSync(file, gzipSync(JSON.stringify(doc)));
  await app.open();
  const t0 = await app.now();
  await dropFile(app.list, file);
  await app.waitMark('objscope:tree-ready', t0);
  await expect(app.page.getByTestId('banner-snapshot')).toContainText('old.objscope.gz');
  await app.treeItem('\\KernelObjects').click();
  await app.rows.filter({ hasText: 'SystemErrorPortReady' }).first().click();
  await expect(app.properties.getByTestId('props-names-only')).toContainText('recorded names, types and link targets only');
  await expect(app.properties.getByTestId('props-basic')).toHaveCount(0);
});

test('a deep link in another casing opens the object and shows its stored casing @sample', async ({ app }) => {
  await app.open({ path: '\\kernelobjects', sel: 'LowMemoryCondition' });
  await expect(app.rows.first()).toBeVisible();
  await expect(app.properties.getByTestId('props-path')).toHaveText('\\KernelObjects\\LowMemoryCondition');
  // The path bar, the URL and the tree follow the stored casing too.
  await app.expectPath('\\KernelObjects');
  await expect(app.treeItem('\\KernelObjects')).toBeVisible();
  await app.open({ path: '\\KERNELOBJECTS\\lowmemorycondition' });
  await expect(app.properties.getByTestId('props-path')).toHaveText('\\KernelObjects\\LowMemoryCondition');
});

test('the root is named \\ and a path that never existed "does not exist" @sample', async ({ app }) => {
  await app.open({ path: '\\' });
  await expect(app.properties.getByTestId('props-name')).toHaveText('\\');
  await app.open({ path: '\\NoSuchThing' });
  await expect(app.properties.getByTestId('props-failed').or(app.properties.getByTestId('props-vanished'))).toContainText('does not exist');
  await expect(app.properties).not.toContainText('no longer exists');
  // The list pane says the same of a directory it never listed.
  await expect(app.page.getByTestId('list-failed')).toContainText('\\NoSuchThing does not exist');
});
