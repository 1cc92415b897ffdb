// Which symbolic links are "dynamic" (defect 6). Since Windows 10 RS2 a symbolic link object can
// hold a kernel callback and its context instead of a target (WinObjEx64
// Source/Shared/ntos/ntos.h, OBJECT_SYMBOLIC_LINK_V4: LinkTarget in a union with
// Callback/CallbackContext; props/propObjectDump.c shows the callback when Flags & 0x10). Such a
// link lists as SymbolicLink, NtQuerySymbolicLinkObject gives no target, and opening the path
// reaches what the callback resolves to: the memory-condition Events in \KernelObjects.
// An empty target alone proves nothing: WRK base/ntos/ob/oblink.c NtCreateSymbolicLinkObject
// refuses only a target with MaximumLength 0 (later kernels not checked), so anyone may create a
// link with an empty target (Length 0) in a directory they may write. Wine refuses that one (STATUS_INVALID_PARAMETER,
// tried with objhelper) and has no callback links, so these cases are specified here.
import { describe, expect, it } from 'vitest';
import { describeLink, mayHoldDynamicLinks } from '../src/directory';

describe('describeLink', () => {
  it('is dynamic only when opening it as an Event succeeds', () => {
    expect(describeLink('LowMemoryCondition', '', true, () => true)).toEqual({
      name: 'LowMemoryCondition', type: 'SymbolicLink', target: null, error: null, dynamic: true, resolvesTo: 'Event',
    });
    expect(describeLink('Refuses', '', true, () => false)).toEqual({ name: 'Refuses', type: 'SymbolicLink', target: '', error: null });
  });

  it('does not open empty-target links as Events outside \\KernelObjects', () => {
    let opened = 0;
    const r = describeLink('x', '', mayHoldDynamicLinks('\\Sessions\\1\\BaseNamedObjects'), () => {
      opened++;
      return true;
    });
    expect(opened).toBe(0);
    expect(r.dynamic).toBeUndefined();
  });

  it('a link with a target is never opened as an Event', () => {
    expect(describeLink('Global', '\\BaseNamedObjects', true, () => {
      throw new Error('must not open');
    })).toEqual({ name: 'Global', type: 'SymbolicLink', target: '\\BaseNamedObjects', error: null });
  });

  it('\\KernelObjects in any case is where dynamic links live; nothing else is', () => {
    expect(mayHoldDynamicLinks('\\KernelObjects')).toBe(true);
    expect(mayHoldDynamicLinks('\\kernelobjects')).toBe(true);
    expect(mayHoldDynamicLinks('\\KernelObjects\\Sub')).toBe(false);
    expect(mayHoldDynamicLinks('\\')).toBe(false);
  });
});
