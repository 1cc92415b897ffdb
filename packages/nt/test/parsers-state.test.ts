import { describe, expect, it } from 'vitest';
import { parseEventInfo, parseMutantInfo, parseSectionInfo, parseSemaphoreInfo, parseTimerInfo } from '../src/parsers/state';

function bytes(n: number, fill: (v: DataView) => void): Uint8Array {
  const b = new Uint8Array(n);
  fill(new DataView(b.buffer));
  return b;
}

describe('type-specific state parsers', () => {
  it('EVENT_BASIC_INFORMATION: notification vs synchronization, signaled state', () => {
    expect(parseEventInfo(bytes(8, (v) => v.setInt32(4, 1, true)))).toEqual({ ok: true, value: { kind: 'event', eventType: 'notification', signaled: true } });
    expect(parseEventInfo(bytes(8, (v) => v.setUint32(0, 1, true)))).toEqual({ ok: true, value: { kind: 'event', eventType: 'synchronization', signaled: false } });
  });

  it('MUTANT_BASIC_INFORMATION: a negative count means owned (recursively)', () => {
    const r = parseMutantInfo(bytes(8, (v) => {
      v.setInt32(0, -2, true);
      v.setUint8(4, 1);
      v.setUint8(5, 1);
    }));
    expect(r).toEqual({ ok: true, value: { kind: 'mutant', count: -2, ownedByCaller: true, abandoned: true } });
  });

  it('SEMAPHORE_BASIC_INFORMATION', () => {
    expect(parseSemaphoreInfo(bytes(8, (v) => {
      v.setInt32(0, 2, true);
      v.setInt32(4, 5, true);
    }))).toEqual({ ok: true, value: { kind: 'semaphore', count: 2, maximum: 5 } });
  });

  it('SECTION_BASIC_INFORMATION: sizes above 2^53 survive as decimal strings; attribute names', () => {
    const r = parseSectionInfo(bytes(24, (v) => {
      v.setUint32(8, 0x08000000 | 0x00800000, true);
      v.setBigInt64(16, 2n ** 60n + 1n, true);
    }));
    expect(r).toEqual({ ok: true, value: { kind: 'section', size: '1152921504606846977', attributes: 0x08800000, attributeNames: ['SEC_FILE', 'SEC_COMMIT'] } });
  });

  it('TIMER_BASIC_INFORMATION: remaining time only when positive', () => {
    expect(parseTimerInfo(bytes(16, (v) => v.setUint8(8, 1)))).toEqual({ ok: true, value: { kind: 'timer', signaled: true, remaining: null } });
    expect(parseTimerInfo(bytes(16, (v) => v.setBigInt64(0, 12345n, true)))).toEqual({ ok: true, value: { kind: 'timer', signaled: false, remaining: '12345' } });
  });

  it('every parser refuses a short buffer', () => {
    for (const p of [parseEventInfo, parseMutantInfo, parseSemaphoreInfo, parseSectionInfo, parseTimerInfo]) {
      expect(p(new Uint8Array(4)).ok).toBe(false);
    }
  });
});
