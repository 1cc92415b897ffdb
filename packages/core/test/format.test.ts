// How a missing DACL is worded: only a NULL DACL grants everyone access; an empty or partial
// security descriptor says nothing about access, so its wording must not claim any (#22 item 4).
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { daclAbsence, decodeSnapshot, encodeSnapshot, likelyCauseOfRejection } from '../src/index';
import { synthesizeSnapshot } from '../testing/index';

describe('daclAbsence', () => {
  it('calls a NULL DACL what it is: everyone has full access', () => {
    expect(daclAbsence('O:BAG:BAD:NO_ACCESS_CONTROL')).toBe('NULL DACL: everyone has full access');
    expect(daclAbsence('D:NO_ACCESS_CONTROL')).toBe('NULL DACL: everyone has full access');
  });

  it('says an empty descriptor was returned empty, without claiming any access', () => {
    expect(daclAbsence('')).toBe('not returned (the security descriptor came back empty)');
    expect(daclAbsence('')).not.toMatch(/full access/);
  });

  it('says "not returned" for a descriptor without a DACL part and for one that could not be converted', () => {
    expect(daclAbsence('O:BAG:BA')).toBe('not returned');
    expect(daclAbsence(null)).toBe('not returned');
  });
});

describe('likelyCauseOfRejection', () => {
  const cause = (bytes: Uint8Array) => {
    const r = decodeSnapshot(bytes);
    if (r.ok) throw new Error('expected a rejection');
    return likelyCauseOfRejection(r.error);
  };
  const good = encodeSnapshot(synthesizeSnapshot({ objects: 50, seed: 3 }));

  it('names a cut-off file as truncated', () => {
    expect(cause(good.subarray(0, Math.floor(good.length / 2)))).toMatch(/^The file looks truncated/);
  });

  it('names a file that is something else as not a snapshot', () => {
    expect(cause(new TextEncoder().encode('<html>not this</html>'))).toBe('This is not an objscope snapshot file.');
    expect(cause(new TextEncoder().encode('{"format":"something-else","version":1}'))).toBe('This is not an objscope snapshot file.');
    expect(cause(new Uint8Array())).toBe('This is not an objscope snapshot file.');
  });

  it('names a snapshot of another format version as such', () => {
    const doc = JSON.parse(new TextDecoder().decode(gunzipSync(good))) as { version: number };
    doc.version = 99;
    expect(cause(new TextEncoder().encode(JSON.stringify(doc)))).toMatch(/version this objscope does not read/);
  });
});
