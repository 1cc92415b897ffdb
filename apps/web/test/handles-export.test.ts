// The Handles section's CSV export: RFC 4180 quoting, formula injection defused (an image name
// is program-chosen text), handles and access in hex, decoded rights joined.
import { describe, expect, it } from 'vitest';
import { csvField, holdersCsv } from '../src/components/handles/export';

describe('holdersCsv', () => {
  it('writes one header and one row per holder, CRLF-terminated', () => {
    const csv = holdersCsv([
      { pid: 800, image: 'svc.exe', handle: 0x2c, access: 0x100002, attributes: 2, rights: ['MODIFY_STATE', 'SYNCHRONIZE'] },
      { pid: 1200, image: null, handle: 0x44, access: 0x1f0001, attributes: 0 },
    ]);
    expect(csv).toBe('pid,image,handle,access,rights,attributes\r\n800,svc.exe,0x2c,0x100002,MODIFY_STATE | SYNCHRONIZE,2\r\n1200,,0x44,0x1f0001,,0\r\n');
  });

  it('quotes commas, quotes and line breaks, and defuses a leading formula character', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('=cmd|calc')).toBe("'=cmd|calc");
    expect(csvField('@x,y')).toBe('"\'@x,y"');
    expect(csvField(null)).toBe('');
  });
});
