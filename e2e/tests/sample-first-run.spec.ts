// A first run on the bundled sample shows holders and ACLs (issue 22, item 4): the sample is
// captured with --handles, and scripts/make-sample.mjs gives the objects under
// \BaseNamedObjects\objscope-sample\security real security descriptors. A descriptor that came
// back empty says so, and only a NULL DACL says everyone has full access; a low integrity label
// shows in the SACL. Composite rights are named alone, ACE flags in full (item 8).
import AxeBuilder from '@axe-core/playwright';
import { test, expect } from '../support/fixtures';
import { expectDenyModifyDacl, expectInheritanceFlags } from '../support/dacl';

const SECURITY = '\\BaseNamedObjects\\objscope-sample\\security';

// Several selections, an axe run and two screenshots on two shared cores: more than the default
// 45 s when the machine is busy (no assertion depends on time).
test.describe.configure({ timeout: 120_000 });

test('objects with an empty DACL, a NULL DACL and none returned are worded apart @sample', async ({ app }) => {
  const p = app.properties;
  await app.open({ path: SECURITY, sel: 'null-dacl' });
  await expect(p.getByTestId('props-sddl')).toContainText('D:NO_ACCESS_CONTROL');
  await expect(p.getByTestId('props-dacl-absent')).toHaveText('NULL DACL: everyone has full access');

  // objhelper's `denied` directory has an empty DACL.
  await app.open({ path: '\\BaseNamedObjects\\objscope-sample', sel: 'denied' });
  await expect(p.getByTestId('props-dacl')).toContainText('empty (nobody has access)');
  await expect(p.getByTestId('props-dacl')).not.toContainText('full access');

  // objhelper's other objects were made without a descriptor: Wine returns an empty one, which
  // says nothing about access.
  await app.row('event-signaled').click();
  await expect(p.getByTestId('props-sddl')).toContainText('no security descriptor returned');
  await expect(p.getByTestId('props-dacl-absent')).toHaveText('not returned (the security descriptor came back empty)');
  await expect(p.getByTestId('props-security')).not.toContainText('full access');
});

test('a deny ACE, OWNER RIGHTS and inheritance flags show in the DACL; a composite right stands alone @sample', async ({ app, page }) => {
  const p = app.properties;
  await app.open({ path: SECURITY, sel: 'deny-modify' });
  await expectDenyModifyDacl(p);

  await app.row('owner-rights').click();
  await expect(p.getByTestId('props-dacl').getByTestId('ace').first()).toContainText('S-1-3-4');

  await app.row('inherits').click();
  await expectInheritanceFlags(p);

  const axe = await new AxeBuilder({ page }).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: width === 1024 ? 768 : 900 });
    await page.screenshot({ path: test.info().outputPath(`sample-security-${width}.png`) });
  }
});

test('a low integrity label shows in the SACL, its SID and NO_WRITE_UP policy @sample', async ({ app, page }) => {
  const p = app.properties;
  await app.open({ path: SECURITY, sel: 'low-label' });
  const label = p.getByTestId('props-sacl').getByTestId('ace');
  await expect(label).toHaveCount(1);
  await expect(label).toContainText('system mandatory label');
  await expect(label).toContainText('S-1-16-4096');
  await expect(label).toContainText('NO_WRITE_UP');
  for (const width of [1024, 1440]) {
    await page.setViewportSize({ width, height: width === 1024 ? 768 : 900 });
    // The SACL is the last section of Properties: below the fold unless scrolled to.
    await p.getByTestId('props-sacl').scrollIntoViewIfNeeded();
    await page.screenshot({ path: test.info().outputPath(`sample-low-label-${width}.png`) });
  }
});

test('the sample answers "who holds it": objhelper holds its objects @sample', async ({ app }) => {
  await app.open({ path: SECURITY, sel: 'deny-modify' });
  const section = app.properties.getByTestId('props-handles-section');
  await expect(section.getByTestId('holders-none-recorded')).toHaveCount(0);
  const holders = section.getByTestId('holder');
  await expect(holders.first()).toBeVisible();
  await expect(section).toContainText('objhelper.exe');
  // The recorded count is as others see it (the capture's own open taken off), so the holders
  // make it up without a phantom "objscope's own" handle or "more than counted".
  await expect(app.properties.getByTestId('props-handles')).toHaveText('1');
  await expect(holders).toHaveCount(1);
  await expect(section.getByTestId('holders-count-note')).toHaveText("Of its 1 handle (objscope's own open not counted), 1 is listed.");
});
