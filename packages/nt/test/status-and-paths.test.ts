// The status names and path rules the NT layer reports and enforces (defined in core).
import { describe, expect, it } from 'vitest';
import { formatStatus, MAX_NT_PATH_LENGTH, ntSuccess, parseNtPath, statusInfo, statusName } from '@objscope/core';
import { fail } from '../src/result';

describe('NTSTATUS names', () => {
  it('formats as NAME (0xXXXXXXXX) from the negative int32 koffi returns or the unsigned value', () => {
    expect(formatStatus(-1073741790)).toBe('STATUS_ACCESS_DENIED (0xC0000022)');
    expect(formatStatus(0xc0000022)).toBe('STATUS_ACCESS_DENIED (0xC0000022)');
    expect(statusName(0x8000001a)).toBe('STATUS_NO_MORE_ENTRIES');
    expect(statusName(0x105)).toBe('STATUS_MORE_ENTRIES');
    expect(statusName(0xc0000002)).toBe('STATUS_NOT_IMPLEMENTED');
  });

  it('an unknown status still reads as its hex value', () => {
    expect(formatStatus(0xc0ffee01)).toBe('0xC0FFEE01');
    expect(statusInfo(-1)).toEqual({ status: 0xffffffff, name: '0xFFFFFFFF' });
  });

  it('NT_SUCCESS counts informational statuses as success and warnings/errors as not', () => {
    expect([0, 0x105, 0x8000001a, 0xc0000022].map(ntSuccess)).toEqual([true, true, false, false]);
  });

  it('failures carry the unsigned status, its name and a message with both', () => {
    expect(fail(-1073741772, 'NtOpenDirectoryObject "\\\\x"')).toEqual({
      ok: false,
      status: 0xc0000034,
      name: 'STATUS_OBJECT_NAME_NOT_FOUND',
      message: 'NtOpenDirectoryObject "\\\\x": STATUS_OBJECT_NAME_NOT_FOUND (0xC0000034)',
    });
  });
});

describe('parseNtPath', () => {
  it('accepts the root and absolute paths, components exact', () => {
    expect(parseNtPath('\\')).toEqual({ ok: true, components: [] });
    expect(parseNtPath('\\BaseNamedObjects\\a/b\\..\\nul\u0000x')).toEqual({ ok: true, components: ['BaseNamedObjects', 'a/b', '..', 'nul\u0000x'] });
  });

  it('refuses a path without a leading backslash, an empty segment, or one over 32,767 characters', () => {
    expect(parseNtPath('BaseNamedObjects').ok).toBe(false);
    expect(parseNtPath('/BaseNamedObjects').ok).toBe(false);
    expect(parseNtPath('').ok).toBe(false);
    expect(parseNtPath('\\a\\\\b').ok).toBe(false);
    expect(parseNtPath('\\a\\').ok).toBe(false);
    expect(parseNtPath(`\\${'x'.repeat(MAX_NT_PATH_LENGTH - 1)}`).ok).toBe(true);
    expect(parseNtPath(`\\${'x'.repeat(MAX_NT_PATH_LENGTH)}`).ok).toBe(false);
  });
});
