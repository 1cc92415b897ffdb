// Issue 22's details live under Wine, not only in the sample: the status bar of a live source
// names host and OS in full, a descriptor set on a live object shows its deny ACE, its composite
// right named alone and its ACE flags in full (item 8), and a creation time Wine does not report
// is said to be missing. The descriptors are set through objhelper's `sd`
// command (tools/native/README.md), the way scripts/make-sample.mjs sets the sample's.
import { test, expect } from '../support/fixtures';
import { expectDenyModifyDacl, expectInheritanceFlags } from '../support/dacl';

test.describe.configure({ timeout: 120_000 });

test('the status bar of the live source names host and OS in full, with no capture time @wine', async ({ app, page }) => {
  await app.open();
  await expect(page.getByTestId('status-source')).toHaveAttribute('data-kind', 'wine');
  for (const id of ['status-host', 'status-os']) {
    const el = page.getByTestId(id);
    await expect(el).toBeVisible();
    // In full: the text is not cut by an ellipsis.
    expect(await el.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
  }
  await expect(page.getByTestId('status-captured')).toHaveCount(0);
});

test('a live object\'s deny ACE, composite right and inheritance flags show in Properties @wine', async ({ app, wine }) => {
  const h = wine!.objects;
  const stamp = Date.now();
  const deny = `e2e-deny-${stamp}`;
  const inherits = `e2e-inherits-${stamp}`;
  expect(await h.create('Event', `${h.root}\\${deny}`)).toBe('ok');
  expect(await h.command(`sd ${JSON.stringify(`${h.root}\\${deny}`)} ${JSON.stringify('D:(D;;0x2;;;WD)(A;;GA;;;WD)')}`)).toBe('ok');
  expect(await h.create('Directory', `${h.root}\\${inherits}`)).toBe('ok');
  expect(await h.command(`sd ${JSON.stringify(`${h.root}\\${inherits}`)} ${JSON.stringify('D:(A;OICIIO;GA;;;WD)(A;NP;GR;;;WD)')}`)).toBe('ok');
  try {
    const p = app.properties;
    await app.open({ path: h.root, sel: deny });
    await expectDenyModifyDacl(p);

    await app.open({ path: h.root, sel: inherits });
    await expectInheritanceFlags(p);
  } finally {
    await h.remove(`${h.root}\\${deny}`);
    await h.remove(`${h.root}\\${inherits}`);
  }
});

// Windows keeps a creation time for symbolic links only and reports it through
// ObjectBasicInformation (WRK ob/obquery.c, NtQueryObject zeroes CreationTime for every other
// type); Wine 8 reports zero for every object, links included. Live under Wine the time is therefore said to be
// missing, never shown as 1601 or as the moment of the query.
test('a live symbolic link whose creation time Wine reports as zero says "not reported" @wine', async ({ app, facts }) => {
  await app.open({ path: facts.link.parent, sel: facts.link.name });
  const p = app.properties;
  await expect(p.getByTestId('link-created')).toHaveText('not reported');
  await expect(p.getByTestId('basic-created')).toHaveText('not reported (zero)');
  await expect(p.locator('time')).toHaveCount(0);
});
