// A mandatory (integrity) label, for real under Wine: objscope asks NtQuerySecurityObject for
// LABEL_SECURITY_INFORMATION, which Windows answers without ACCESS_SYSTEM_SECURITY (Microsoft docs,
// "SECURITY_INFORMATION": LABEL_SECURITY_INFORMATION needs READ_CONTROL only). Wine 8's wineserver
// stores a label set with LABEL_SECURITY_INFORMATION and returns it to that query (wine-8.0,
// server/object.c set_sd_defaults_from_token, server/handle.c get_security_object); the bundled
// sample's low-label Event (scripts/make-sample.mjs) depends on it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ObjectDetails } from '@objscope/core';
import { startObjHelper, type ObjHelper } from '../../../../tools/testing/objhelper';
import { objscopeJson, prepareWine } from './support/wine';

const LOW_LABEL = { type: 'SYSTEM_MANDATORY_LABEL', mask: 1, rights: ['NO_WRITE_UP'], sid: 'S-1-16-4096' };

describe('a low integrity label set through objhelper (Wine, real descriptors)', () => {
  let helper: ObjHelper;
  const path = (name: string) => `${helper.root}\\${name}`;
  const security = async (name: string) => {
    const d = await objscopeJson<ObjectDetails>(['info', path(name), '--json']);
    if (!d.security.ok) throw new Error(d.security.error.name);
    return d.security.value;
  };

  beforeAll(async () => {
    await prepareWine();
    helper = await startObjHelper({ label: 'label', big: 1 });
    const sd = (name: string, sddl: string) => helper.command(`sd ${JSON.stringify(path(name))} ${JSON.stringify(sddl)}`);
    for (const r of [
      await helper.create('Event', path('inherits')),
      await helper.create('Event', path('low')),
      await helper.create('Mutant', path('label-only')),
      // The longer SDDL first: objhelper once read a shorter one with the tail of the one before.
      await sd('inherits', 'D:(A;OICIIO;GA;;;CO)(A;OICINP;GR;;;WD)(A;;GA;;;BA)'),
      await sd('low', 'D:(A;;GA;;;WD)S:(ML;;NW;;;LW)'),
      await sd('label-only', 'S:(ML;;NW;;;LW)'),
    ]) {
      if (r !== 'ok') throw new Error(`objhelper: ${r}`);
    }
  });
  afterAll(async () => {
    await helper?.stop();
  });

  it('comes back in the SACL next to the DACL it was set with', async () => {
    const s = await security('low');
    expect(s.sacl).toEqual([expect.objectContaining(LOW_LABEL)]);
    expect(s.dacl).toEqual([expect.objectContaining({ type: 'ACCESS_ALLOWED', sid: 'S-1-1-0' })]);
  });

  it('comes back when only the label was set, on another type', async () => {
    expect((await security('label-only')).sacl).toEqual([expect.objectContaining(LOW_LABEL)]);
  });

  it('is absent where none was set', async () => {
    expect((await security('inherits')).sacl ?? []).toEqual([]);
  });
});
