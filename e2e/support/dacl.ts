// What Properties must show for the two descriptors that both the sample (scripts/make-sample.mjs)
// and the live spec set through objhelper's `sd`: one check, so the sample and a live object are
// held to the same reading (issue 22, items 4 and 8).
import type { Locator } from '@playwright/test';
import { expect } from './fixtures';

/** `D:(D;;0x2;;;WD)(A;;GA;;;WD)` on an Event: the deny ACE first, then one composite right alone. */
export async function expectDenyModifyDacl(properties: Locator): Promise<void> {
  const aces = properties.getByTestId('props-dacl').getByTestId('ace');
  await expect(aces).toHaveCount(2);
  await expect(aces.nth(0)).toContainText('access denied');
  await expect(aces.nth(0)).toContainText('MODIFY_STATE');
  // GA on an Event is stored mapped (Wine maps generic rights when it stores the DACL) or as
  // GENERIC_ALL; either way one name, never followed by DELETE, READ_CONTROL, ….
  const allowed = (await aces.nth(1).locator('td').nth(2).textContent()) ?? '';
  expect(allowed).toMatch(/EVENT_ALL_ACCESS|GENERIC_ALL/);
  expect(allowed).not.toMatch(/DELETE|READ_CONTROL|WRITE_DAC/);
}

/** `D:(A;OICIIO;GA;;;WD)(A;NP;GR;;;WD)` on a Directory: every ACE flag in full. */
export async function expectInheritanceFlags(properties: Locator): Promise<void> {
  const flags = properties.getByTestId('props-dacl').getByTestId('ace-flags');
  await expect(flags.first()).toHaveText(/OBJECT_INHERIT\s*CONTAINER_INHERIT\s*INHERIT_ONLY/);
  await expect(flags.nth(1)).toContainText('NO_PROPAGATE_INHERIT');
}
