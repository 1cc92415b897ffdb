// A 32-bit Node on Windows (WOW64) is refused in one clear line: the kernel structures objscope
// parses (phnt ntexapi.h SYSTEM_HANDLE_TABLE_ENTRY_INFO_EX, 40 bytes on x64) have another
// layout there. process.arch cannot be changed in a test, so the rule is tested as the pure
// function the CLI (cli.ts main) and the NT layer (ffi.ts nt()) both call.
import { describe, expect, it } from 'vitest';
import { nodeArchProblem } from '../src/node-arch';

describe('nodeArchProblem', () => {
  it('refuses a 32-bit Node on Windows, naming WOW64 and the fix', () => {
    expect(nodeArchProblem('win32', 'ia32')).toBe(
      'objscope needs the 64-bit (x64) build of Node on Windows; this Node is ia32 (32-bit, running under WOW64, where the kernel structures objscope reads have another layout): install Node for Windows x64',
    );
  });

  it('refuses any other non-x64 Node on Windows (objscope is built and tested for x64 only)', () => {
    expect(nodeArchProblem('win32', 'arm64')).toMatch(/^objscope needs the 64-bit \(x64\) build of Node on Windows; this Node is arm64: /);
  });

  it('accepts x64 on Windows, and says nothing off Windows (the snapshot readers run anywhere)', () => {
    expect(nodeArchProblem('win32', 'x64')).toBeNull();
    expect(nodeArchProblem('linux', 'ia32')).toBeNull();
    expect(nodeArchProblem('linux', 'arm64')).toBeNull();
  });
});
