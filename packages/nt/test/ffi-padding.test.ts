// Why every x64 prototype is declared with six parameters: Wine 10's syscall dispatcher reads
// two stack slots past the home area, and koffi puts a call of four or fewer arguments at the
// very top of its stack (the call then never returns; apps under Wine 10: see
// test/wine/ffi-arity.test.ts, which shows it live). The padding is done once, in ffi.ts's
// binding, so no caller passes or sees the extra zeros. Here on Linux the same binding is
// exercised for real against libc through koffi.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bindFunction, declaredParams, MIN_X64_PARAMS, padPrototype } from '../src/ffi';

const koffi = createRequire(import.meta.url)('koffi') as typeof import('koffi');

describe('padPrototype: x64 prototypes get at least six parameters', () => {
  it('counts declared parameters ((), (void) and one or more)', () => {
    expect(declaredParams('const char * __cdecl wine_get_version()')).toBe(0);
    expect(declaredParams('void * __stdcall GetCurrentProcess(void)')).toBe(0);
    expect(declaredParams('int32 __stdcall NtClose(void *h)')).toBe(1);
    expect(declaredParams('int32 __stdcall NtOpenDirectoryObject(_Out_ void **h, uint32 access, void *oa)')).toBe(3);
  });

  it('pads NtClose (1), NtOpenDirectoryObject (3) and NtQuerySystemInformation (4) to six', () => {
    expect(padPrototype('int32 __stdcall NtClose(void *h)', 'x64')).toEqual({
      proto: 'int32 __stdcall NtClose(void *h, uint64 pad1, uint64 pad2, uint64 pad3, uint64 pad4, uint64 pad5)',
      padding: 5,
    });
    const q = padPrototype('int32 __stdcall NtQuerySystemInformation(uint32 cls, void *buf, uint32 len, _Out_ uint32 *retlen)', 'x64');
    expect(q.padding).toBe(2);
    expect(declaredParams(q.proto)).toBe(MIN_X64_PARAMS);
    expect(padPrototype('const char * __cdecl wine_get_version()', 'x64').proto).toBe(
      'const char * __cdecl wine_get_version(uint64 pad0, uint64 pad1, uint64 pad2, uint64 pad3, uint64 pad4, uint64 pad5)',
    );
  });

  it('leaves six or more parameters alone (NtQueryDirectoryObject has seven)', () => {
    const p = 'int32 __stdcall NtQueryDirectoryObject(void *h, void *buf, uint32 len, uint8 single, uint8 restart, void *ctx, void *retlen)';
    expect(padPrototype(p, 'x64')).toEqual({ proto: p, padding: 0 });
  });

  it('never pads on x86, where a __stdcall callee pops exactly its own arguments', () => {
    expect(padPrototype('int32 __stdcall NtClose(void *h)', 'ia32')).toEqual({ proto: 'int32 __stdcall NtClose(void *h)', padding: 0 });
  });
});

describe('bindFunction: callers call with the declared arguments (libc through koffi, for real)', () => {
  const libc = koffi.load(process.platform === 'win32' ? 'msvcrt.dll' : 'libc.so.6');

  it('a one-parameter function bound padded answers as declared', () => {
    const abs = bindFunction(libc, 'int abs(int x)');
    expect(abs(-42)).toBe(42);
  });

  it('a zero-parameter function too', () => {
    const getpid = bindFunction(libc, process.platform === 'win32' ? 'int _getpid()' : 'int getpid()');
    expect(getpid()).toBe(process.pid);
  });

  it("keeps koffi's .async, the callback still last", async () => {
    const labs = bindFunction(libc, 'long labs(long x)') as unknown as { async: (x: number, cb: (e: unknown, v: number) => void) => void };
    const v = await new Promise<number>((resolve, reject) => labs.async(-7, (e, r) => (e ? reject(e as Error) : resolve(r))));
    expect(v).toBe(7);
  });
});

describe('every native function is bound in ffi.ts', () => {
  it('no other module of the NT layer binds a prototype itself (it would miss the padding and hang under Wine 10)', () => {
    const src = join(dirname(fileURLToPath(import.meta.url)), '..', 'src');
    const offenders = readdirSync(src, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts') && f !== 'ffi.ts')
      .filter((f) => /\.func\(/.test(readFileSync(join(src, f), 'utf8')));
    expect(offenders).toEqual([]);
  });
});
