// Which symbolic links are "dynamic" (defect 6). Windows keeps kernel-resolved links in
// \KernelObjects (the memory conditions, resolved by MiResolveMemoryEvent: the directory query
// calls them SymbolicLink, NtQuerySymbolicLinkObject returns an empty target, NtOpenEvent on the
// path opens the real event). Wine has none, and NtCreateSymbolicLinkObject refuses an empty
// target there and on Windows (STATUS_INVALID_PARAMETER), so these cases are specified here.
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
