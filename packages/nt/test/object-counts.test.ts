// The handle and reference counts objscope shows for an object (issue 10, defect 8): as others
// see them, without the handle objscope opened to ask. The rule is System Informer's
// (phlib/hndlinfo.c, PhGetObjectBasicInformation): on Windows 8 and later NtQueryObject's
// HandleCount includes the asking handle, so 1 is subtracted from it, and PointerCount is shown
// as returned. (Before Windows 8 System Informer also subtracted 2 from PointerCount: WRK
// base/ntos/ob/obquery.c NtQueryObject reports the object header's counts while holding its own
// reference. objscope supports Windows 10 and 11 only.) Under Wine the handle count is checked
// for real in apps/agent/test/wine/info.test.ts and snapshot-details.test.ts.
import { describe, expect, it } from 'vitest';
import type { ObjectBasicInfo } from '@objscope/core';
import { countsAsOthersSeeThem } from '../src/object';

const basic = (handleCount: number, pointerCount: number): ObjectBasicInfo => ({
  attributes: 0, grantedAccess: 0x20001, handleCount, pointerCount, pagedPoolCharge: 0, nonPagedPoolCharge: 0, creationTime: null,
});

describe('counts as others see them (PhGetObjectBasicInformation, Windows 8 and later)', () => {
  it('subtracts objscope\'s own handle from HandleCount', () => {
    expect(countsAsOthersSeeThem({ ok: true, status: 0, value: basic(3, 98_307) })).toMatchObject({ ok: true, value: { handleCount: 2 } });
  });

  it('leaves PointerCount as NtQueryObject returned it', () => {
    expect(countsAsOthersSeeThem({ ok: true, status: 0, value: basic(1, 32_769) })).toMatchObject({ ok: true, value: { pointerCount: 32_769 } });
  });

  it('never goes below zero, and passes a failure through', () => {
    expect(countsAsOthersSeeThem({ ok: true, status: 0, value: basic(0, 0) })).toMatchObject({ value: { handleCount: 0, pointerCount: 0 } });
    const failed = { ok: false as const, status: 0xc0000008, name: 'STATUS_INVALID_HANDLE', message: 'closed' };
    expect(countsAsOthersSeeThem(failed)).toBe(failed);
  });
});
