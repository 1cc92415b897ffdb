// The properties panel of a symbolic link and "go to target".
import { test, expect } from '../support/fixtures';
import { landingOf } from '../support/facts';

test('a symbolic link shows its target and resolution chain, and "go to target" goes there @sample @synthetic @wine', async ({ app, facts }) => {
  const link = facts.link;
  expect(link, 'the source has a symbolic link whose target exists').not.toBeNull();
  await app.open({ path: link!.parent, sel: link!.name });
  await expect(app.properties).toBeVisible();
  await expect(app.properties.getByTestId('props-type')).toContainText('SymbolicLink');
  const section = app.properties.getByTestId('props-link');
  await expect(section.getByTestId('link-target')).toHaveText(link!.target);
  // The chain starts at the link itself and names the target as the next hop.
  await expect(section.getByTestId('link-hop').first()).toContainText(link!.path);
  await expect(section.getByTestId('link-hop').nth(1)).toContainText(link!.target);
  await app.properties.getByTestId('go-to-target').click();
  const landing = landingOf(link!);
  await app.expectPath(landing.path);
  await expect.poll(() => app.currentSelection()).toBe(landing.sel);
});

test('on the live source a device is deliberately not opened, and the panel says so rather than "not recorded" @wine', async ({ app }) => {
  await app.open({ path: '\\Device', sel: 'HarddiskVolume1' });
  await expect(app.properties.getByTestId('props-type')).toContainText('Device');
  const absent = app.properties.getByTestId('field-unsupported').first();
  await expect(absent).toContainText('Not queried: objscope does not open objects of this type');
  await expect(absent).toContainText('STATUS_NOT_SUPPORTED (0xC00000BB)');
});
